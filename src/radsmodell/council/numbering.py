"""Case numbers N/YY: sequential per body and calendar year, across that year's meetings.

Plain Python, no Django: the rules are tested on their own. The messages are marked for
translation here and translated by the caller (see CaseNumberError).
"""
import re

from radsmodell.core.marks import gettext_noop

CASE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*/\s*(\d{2}|\d{4})\s*$")



NOT_A_CASE_NUMBER = gettext_noop("«%(text)s» er ikke et saksnummer på formen N/ÅÅ, for eksempel 17/24.")
NUMBER_BELOW_ONE = gettext_noop("Saksnummeret må være 1 eller høyere.")


class CaseNumberError(ValueError):
    """Why a text is not a case number: `message` % `params`, translated by whoever shows it
    (`gettext(error.message) % error.params`); str() gives the Norwegian text."""

    def __init__(self, message: str, **params):
        self.message, self.params = message, params
        super().__init__(message % params)


def format_case_number(number: int, year: int) -> str:
    """17, 2024 -> '17/24'."""
    return f"{number}/{year % 100:02d}"


def parse_case_number(text: str, century: int = 2000) -> tuple[int, int]:
    """'17/24' or '17/2024' -> (17, 2024). Raises CaseNumberError with the reason."""
    match = CASE_NUMBER.match(text or "")
    if not match:
        raise CaseNumberError(NOT_A_CASE_NUMBER, text=text)
    number, year = int(match.group(1)), match.group(2)
    if number < 1:
        raise CaseNumberError(NUMBER_BELOW_ONE)
    return number, int(year) if len(year) == 4 else century + int(year)


def agenda_numbers(used_before: list[int], case_count: int) -> list[int]:
    """Numbers for a meeting's cases in agenda order, continuing the year's series.

    `used_before` holds the numbers the body's earlier meetings that year have taken.
    """
    first = max(used_before, default=0) + 1
    return list(range(first, first + case_count))


def collisions(proposed: list[int], taken_elsewhere: set[int]) -> list[int]:
    """Numbers among `proposed` that another meeting of the same body and year already holds."""
    return sorted(set(proposed) & taken_elsewhere)
