"""JSON API of the cost distribution: solutions with cost bases, price models, allocations, and
the duty-to-pay gate per service with its own requirements. Sources are public references
(core.provenance.cite), never transcription notes; an assumed value says why it is assumed."""
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from radsmodell.core.api import Rows, api_enum, paginated
from radsmodell.core.provenance import cite
from radsmodell.core.roles import Role, api_auth
from radsmodell.core.tabular import Row
from radsmodell.core.validation import InputSchema, form_refusal
from radsmodell.portfolio.models import NationalSolution

from . import engine, gate_services, organisations, services
from . import gate as gate_rules
from .builtin import BUILTIN_MODELS
from .engine.model import KINDS, SEGMENT_OF_KIND, SEGMENTS
from .forms import OrganisationImportForm, YearField
from .lines import line_record
from .models import Allocation, GateRequirement, PayingOrganisation, PaymentGate
from .organisations import HEADER as ORGANISATION_COLUMNS

router = Router(tags=["Kostnadsfordeling"])

# The API's enums, in English whatever the register stores (core/api.py): "kommune" is "municipalities".
ENGLISH_SEGMENTS = {"rhf": "REGIONAL_HEALTH_AUTHORITIES", "kommune": "MUNICIPALITIES", "ovrige": "OTHERS"}
OrganisationSegment = api_enum("OrganisationSegment", [(s, ENGLISH_SEGMENTS[s]) for s in SEGMENTS])
# The kinds of the register file, in English for the API.
ENGLISH_KINDS = {"rhf": "REGIONAL_HEALTH_AUTHORITY", "hf": "HEALTH_TRUST", "kommune": "MUNICIPALITY",
                 "fylkeskommune": "COUNTY_COUNCIL", "privat": "PRIVATE", "laboratorium": "LABORATORY",
                 "radiologi": "RADIOLOGY", "apotek": "PHARMACY"}
OrganisationKind = api_enum("OrganisationKind", [(kind, ENGLISH_KINDS[kind]) for kind in KINDS])
GateLegalStatus = api_enum("GateLegalStatus", PaymentGate.Legal)
RequirementChange = api_enum("RequirementChange", [
    (gate_rules.UNCHANGED, "UNCHANGED"), (gate_rules.REWORDED, "REWORDED"), (gate_rules.ADDED, "ADDED"),
    (gate_rules.DROPPED, "DROPPED")])


class CostBaseOut(Schema):
    year: int
    amount_nok: Decimal
    illustrative: bool
    source: str  # the public reference
    assumption: str  # why the amount is assumed; empty when a source gives it


class SolutionOut(Schema):
    slug: str
    name: str
    included_in: str | None
    cost_bases: list[CostBaseOut]
    price_models: list[str]


class ParameterOut(Schema):
    path: str
    value: str
    source: str  # the public reference; for an assumed value the reason it is assumed
    assumption: bool


class PriceModelOut(Schema):
    slug: str
    name: str
    solution: str
    source: str
    periods: list[str]
    parameters: list[ParameterOut]


class AllocationIn(InputSchema):
    model: str
    year: int
    cost_nok: str | None = None  # kroner as text ("120000000" or "1 633,50"); empty: the registered cost base
    legal_basis_private: bool = False
    label: str = ""


class SegmentOut(Schema):
    segment: OrganisationSegment
    label: str
    share: str
    amount_nok: Decimal
    organisations: int


class AllocationOut(Schema):
    id: int
    model: str
    year: int
    cost_nok: Decimal
    step: str
    segments: list[SegmentOut]
    lines: int


class LineOut(Schema):
    """The columns of the lines' CSV and JSON downloads and of `radsmodell allocate` (lines.LINE_COLUMNS),
    with the segment and the kind as this API's enums."""
    org_number: str
    name: str
    segment: OrganisationSegment
    segment_label: str
    kind: OrganisationKind
    category: str
    charged: bool
    amount_nok: Decimal
    first_month_nok: Decimal
    monthly_nok: Decimal


@router.get("/solutions", response=list[SolutionOut], summary="National e-health solutions with their cost bases")
@paginated
def list_solutions(request):
    models_by_solution: dict[str, list[str]] = {}
    for slug, solution in services.MODEL_SOLUTIONS.items():
        models_by_solution.setdefault(solution, []).append(slug)
    return Rows(NationalSolution.objects.select_related("included_in").prefetch_related("cost_bases"), lambda s: {
        "slug": s.slug, "name": s.name, "included_in": s.included_in.slug if s.included_in else None,
        "cost_bases": [{"year": c.year, "amount_nok": engine.ore_to_nok(c.amount_ore), "illustrative": c.illustrative,
                        "source": cite(c.source), "assumption": c.assumption} for c in s.cost_bases.all()],
        "price_models": models_by_solution.get(s.slug, [])})


@router.get("/price-models", response=list[PriceModelOut], summary="Built-in price models with every parameter")
@paginated
def list_price_models(request):
    return [{"slug": m.slug, "name": m.name, "solution": m.solution, "source": cite(m.source),
             "periods": [p.label for p in m.periods],
             "parameters": [{"path": p.path, "value": str(p.value), "source": cite(p.source),
                             "assumption": p.assumption}
                            for p in m.parameters()]} for m in BUILTIN_MODELS.values()]


def _allocation(a: Allocation) -> dict:
    return {"id": a.pk, "model": a.model_slug, "year": a.year, "cost_nok": engine.ore_to_nok(a.cost_ore),
            "step": a.step, "lines": a.lines.count(),
            "segments": [{"segment": OrganisationSegment.of(s["segment"]), "label": s["label"], "share": s["share"],
                          "amount_nok": engine.ore_to_nok(s["amount_ore"]), "organisations": s["organisations"]}
                         for s in a.segments]}


@router.post("/allocations", response={201: AllocationOut}, auth=api_auth(Role.SECRETARIAT),
             summary="Run a price model on a year's register (secretariat)")
def create_allocation(request, payload: AllocationIn):
    if payload.model not in BUILTIN_MODELS:
        raise HttpError(422, _("Ukjent prismodell «%(model)s» (kjente: %(known)s)")
                        % {"model": payload.model, "known": ", ".join(BUILTIN_MODELS)})
    cost = None
    if payload.cost_nok:
        try:
            cost = engine.nok_to_ore(payload.cost_nok)
        except engine.AmountError as error:
            raise ValidationError({"cost_nok": str(error)})
    cost = services.cost_for(payload.model, payload.year, cost, field="cost_nok")
    stored = services.allocate(payload.model, payload.year, cost, payload.legal_basis_private, request.user,
                               payload.label)
    return Status(201, _allocation(stored))


@router.get("/allocations/{allocation_id}", response=AllocationOut)
def get_allocation(request, allocation_id: int):
    return _allocation(get_object_or_404(Allocation, pk=allocation_id))


@router.get("/allocations/{allocation_id}/lines", response=list[LineOut], summary="One invoice line per organisation")
@paginated
def list_lines(request, allocation_id: int):
    allocation = get_object_or_404(Allocation, pk=allocation_id)
    return Rows(allocation.lines.order_by("segment", "org_number"), lambda line: {
        **line_record(line), "segment": OrganisationSegment.of(line.segment), "kind": OrganisationKind.of(line.kind)})


# ---------------------------------------------------------------- duty to pay (case 18/24)

class TemplateRequirementOut(Schema):
    number: int
    title: str
    detail: str


class TemplateOut(Schema):
    source: str
    requirements: list[TemplateRequirementOut]


class GateRequirementOut(Schema):
    number: int
    title: str
    detail: str
    change: RequirementChange  # how it differs from the template
    template: TemplateRequirementOut | None  # the template's requirement it starts from; None: added
    dropped_reason: str
    met: bool  # met with evidence (a dropped requirement is not counted)
    evidence: str
    assumption: str


class GateOut(Schema):
    slug: str
    service: str
    solution: str | None
    legal_status: GateLegalStatus
    legal_status_label: str
    legal_decided_by: str
    legal_decided_on: date | None
    requirements_met: int
    requirements_listed: int
    requirements: list[GateRequirementOut]
    approved_by: str
    approved_on: date | None
    target_groups: str
    epj_systems: str
    production_date: date | None
    planned_entry: date | None
    entry: date | None  # into the cost split, once approved
    earliest_entry: date | None  # not approved: the entry if the owner approved today
    late: bool  # the entry comes more than one year after production
    ready: bool
    missing: list[str]
    source: str
    assumption: str


def _template(requirement: gate_rules.Requirement) -> dict:
    return {"number": requirement.number, "title": _(requirement.title), "detail": _(requirement.detail)}


def _gate(gate: PaymentGate, today: date) -> dict:
    facts = gate_services.facts(gate)
    timing = gate_rules.timing(facts, today)
    missing = gate_rules.gaps(facts)
    requirements = []
    for row in sorted(gate.requirements.all(), key=lambda r: r.number):
        listed = gate_services.listed(row)
        requirements.append({
            "number": row.number, "title": _(row.title), "detail": _(row.detail) if row.detail else "",
            "change": RequirementChange.of(listed.change),
            "template": _template(listed.proposed) if listed.proposed else None,
            "dropped_reason": row.dropped_reason, "met": listed.fulfilled and not listed.dropped,
            "evidence": row.evidence, "assumption": row.assumption})
    return {
        "slug": gate.slug, "service": gate.service, "solution": gate.solution.slug if gate.solution else None,
        "legal_status": GateLegalStatus.of(gate.legal_status), "legal_status_label": gate.get_legal_status_display(),
        "legal_decided_by": gate.legal_decided_by, "legal_decided_on": gate.legal_decided_on,
        "requirements_met": facts.met_count, "requirements_listed": facts.listed_count,
        "requirements": requirements, "approved_by": gate.approved_by, "approved_on": gate.approved_on,
        "target_groups": gate.target_groups, "epj_systems": gate.epj_systems,
        "production_date": gate.production_date, "planned_entry": gate.planned_entry, "entry": timing.entry,
        "earliest_entry": timing.earliest, "late": timing.is_late, "ready": not missing,
        "missing": [m.text(_) for m in missing], "source": cite(gate.source), "assumption": gate.assumption,
    }


def _gates():
    return PaymentGate.objects.select_related("solution").prefetch_related(
        Prefetch("requirements", queryset=GateRequirement.objects.order_by("number")))


@router.get("/payment-gates/template", response=TemplateOut,
            summary="The proposed requirements for sufficient trial (case 18/24) each service starts from")
def payment_gate_template(request):
    return {"source": cite(gate_rules.TEMPLATE_SOURCE),
            "requirements": [_template(r) for r in gate_rules.REQUIREMENTS]}


@router.get("/payment-gates", response=list[GateOut],
            summary="Services at the duty-to-pay gate, each with its own requirements")
@paginated
def list_payment_gates(request):
    today = timezone.localdate()
    return Rows(_gates(), lambda gate: _gate(gate, today))


@router.get("/payment-gates/{slug}", response=GateOut, summary="One service at the duty-to-pay gate")
def get_payment_gate(request, slug: str):
    return _gate(get_object_or_404(_gates(), slug=slug), timezone.localdate())


# ---------------------------------------------------------------- the register of paying organisations

MAX_ORGANISATIONS = 100_000  # per request; every Norwegian municipality, health trust and pharmacy fits


class OrganisationIn(InputSchema):
    """One organisation, checked as a row of the register file is."""
    org_number: str = Field(description="Nine digits with a valid modulus-11 check digit")
    name: str = Field(max_length=300)
    kind: OrganisationKind
    segment: OrganisationSegment | None = Field(None, description="Left out: the segment of the kind")
    turnover_nok: int | None = Field(None, description="Whole kroner; needed for private actors that keep accounts")
    keeps_accounts: bool | None = Field(None, description="Needed for private actors; left out means true otherwise")
    locations: int | None = Field(None, description="Left out means 1")
    ftes: Decimal | None = Field(None, max_digits=28,
                                 description="Full-time equivalents, at most two decimals; left out means 0")
    nace: str = Field("", description="SN2007 code such as 86.211")
    population: int | None = Field(None, description="Needed for municipalities")
    chain: str = Field("", max_length=200)


class RegisterIn(InputSchema):
    organisations: list[OrganisationIn] = Field(min_length=1, max_length=MAX_ORGANISATIONS)


class RegisterOut(Schema):
    year: int
    organisations: int


def _register_year(year: int) -> None:
    """The year as the import page's form accepts it."""
    try:
        YearField().clean(year)
    except ValidationError as error:
        raise ValidationError({"year": error.messages}) from None


def _replaced(year: int, found: list) -> Status:
    """201 for a year without a register before, 200 for one replaced."""
    existed = PayingOrganisation.objects.filter(year=year).exists()
    return Status(200 if existed else 201, {"year": year, "organisations": services.replace_register(year, found)})


def _cells(o: OrganisationIn) -> list[str]:
    """The organisation as the cells of a row of the file."""
    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return format(value, "f") if isinstance(value, Decimal) else str(value)

    segment = o.segment.db if o.segment else SEGMENT_OF_KIND[o.kind.db]
    return [o.org_number, o.name, o.kind.db, segment, cell(o.turnover_nok), cell(o.keeps_accounts), cell(o.locations),
            cell(o.ftes), o.nace, cell(o.population), o.chain]


@router.put("/organisations/{year}", response={200: RegisterOut, 201: RegisterOut}, auth=api_auth(Role.SECRETARIAT),
            summary="Replace the register of paying organisations of a year (secretariat)",
            description="As the import page does with a file: every organisation is checked as a row of the file is, "
                        "an error anywhere saves nothing and says which organisation and field, and the register of "
                        "the year becomes exactly these organisations.")
def replace_register(request, year: int, payload: RegisterIn):
    _register_year(year)
    # The file's own checker, on rows as the file would hold them; the line of a row is its index.
    header = Row(-1, list(ORGANISATION_COLUMNS))
    parsed = organisations._parse([header, *(Row(n, _cells(o)) for n, o in enumerate(payload.organisations))])
    if parsed.errors:
        refusal: dict[str, list[str]] = {}
        for error in parsed.errors:
            refusal.setdefault(f"organisations.{error.line}.{error.column}".rstrip("."), []).append(error.message)
        raise ValidationError(refusal)
    return _replaced(year, parsed.organisations)


@router.post("/organisations/{year}/import", response={200: RegisterOut, 201: RegisterOut},
             auth=api_auth(Role.SECRETARIAT),
             summary="Replace the register of a year from a CSV or XLSX file (secretariat), as the import page does")
def import_register(request, year: int, file: File[UploadedFile]):
    form = OrganisationImportForm(data={"year": year}, files={"file": file})
    if not form.is_valid():
        raise form_refusal(form)
    upload = form.cleaned_data["file"]
    found, errors = services.read_organisation_file(upload.read(), upload.name)
    if errors:
        raise ValidationError({"file": [str(error) for error in errors]})
    return _replaced(form.cleaned_data["year"], found)
