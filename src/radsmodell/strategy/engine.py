"""Rules for strategic indicators: periods, shares, quarterly means and the on-track judgement.

Plain Python, no Django. Values are Decimal so that what is stored is what is shown. The
messages are Norwegian and marked for translation; pages translate them (texts.period_error).
"""
import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from radsmodell.core.marks import gettext_noop

PERIOD = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?$")
MONTHS_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
             "november", "desember"]



class PeriodError(ValueError):
    """`message` has named placeholders filled from `params`; str() gives the Norwegian text."""

    def __init__(self, message: str, **params):
        self.message, self.params = message, params
        super().__init__(message % params)


@dataclass(frozen=True, order=True)
class Period:
    """A year ("2024"), quarter ("2024-Q3") or month ("2024-07")."""
    start: date
    end: date
    text: str
    kind: str  # "year", "quarter" or "month"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return self.text
        if self.kind == "quarter":
            return f"{self.text[-1]}. kvartal {self.start.year}"
        return f"{MONTHS_NB[self.start.month - 1]} {self.start.year}"


def parse_period(text: str) -> Period:
    match = PERIOD.match((text or "").strip())
    if not match:
        raise PeriodError(gettext_noop("«%(text)s» er ikke en periode: skriv år (2024), kvartal (2024-Q3) eller "
                                       "måned (2024-07)"), text=text)
    year, quarter, month = int(match[1]), match[2], match[3]
    if not 1900 <= year <= 2100:
        raise PeriodError(gettext_noop("året %(year)s er utenfor 1900–2100"), year=year)
    if quarter:
        first = 3 * int(quarter) - 2
        return Period(date(year, first, 1), _month_end(year, first + 2), match[0], "quarter")
    if month:
        return Period(date(year, int(month), 1), _month_end(year, int(month)), match[0], "month")
    return Period(date(year, 1, 1), date(year, 12, 31), match[0], "year")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def share(value: Decimal | None, numerator: int | None, denominator: int | None) -> Decimal | None:
    """The stated value, or numerator/denominator in percent (None when it cannot be computed)."""
    if value is not None:
        return Decimal(value)
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


@dataclass(frozen=True)
class QuarterMean:
    period: Period
    value: Decimal
    months: int  # how many of the quarter's three months the mean rests on

    @property
    def complete(self) -> bool:
        return self.months == 3


def quarterly_means(monthly: list[tuple[str, Decimal]]) -> list[QuarterMean]:
    """Quarter values as the mean of the months that have a value, oldest first."""
    groups: dict[str, list[Decimal]] = {}
    for text, value in monthly:
        period = parse_period(text)
        if period.kind != "month" or value is None:
            continue
        quarter = f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
        groups.setdefault(quarter, []).append(Decimal(value))
    return [QuarterMean(parse_period(q), sum(values) / len(values), len(values))
            for q, values in sorted(groups.items())]


class Status(StrEnum):
    ON_TRACK = "på_rett_vei"
    BEHIND = "bak"
    UNCLEAR_AMBITION = "uklar_ambisjon"  # an ambition exists, but not which series it is for
    NO_AMBITION = "uten_ambisjon"
    NOT_MEASURABLE = "ikke_målbar"


@dataclass(frozen=True)
class Judgement:
    status: Status
    latest: tuple[Period, Decimal] | None = None
    previous: Decimal | None = None
    expected: Decimal | None = None  # where the straight path is at the latest period
    target: tuple[int, Decimal] | None = None  # (year, value) judged against


def judge(series: list[tuple[str, Decimal]], ambitions: dict[int, Decimal], higher_is_better: bool = True,
          baseline: tuple[str, Decimal] | None = None, unclear: frozenset[int] | set[int] = frozenset()) -> Judgement:
    """Judge a series (period text, value) against the ambitions (year → value).

    The path runs from the baseline (or the first value) at the end of its period to the
    ambition at the end of its year; the latest value is compared with the path at the end
    of the latest period. `unclear` holds the years of ambitions that cannot be tied to this
    series (the source does not say which area they are for): when the ambition the series
    would be judged against is one of them, the series cannot be judged (UNCLEAR_AMBITION).
    """
    points = sorted((parse_period(text), Decimal(value)) for text, value in series if value is not None)
    if not points:
        return Judgement(Status.NOT_MEASURABLE)
    latest = points[-1]
    previous = points[-2][1] if len(points) > 1 else None
    unclear = set(unclear) - set(ambitions)  # a clear ambition for the same year is the one judged against
    if not ambitions and not unclear:
        return Judgement(Status.NO_AMBITION, latest, previous)
    years = set(ambitions) | unclear
    upcoming = [year for year in years if year >= latest[0].end.year]
    target_year = min(upcoming) if upcoming else max(years)
    if target_year in unclear:
        return Judgement(Status.UNCLEAR_AMBITION, latest, previous)
    target = (target_year, Decimal(ambitions[target_year]))
    start = (parse_period(baseline[0]), Decimal(baseline[1])) if baseline and baseline[1] is not None else points[0]
    expected = _on_path(start[0].end, start[1], date(target_year, 12, 31), target[1], latest[0].end)
    better_or_equal = latest[1] >= expected if higher_is_better else latest[1] <= expected
    return Judgement(Status.ON_TRACK if better_or_equal else Status.BEHIND, latest, previous, expected, target)


def _on_path(start: date, start_value: Decimal, end: date, end_value: Decimal, when: date) -> Decimal:
    if when >= end or end <= start:
        return end_value
    if when <= start:
        return start_value
    fraction = Decimal((when - start).days) / Decimal((end - start).days)
    return start_value + (end_value - start_value) * fraction
