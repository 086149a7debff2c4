"""Numbers and dates as Norwegians write them: 1 633 kr, 12,1 %, 15. mai 2024.

Dates follow the interface language (15 May 2024 in English); numbers keep the Norwegian
form in both, as the figures come from Norwegian sources.
"""
from datetime import date, time
from decimal import Decimal

from django.utils import translation

MONTHS_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
             "september", "oktober", "november", "desember"]
WEEKDAYS_NB = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _english() -> bool:
    return (translation.get_language() or "nb").startswith("en")
THIN_NBSP = "\u00a0"


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
    text = THIN_NBSP.join(groups)
    return sign + text + ("," + frac if frac else "")


def percent(value, decimals: int = 1) -> str:
    return "" if value is None else f"{number(value, decimals)}{THIN_NBSP}%"


def kroner(ore) -> str:
    """Whole øre as kroner: 163300 -> '1 633,00 kr'."""
    return "" if ore is None else f"{number(Decimal(ore) / 100, 2)}{THIN_NBSP}kr"


def long_date(d: date | None) -> str:
    if d is None:
        return ""
    if _english():
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return f"{d.day}. {MONTHS_NB[d.month - 1]} {d.year}"


def weekday_date(d: date | None) -> str:
    if d is None:
        return ""
    weekday = WEEKDAYS_EN[d.weekday()] if _english() else WEEKDAYS_NB[d.weekday()].capitalize()
    return f"{weekday} {long_date(d)}"


def clock(t: time | None) -> str:
    return "" if t is None else t.strftime("%H:%M")
