"""The PDF summary of an allocation: segment totals, category totals and the notes of the run."""
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import translation

from radsmodell.core.formatting import kroner, long_date

from .engine import SEGMENT_LABELS
from .models import Allocation
from .templatetags.kostnader import share as share_as_percent


@translation.override("nb")
def allocation_summary_context(allocation: Allocation, user=None) -> dict:
    categories = (allocation.lines.filter(charged=True).values("segment", "category")
                  .annotate(n=Count("id"), total=Sum("yearly_ore")).order_by("segment", "category"))
    total = allocation.lines.aggregate(total=Sum("yearly_ore"))["total"] or 0
    return {
        "document": "allocation_summary",
        "file_stem": f"fordeling-{allocation.pk}-{allocation.model_slug}-{allocation.year}",
        "doc_title": f"Kostnadsfordeling – {allocation}",
        "heading": f"Kostnadsfordeling: {allocation.model_name}, {allocation.year}",
        "header": [{"label": label, "value": value} for label, value in (
            ("Prismodell", f"{allocation.model_name} ({allocation.model_slug})"), ("År", str(allocation.year)),
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
