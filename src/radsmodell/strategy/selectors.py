"""Reads for the strategy pages and the API. The dashboard and goal pages read the stored
status of each indicator, never its series; an indicator page reads only its own series."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from . import engine, roadmap
from .models import Activity, Area, Goal, Indicator, Observation, RoadmapVersion, Strategy, SubGoal
from .services import main_measure

STATUS_ORDER = list(engine.Status)  # on track, behind, unclear ambition, no ambition, not measurable yet


def strategy() -> Strategy | None:
    return Strategy.objects.first()


def goals_with_counts() -> QuerySet[Goal]:
    """Goals with how many of their indicators are in each status (as attributes n_<status>)."""
    counts = {f"n_{status.name.lower()}": Count("indicators", filter=Q(indicators__status=status.value))
              for status in STATUS_ORDER}
    return Goal.objects.annotate(n_indicators=Count("indicators"), **counts)


def status_counts() -> dict[str, int]:
    """How many indicators are in each status (each indicator once, whatever its number of goals)."""
    rows = Indicator.objects.values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def goal_detail(slug: str) -> Goal | None:
    return Goal.objects.prefetch_related(
        Prefetch("subgoals", queryset=SubGoal.objects.order_by("year", "code")),
        Prefetch("indicators", queryset=Indicator.objects.select_related("primary_area").order_by("name")),
        "indicators__interim_ambitions__area",
    ).filter(slug=slug).first()


def goal_activities(goal: Goal, version: RoadmapVersion | None) -> QuerySet[Activity]:
    if version is None:
        return Activity.objects.none()
    return (Activity.objects.filter(version=version, goal=goal).select_related("subgoal")
            .prefetch_related("initiatives").order_by("name"))


def latest_version() -> RoadmapVersion | None:
    return RoadmapVersion.objects.order_by("-position", "-key").first()


def indicators(goal: str = "", readiness: str = "", status: str = "") -> QuerySet[Indicator]:
    found = Indicator.objects.select_related("primary_area").prefetch_related("goals").order_by("name")
    if goal:
        found = found.filter(goals__slug=goal)
    if readiness:
        found = found.filter(readiness=readiness)
    if status:
        found = found.filter(status=status)
    return found.distinct()


@dataclass
class Series:
    area: Area
    measure: str
    points: list[tuple[str, Decimal | None]]  # (period, value)
    derived: list[engine.QuarterMean] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)  # why values of the series are inferred, each once

    @property
    def label(self) -> str:
        return f"{self.area.name} – {self.measure}" if self.measure else self.area.name


def indicator_detail(slug: str) -> Indicator | None:
    return (Indicator.objects.select_related("primary_area")
            .prefetch_related("goals", "initiatives", "assessments", "interim_ambitions__area")
            .filter(slug=slug).first())


def indicator_series(indicator: Indicator, area_slug: str = "") -> list[Series]:
    """The indicator's series (all areas, or one), main measure first, oldest period first."""
    rows = (Observation.objects.filter(indicator=indicator).select_related("area")
            .order_by("area_id", "period_start"))
    if area_slug:
        rows = rows.filter(area__slug=area_slug)
    grouped: dict[tuple[int, str], Series] = {}
    for row in rows.only("area", "measure", "period", "value", "numerator", "denominator", "assumption"):
        key = (row.area_id, row.measure)
        if key not in grouped:
            grouped[key] = Series(row.area, row.measure, [])
        grouped[key].points.append((row.period, row.share))
        if row.assumption and row.assumption not in grouped[key].assumptions:
            grouped[key].assumptions.append(row.assumption)
    series = list(grouped.values())
    main = main_measure(indicator, indicator.primary_area) if indicator.primary_area else ""
    series.sort(key=lambda s: (s.area != indicator.primary_area, s.measure != main, s.area.pk, s.measure))
    if indicator.quarterly_as_mean_of_months:
        for s in series:
            s.derived = engine.quarterly_means([(p, v) for p, v in s.points])
    return series


def series_table(series: list[Series]) -> tuple[list[str], list[tuple[str, list]]]:
    """The data table under the chart: one row per period, one column per series."""
    periods = sorted({p for s in series for p, _ in s.points}, key=engine.parse_period)
    values = [dict(s.points) for s in series]
    return [s.label for s in series], [(p, [v.get(p) for v in values]) for p in periods]


def linked_activities(indicator: Indicator) -> QuerySet[Activity]:
    version = latest_version()
    if version is None or not indicator.activity_keys:
        return Activity.objects.none()
    return Activity.objects.filter(version=version, key__in=indicator.activity_keys).select_related("goal")


def roadmap_activities(version: RoadmapVersion) -> QuerySet[Activity]:
    return (Activity.objects.filter(version=version).select_related("goal", "subgoal")
            .prefetch_related("initiatives").order_by("goal__number", "name"))


def roadmap_entries(version: RoadmapVersion) -> dict[str, roadmap.Entry]:
    return {a.key: roadmap.Entry(a.name, str(a.goal) if a.goal else "", a.subgoal.code if a.subgoal else "",
                                 a.owner, a.get_horizon_display(), a.status)
            for a in roadmap_activities(version)}


def compare_versions(before: RoadmapVersion, after: RoadmapVersion) -> list[roadmap.Difference]:
    return roadmap.compare(roadmap_entries(before), roadmap_entries(after))
