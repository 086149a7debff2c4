"""Strategy realisation's document: the indicator cards of a period (HTML and PDF)."""
from django.urls import reverse

from radsmodell.documents.registry import BadSubject, Console, Document, SubjectNotFound, register

from . import engine
from .cards import indicator_cards_context


def _period(text: str | None) -> str | None:
    """A period as the cards take it ("2025-Q1"), or None for every indicator's latest assessment."""
    text = (text or "").strip()
    if text:
        engine.parse_period(text)  # PeriodError (a ValueError) says what is wrong
    return text or None


def _period_of_request(request) -> str | None:
    try:
        return _period(request.GET.get("periode"))
    except engine.PeriodError as error:
        raise BadSubject(str(error)) from None


def find_period(key: str) -> str | None:
    if key == "siste":
        return None
    try:
        return _period(key)
    except engine.PeriodError as error:
        raise SubjectNotFound(str(error)) from None


register(Document(
    "indicator_cards", "strategy/documents/indicator_cards.html", indicator_cards_context,
    "strategi/indikatorkort", _period_of_request, formats=("html", "pdf"), download=False,
    back=lambda period: (reverse("strategy:dashboard"), "Tilbake til målene"),
    console=Console("--period", "vurderingsperioden, for eksempel 2025-Q1, eller «siste»", find_period),
))
