from decimal import Decimal

from django import template
from django.utils.translation import gettext

from radsmodell.core import formatting

from .. import engine
from ..texts import DIFFERENCE_NAMES, STATUS_NAMES

register = template.Library()


@register.filter("verdi")
def value_in_unit(value, unit: str = "prosent") -> str:
    """12.1 -> '12,1 %' for percentages, '1 633' otherwise; '–' when missing."""
    if value is None:
        return "–"
    if unit == "prosent":
        return formatting.percent(value, 1)
    return f"{formatting.number(value, 1)} {unit}".strip()


@register.filter("avstand")
def gap_in_unit(value, unit: str = "prosent") -> str:
    """A difference between two values: percentage points for percentages."""
    if value is None:
        return "–"
    if unit == "prosent":
        return f"{formatting.number(value, 1)} " + gettext("prosentpoeng")
    return f"{formatting.number(value, 1)} {unit}".strip()


@register.filter("periode")
def period_label(text: str) -> str:
    try:
        return engine.parse_period(text).label
    except engine.PeriodError:
        return text or "–"


@register.filter("endring")
def change(latest, previous) -> str:
    """'↑ 0,2' — the change from the previous value, with its direction in words for screen readers."""
    if latest is None or previous is None:
        return "–"
    delta = Decimal(latest) - Decimal(previous)
    if delta > 0:
        return f"↑ +{formatting.number(delta, 1)} " + gettext("(opp)")
    if delta < 0:
        return f"↓ {formatting.number(delta, 1)} " + gettext("(ned)")
    return "→ 0 " + gettext("(uendret)")


@register.filter("statusnavn")
def status_label(status: str) -> str:
    return str(STATUS_NAMES[engine.Status(status)]) if status else "–"


@register.filter("statusfarge")
def status_colour(status: str) -> str:
    return {"på_rett_vei": "success", "bak": "danger", "uten_ambisjon": "neutral", "ikke_målbar": "neutral"}.get(
        status, "neutral")


@register.filter("endringstype")
def difference_label(what: str) -> str:
    return str(DIFFERENCE_NAMES.get(what, what))
