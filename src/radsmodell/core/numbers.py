"""Numbers as Norwegians write them: 1 633 kr, 12,1 %.

Plain Python, no Django, so the engines and their charts can use it; numbers keep the
Norwegian form in both interface languages, as the figures come from Norwegian sources.
"""
from decimal import Decimal

NBSP = "\u00a0"  # between groups of digits and before a unit, so a number never breaks across lines


def number(value, decimals: int = 0) -> str:
    """1633 -> '1 633'; 12.05 with 1 decimal -> '12,1' (half away from zero, like Excel)."""
    if value is None:
        return ""
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_UP")
    sign = "−" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = NBSP.join(groups)
    return sign + text + ("," + frac if frac else "")


def percent(value, decimals: int = 1) -> str:
    return "" if value is None else f"{number(value, decimals)}{NBSP}%"


def kroner(ore) -> str:
    """Whole øre as kroner: 163300 -> '1 633,00 kr'."""
    return "" if ore is None else f"{number(Decimal(ore) / 100, 2)}{NBSP}kr"
