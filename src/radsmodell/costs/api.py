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
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from radsmodell.core.provenance import cite
from radsmodell.core.roles import Role, api_auth
from radsmodell.portfolio.models import NationalSolution

from . import engine, gate_services, services
from . import gate as gate_rules
from .builtin import BUILTIN_MODELS
from .models import Allocation, GateRequirement, PaymentGate

router = Router(tags=["Kostnadsfordeling"])


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


class AllocationIn(Schema):
    model: str
    year: int
    cost_nok: str | None = None  # kroner as text ("120000000" or "1 633,50"); empty: the registered cost base
    legal_basis_private: bool = False
    label: str = ""


class SegmentOut(Schema):
    segment: str
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
    org_number: str
    name: str
    segment: str
    category: str
    charged: bool
    amount_nok: Decimal
    first_month_nok: Decimal
    monthly_nok: Decimal


@router.get("/solutions", response=list[SolutionOut], summary="National e-health solutions with their cost bases")
def list_solutions(request):
    models_by_solution: dict[str, list[str]] = {}
    for slug, solution in services.MODEL_SOLUTIONS.items():
        models_by_solution.setdefault(solution, []).append(slug)
    return [{"slug": s.slug, "name": s.name, "included_in": s.included_in.slug if s.included_in else None,
             "cost_bases": [{"year": c.year, "amount_nok": engine.ore_to_nok(c.amount_ore),
                             "illustrative": c.illustrative, "source": cite(c.source), "assumption": c.assumption}
                            for c in s.cost_bases.all()],
             "price_models": models_by_solution.get(s.slug, [])}
            for s in NationalSolution.objects.select_related("included_in").prefetch_related("cost_bases")]


@router.get("/price-models", response=list[PriceModelOut], summary="Built-in price models with every parameter")
def list_price_models(request):
    return [{"slug": m.slug, "name": m.name, "solution": m.solution, "source": cite(m.source),
             "periods": [p.label for p in m.periods],
             "parameters": [{"path": p.path, "value": str(p.value), "source": cite(p.source),
                             "assumption": p.assumption}
                            for p in m.parameters()]} for m in BUILTIN_MODELS.values()]


def _allocation(a: Allocation) -> dict:
    return {"id": a.pk, "model": a.model_slug, "year": a.year, "cost_nok": engine.ore_to_nok(a.cost_ore),
            "step": a.step, "lines": a.lines.count(),
            "segments": [{"segment": s["segment"], "label": s["label"], "share": s["share"],
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
def list_lines(request, allocation_id: int):
    allocation = get_object_or_404(Allocation, pk=allocation_id)
    return [{"org_number": line.org_number, "name": line.name, "segment": line.segment, "category": line.category,
             "charged": line.charged, "amount_nok": engine.ore_to_nok(line.yearly_ore),
             "first_month_nok": engine.ore_to_nok(line.first_month_ore),
             "monthly_nok": engine.ore_to_nok(line.monthly_ore)}
            for line in allocation.lines.order_by("segment", "org_number")]


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
    change: str  # uendret, omformulert, lagt_til or tatt_ut: how it differs from the template
    template: TemplateRequirementOut | None  # the template's requirement it starts from; None: added
    dropped_reason: str
    met: bool  # met with evidence (a dropped requirement is not counted)
    evidence: str
    assumption: str


class GateOut(Schema):
    slug: str
    service: str
    solution: str | None
    legal_status: str
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
            "change": listed.change, "template": _template(listed.proposed) if listed.proposed else None,
            "dropped_reason": row.dropped_reason, "met": listed.fulfilled and not listed.dropped,
            "evidence": row.evidence, "assumption": row.assumption})
    return {
        "slug": gate.slug, "service": gate.service, "solution": gate.solution.slug if gate.solution else None,
        "legal_status": gate.legal_status, "legal_status_label": gate.get_legal_status_display(),
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
def list_payment_gates(request):
    today = timezone.localdate()
    return [_gate(gate, today) for gate in _gates()]


@router.get("/payment-gates/{slug}", response=GateOut, summary="One service at the duty-to-pay gate")
def get_payment_gate(request, slug: str):
    return _gate(get_object_or_404(_gates(), slug=slug), timezone.localdate())
