"""JSON API of the strategy: goals with sub-goals, the roadmap, indicators and their series."""
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from radsmodell.core import links, tabular
from radsmodell.core.api import Rows, api_enum, paginated
from radsmodell.core.provenance import cite
from radsmodell.core.roles import Role, api_auth
from radsmodell.core.validation import InputSchema, form_refusal
from radsmodell.portfolio.models import Initiative

from . import engine, importing, selectors, services
from .forms import IMPORT_COLUMNS, ImportForm
from .models import Activity, Area, Goal, Indicator, Observation, RoadmapChange, RoadmapVersion, SubGoal
from .texts import STATUS_NAMES

router = Router(tags=["Strategi"])

# The API's enums, in English whatever the register stores (core/api.py): "bak" is "behind".
GoalLevel = api_enum("GoalLevel", Goal.Level)
SubGoalStatus = api_enum("SubGoalStatus", SubGoal.Status)
Horizon = api_enum("Horizon", Activity.Horizon)
RoadmapChangeKind = api_enum("RoadmapChangeKind", RoadmapChange.Kind)
IndicatorKind = api_enum("IndicatorKind", Indicator.Kind)
Readiness = api_enum("Readiness", Indicator.Readiness)
Frequency = api_enum("Frequency", Indicator.Frequency)
IndicatorStatus = api_enum("IndicatorStatus", engine.Status)
MAX_OBSERVATIONS = 10_000  # per request; a larger series goes as a file


class SubGoalOut(Schema):
    code: str
    year: int
    status: SubGoalStatus
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
    level: GoalLevel
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
    horizon: Horizon | None
    status: str  # as the roadmap words it ("pågår", "planlagt", …)
    initiatives: list[str]
    assumption: str
    source: str


class ChangeOut(Schema):
    kind: RoadmapChangeKind
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
    kind: IndicatorKind | None
    readiness: Readiness | None
    frequency: Frequency | None
    unit: str
    status: IndicatorStatus
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


def _goals(goals: list) -> list[dict]:
    """One page of goals, with the initiatives that serve them (three queries for the page)."""
    serving = selectors.serving_initiatives(goals)

    def initiatives(goal):
        counts = selectors.rag_counts(serving.get(goal.pk, []))
        return {"red": counts["red"], "amber": counts["amber"], "green": counts["green"], "none": counts[""]}

    return [{"slug": g.slug, "level": GoalLevel.of(g.level), "number": g.number, "name": g.name,
             "indicators": g.n_indicators, "on_track": g.n_on_track, "behind": g.n_behind,
             "unclear_ambition": g.n_unclear_ambition, "no_ambition": g.n_no_ambition,
             "not_measurable": g.n_not_measurable, "initiatives": initiatives(g),
             "subgoals": [{"code": s.code, "year": s.year, "status": SubGoalStatus.of(s.status), "text": s.text,
                           "assumption": s.assumption, "source": cite(s.source)}
                          for s in g.subgoals.all()]} for g in goals]


@router.get("/strategy/goals", response=list[GoalOut], summary="Goals with their sub-goals and indicator status counts")
@paginated
def list_goals(request):
    return Rows(selectors.goals_with_counts().prefetch_related("subgoals"), page=_goals)


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
                            "horizon": Horizon.of(a.horizon), "status": a.status,
                            "initiatives": [i.slug for i in a.initiatives.all()],
                            "assumption": a.assumption, "source": cite(a.source)}
                           for a in selectors.roadmap_activities(chosen)],
            "changes": [{"kind": RoadmapChangeKind.of(c.kind), "activity": c.activity_key, "text": c.text,
                         "assumption": c.assumption, "source": cite(c.source)} for c in chosen.changes.all()]}


def _indicator(i: Indicator) -> dict:
    return {"slug": i.slug, "name": i.name, "goals": [g.slug for g in i.goals.all()], "kind": IndicatorKind.of(i.kind),
            "readiness": Readiness.of(i.readiness), "frequency": Frequency.of(i.frequency), "unit": i.unit,
            "status": IndicatorStatus.of(i.status),
            "status_label": str(STATUS_NAMES[engine.Status(i.status)]), "latest_period": i.latest_period,
            "latest_value": i.latest_value, "latest_assumption": i.latest_assumption, "ambition_2030": i.ambition}


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator catalogue with each one's status")
@paginated
def list_indicators(request, goal: str = "", readiness: Readiness | None = None, status: IndicatorStatus | None = None):
    return Rows(selectors.indicators(goal, readiness.db if readiness else "", status.db if status else ""), _indicator)


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
@paginated
def list_observations(request, slug: str, area: str = ""):
    indicator = _found(slug)
    rows = Observation.objects.filter(indicator=indicator).select_related("area").order_by(
        "area_id", "measure", "period_start")
    if area:
        if not Area.objects.filter(slug=area).exists():
            raise HttpError(404, _("Fant ikke området «%(slug)s»") % {"slug": area})
        rows = rows.filter(area__slug=area)
    return Rows(rows, lambda o: {"area": o.area.slug, "measure": o.measure, "period": o.period, "value": o.value,
                                 "numerator": o.numerator, "denominator": o.denominator, "share": o.share,
                                 "assumption": o.assumption})


# --- Writes (secretariat): observations, as the indicator page's form and the import take them ---------

class ObservationIn(InputSchema):
    area: str = Field(description="The area's slug, e.g. `norge`")
    measure: str = Field("", description="Only when the indicator has several measures for the same area")
    period: str = Field(description="Year (2025), quarter (2025-Q3) or month (2025-10)")
    value: Decimal | None = Field(None, max_digits=28)  # bounded before it is written out in full
    numerator: int | None = None
    denominator: int | None = Field(None, description="With numerator and denominator the share is computed")
    note: str = ""


class ObservationsIn(InputSchema):
    observations: list[ObservationIn] = Field(min_length=1, max_length=MAX_OBSERVATIONS)


class ObservationsSavedOut(Schema):
    created: int
    updated: int


def _saved(counts) -> Status:
    """201 when something was added, 200 when every value replaced one already there."""
    return Status(201 if counts["created"] else 200, {"created": counts["created"], "updated": counts["updated"]})


@router.post("/indicators/{slug}/observations", response={200: ObservationsSavedOut, 201: ObservationsSavedOut},
             auth=api_auth(Role.SECRETARIAT),
             summary="Add or replace observations of an indicator (secretariat)",
             description="Each one is checked by the rules of the import (and of the indicator page's form): "
                         "an error anywhere saves nothing, and says which observation and field.")
def add_observations(request, slug: str, payload: ObservationsIn):
    indicator = _found(slug)
    # The import's own checker, on rows as a file would hold them; the line of a row is its index.
    header = tabular.Row(-1, list(IMPORT_COLUMNS))
    rows = [tabular.Row(n, [indicator.slug, o.area, o.measure, o.period,
                                "" if o.value is None else format(o.value, "f"),
                                "" if o.numerator is None else str(o.numerator),
                                "" if o.denominator is None else str(o.denominator), o.note])
            for n, o in enumerate(payload.observations)]
    checked, errors = importing._Checker().check([header, *rows])
    if errors:
        refusal: dict[str, list[str]] = {}
        for error in errors:
            refusal.setdefault(f"observations.{error.line}.{error.column}".rstrip("."), []).append(error.message)
        raise ValidationError(refusal)
    return _saved(services.save_observations(checked))


@router.post("/observations/import", response={200: ObservationsSavedOut, 201: ObservationsSavedOut},
             auth=api_auth(Role.SECRETARIAT),
             summary="Import observations from a CSV or XLSX file (secretariat), as the import page does",
             description="Columns: indicator, area, period, value or numerator and denominator; optionally "
                         "measure and note. A file with any error saves nothing; each error names its line.")
def import_observation_file(request, file: File[UploadedFile]):
    form = ImportForm(data={}, files={"file": file})
    if not form.is_valid():
        raise form_refusal(form)
    upload = form.cleaned_data["file"]
    result = importing.import_observations(upload.read(), upload.name)
    if result.errors:
        raise ValidationError({"file": [str(error) for error in result.errors]})
    return _saved({"created": result.created, "updated": result.updated})
