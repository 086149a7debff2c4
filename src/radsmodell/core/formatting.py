"""Numbers and dates as Norwegians write them: 1 633 kr, 12,1 %, 15. mai 2024."""
from datetime import date, time
from decimal import Decimal

MONTHS_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
             "september", "oktober", "november", "desember"]
WEEKDAYS_NB = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
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


def long_date(d: date | None) -> str:
    return "" if d is None else f"{d.day}. {MONTHS_NB[d.month - 1]} {d.year}"


def weekday_date(d: date | None) -> str:
    return "" if d is None else f"{WEEKDAYS_NB[d.weekday()].capitalize()} {long_date(d)}"


def clock(t: time | None) -> str:
    return "" if t is None else t.strftime("%H:%M")
