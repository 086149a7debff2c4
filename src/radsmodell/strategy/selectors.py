"""Reads for the strategy pages and the API. The dashboard and goal pages read the stored
status of each indicator, never its series; an indicator page reads only its own series."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse

from radsmodell.core import links
from radsmodell.core.roles import can_see_drafts
from radsmodell.portfolio import selectors as portfolio
from radsmodell.portfolio.models import Initiative, StatusReport

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
    # Ordered here: an aggregating query does not take the model's ordering (PostgreSQL showed it).
    return Goal.objects.annotate(n_indicators=Count("indicators"), **counts).order_by("-level", "number")


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
            .prefetch_related("goals", "assessments", "interim_ambitions__area")
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


# --- a goal's whole picture: the initiatives that serve it --------------------------------------

RAG_ORDER = [StatusReport.Rag.RED, StatusReport.Rag.AMBER, StatusReport.Rag.GREEN]


@dataclass(frozen=True)
class Via:
    """An indicator of the goal that measures the initiative."""
    slug: str
    name: str

    def get_absolute_url(self):
        return reverse("strategy:indicator", args=[self.slug])


@dataclass
class ServingInitiative:
    """An initiative that serves a goal: linked to the goal itself, and/or measured by indicators of
    the goal. `overall` is the colour of its latest accepted status report ("" when it has none)."""
    pk: int
    direct: bool = False
    via: list[Via] = field(default_factory=list)
    overall: str = ""
    initiative: Initiative | None = None  # with `latest_report`, read by `add_details`
    investments: list[links.Linked] = field(default_factory=list)


def serving_initiatives(goals: list[Goal]) -> dict[int, list[ServingInitiative]]:
    """For each goal (by pk), the initiatives that serve it: those linked to the goal (core links)
    and those its indicators measure, each with the overall colour of its latest accepted status
    report. Three queries for any number of goals, indicators and initiatives."""
    goal_pks = [g.pk for g in goals]
    serving: dict[int, dict[int, ServingInitiative]] = {pk: {} for pk in goal_pks}
    if not goal_pks:
        return {}
    # Initiatives are linked to the goal itself, or to indicators of the goal (core links): one query.
    measures = list(Indicator.goals.through.objects.filter(goal_id__in=goal_pks)
                    .values_list("goal_id", "indicator_id", "indicator__slug", "indicator__name")
                    .order_by("indicator__name"))
    pairs = links.pairs_for({"goal": [str(pk) for pk in goal_pks], "indicator": {str(m[1]) for m in measures}},
                            "initiative")
    for goal_ref, initiative_ref in pairs["goal"]:
        for initiative_pk in links.pks([initiative_ref]):
            serving[int(goal_ref)].setdefault(initiative_pk, ServingInitiative(initiative_pk)).direct = True
    measured: dict[str, list[int]] = {}
    for indicator_ref, initiative_ref in pairs["indicator"]:
        measured.setdefault(indicator_ref, []).extend(links.pks([initiative_ref]))
    for goal_pk, indicator_pk, slug, name in measures:
        for initiative_pk in sorted(measured.get(str(indicator_pk), ())):
            serving[goal_pk].setdefault(initiative_pk, ServingInitiative(initiative_pk)).via.append(Via(slug, name))
    wanted = {pk for by_pk in serving.values() for pk in by_pk}
    latest: dict[int, str] = {}
    for initiative_pk, overall in portfolio.accepted_reports().filter(initiative_id__in=wanted).values_list(
            "initiative_id", "overall") if wanted else ():
        latest.setdefault(initiative_pk, overall)
    for by_pk in serving.values():
        for item in by_pk.values():
            item.overall = latest.get(item.pk, "")
    return {goal_pk: list(by_pk.values()) for goal_pk, by_pk in serving.items()}


def add_details(serving: list[ServingInitiative], user) -> list[ServingInitiative]:
    """Each initiative with its latest accepted status report and phase, and its investment cases
    (its links of kind "investment") that the user may see; by name. Four queries."""
    if not serving:
        return []
    found = {i.pk: i for i in Initiative.objects.filter(pk__in=[s.pk for s in serving]).prefetch_related(
        Prefetch("reports", queryset=portfolio.accepted_reports().select_related("round"), to_attr="accepted_reports"))}
    serving = [s for s in serving if s.pk in found]
    for s in serving:
        s.initiative = found[s.pk]
        s.initiative.latest_report = s.initiative.accepted_reports[0] if s.initiative.accepted_reports else None
    kind = next((k for k in links.kinds() if k.name == "investment"), None)
    if kind is not None:
        by_ref = {str(s.pk): s for s in serving}
        pairs = links.pairs_between("initiative", list(by_ref), "investment")
        shown = kind.show(sorted({ref for _ref, ref in pairs})) if pairs else {}
        drafts = can_see_drafts(user)
        for initiative_ref, investment_ref in pairs:
            linked = shown.get(investment_ref)
            if linked is not None and (linked.public or drafts):
                by_ref[initiative_ref].investments.append(linked)
        for s in serving:
            s.investments.sort(key=lambda linked: linked.title)
    return sorted(serving, key=lambda s: s.initiative.name.lower())


def rag_counts(serving: list[ServingInitiative]) -> dict[str, int]:
    """How many initiatives are red, amber, green, and without a status ("")."""
    counts = {rag.value: 0 for rag in RAG_ORDER} | {"": 0}
    for s in serving:
        counts[s.overall if s.overall in counts else ""] += 1
    return counts
