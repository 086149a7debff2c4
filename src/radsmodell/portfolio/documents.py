"""The portfolio's document: the portfolio report of a status round (HTML, PDF and DOCX)."""
from django.shortcuts import get_object_or_404

from radsmodell.documents.registry import Console, Document, SubjectNotFound, register

from .models import Round
from .report import portfolio_report_context


def _round_of_request(request, slug: str) -> Round:
    return get_object_or_404(Round, slug=slug)  # the report holds public data only


def find_round(key: str) -> Round:
    found = Round.objects.filter(slug=key).first()
    if found is None:
        known = ", ".join(Round.objects.order_by("slug").values_list("slug", flat=True))
        raise SubjectNotFound(f"ukjent runde «{key}» (kjente: {known or 'ingen'}).")
    return found


register(Document(
    "portfolio_report", "portfolio/documents/report.html", portfolio_report_context,
    "portefolje/runder/<slug:slug>/rapport", _round_of_request,
    back=lambda round_: (round_.get_absolute_url(), "Til runden"),
    console=Console("--round", "statusrunden, for eksempel 2024-04", find_round),
))
