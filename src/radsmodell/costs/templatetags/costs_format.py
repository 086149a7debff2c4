"""Template filters of the cost pages: {{ share|share }} ("1/3" → "33,3 %"),
{{ key|segment_name }} ("ovrige" → "Øvrige aktører") and {{ ore|per_month }}."""
from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.translation import gettext

from radsmodell.core import formatting

from ..engine import SEGMENT_LABELS

register = template.Library()


@register.filter
def share(text) -> str:
    """An exact share ("1/3", "0.495") as a percentage: '33,3 %'."""
    value = Fraction(str(text))
    return formatting.percent(Decimal(value.numerator) * 100 / Decimal(value.denominator), 1)


@register.filter
def segment_name(key: str) -> str:
    """The segment's name in the reader's language (the engine's names are marked for translation)."""
    return gettext(SEGMENT_LABELS[key]) if key in SEGMENT_LABELS else key


@register.filter
def per_month(ore) -> str:
    """A yearly amount in øre as the average month in kroner."""
    return formatting.kroner(Decimal(ore) / 12)
