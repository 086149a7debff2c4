from decimal import Decimal
from fractions import Fraction

from django import template

from radsmodell.core import formatting

from ..engine import SEGMENT_LABELS

register = template.Library()


@register.filter("andel")
def share(text) -> str:
    """An exact share ("1/3", "0.495") as a percentage: '33,3 %'."""
    value = Fraction(str(text))
    return formatting.percent(Decimal(value.numerator) * 100 / Decimal(value.denominator), 1)


@register.filter("segmentnavn")
def segment_name(key: str) -> str:
    return SEGMENT_LABELS.get(key, key)


@register.filter("per_maaned")
def per_month(ore) -> str:
    return formatting.kroner(Decimal(ore) / 12)
