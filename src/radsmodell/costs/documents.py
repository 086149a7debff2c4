"""Cost distribution's documents: the summary of an allocation (segment totals, category totals
and the notes of the run) and its invoice basis per paying organisation (invoicing.py), as the
documents app renders them (HTML, PDF and DOCX). Sources are
public references (core.provenance.cite), never transcription notes."""
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation

from radsmodell.core.formatting import kroner, long_date
from radsmodell.core.provenance import cite
from radsmodell.documents.registry import Console, Document, SubjectNotFound, register

from .builtin import BUILTIN_MODELS
from .engine import SEGMENT_LABELS
from .invoicing import (
    OrganisationInvoice,
    find_organisation_invoice,
    invoice_basis_context,
    invoiced_line,
    organisation_invoice_context,
)
from .models import Allocation
from .templatetags.costs_format import share as share_as_percent


@translation.override("nb")
def allocation_summary_context(allocation: Allocation, user=None) -> dict:
    categories = (allocation.lines.filter(charged=True).values("segment", "category")
                  .annotate(n=Count("id"), total=Sum("yearly_ore")).order_by("segment", "category"))
    total = allocation.lines.aggregate(total=Sum("yearly_ore"))["total"] or 0
    model = BUILTIN_MODELS.get(allocation.model_slug)
    return {
        "document": "allocation_summary",
        "file_stem": f"fordeling-{allocation.pk}-{allocation.model_slug}-{allocation.year}",
        "doc_title": f"Kostnadsfordeling – {allocation}",
        "running_header": f"Kostnadsfordeling – {allocation.model_name}, {allocation.year}",
        "doc_author": "Norsk helsenett SF",
        "heading": f"Kostnadsfordeling: {allocation.model_name}, {allocation.year}",
        "header": [{"label": label, "value": value} for label, value in (
            ("Prismodell", f"{allocation.model_name} ({allocation.model_slug})"), ("År", str(allocation.year)),
            ("Prismodellens kilde", cite(model.source) if model else ""),
            ("Trinn", allocation.step), ("Kostnadsgrunnlag", kroner(allocation.cost_ore)),
            ("Sum fakturalinjer", kroner(total)), ("Kjørt", long_date(allocation.created_at.date())),
            ("Betegnelse", allocation.label)) if value],
        "segments": [{"label": s["label"], "share": share_as_percent(s["share"]), "organisations": s["organisations"],
                      "amount": kroner(s["amount_ore"]), "monthly": kroner(Decimal(s["amount_ore"]) / 12)}
                     for s in allocation.segments],
        "categories": [{"segment": SEGMENT_LABELS.get(c["segment"], c["segment"]), "category": c["category"] or "–",
                        "n": c["n"], "total": kroner(c["total"]), "each": kroner(Decimal(c["total"]) / c["n"])}
                       for c in categories],
        "notes": allocation.notes,
        "balanced": total == allocation.cost_ore,
    }


def _allocation_of_request(request, pk: int) -> Allocation:
    return get_object_or_404(Allocation, pk=pk)  # allocations are public, as the split is a public decision


def find_allocation(key: str) -> Allocation:
    found = Allocation.objects.filter(pk=int(key)).first() if key.isdigit() else None
    if found is None:
        raise SubjectNotFound(f"ingen fordeling med nummer «{key}».")
    return found


register(Document(
    "allocation_summary", "costs/documents/allocation_summary.html", allocation_summary_context,
    "kostnader/fordelinger/<int:pk>/sammendrag", _allocation_of_request, download=False,
    back=lambda allocation: (allocation.get_absolute_url(), "Til fordelingen"),
    console=Console("--allocation", "fordelingens nummer, for eksempel 3", find_allocation),
))


def _organisation_of_request(request, pk: int, orgnr: str) -> OrganisationInvoice:
    allocation = _allocation_of_request(request, pk)
    line = invoiced_line(allocation, orgnr)
    if line is None:  # not in the allocation, or not charged: no invoice
        raise Http404("Virksomheten faktureres ikke i denne fordelingen")
    return OrganisationInvoice(allocation, line)


# The invoice basis: every paying organisation (each on its own page), or one of them.
register(Document(
    "invoice_basis", "costs/documents/invoice_basis.html", invoice_basis_context,
    "kostnader/fordelinger/<int:pk>/fakturagrunnlag", _allocation_of_request,
    back=lambda allocation: (allocation.get_absolute_url(), "Til fordelingen"),
    console=Console("--allocation", "fordelingens nummer, for eksempel 3", find_allocation),
))
register(Document(
    "invoice_basis_organisation", "costs/documents/invoice_basis.html", organisation_invoice_context,
    "kostnader/fordelinger/<int:pk>/fakturagrunnlag/<str:orgnr>", _organisation_of_request,
    back=lambda subject: (subject.allocation.get_absolute_url(), "Til fordelingen"),
    console=Console("--allocation", "fordelingens nummer og organisasjonsnummeret, for eksempel 3/974705788",
                    find_organisation_invoice),
))
