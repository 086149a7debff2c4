"""Load the strategy demo data (strategy.yaml, roadmap.yaml and indicators.yaml beside this
module; README.md says what each holds and where the seeds leave gaps).

Every field is checked; a wrong one stops the load with the file and the path of the field,
and the transaction leaves the database as it was.
"""
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from radsmodell.council.demo.load import DemoDataError, _check_keys, _read, _Where
from radsmodell.portfolio.demo.load import _choice, _list, _lookups, _save, _string, _unique_slug
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

__all__ = ["DEMO_DIR", "DemoDataError", "demo_loaded", "load_demo"]

DEMO_DIR = Path(__file__).resolve().parent

STRATEGY_FIELDS = {"name", "period_start", "target_year", "vision", "source"}
GOAL_FIELDS = {"number", "slug", "name", "description", "source", "subgoals"}
SUBGOAL_FIELDS = {"code", "year", "status", "text", "source"}
VERSION_FIELDS = {"key", "name", "published", "note", "source", "changes", "activities"}
ACTIVITY_FIELDS = {"key", "name", "goal", "subgoal", "owner", "horizon", "status", "initiatives", "source"}
CHANGE_FIELDS = {"kind", "activity", "goal", "text", "source"}
INDICATOR_FIELDS = {
    "slug", "code", "name", "goals", "overarching_goals", "kind", "readiness", "ready_from", "definition",
    "source_of_data", "frequency", "quarterly_as_mean_of_months", "unit", "higher_is_better", "baseline",
    "ambition_2030", "interim_ambitions", "break_notes", "notes", "series", "assessments", "activities",
    "initiatives", "source", "primary_area",
}
SERIES_FIELDS = {"area", "measure", "denominator", "observations"}
OBSERVATION_FIELDS = {"period", "value", "numerator", "denominator", "change_from_previous", "note"}


def demo_loaded() -> bool:
    return Strategy.objects.exists()


@transaction.atomic
def load_demo(directory: Path = DEMO_DIR) -> dict[str, int]:
    directory = Path(directory)
    goals, subgoals = _load_strategy(directory / "strategy.yaml")
    activity_keys = _load_roadmap(directory / "roadmap.yaml", goals, subgoals)
    _load_indicators(directory / "indicators.yaml", goals, activity_keys)
    return {
        "goals": Goal.objects.count(), "sub-goals": SubGoal.objects.count(),
        "roadmap versions": RoadmapVersion.objects.count(), "activities": Activity.objects.count(),
        "roadmap changes": RoadmapChange.objects.count(), "indicators": Indicator.objects.count(),
        "observations": Observation.objects.count(), "assessments": Assessment.objects.count(),
    }


# ---------------------------------------------------------------- values

def _int(where: _Where, value, required: bool = False, low: int = 0, high: int = 10**15) -> int | None:
    if value is None:
        if required:
            where.fail("missing")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        where.fail(f"expected a whole number {low}–{high}, not «{value}»")
    return value


def _decimal(where: _Where, value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        where.fail("expected a number")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        where.fail(f"«{value}» is not a number")


def _period(where: _Where, value, required: bool = False) -> str:
    text = _string(where, value, required=required)
    if text:
        try:
            engine.parse_period(text)
        except engine.PeriodError as error:
            where.fail(str(error))
    return text


def _bool(where: _Where, value, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        where.fail("expected true or false")
    return value


# ---------------------------------------------------------------- files

def _load_strategy(path: Path) -> tuple[dict, dict]:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"strategy", "overarching_goals", "goals", "unplaced_subgoals"})
    entry = data.get("strategy") or where.at("strategy").fail("missing")
    here = where.at("strategy")
    _check_keys(here, entry, STRATEGY_FIELDS)
    _save(here, Strategy(
        name=_string(here.at("name"), entry.get("name"), required=True),
        vision=_string(here.at("vision"), entry.get("vision"), required=True),
        period_start=_int(here.at("period_start"), entry.get("period_start"), True, 2000, 2100),
        target_year=_int(here.at("target_year"), entry.get("target_year"), True, 2000, 2100),
        source=_string(here.at("source"), entry.get("source"), required=True)))
    goals, subgoals = {}, {}
    for index, entry in enumerate(_list(where, data, "overarching_goals", required=True)):
        here = where.at(f"overarching_goals[{index}]")
        _check_keys(here, entry, {"number", "name", "source"})
        number = _int(here.at("number"), entry.get("number"), True, 1, 9)
        goals[("overordnet", number)] = _save(here, Goal(
            level=Goal.Level.OVERARCHING, number=number, slug=f"overordnet-{number}",
            name=_string(here.at("name"), entry.get("name"), required=True),
            source=_string(here.at("source"), entry.get("source"), required=True)))
    seen_slugs: dict = {}
    for index, entry in enumerate(_list(where, data, "goals", required=True)):
        here = where.at(f"goals[{index}]")
        _check_keys(here, entry, GOAL_FIELDS)
        number = _int(here.at("number"), entry.get("number"), True, 1, 9)
        slug = _unique_slug(here.at("slug"), entry.get("slug"), seen_slugs)
        goal = seen_slugs[slug] = goals[("strategisk", number)] = _save(here, Goal(
            level=Goal.Level.STRATEGIC, number=number, slug=slug,
            name=_string(here.at("name"), entry.get("name"), required=True),
            description=_string(here.at("description"), entry.get("description")),
            source=_string(here.at("source"), entry.get("source"), required=True)))
        _load_subgoals(here, entry, "subgoals", goal, subgoals)
    _load_subgoals(where, data, "unplaced_subgoals", None, subgoals)
    return goals, subgoals


def _load_subgoals(where: _Where, data: dict, key: str, goal: Goal | None, subgoals: dict) -> None:
    for index, entry in enumerate(_list(where, data, key)):
        here = where.at(f"{key}[{index}]")
        _check_keys(here, entry, SUBGOAL_FIELDS)
        year = _int(here.at("year"), entry.get("year"), True, 2000, 2100)
        code = _string(here.at("code"), entry.get("code"), required=True)
        if (year, code) in subgoals:
            here.at("code").fail(f"sub-goal {code} of {year} is listed twice")
        subgoals[(year, code)] = _save(here, SubGoal(
            goal=goal, code=code, year=year, status=_choice(here.at("status"), entry.get("status"), SubGoal.Status),
            text=_string(here.at("text"), entry.get("text"), required=True),
            source=_string(here.at("source"), entry.get("source"), required=True)))


def _goal(where: _Where, value, goals: dict) -> Goal | None:
    number = _int(where, value, low=1, high=9)
    if number is None:
        return None
    if ("strategisk", number) not in goals:
        where.fail(f"unknown strategic goal {number}")
    return goals[("strategisk", number)]


def _load_roadmap(path: Path, goals: dict, subgoals: dict) -> set[str]:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"versions"})
    initiatives = {i.slug: i for i in Initiative.objects.all()}
    versions, latest_keys = {}, set()
    for position, entry in enumerate(_list(where, data, "versions", required=True)):
        here = where.at(f"versions[{position}]")
        _check_keys(here, entry, VERSION_FIELDS)
        key = _unique_slug(here.at("key"), entry.get("key"), versions)
        version = versions[key] = _save(here, RoadmapVersion(
            key=key, name=_string(here.at("name"), entry.get("name"), required=True), position=position,
            published=entry.get("published"), note=_string(here.at("note"), entry.get("note")),
            source=_string(here.at("source"), entry.get("source"), required=True)))
        keys: dict = {}
        for index, item in enumerate(_list(here, entry, "activities")):
            there = here.at(f"activities[{index}]")
            _check_keys(there, item, ACTIVITY_FIELDS)
            activity_key = _unique_slug(there.at("key"), item.get("key"), keys)
            goal = _goal(there.at("goal"), item.get("goal"), goals)
            subgoal = None
            if item.get("subgoal") is not None:
                code = _string(there.at("subgoal"), item["subgoal"])
                matches = [s for (year, c), s in subgoals.items() if c == code]
                if not matches:
                    there.at("subgoal").fail(f"unknown sub-goal «{code}»")
                subgoal = max(matches, key=lambda s: s.year)
            activity = keys[activity_key] = _save(there, Activity(
                version=version, key=activity_key, name=_string(there.at("name"), item.get("name"), required=True),
                goal=goal, subgoal=subgoal, owner=_string(there.at("owner"), item.get("owner")),
                horizon=_choice(there.at("horizon"), item.get("horizon"), Activity.Horizon),
                status=_string(there.at("status"), item.get("status")),
                source=_string(there.at("source"), item.get("source"), required=True)))
            activity.initiatives.set(_lookups(there, item, "initiatives", initiatives, "initiative"))
        for index, item in enumerate(_list(here, entry, "changes")):
            there = here.at(f"changes[{index}]")
            _check_keys(there, item, CHANGE_FIELDS)
            activity_key = _string(there.at("activity"), item.get("activity"))
            if activity_key and activity_key not in keys:
                there.at("activity").fail(f"«{activity_key}» is not an activity of version {key}")
            _save(there, RoadmapChange(
                version=version, kind=_choice(there.at("kind"), item.get("kind"), RoadmapChange.Kind),
                activity_key=activity_key, goal=_goal(there.at("goal"), item.get("goal"), goals),
                text=_string(there.at("text"), item.get("text"), required=True),
                source=_string(there.at("source"), item.get("source"), required=True)))
        latest_keys = set(keys)
    return latest_keys


def _load_indicators(path: Path, goals: dict, activity_keys: set[str]) -> None:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"indicator_set", "areas", "indicators"})
    areas: dict = {}
    for index, entry in enumerate(_list(where, data, "areas", required=True)):
        here = where.at(f"areas[{index}]")
        _check_keys(here, entry, {"slug", "name"})
        slug = _unique_slug(here.at("slug"), entry.get("slug"), areas)
        areas[slug] = _save(here, Area(slug=slug, name=_string(here.at("name"), entry.get("name"), required=True)))
    initiatives = {i.slug: i for i in Initiative.objects.all()}
    seen: dict = {}
    for index, entry in enumerate(_list(where, data, "indicators", required=True)):
        here = where.at(f"indicators[{index}]")
        _check_keys(here, entry, INDICATOR_FIELDS)
        slug = _unique_slug(here.at("slug"), entry.get("slug"), seen)
        baseline = entry.get("baseline") or {}
        _check_keys(here.at("baseline"), baseline, {"period", "value"})
        for key_index, key in enumerate(entry.get("activities") or []):
            if key not in activity_keys:
                here.at(f"activities[{key_index}]").fail(f"«{key}» is not an activity of the latest roadmap")
        series = _list(here, entry, "series")
        primary = entry.get("primary_area") or (series[0].get("area") if series else None)
        indicator = seen[slug] = _save(here, Indicator(
            slug=slug, code=_string(here.at("code"), entry.get("code")),
            name=_string(here.at("name"), entry.get("name"), required=True),
            kind=_choice(here.at("kind"), entry.get("kind"), Indicator.Kind),
            readiness=_choice(here.at("readiness"), entry.get("readiness"), Indicator.Readiness),
            ready_from=_int(here.at("ready_from"), entry.get("ready_from"), low=2000, high=2100),
            definition=_string(here.at("definition"), entry.get("definition")),
            data_source=_string(here.at("source_of_data"), entry.get("source_of_data")),
            frequency=_choice(here.at("frequency"), entry.get("frequency"), Indicator.Frequency),
            quarterly_as_mean_of_months=_bool(here.at("quarterly_as_mean_of_months"),
                                              entry.get("quarterly_as_mean_of_months"), False),
            unit=_string(here.at("unit"), entry.get("unit")) or "prosent",
            higher_is_better=_bool(here.at("higher_is_better"), entry.get("higher_is_better"), True),
            baseline_period=_period(here.at("baseline.period"), baseline.get("period")),
            baseline_value=_decimal(here.at("baseline.value"), baseline.get("value")),
            ambition=_decimal(here.at("ambition_2030"), entry.get("ambition_2030")),
            break_notes=_string(here.at("break_notes"), entry.get("break_notes")),
            notes=_string(here.at("notes"), entry.get("notes")),
            primary_area=_area(here.at("primary_area"), primary, areas) if primary else None,
            activity_keys=list(entry.get("activities") or []),
            source=_string(here.at("source"), entry.get("source"), required=True)))
        linked = [_goal(here.at(f"goals[{i}]"), n, goals) for i, n in enumerate(entry.get("goals") or [])]
        for i, n in enumerate(entry.get("overarching_goals") or []):
            if ("overordnet", n) not in goals:
                here.at(f"overarching_goals[{i}]").fail(f"unknown overarching goal {n}")
            linked.append(goals[("overordnet", n)])
        if not linked:
            here.at("goals").fail("an indicator needs at least one goal or overarching goal")
        indicator.goals.set(linked)
        indicator.initiatives.set(_lookups(here, entry, "initiatives", initiatives, "initiative"))
        for i, ambition in enumerate(_list(here, entry, "interim_ambitions")):
            there = here.at(f"interim_ambitions[{i}]")
            _check_keys(there, ambition, {"year", "value", "area", "source"})
            _save(there, InterimAmbition(
                indicator=indicator, year=_int(there.at("year"), ambition.get("year"), True, 2000, 2100),
                value=_decimal(there.at("value"), ambition.get("value")),
                area=_area(there.at("area"), ambition["area"], areas) if ambition.get("area") else None,
                source=_string(there.at("source"), ambition.get("source")) or indicator.source))
        _load_series(here, series, indicator, areas)
        for i, assessment in enumerate(_list(here, entry, "assessments")):
            there = here.at(f"assessments[{i}]")
            _check_keys(there, assessment, {"period", "text", "next_assessment"})
            _save(there, Assessment(
                indicator=indicator, period=_period(there.at("period"), assessment.get("period"), required=True),
                text=_string(there.at("text"), assessment.get("text"), required=True),
                next_assessment=_period(there.at("next_assessment"), assessment.get("next_assessment"))))
        services.refresh_status(indicator)


def _area(where: _Where, value, areas: dict) -> Area:
    if value not in areas:
        where.fail(f"unknown area «{value}» (known: {', '.join(areas)})")
    return areas[value]


def _load_series(where: _Where, series: list, indicator: Indicator, areas: dict) -> None:
    for index, entry in enumerate(series):
        here = where.at(f"series[{index}]")
        _check_keys(here, entry, SERIES_FIELDS)
        area = _area(here.at("area"), entry.get("area"), areas)
        measure = _string(here.at("measure"), entry.get("measure"))
        denominator = _int(here.at("denominator"), entry.get("denominator"), low=1)
        for i, row in enumerate(_list(here, entry, "observations")):
            there = here.at(f"observations[{i}]")
            _check_keys(there, row, OBSERVATION_FIELDS)
            period = engine.parse_period(_period(there.at("period"), row.get("period"), required=True))
            value = _decimal(there.at("value"), row.get("value"))
            numerator = _int(there.at("numerator"), row.get("numerator"))
            if value is None and numerator is None:
                there.fail("needs a value or a numerator")
            _save(there, Observation(
                indicator=indicator, area=area, measure=measure, period=period.text, period_start=period.start,
                value=value, numerator=numerator,
                denominator=_int(there.at("denominator"), row.get("denominator"), low=1) or denominator,
                change_from_previous=_decimal(there.at("change_from_previous"), row.get("change_from_previous")),
                note=_string(there.at("note"), row.get("note"))))
