"""Template filters for the indicator pages: values in their unit, gaps, periods, changes and statuses.

{% load strategy_format %} then {{ value|value_in_unit:indicator.unit }}, {{ gap|gap:indicator.unit }},
{{ "2025-Q3"|period_label }}, {{ latest|change:previous }}, {{ status|status_label }},
{{ status|status_colour }}, {{ difference.what|difference_label }}.
"""
from decimal import Decimal

from django import template
from django.utils.translation import gettext

from radsmodell.core import formatting

from .. import engine
from ..texts import DIFFERENCE_NAMES, STATUS_NAMES

register = template.Library()

PERCENT = "prosent"  # the unit of a share (Indicator.unit)
STATUS_COLOURS = {engine.Status.ON_TRACK: "success", engine.Status.BEHIND: "danger",
                  engine.Status.UNCLEAR_AMBITION: "warning"}


@register.filter
def value_in_unit(value, unit: str = PERCENT) -> str:
    """12.1 -> '12,1 %' for percentages, '1 633 antall' otherwise; '–' when missing."""
    if value is None:
        return "–"
    if unit == PERCENT:
        return formatting.percent(value, 1)
    return f"{formatting.number(value, 1)} {unit}".strip()


@register.filter
def gap(value, unit: str = PERCENT) -> str:
    """A difference between two values: percentage points for percentages."""
    if value is None:
        return "–"
    if unit == PERCENT:
        return f"{formatting.number(value, 1)} " + gettext("prosentpoeng")
    return f"{formatting.number(value, 1)} {unit}".strip()


@register.filter
def period_label(text: str) -> str:
    """'2025-Q3' -> '3. kvartal 2025'; text that is not a period is shown as it is."""
    try:
        return engine.parse_period(text).label
    except engine.PeriodError:
        return text or "–"


@register.filter
def change(latest, previous) -> str:
    """'↑ +0,2 (opp)': the change from the previous value, with its direction in words for screen readers."""
    if latest is None or previous is None:
        return "–"
    delta = Decimal(latest) - Decimal(previous)
    if delta > 0:
        return f"↑ +{formatting.number(delta, 1)} " + gettext("(opp)")
    if delta < 0:
        return f"↓ {formatting.number(delta, 1)} " + gettext("(ned)")
    return "→ 0 " + gettext("(uendret)")


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_NAMES[engine.Status(status)]) if status else "–"


@register.filter
def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "neutral")


@register.filter
def difference_label(what: str) -> str:
    return str(DIFFERENCE_NAMES.get(what, what))
