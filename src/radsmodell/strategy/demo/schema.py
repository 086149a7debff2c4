"""The shape of the strategy's demo files: strategy.yaml, roadmap.yaml and indicators.yaml.

What a file can say is declared here and checked by core.demo.read before anything is written;
the model's own rules (lengths, uniqueness) are checked as each object is saved, and what needs
the other files or the database (goal numbers, sub-goal codes, initiative slugs) by the loader.
"""
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool, model_validator

from radsmodell.core.demo import DemoSchema, IsoDate, RequiredText, Slug, Text, Whole

from .. import engine
from ..models import Activity, Indicator, RoadmapChange, SubGoal


def _period(text: str) -> str:
    if text:
        engine.parse_period(text)  # PeriodError is a ValueError: its message says what is wrong
    return text


# The models' stored values.
SubGoalStatus = Literal[tuple(SubGoal.Status.values)]
Horizon = Literal[tuple(Activity.Horizon.values)]
ChangeKind = Literal[tuple(RoadmapChange.Kind.values)]
IndicatorKind = Literal[tuple(Indicator.Kind.values)]
Readiness = Literal[tuple(Indicator.Readiness.values)]
Frequency = Literal[tuple(Indicator.Frequency.values)]

Year = Annotated[Whole, Field(ge=2000, le=2100)]
GoalNumber = Annotated[Whole, Field(ge=1, le=9)]
Period = Annotated[Text, AfterValidator(_period)]
RequiredPeriod = Annotated[RequiredText, AfterValidator(_period)]


# --- strategy.yaml ------------------------------------------------------------------------------

class StrategyEntry(DemoSchema):
    name: RequiredText
    vision: RequiredText
    period_start: Year
    target_year: Year
    source: RequiredText


class OverarchingGoalEntry(DemoSchema):
    number: GoalNumber
    name: RequiredText
    source: RequiredText


class SubGoalEntry(DemoSchema):
    code: RequiredText
    year: Year
    status: SubGoalStatus
    text: RequiredText
    source: RequiredText
    assumption: Text = ""  # why the status (or the goal it stands under) is inferred, in Norwegian


class GoalEntry(DemoSchema):
    number: GoalNumber
    slug: Slug
    name: RequiredText
    description: Text = ""
    source: RequiredText
    subgoals: list[SubGoalEntry] = []


class StrategyFile(DemoSchema):
    strategy: StrategyEntry
    overarching_goals: list[OverarchingGoalEntry]
    goals: list[GoalEntry]
    unplaced_subgoals: list[SubGoalEntry] = []  # proposed sub-goals the seed places under no goal


# --- roadmap.yaml -------------------------------------------------------------------------------

class ActivityEntry(DemoSchema):
    key: Slug
    name: RequiredText
    goal: GoalNumber | None = None  # a strategic goal
    subgoal: Text = ""  # a sub-goal code; the latest year with that code
    owner: Text = ""
    horizon: Horizon | None = None
    status: Text = ""
    initiatives: list[Slug] = []  # portfolio initiatives
    source: RequiredText
    assumption: Text = ""  # why the goal, sub-goal, status or place in the version is inferred


class ChangeEntry(DemoSchema):
    kind: ChangeKind
    activity: Text = ""  # the key of an activity of the same version
    goal: GoalNumber | None = None
    text: RequiredText
    source: RequiredText
    assumption: Text = ""  # why the kind of change is inferred


class VersionEntry(DemoSchema):
    key: Slug
    name: RequiredText
    published: IsoDate = None
    note: Text = ""
    source: RequiredText
    changes: list[ChangeEntry] = []
    activities: list[ActivityEntry] = []


class RoadmapFile(DemoSchema):
    versions: list[VersionEntry]


# --- indicators.yaml ----------------------------------------------------------------------------

class IndicatorSet(DemoSchema):
    version: RequiredText
    name: RequiredText
    source: RequiredText


class AreaEntry(DemoSchema):
    slug: Slug
    name: RequiredText


class Baseline(DemoSchema):
    period: Period = ""
    value: Decimal | None = None
    assumption: Text = ""  # why the baseline is inferred


class InterimAmbitionEntry(DemoSchema):
    year: Year
    value: Decimal
    area: Slug | None = None  # left out when the seed does not say which area
    source: Text = ""  # the indicator's source when left out


class ObservationEntry(DemoSchema):
    period: RequiredPeriod
    value: Decimal | None = None
    numerator: Annotated[Whole, Field(ge=0)] | None = None
    denominator: Annotated[Whole, Field(ge=1)] | None = None  # the series' denominator when left out
    change_from_previous: Decimal | None = None
    note: Text = ""
    assumption: Text = ""  # the series' assumption when left out

    @model_validator(mode="after")
    def _has_a_value(self):
        if self.value is None and self.numerator is None:
            raise ValueError("needs a value or a numerator")
        return self


class SeriesEntry(DemoSchema):
    area: Slug
    measure: Text = ""
    denominator: Annotated[Whole, Field(ge=1)] | None = None
    assumption: Text = ""  # why the values, periods or area of the series are inferred
    observations: list[ObservationEntry] = []


class AssessmentEntry(DemoSchema):
    period: RequiredPeriod
    text: RequiredText
    next_assessment: Period = ""


class IndicatorEntry(DemoSchema):
    slug: Slug
    code: Text = ""
    name: RequiredText
    goals: list[GoalNumber] = []  # strategic goals
    overarching_goals: list[GoalNumber] = []
    assumption: Text = ""  # why the placement under the goals is inferred
    kind: IndicatorKind | None = None
    readiness: Readiness | None = None
    readiness_assumption: Text = ""
    ready_from: Year | None = None
    definition: Text = ""
    source_of_data: Text = ""
    frequency: Frequency | None = None
    quarterly_as_mean_of_months: StrictBool = False
    unit: Text = ""  # "prosent" when left out
    higher_is_better: StrictBool = True
    baseline: Baseline | None = None
    ambition_2030: Decimal | None = None
    interim_ambitions: list[InterimAmbitionEntry] = []
    break_notes: Text = ""
    notes: Text = ""
    primary_area: Slug | None = None  # the first series' area when left out
    series: list[SeriesEntry] = []
    assessments: list[AssessmentEntry] = []
    activities: list[Slug] = []  # keys of activities in the latest roadmap version
    source: RequiredText

    @model_validator(mode="after")
    def _has_a_goal(self):
        if not self.goals and not self.overarching_goals:
            raise ValueError("an indicator needs at least one goal or overarching goal")
        return self


class IndicatorsFile(DemoSchema):
    indicator_set: IndicatorSet
    areas: list[AreaEntry]
    indicators: list[IndicatorEntry]
