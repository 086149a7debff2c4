"""JSON API of the cost distribution: solutions with cost bases, price models, allocations."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from radsmodell.core.roles import Role, api_auth
from radsmodell.portfolio.models import NationalSolution

from . import engine, services
from .builtin import BUILTIN_MODELS
from .models import Allocation

router = Router(tags=["Kostnadsfordeling"])


class CostBaseOut(Schema):
    year: int
    amount_nok: Decimal
    illustrative: bool
    source: str


class SolutionOut(Schema):
    slug: str
    name: str
    included_in: str | None
    cost_bases: list[CostBaseOut]
    price_models: list[str]


class ParameterOut(Schema):
    path: str
    value: str
    source: str
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
                             "illustrative": c.illustrative, "source": c.source} for c in s.cost_bases.all()],
             "price_models": models_by_solution.get(s.slug, [])}
            for s in NationalSolution.objects.select_related("included_in").prefetch_related("cost_bases")]


@router.get("/price-models", response=list[PriceModelOut], summary="Built-in price models with every parameter")
def list_price_models(request):
    return [{"slug": m.slug, "name": m.name, "solution": m.solution, "source": m.source,
             "periods": [p.label for p in m.periods],
             "parameters": [{"path": p.path, "value": str(p.value), "source": p.source, "assumption": p.assumption}
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
