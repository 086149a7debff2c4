"""Money as whole øre (int), parameters as Decimal or Fraction: never float.

Plain Python, no Django.
"""
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

ORE_PER_NOK = 100

_AMOUNT = re.compile(r"^-?\d+(?:[.,]\d{1,2})?$", re.ASCII)


class AmountError(ValueError):
    """A text that is not an amount in kroner with at most two decimals."""


def nok_to_ore(value) -> int:
    """Kroner as whole øre: 120000000 → 12000000000, "1 633,50" → 163350.

    Ints, Decimals and texts are accepted; floats are refused because they are not exact.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise AmountError(f"«{value}»: give the amount as text or a whole number, not a float")
    if isinstance(value, int):
        return value * ORE_PER_NOK
    if isinstance(value, Decimal):
        ore = value * ORE_PER_NOK
        if ore != ore.to_integral_value():
            raise AmountError(f"«{value}» has more than two decimals")
        return int(ore)
    text = "".join(str(value).split()).replace("\u2212", "-")
    if not _AMOUNT.match(text):
        raise AmountError(f"«{value}» is not an amount in kroner (digits, at most two decimals)")
    return int(Decimal(text.replace(",", ".")) * ORE_PER_NOK)


def ore_to_nok(ore: int) -> Decimal:
    """Whole øre as kroner with two decimals (exact)."""
    return (Decimal(int(ore)) / ORE_PER_NOK).quantize(Decimal("0.01"))


def format_nok(ore: int) -> str:
    """Two decimals, point, no grouping: a machine-readable amount ("1633.00")."""
    return str(ore_to_nok(ore))


def round_half_up(value: Fraction | Decimal | int) -> int:
    """The nearest integer, halves away from zero (as accountants round)."""
    value = Fraction(value)
    sign = -1 if value < 0 else 1
    magnitude = abs(value)
    return sign * int((magnitude * 2 + 1) // 2)


def to_fraction(value) -> Fraction:
    """An exact share or weight from int, Decimal, Fraction or text ("1/3", "0.495", "49.5 %")."""
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError(f"«{value}» must be written exactly (as text such as \"1/3\" or \"0.495\"), not as a float")
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"«{value}» is not a number")
        return Fraction(value)
    text = "".join(str(value).split()).replace(",", ".")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    try:
        if "/" in text:
            numerator, denominator = text.split("/", 1)
            number = Fraction(Decimal(numerator)) / Fraction(Decimal(denominator))
        else:
            number = Fraction(Decimal(text))
    except (InvalidOperation, ValueError, ZeroDivisionError):
        raise ValueError(f"«{value}» is not a number") from None
    return number / 100 if percent else number
