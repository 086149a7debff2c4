"""Writes and runs of the cost distribution: the register of a year, cost bases, and
allocations. The engine does the arithmetic; these functions feed it from the database and
store what it returns, each in one transaction."""
from dataclasses import asdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from radsmodell.core.tabular import RowError
from radsmodell.portfolio.models import NationalSolution

from . import engine
from . import gate as gate_rules
from .builtin import BUILTIN_MODELS
from .gate_services import facts as gate_facts
from .models import Allocation, AllocationLine, CostBase, PayingOrganisation, PaymentGate
from .organisations import parse_organisations

# Which national solution in the portfolio register each built-in price model prices.
MODEL_SOLUTIONS = {"sfm-2025": "sfm", "provesvar-2025": "pasientens-provesvar", "helsenettet-2024": "helsenettet",
                   "helsenettet-2025": "helsenettet"}
FIELDS = ["org_number", "name", "kind", "segment", "turnover_nok", "keeps_accounts", "locations", "ftes", "nace",
          "population", "chain"]


def price_model(slug: str) -> engine.PriceModel:
    if slug not in BUILTIN_MODELS:
        raise ValidationError({"model": _("Ukjent prismodell «%(slug)s».") % {"slug": slug}})
    return BUILTIN_MODELS[slug]


def solution_of(slug: str) -> NationalSolution | None:
    return NationalSolution.objects.filter(slug=MODEL_SOLUTIONS.get(slug, "")).first()


def read_organisation_file(content: bytes, filename: str) -> tuple[list[engine.Organisation], list[RowError]]:
    result = parse_organisations(content, filename)
    return result.organisations, result.errors


@transaction.atomic
def replace_register(year: int, organisations: list[engine.Organisation]) -> int:
    """The register of `year` becomes exactly these organisations (the file is the register);
    the change log records who removed and added which organisation."""
    PayingOrganisation.objects.filter(year=year).delete()
    bulk_create_with_history([PayingOrganisation(year=year, **{f: getattr(o, f) for f in FIELDS})
                              for o in organisations], PayingOrganisation, batch_size=2000)
    return len(organisations)


def record_cost_base(solution: NationalSolution, year: int, amount_ore: int, source: str = "") -> CostBase:
    """The cost base of a solution's year, as the secretariat records it (replaces an illustrative one)."""
    base, _created = CostBase.objects.update_or_create(
        solution=solution, year=year, defaults={"amount_ore": amount_ore, "source": source, "assumption": "",
                                                "illustrative": False})
    return base


def register(year: int) -> list[engine.Organisation]:
    """The register of a year in the engine's form."""
    rows = PayingOrganisation.objects.filter(year=year).order_by("org_number").values_list(*FIELDS)
    return [engine.Organisation(**{**dict(zip(FIELDS, row)), "ftes": row[7] or Decimal(0), "population": row[9] or 0,
                                   "keeps_accounts": True if row[5] is None else row[5]}) for row in rows]


def cost_base(model_slug: str, year: int) -> CostBase | None:
    solution = solution_of(model_slug)
    return CostBase.objects.filter(solution=solution, year=year).first() if solution else None


def cost_for(model_slug: str, year: int, cost_ore: int | None, field: str = "cost") -> int:
    """The cost to split: the one given, or else the cost base registered for the model's solution and year."""
    if cost_ore is not None:
        return cost_ore
    base = cost_base(model_slug, year)
    if base is None:
        raise ValidationError({field: _("Det er ikke registrert noe kostnadsgrunnlag for løsningen i %(year)s: "
                                        "skriv inn beløpet.") % {"year": year}})
    return base.amount_ore


def run(model_slug: str, year: int, cost_ore: int, legal_basis_private: bool = False,
        model: engine.PriceModel | None = None) -> engine.Allocation:
    """Allocate without storing (scenarios, comparisons, threshold reports); `model` is a variant to use instead."""
    model = model or price_model(model_slug)
    organisations = register(year)
    if not organisations:
        raise ValidationError({"year": _("Registeret over betalende virksomheter for %(year)s er tomt.")
                                       % {"year": year}})
    try:
        return engine.allocate(model, year, cost_ore, organisations, legal_basis_private=legal_basis_private)
    except (engine.AllocationError, engine.ModelError) as error:
        raise ValidationError(str(error))


def gate_warnings(model_slug: str, year: int) -> list[str]:
    """Services of the model's solution that have not passed the duty-to-pay gate by 1 January of the year."""
    solution = solution_of(model_slug)
    warnings = []
    for gate in PaymentGate.objects.filter(solution=solution).prefetch_related("requirements") if solution else []:
        facts = gate_facts(gate)
        entry = gate_rules.entry_date(facts.approved_on) if gate_rules.status(facts)[0] else None
        if entry is None:
            warnings.append(_("Plikt til betaling: «%(service)s» kommer inn i kostnadsfordelingen ikke før plikten "
                              "til betaling er godkjent (se siden om plikt til betaling).") % {"service": gate.service})
        elif entry > date(year, 1, 1):
            warnings.append(_("Plikt til betaling: «%(service)s» kommer inn i kostnadsfordelingen først fra "
                              "%(date)s (se siden om plikt til betaling).")
                            % {"service": gate.service, "date": f"{entry:%d.%m.%Y}"})
    return warnings


@transaction.atomic
def allocate(model_slug: str, year: int, cost_ore: int, legal_basis_private: bool = False, user=None,
             label: str = "") -> Allocation:
    """Run the price model on the register of the year and store the segment totals and lines."""
    result = run(model_slug, year, cost_ore, legal_basis_private)
    stored = Allocation.objects.create(
        model_slug=model_slug, model_name=result.model.name, solution=solution_of(model_slug), year=year,
        cost_ore=cost_ore, legal_basis_private=legal_basis_private, step=result.step.label, label=label,
        segments=[{**asdict(s), "share": str(s.share)} for s in result.segments],
        notes=list(result.notes) + gate_warnings(model_slug, year),
        created_by=user if user is not None and user.is_authenticated else None)
    # The lines are the run's output, never edited, deleted only with it: the allocation's history
    # row records who ran what (model, year, cost, register year) and the lines follow from that.
    AllocationLine.objects.bulk_create([
        AllocationLine(allocation=stored, org_number=line.org_number, name=line.name, segment=line.segment,
                       kind=line.kind, category=line.category, charged=line.charged, yearly_ore=line.yearly_ore,
                       first_month_ore=line.first_month_ore, monthly_ore=line.monthly_ore)
        for line in result.lines()], batch_size=2000)
    return stored
