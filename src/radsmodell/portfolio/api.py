"""JSON API of the portfolio: initiatives (with the public overview's filters) and rounds; the
secretariat registers and changes initiatives, and owners report status, as on the pages."""
import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from radsmodell.core import links, timeline
from radsmodell.core.api import EventOut, LinkOut, Rows, api_enum, english_keys, events_as_api, paginated
from radsmodell.core.provenance import cite
from radsmodell.core.roles import Role, api_auth
from radsmodell.core.validation import InputSchema, form_refusal, value_problem

from . import selectors, services
from .forms import RISK_ROWS, InitiativeForm, ReportForm
from .models import EpjVendor, Initiative, NationalSolution, Round, StatusReport

router = Router(tags=["Portefølje"])

# The API's enums, in English whatever the register stores (core/api.py): "kommune" is "municipality".
InitiativeOwnerType = api_enum("InitiativeOwnerType", Initiative.OwnerType)
InitiativeSegment = api_enum("InitiativeSegment", Initiative.Segment)
InitiativeLifecycle = api_enum("InitiativeLifecycle", Initiative.Lifecycle)
InitiativePhase = api_enum("InitiativePhase", Initiative.Phase)
StatusColour = api_enum("StatusColour", StatusReport.Rag)
ReportState = api_enum("ReportState", StatusReport.State)
RoundStatus = api_enum("RoundStatus", Round.Status)


class InitiativeOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    owner: str
    owner_type: InitiativeOwnerType | None
    segment: InitiativeSegment | None
    lifecycle: InitiativeLifecycle | None
    phase: InitiativePhase | None
    goals: list[int]
    national_solutions: list[str]
    status: StatusColour | None = Field(description="The overall colour of the latest accepted status report")
    status_round: str | None


class InitiativeDetailOut(InitiativeOut):
    description: str
    period: str
    investment: str
    part_of: str | None
    epj_vendors: list[str]
    depends_on: list[str]
    dependants: list[str]
    source: str  # the public reference to the document (core/provenance.py)
    owner_assumption: str  # why the owner is inferred rather than read; empty when a source says it
    phase_assumption: str
    links: list[LinkOut]  # the cases, goals, indicators, … linked to the initiative that the reader may see
    events: list[EventOut]  # its history across the modules, newest first (the page's "Historikk")


class FiltersIn(InputSchema):
    segment: InitiativeSegment | None = None
    owner_type: InitiativeOwnerType | None = None
    goal: int | None = Field(None, ge=1, le=5, description="One of the strategy's main goals, 1–5")
    status: StatusColour | None = Field(None, description="The overall colour of the latest accepted status report")
    solution: str = Field("", description="The slug of a national solution the initiatives depend on")


class RoundOut(Schema):
    id: int
    slug: str
    name: str
    cut_off: date | None
    status: RoundStatus
    assumption: str  # why the status is inferred rather than read; empty when a source says it


class RoundSummaryOut(RoundOut):
    stated: dict[str, int]
    reported: int
    by_status: dict[str, int] = Field(description="Accepted reports by overall colour (StatusColour, or `none`)")
    by_lifecycle: dict[str, int] = Field(description="By lifecycle (InitiativeLifecycle, or `unknown`)")
    by_segment: dict[str, int] = Field(description="By segment (InitiativeSegment, or `unknown`)")
    by_owner_type: dict[str, int] = Field(description="By owner type (InitiativeOwnerType, or `unknown`)")
    themes: list[str]


def _initiative(i: Initiative) -> dict:
    report = getattr(i, "latest_report", None)
    return {
        "id": i.pk, "slug": i.slug, "name": i.name, "short_name": i.short_name, "owner": i.owner,
        "owner_type": InitiativeOwnerType.of(i.owner_type), "segment": InitiativeSegment.of(i.segment),
        "lifecycle": InitiativeLifecycle.of(i.lifecycle), "phase": InitiativePhase.of(i.phase),
        "goals": i.goals, "national_solutions": [s.slug for s in i.national_solutions.all()],
        "status": StatusColour.of(report.overall) if report else None,
        "status_round": report.round.slug if report else None,
    }


def _round(r: Round) -> dict:
    return {"id": r.pk, "slug": r.slug, "name": r.name, "cut_off": r.cut_off, "status": RoundStatus.of(r.status),
            "assumption": r.assumption}


@router.get("/initiatives", response=list[InitiativeOut], summary="Initiatives, filtered as on the public overview")
@paginated
def list_initiatives(request, filters: Query[FiltersIn]):
    chosen = selectors.Filters(
        segment=filters.segment.db if filters.segment else "", owner_type=filters.owner_type.db if filters.owner_type
        else "", goal=filters.goal, status=filters.status.db if filters.status else "", solution=filters.solution)
    return Rows(selectors.initiatives(chosen), _initiative)  # filtered in Python (goals are JSON): a list


@router.get("/initiatives/{initiative_id}", response=InitiativeDetailOut,
            summary="One initiative, by its id or its slug (`/api/initiatives/pll`)")
def get_initiative(request, initiative_id: str):
    is_id = initiative_id.isascii() and initiative_id.isdigit() and len(initiative_id) < 19
    slug = Initiative.objects.filter(pk=int(initiative_id)).values_list("slug", flat=True).first() if is_id else None
    initiative = selectors.initiative_detail(slug or initiative_id)  # not an id of any: a slug
    if initiative is None:
        raise HttpError(404, gettext("Fant ikke tiltaket"))
    initiative.latest_report = initiative.accepted_reports[0] if initiative.accepted_reports else None
    return {**_initiative(initiative), "description": initiative.description, "period": initiative.period,
            "investment": initiative.investment, "part_of": initiative.part_of.slug if initiative.part_of else None,
            "epj_vendors": [v.slug for v in initiative.epj_vendors.all()],
            "depends_on": [d.slug for d in initiative.depends_on.all()],
            "dependants": [d.slug for d in initiative.dependants.all()], "source": cite(initiative.source),
            "owner_assumption": initiative.owner_assumption, "phase_assumption": initiative.phase_assumption,
            "links": links.as_api(links.links_of_object(initiative, request.user)),
            "events": events_as_api(timeline.events_of_object(initiative, request.user))}


@router.get("/rounds", response=list[RoundOut])
@paginated
def list_rounds(request):
    return Rows(Round.objects.all(), _round)


@router.get("/rounds/{round_id}/summary", response=RoundSummaryOut,
            summary="The figures the round's report states, and counts of its accepted reports")
def round_summary(request, round_id: int):
    found = Round.objects.filter(pk=round_id).first()
    if found is None:
        raise HttpError(404, gettext("Fant ikke statusrunden"))
    summary = selectors.round_summary(found)
    return {**_round(found), "stated": summary.stated, "reported": summary.reported,
            "by_status": english_keys(StatusColour, summary.by_status),
            "by_lifecycle": english_keys(InitiativeLifecycle, summary.by_lifecycle),
            "by_segment": english_keys(InitiativeSegment, summary.by_segment),
            "by_owner_type": english_keys(InitiativeOwnerType, summary.by_owner_type), "themes": found.themes}


# --- Writes: initiatives (secretariat) and status reports (reporters, for their owner's initiatives) ----
# Each goes through the page's own form and service, so the API refuses what the page refuses.

INITIATIVE_ENUMS = ("owner_type", "segment", "lifecycle", "phase")
INITIATIVE_RELATIONS = {"national_solutions": NationalSolution, "epj_vendors": EpjVendor, "depends_on": Initiative}


class InitiativeIn(InputSchema):
    """An initiative as the secretariat's form has it: a new one needs `name` and `slug`; a change
    keeps every field it leaves out."""
    name: str = ""
    short_name: str = ""
    slug: str = ""
    description: str = ""
    owner: str = ""
    owner_type: InitiativeOwnerType | None = None
    owner_assumption: str = ""
    segment: InitiativeSegment | None = None
    lifecycle: InitiativeLifecycle | None = None
    phase: InitiativePhase | None = None
    phase_assumption: str = ""
    period: str = ""
    criterion_1: bool | None = None
    criterion_2a: bool | None = None
    criterion_2b: bool | None = None
    national_solutions: list[str] = Field(default_factory=list, description="Slugs of national solutions")
    epj_vendors: list[str] = Field(default_factory=list, description="Slugs of EPJ vendors")
    depends_on: list[str] = Field(default_factory=list, description="Slugs of other initiatives")
    investment: str = ""
    main_goal: int | None = Field(None, description="The strategy's main goal, 1–5")
    other_goals: list[int] = Field(default_factory=list, description="Other goals, 1–5")


class RiskIn(InputSchema):
    description: str
    probability: int | None = Field(None, description="1–5")
    impact: int | None = Field(None, description="1–5")
    mitigation: str = ""


class StatusReportIn(InputSchema):
    overall: StatusColour | None = None
    schedule: StatusColour | None = None
    cost: StatusColour | None = None
    scope: StatusColour | None = None
    risk: StatusColour | None = None
    text: str = Field("", description="What has changed since the last report")
    milestones: str = ""
    risks: list[RiskIn] = Field(default_factory=list, max_length=RISK_ROWS)
    submit: bool = Field(False, description="Hand the report to the secretariat (needs `overall` and `text`); "
                                            "false saves it as a draft")


class RiskOut(Schema):
    description: str
    probability: int
    impact: int
    mitigation: str


class StatusReportOut(Schema):
    round: str
    initiative: str
    state: ReportState
    overall: StatusColour | None
    schedule: StatusColour | None
    cost: StatusColour | None
    scope: StatusColour | None
    risk: StatusColour | None
    text: str
    milestones: str
    risks: list[RiskOut]
    returned_reason: str


def _by_ref(ref: str) -> tuple[int | None, str | None]:
    """An id or a slug from the path; (None, None) for text no slug can be (a NUL byte would make
    PostgreSQL refuse the query)."""
    if value_problem("", ref):
        return None, None
    return (int(ref) if ref.isascii() and ref.isdigit() and len(ref) < 19 else None), ref


def _initiative_by_ref(ref: str) -> Initiative:
    """An initiative by its id or its slug, as GET /api/initiatives/{initiative_id} finds it."""
    pk, slug = _by_ref(ref)
    found = (Initiative.objects.filter(pk=pk).first() if pk else None) or \
        Initiative.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(404, gettext("Fant ikke tiltaket"))
    return found


def _round_by_ref(ref: str) -> Round:
    pk, slug = _by_ref(ref)
    found = (Round.objects.filter(pk=pk).first() if pk else None) or Round.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(404, gettext("Fant ikke statusrunden"))
    return found


def _pks(field: str, slugs: list[str]) -> list[int]:
    found = dict(INITIATIVE_RELATIONS[field].objects.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ValidationError({field: gettext("Ukjent kortnavn: %(slugs)s.") % {"slugs": ", ".join(unknown)}})
    return [found[slug] for slug in slugs]


def _initiative_form(payload: InitiativeIn, instance: Initiative | None) -> InitiativeForm:
    """The page's form, filled from the instance and then from what the request gives."""
    data = {}
    if instance is not None:
        data = {name: ([o.pk for o in value] if name in INITIATIVE_RELATIONS else value)
                for name, value in model_to_dict(instance, fields=InitiativeForm._meta.fields).items()}
        data |= {"main_goal": instance.main_goal or "", "other_goals": instance.goals[1:]}
    for name, value in payload.dict(exclude_unset=True).items():
        if name in INITIATIVE_ENUMS:
            value = value.db if value else ""
        elif name in INITIATIVE_RELATIONS:
            value = _pks(name, value)
        elif name == "main_goal" and value is None:
            value = ""
        data[name] = value
    return InitiativeForm(data, instance=instance)


def _save_initiative(payload: InitiativeIn, instance: Initiative | None) -> Initiative:
    form = _initiative_form(payload, instance)
    if not form.is_valid():
        raise form_refusal(form)
    with transaction.atomic():
        return form.save()


@router.post("/initiatives", response={201: InitiativeDetailOut}, auth=api_auth(Role.SECRETARIAT),
             summary="Register an initiative (secretariat), checked as the page's form checks it")
def create_initiative(request, payload: InitiativeIn):
    saved = _save_initiative(payload, None)
    return Status(201, get_initiative(request, saved.slug))


@router.patch("/initiatives/{initiative_id}", response=InitiativeDetailOut, auth=api_auth(Role.SECRETARIAT),
              summary="Change an initiative (secretariat), by its id or slug; fields left out keep their value")
def update_initiative(request, initiative_id: str, payload: InitiativeIn):
    saved = _save_initiative(payload, _initiative_by_ref(initiative_id))
    return get_initiative(request, saved.slug)


def _risk_field(name: str) -> str:
    """The form's "risk-2-impact" as the API's "risks.1.impact"."""
    found = re.fullmatch(r"risk-(\d+)-(\w+)", name)
    return f"risks.{int(found[1]) - 1}.{found[2]}" if found else name


def _report_form(payload: StatusReportIn) -> ReportForm:
    data = {field: (getattr(payload, field).db if getattr(payload, field) else "") for field in services.RAG_FIELDS}
    data |= {"text": payload.text, "milestones": payload.milestones}
    for number, risk in enumerate(payload.risks, start=1):
        data |= {f"risk-{number}-{key}": "" if value is None else value for key, value in risk.dict().items()}
    return ReportForm(data)


def _report_out(report: StatusReport) -> dict:
    return {"round": report.round.slug, "initiative": report.initiative.slug, "state": ReportState.of(report.state),
            **{field: StatusColour.of(getattr(report, field)) for field in services.RAG_FIELDS},
            "text": report.text, "milestones": report.milestones, "returned_reason": report.returned_reason,
            "risks": [{"description": r.description, "probability": r.probability, "impact": r.impact,
                       "mitigation": r.mitigation} for r in report.risks.all()]}


@router.put("/rounds/{round_id}/reports/{initiative_id}", response={200: StatusReportOut, 201: StatusReportOut},
            auth=api_auth(Role.SIGNED_IN),
            summary="Save or submit the status report of an initiative in an open round",
            description="For the secretariat, and for a reporter on the initiatives of the owner they report for "
                        "(403 otherwise). The round and the initiative by id or slug. 201 when the report is new.")
def save_status_report(request, round_id: str, initiative_id: str, payload: StatusReportIn):
    round_, initiative = _round_by_ref(round_id), _initiative_by_ref(initiative_id)
    if not services.can_report(request.user, initiative):  # as the page refuses it, before any check
        raise PermissionDenied(gettext("Du rapporterer bare for egne tiltak."))
    services.ensure_round_open(round_)  # a closed round's reason comes before the payload's faults
    existed = StatusReport.objects.filter(round=round_, initiative=initiative).exists()
    form = _report_form(payload)
    if not form.is_valid():
        raise form_refusal(form, _risk_field)
    try:
        report = services.save_report(round_, initiative, request.user, form.cleaned_data, form.risks(),
                                      payload.submit)
    except ValidationError as error:
        if type(error) is not ValidationError or not hasattr(error, "error_dict"):
            raise  # Frozen and other refusals keep their own answer
        raise ValidationError({_risk_field(name): errors for name, errors in error.error_dict.items()}) from None
    return Status(200 if existed else 201, _report_out(report))
