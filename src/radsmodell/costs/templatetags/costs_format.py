"""Template filters of the cost pages: {{ share|share }} ("1/3" → "33,3 %"),
{{ key|segment_name }} ("ovrige" → "Øvrige aktører"), {{ ore|per_month }}, {{ note|cited }}
(a note quoting the seeds, with each "(seed NNN, …)" turned into its public reference),
{{ kind|key_name }} and {{ value|parameter_value }} (a price model's parameter as a reader reads it)."""
import re
from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.translation import gettext

from radsmodell.core import formatting
from radsmodell.core.provenance import cite

from ..engine import KEY_KINDS, SEGMENT_LABELS

INLINE_NOTE = re.compile(r"\((seed \d{3}\b[^()]*)\)", re.IGNORECASE)

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


@register.filter
def cited(note: str) -> str:
    """A note that quotes the seeds, each "(seed 000, sak 18/24, toppnotat)" as its public reference."""
    return INLINE_NOTE.sub(lambda match: f"({cite(match.group(1))})", note or "")


@register.filter
def key_name(kind: str) -> str:
    """How a segment's part is divided, in words ("population" → "etter innbyggertall")."""
    return gettext(KEY_KINDS[kind]) if kind in KEY_KINDS else kind


@register.filter
def parameter_value(value) -> str:
    """A parameter's value as text: a list as "a, b", a key in words, yes/no, an empty table as «ingen»."""
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nei")
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        if not value:
            return gettext("ingen (like andeler)")
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, str) and value in KEY_KINDS:
        return key_name(value)
    return str(value)
