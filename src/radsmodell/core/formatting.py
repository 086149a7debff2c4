"""Numbers and dates as Norwegians write them: 1 633 kr, 12,1 %, 15. mai 2024.

Dates follow the interface language (15 May 2024 in English); numbers keep the Norwegian
form in both (they live in `numbers`, which the engines use too).
"""
from datetime import date, time

from django.utils import translation

from .numbers import kroner, number, percent

__all__ = ["MONTHS_NB", "clock", "kroner", "long_date", "number", "percent", "weekday_date"]

MONTHS_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
             "september", "oktober", "november", "desember"]
WEEKDAYS_NB = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _english() -> bool:
    return (translation.get_language() or "nb").startswith("en")


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
