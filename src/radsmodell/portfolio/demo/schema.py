"""The shape of the portfolio's demo files (README.md beside this module describes their content).

Each file is read against its schema before anything is written (core/demo.py): unknown keys,
wrong types and missing fields stop the load with the file and the path of the field. What a
schema cannot state (a slug that must name an entry, a duplicate, a cycle) the loader checks.
Choices take the models' stored values, so the files, the database and the API agree.
"""
from typing import Annotated, Literal

from pydantic import Field

from radsmodell.core.demo import DemoSchema, IsoDate, RequiredText, Slug, Text, Whole

from .. import models

OwnerType = Literal[tuple(models.Initiative.OwnerType.values)]
Segment = Literal[tuple(models.Initiative.Segment.values)]
Lifecycle = Literal[tuple(models.Initiative.Lifecycle.values)]
Phase = Literal[tuple(models.Initiative.Phase.values)]
Rag = Literal[tuple(models.StatusReport.Rag.values)]

Goal = Annotated[Whole, Field(ge=1, le=5)]  # the strategy's five goals; the first listed is the main goal
Count = Annotated[Whole, Field(ge=0)]
Year = Annotated[Whole, Field(ge=1900, le=2100)]
# The figures a round's report states: projects/programmes in the portfolio, lifecycle counts, red status.
StatedKey = Literal["total", "active", "new", "completed", "paused", "red"]


class Mention(DemoSchema):
    """What a seed says, and where."""
    source: RequiredText
    text: RequiredText


class NationalSolution(DemoSchema):
    slug: Slug
    name: RequiredText
    short_name: Text = ""
    description: Text = ""
    included_in: Slug | None = None  # the solution the seeds bundle it with
    source: RequiredText
    mentions: list[Mention] = []  # checked, not stored: the model has no place for them


class NationalSolutionsFile(DemoSchema):
    solutions: list[NationalSolution]


class EpjVendor(DemoSchema):
    slug: Slug
    name: RequiredText
    systems: Text = ""
    source: RequiredText


class EpjVendorsFile(DemoSchema):
    vendors: list[EpjVendor]


class Round(DemoSchema):
    slug: Slug
    name: RequiredText
    cut_off: IsoDate = None
    stated: dict[StatedKey, Count] = {}  # kept in the file's order, which the round page shows
    themes: list[RequiredText] = []
    notes: list[Mention] = []
    source: RequiredText
    # Why the round's status (closed: the report is out) is inferred, in Norwegian; shown as "antatt".
    assumption: Text = ""


class RoundsFile(DemoSchema):
    rounds: list[Round]


class Status(DemoSchema):
    """The initiative's status in a round as the round's report gives it."""
    round: Slug
    overall: Rag | None = None  # left out when the seed gives no colour
    assumption: Text = ""  # why the colour is inferred rather than read (Norwegian); only with `overall`
    text: Text = ""
    source: Text = ""  # the round's source unless a narrower one is named


class Initiative(DemoSchema):
    slug: Slug
    name: RequiredText
    short_name: Text = ""
    description: Text = ""
    owner: Text = ""
    owner_type: OwnerType | None = None
    owner_assumption: Text = ""  # why the owner or owner type is inferred (Norwegian), shown as "antatt"
    segment: Segment | None = None
    lifecycle: Lifecycle | None = None
    phase: Phase | None = None
    phase_assumption: Text = ""  # why the phase is inferred rather than read (Norwegian), shown as "antatt"
    period: Text = ""
    part_of: Slug | None = None
    national_solutions: list[Slug] = []
    epj_vendors: list[Slug] = []
    depends_on: list[Slug] = []
    goals: list[Goal] = []
    status: list[Status] = []
    investment: Text = ""
    source: RequiredText
    mentions: list[Mention] = []


class InitiativesFile(DemoSchema):
    initiatives: list[Initiative]


class BenefitType(DemoSchema):
    slug: Slug
    name: RequiredText
    source: Text = ""  # checked, not stored


class Benefit(DemoSchema):
    initiative: Slug
    service: Text = ""
    type: Slug
    realised_by: Text = ""
    target: Text = ""
    unit: Text = ""
    year: Year | None = None
    text: Text = ""
    source: RequiredText


class BenefitsFile(DemoSchema):
    benefit_types: list[BenefitType]
    benefits: list[Benefit] = []
