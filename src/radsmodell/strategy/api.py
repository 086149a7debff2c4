"""JSON API of the strategy: goals with sub-goals, the roadmap, indicators and their series."""
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from radsmodell.core import links
from radsmodell.core.provenance import cite
from radsmodell.portfolio.models import Initiative

from . import engine, selectors
from .models import Area, Indicator, Observation, RoadmapVersion
from .texts import STATUS_NAMES

router = Router(tags=["Strategi"])


class SubGoalOut(Schema):
    code: str
    year: int
    status: str
    text: str
    assumption: str  # why the status is inferred; empty when a source says it
    source: str


class InitiativeCountsOut(Schema):
    """The initiatives that serve a goal by the overall colour of their latest accepted status report."""
    red: int
    amber: int
    green: int
    none: int  # without an accepted status report with an overall colour


class GoalOut(Schema):
    slug: str
    level: str
    number: int
    name: str
    indicators: int
    on_track: int
    behind: int
    unclear_ambition: int
    no_ambition: int
    not_measurable: int
    initiatives: InitiativeCountsOut
    subgoals: list[SubGoalOut]


class ActivityOut(Schema):
    key: str
    name: str
    goal: int | None
    subgoal: str | None
    owner: str
    horizon: str
    status: str
    initiatives: list[str]
    assumption: str
    source: str


class ChangeOut(Schema):
    kind: str
    activity: str
    text: str
    assumption: str
    source: str


class RoadmapOut(Schema):
    version: str
    name: str
    published: date | None
    versions: list[str]
    activities: list[ActivityOut]
    changes: list[ChangeOut]


class IndicatorOut(Schema):
    slug: str
    name: str
    goals: list[str]
    kind: str
    readiness: str
    frequency: str
    unit: str
    status: str
    status_label: str
    latest_period: str
    latest_value: Decimal | None
    latest_assumption: str  # why the latest value's period or area is inferred
    ambition_2030: Decimal | None


class AmbitionOut(Schema):
    year: int
    value: Decimal
    area: str | None


class AssessmentOut(Schema):
    period: str
    text: str
    next_assessment: str


class IndicatorDetailOut(IndicatorOut):
    definition: str
    data_source: str
    quarterly_as_mean_of_months: bool
    higher_is_better: bool
    baseline_period: str
    baseline_value: Decimal | None
    baseline_assumption: str
    readiness_assumption: str
    assumption: str  # why the placement under the goals is inferred
    interim_ambitions: list[AmbitionOut]
    break_notes: str
    expected_value: Decimal | None
    target_year: int | None
    target_value: Decimal | None
    areas: list[str]
    assessments: list[AssessmentOut]
    initiatives: list[str]
    source: str


class ObservationOut(Schema):
    area: str
    measure: str
    period: str
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    share: Decimal | None
    assumption: str


@router.get("/strategy/goals", response=list[GoalOut], summary="Goals with their sub-goals and indicator status counts")
def list_goals(request):
    goals = list(selectors.goals_with_counts().prefetch_related("subgoals"))
    serving = selectors.serving_initiatives(goals)

    def initiatives(goal):
        counts = selectors.rag_counts(serving.get(goal.pk, []))
        return {"red": counts["red"], "amber": counts["amber"], "green": counts["green"], "none": counts[""]}

    return [{"slug": g.slug, "level": g.level, "number": g.number, "name": g.name, "indicators": g.n_indicators,
             "on_track": g.n_on_track, "behind": g.n_behind, "unclear_ambition": g.n_unclear_ambition,
             "no_ambition": g.n_no_ambition, "not_measurable": g.n_not_measurable, "initiatives": initiatives(g),
             "subgoals": [{"code": s.code, "year": s.year, "status": s.status, "text": s.text,
                           "assumption": s.assumption, "source": cite(s.source)}
                          for s in g.subgoals.all()]} for g in goals]


@router.get("/roadmap", response=RoadmapOut, summary="One version of the roadmap (the latest unless ?version=)")
def get_roadmap(request, version: str = ""):
    versions = list(RoadmapVersion.objects.all())
    chosen = next((v for v in versions if v.key == version), None) if version else (versions[-1] if versions else None)
    if chosen is None:
        raise HttpError(404, _("Fant ikke veikartversjonen «%(key)s»") % {"key": version} if version
                        else _("Ingen veikartversjoner"))
    return {"version": chosen.key, "name": chosen.name, "published": chosen.published,
            "versions": [v.key for v in versions],
            "activities": [{"key": a.key, "name": a.name, "goal": a.goal.number if a.goal else None,
                            "subgoal": a.subgoal.code if a.subgoal else None, "owner": a.owner,
                            "horizon": a.horizon, "status": a.status,
                            "initiatives": [i.slug for i in a.initiatives.all()],
                            "assumption": a.assumption, "source": cite(a.source)}
                           for a in selectors.roadmap_activities(chosen)],
            "changes": [{"kind": c.kind, "activity": c.activity_key, "text": c.text, "assumption": c.assumption,
                         "source": cite(c.source)} for c in chosen.changes.all()]}


def _indicator(i: Indicator) -> dict:
    return {"slug": i.slug, "name": i.name, "goals": [g.slug for g in i.goals.all()], "kind": i.kind,
            "readiness": i.readiness, "frequency": i.frequency, "unit": i.unit, "status": i.status,
            "status_label": str(STATUS_NAMES[engine.Status(i.status)]), "latest_period": i.latest_period,
            "latest_value": i.latest_value, "latest_assumption": i.latest_assumption, "ambition_2030": i.ambition}


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator catalogue with each one's status")
def list_indicators(request, goal: str = "", readiness: str = "", status: str = ""):
    return [_indicator(i) for i in selectors.indicators(goal, readiness, status)]


def _found(slug: str) -> Indicator:
    indicator = selectors.indicator_detail(slug)
    if indicator is None:
        raise HttpError(404, _("Fant ikke indikatoren «%(slug)s»") % {"slug": slug})
    return indicator


@router.get("/indicators/{slug}", response=IndicatorDetailOut)
def get_indicator(request, slug: str):
    i = _found(slug)
    areas = Area.objects.filter(observations__indicator=i).distinct().values_list("slug", flat=True)
    return {**_indicator(i), "definition": i.definition, "data_source": i.data_source,
            "quarterly_as_mean_of_months": i.quarterly_as_mean_of_months, "higher_is_better": i.higher_is_better,
            "baseline_period": i.baseline_period, "baseline_value": i.baseline_value,
            "baseline_assumption": i.baseline_assumption, "readiness_assumption": i.readiness_assumption,
            "assumption": i.assumption,
            "interim_ambitions": [{"year": a.year, "value": a.value, "area": a.area.slug if a.area else None}
                                  for a in i.interim_ambitions.all()],
            "break_notes": i.break_notes, "expected_value": i.expected_value, "target_year": i.target_year,
            "target_value": i.target_value, "areas": list(areas),
            "assessments": [{"period": a.period, "text": a.text, "next_assessment": a.next_assessment}
                            for a in i.assessments.all()],
            "initiatives": _measured_initiatives(i), "source": cite(i.source)}


def _measured_initiatives(indicator: Indicator) -> list[str]:
    """The slugs of the initiatives linked to the indicator (core links); initiatives are public."""
    refs = links.pks(ref for _own, ref in links.pairs_between("indicator", [str(indicator.pk)], "initiative"))
    return list(Initiative.objects.filter(pk__in=refs).order_by("slug").values_list("slug", flat=True))


@router.get("/indicators/{slug}/observations", response=list[ObservationOut],
            summary="The indicator's observations, oldest first; ?area= for one area")
def list_observations(request, slug: str, area: str = ""):
    indicator = _found(slug)
    rows = Observation.objects.filter(indicator=indicator).select_related("area").order_by(
        "area_id", "measure", "period_start")
    if area:
        if not Area.objects.filter(slug=area).exists():
            raise HttpError(404, _("Fant ikke området «%(slug)s»") % {"slug": area})
        rows = rows.filter(area__slug=area)
    return [{"area": o.area.slug, "measure": o.measure, "period": o.period, "value": o.value,
             "numerator": o.numerator, "denominator": o.denominator, "share": o.share, "assumption": o.assumption}
            for o in rows]
