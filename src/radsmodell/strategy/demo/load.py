"""Load the strategy demo data (strategy.yaml, roadmap.yaml and indicators.yaml beside this
module; README.md says what each holds and where the seeds leave gaps).

Each file is read against its schema (schema.py) before anything is written; this module then
creates the objects, each checked against its model's rules (lengths, uniqueness) by
core.demo.save, and checks what neither can: that the goal numbers, sub-goal codes, areas,
activity keys and portfolio initiatives named in the files exist. A wrong entry stops the load
with the file and the path of the field, and the transaction leaves the database as it was.
"""
from pathlib import Path

from django.db import transaction

from radsmodell.core.demo import DemoDataError, Place, read, save
from radsmodell.portfolio.models import Initiative

from .. import engine, services
from ..models import (
    Activity,
    Area,
    Assessment,
    Goal,
    Indicator,
    InterimAmbition,
    Observation,
    RoadmapChange,
    RoadmapVersion,
    Strategy,
    SubGoal,
)
from .schema import IndicatorEntry, IndicatorsFile, RoadmapFile, SeriesEntry, StrategyFile, SubGoalEntry

__all__ = ["DEMO_DIR", "DemoDataError", "demo_loaded", "load_demo"]

DEMO_DIR = Path(__file__).resolve().parent


def demo_loaded() -> bool:
    return Strategy.objects.exists()


@transaction.atomic
def load_demo(directory: Path = DEMO_DIR) -> dict[str, int]:
    directory = Path(directory)
    files = {name: read(directory / name, schema) for name, schema in (
        ("strategy.yaml", StrategyFile), ("roadmap.yaml", RoadmapFile), ("indicators.yaml", IndicatorsFile))}
    goals = _Goals()
    _load_strategy(Place("strategy.yaml"), files["strategy.yaml"], goals)
    activity_keys = _load_roadmap(Place("roadmap.yaml"), files["roadmap.yaml"], goals)
    _load_indicators(Place("indicators.yaml"), files["indicators.yaml"], goals, activity_keys)
    return {
        "goals": Goal.objects.count(), "sub-goals": SubGoal.objects.count(),
        "roadmap versions": RoadmapVersion.objects.count(), "activities": Activity.objects.count(),
        "roadmap changes": RoadmapChange.objects.count(), "indicators": Indicator.objects.count(),
        "observations": Observation.objects.count(), "assessments": Assessment.objects.count(),
    }


class _Goals:
    """The goals and sub-goals made from strategy.yaml, as the other files name them."""

    def __init__(self):
        self.by_number: dict[tuple[str, int], Goal] = {}  # (level, number)
        self.subgoals: dict[tuple[int, str], SubGoal] = {}  # (year, code)

    def strategic(self, place: Place, number: int | None) -> Goal | None:
        if number is None:
            return None
        if (Goal.Level.STRATEGIC, number) not in self.by_number:
            place.fail(f"unknown strategic goal {number}")
        return self.by_number[(Goal.Level.STRATEGIC, number)]

    def overarching(self, place: Place, number: int) -> Goal:
        if (Goal.Level.OVERARCHING, number) not in self.by_number:
            place.fail(f"unknown overarching goal {number}")
        return self.by_number[(Goal.Level.OVERARCHING, number)]

    def subgoal(self, place: Place, code: str) -> SubGoal | None:
        """The sub-goal with the code in its latest year (a 2026 proposal keeps its 2025 code)."""
        if not code:
            return None
        matches = [subgoal for (_year, known), subgoal in self.subgoals.items() if known == code]
        if not matches:
            place.fail(f"unknown sub-goal «{code}»")
        return max(matches, key=lambda subgoal: subgoal.year)

    def add(self, place: Place, goal: Goal) -> Goal:
        self.by_number[(goal.level, goal.number)] = save(place, goal)
        return goal


def _lookups(place: Place, slugs: list[str], known: dict, what: str) -> list:
    """The objects the slugs name, each at most once."""
    found, seen = [], set()
    for index, slug in enumerate(slugs):
        if slug not in known:
            place.at(index).fail(f"unknown {what} «{slug}»")
        if slug in seen:
            place.at(index).fail(f"«{slug}» is listed twice")
        seen.add(slug)
        found.append(known[slug])
    return found


# --- strategy.yaml ------------------------------------------------------------------------------

def _load_strategy(place: Place, data: StrategyFile, goals: _Goals) -> None:
    save(place.at("strategy"), Strategy(**data.strategy.model_dump()))
    for index, entry in enumerate(data.overarching_goals):
        goals.add(place.at("overarching_goals").at(index), Goal(
            level=Goal.Level.OVERARCHING, number=entry.number, slug=f"overordnet-{entry.number}", name=entry.name,
            source=entry.source))
    for index, entry in enumerate(data.goals):
        here = place.at("goals").at(index)
        goal = goals.add(here, Goal(
            level=Goal.Level.STRATEGIC, number=entry.number, slug=entry.slug, name=entry.name,
            description=entry.description, source=entry.source))
        _load_subgoals(here.at("subgoals"), entry.subgoals, goal, goals)
    _load_subgoals(place.at("unplaced_subgoals"), data.unplaced_subgoals, None, goals)


def _load_subgoals(place: Place, entries: list[SubGoalEntry], goal: Goal | None, goals: _Goals) -> None:
    for index, entry in enumerate(entries):
        goals.subgoals[(entry.year, entry.code)] = save(place.at(index), SubGoal(goal=goal, **entry.model_dump()))


# --- roadmap.yaml -------------------------------------------------------------------------------

def _load_roadmap(place: Place, data: RoadmapFile, goals: _Goals) -> set[str]:
    """Every version with its activities and changes; returns the activity keys of the latest version."""
    initiatives = {initiative.slug: initiative for initiative in Initiative.objects.all()}
    activity_keys: set[str] = set()
    for position, entry in enumerate(data.versions):
        here = place.at("versions").at(position)
        version = save(here, RoadmapVersion(key=entry.key, name=entry.name, position=position,
                                            published=entry.published, note=entry.note, source=entry.source))
        activity_keys = set()
        for index, item in enumerate(entry.activities):
            there = here.at("activities").at(index)
            activity = save(there, Activity(
                version=version, key=item.key, name=item.name, goal=goals.strategic(there.at("goal"), item.goal),
                subgoal=goals.subgoal(there.at("subgoal"), item.subgoal), owner=item.owner,
                horizon=item.horizon or "", status=item.status, source=item.source, assumption=item.assumption))
            activity_keys.add(item.key)
            activity.initiatives.set(_lookups(there.at("initiatives"), item.initiatives, initiatives, "initiative"))
        for index, item in enumerate(entry.changes):
            there = here.at("changes").at(index)
            if item.activity and item.activity not in activity_keys:
                there.at("activity").fail(f"«{item.activity}» is not an activity of version {entry.key}")
            save(there, RoadmapChange(
                version=version, kind=item.kind, activity_key=item.activity,
                goal=goals.strategic(there.at("goal"), item.goal), text=item.text, source=item.source,
                assumption=item.assumption))
    return activity_keys


# --- indicators.yaml ----------------------------------------------------------------------------

def _load_indicators(place: Place, data: IndicatorsFile, goals: _Goals, activity_keys: set[str]) -> None:
    areas: dict[str, Area] = {}
    for index, entry in enumerate(data.areas):
        areas[entry.slug] = save(place.at("areas").at(index), Area(slug=entry.slug, name=entry.name))
    for index, entry in enumerate(data.indicators):
        here = place.at("indicators").at(index)
        for key_index, key in enumerate(entry.activities):
            if key not in activity_keys:
                here.at("activities").at(key_index).fail(f"«{key}» is not an activity of the latest roadmap")
        indicator = _create_indicator(here, entry, areas)
        strategic = [goals.strategic(here.at("goals").at(i), n) for i, n in enumerate(entry.goals)]
        overarching = [goals.overarching(here.at("overarching_goals").at(i), n)
                       for i, n in enumerate(entry.overarching_goals)]
        indicator.goals.set(strategic + overarching)
        for i, ambition in enumerate(entry.interim_ambitions):
            there = here.at("interim_ambitions").at(i)
            save(there, InterimAmbition(indicator=indicator, year=ambition.year, value=ambition.value,
                                        area=_area(there.at("area"), ambition.area, areas),
                                        source=ambition.source or indicator.source))
        for i, series in enumerate(entry.series):
            _load_series(here.at("series").at(i), series, indicator, areas)
        for i, assessment in enumerate(entry.assessments):
            save(here.at("assessments").at(i), Assessment(indicator=indicator, **assessment.model_dump()))
        services.refresh_status(indicator)


def _create_indicator(place: Place, entry: IndicatorEntry, areas: dict[str, Area]) -> Indicator:
    baseline = entry.baseline
    primary = entry.primary_area or (entry.series[0].area if entry.series else None)
    return save(place, Indicator(
        slug=entry.slug, code=entry.code, name=entry.name, kind=entry.kind or "", readiness=entry.readiness or "",
        ready_from=entry.ready_from, definition=entry.definition, data_source=entry.source_of_data,
        frequency=entry.frequency or "", quarterly_as_mean_of_months=entry.quarterly_as_mean_of_months,
        unit=entry.unit or "prosent", higher_is_better=entry.higher_is_better,
        baseline_period=baseline.period if baseline else "", baseline_value=baseline.value if baseline else None,
        ambition=entry.ambition_2030, break_notes=entry.break_notes, notes=entry.notes,
        primary_area=_area(place.at("primary_area"), primary, areas), activity_keys=entry.activities,
        source=entry.source, assumption=entry.assumption, readiness_assumption=entry.readiness_assumption,
        baseline_assumption=baseline.assumption if baseline else ""))


def _area(place: Place, slug: str | None, areas: dict[str, Area]) -> Area | None:
    if slug is None:
        return None
    if slug not in areas:
        place.fail(f"unknown area «{slug}» (known: {', '.join(areas)})")
    return areas[slug]


def _load_series(place: Place, entry: SeriesEntry, indicator: Indicator, areas: dict[str, Area]) -> None:
    area = _area(place.at("area"), entry.area, areas)
    for index, row in enumerate(entry.observations):
        period = engine.parse_period(row.period)
        save(place.at("observations").at(index), Observation(
            indicator=indicator, area=area, measure=entry.measure, period=period.text, period_start=period.start,
            value=row.value, numerator=row.numerator, denominator=row.denominator or entry.denominator,
            change_from_previous=row.change_from_previous, note=row.note,
            assumption=row.assumption or entry.assumption))
