"""The shape of the prioritisation's demo file (README.md describes it for editors).

`core.demo.read` checks the file against these models before anything is written. What a
schema cannot know (that a measure is in the session, that the case exists) the loader checks.
"""
import re
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from radsmodell.core.demo import DemoSchema, RequiredText, Text

from ..figures import Printed
from ..models import ScoringSession

CASE_KEY = re.compile(r"^[a-z0-9-]+/\d{4}/\d+$")
Score = Annotated[float, Field(ge=0, le=10)]


def _printed(text: str) -> str:
    if text:
        Printed.parse(text)  # a number or an Excel error, as the sheet shows it
    return text


def _case_key(text: str) -> str:
    if text and not CASE_KEY.match(text):
        raise ValueError(f"«{text}» is not a case key body/year/number, e.g. e-helseradet/2022/35")
    return text


PrintedText = Annotated[Text, AfterValidator(_printed)]


class Figure(DemoSchema):
    """What one sheet prints for one measure: the measure's name in the session, the column or
    row the sheet names it by, and its score and rank as printed (blank when the sheet shows none)."""
    measure: RequiredText
    printed_as: Text = ""
    score: PrintedText = ""
    rank: PrintedText = ""


class Sheet(DemoSchema):
    sheet: RequiredText
    source: RequiredText  # the transcription note: "seed 002, arbeidsbok, ark «…»"
    figures: list[Figure] = Field(min_length=1)


class Outside(DemoSchema):
    """A measure the workbook scores but the council did not rank, with its answers."""
    name: RequiredText
    reason: RequiredText
    scores: dict[str, Score | None]


class Session(DemoSchema):
    title: RequiredText
    model: RequiredText
    status: Annotated[Text, AfterValidator(lambda s: _choice(s, ScoringSession.Status.values))]
    case: Annotated[Text, AfterValidator(_case_key)] = ""
    assumption: Text = ""  # why the session is linked to the case when the source does not say
    source: RequiredText
    scores: RequiredText  # the CSV beside this file
    rater: RequiredText
    outside_ranking: list[Outside] = []
    printed: list[Sheet] = []
    initiatives: dict[str, str] = {}  # measure name → slug of the portfolio initiative it is

    @field_validator("assumption")
    @classmethod
    def _assumption_needs_a_case(cls, value, info):
        if value and not info.data.get("case"):
            raise ValueError("an assumption about the case needs a case")
        return value


def _choice(value: str, allowed) -> str:
    if value not in allowed:
        raise ValueError(f"«{value}» is not one of {', '.join(allowed)}")
    return value
