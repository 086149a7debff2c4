"""What the investment pages compute from an investment case (economics.py): the net present
value and internal rate of return for a chosen life, discount rate and benefit stream, and the
growth in running costs that the recorded cases bring (case 6/24).

Plain Python, no Django. Money in øre (int), rates as Decimal fractions (0.05 = 5 %).
"""
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .economics import (
    RISK_MARGIN,
    RUNNING_COST_RATE,
    Investment,
    InvestmentCase,
    RunningCostForecast,
    YearFlow,
    cash_flows,
    forecast_running_costs,
    irr,
    npv,
    running_cost,
)
from .engine.money import round_half_up

MAX_LIFE_YEARS = 50
MAX_FORECAST_YEARS = 15


def years_as_numbers(data):
    """A definition as stored in a JSON field: JSON keys are text, so the by-year mappings come
    back as {"2024": ...}; this gives them back their whole-number years for economics.py."""
    if isinstance(data, list):
        return [years_as_numbers(item) for item in data]
    if not isinstance(data, dict):
        return data
    if data and all(isinstance(k, str) and len(k) == 4 and k.isdigit() for k in data):
        return {int(k): years_as_numbers(v) for k, v in data.items()}
    return {k: years_as_numbers(v) for k, v in data.items()}


@dataclass(frozen=True)
class Inputs:
    life_years: int
    discount_rate: Decimal  # 0.05 = 5 %
    benefit_per_year_ore: int | None  # None: the case's own benefit stream
    with_risk_margin: bool = False


def default_inputs(case: InvestmentCase) -> Inputs:
    a = case.npv_assumptions
    return Inputs(a.life_years.value, a.discount_rate.value, None, False)


def min_life_years(case: InvestmentCase) -> int:
    """The life must cover every year with an investment or a stated benefit."""
    a = case.npv_assumptions
    years = list(a.investment_by_year.value) + list(a.benefits_by_year.value)
    return max(1, max(years, default=a.first_year.value) - a.first_year.value + 1)


@dataclass(frozen=True)
class DiscountedFlow:
    flow: YearFlow
    factor: Decimal
    present_ore: int


@dataclass(frozen=True)
class Appraisal:
    inputs: Inputs
    flows: tuple[DiscountedFlow, ...]
    running_per_year_ore: int
    npv_ore: int
    irr: Decimal | None
    costs_only_npv_ore: int  # the same flows without any benefit
    break_even_benefit_ore: int | None  # a constant yearly benefit that gives NPV 0
    stated_npv_benefit_ore: int | None  # a constant yearly benefit that gives the source's stated NPV
    benefits_from_case: bool

    @property
    def has_benefits(self) -> bool:
        return any(f.flow.benefit_ore for f in self.flows)

    @property
    def totals(self) -> dict[str, int]:
        return {"investment": sum(f.flow.investment_ore for f in self.flows),
                "running": sum(f.flow.running_ore for f in self.flows),
                "benefit": sum(f.flow.benefit_ore for f in self.flows),
                "net": sum(f.flow.net_ore for f in self.flows), "present": self.npv_ore}


def appraise(case: InvestmentCase, inputs: Inputs) -> Appraisal:
    """NPV and IRR of the case under `inputs`; raises ValueError when the life is too short."""
    a = case.npv_assumptions
    if a is None:
        raise ValueError(f"{case.name}: no NPV assumptions")
    first, life = a.first_year.value, inputs.life_years
    if not 1 <= life <= MAX_LIFE_YEARS:
        raise ValueError(f"the economic life must be 1–{MAX_LIFE_YEARS} years")
    running = a.running_per_year_ore.value
    if inputs.with_risk_margin:
        running = running_cost(running, Decimal(1), RISK_MARGIN.value)
    if inputs.benefit_per_year_ore is None:
        benefits = a.benefits_by_year.value
    else:
        benefits = dict.fromkeys(range(first, first + life), inputs.benefit_per_year_ore)

    def flows_with(benefit_map):
        return cash_flows(first, life, investments=a.investment_by_year.value,
                          running_from_year=a.running_from_year.value, running_per_year_ore=running,
                          benefits=benefit_map)

    flows = flows_with(benefits)
    rate = inputs.discount_rate
    discounted = tuple(DiscountedFlow(f, npv([0] * t + [1], rate), round_half_up(npv([0] * t + [f.net_ore], rate)))
                       for t, f in enumerate(flows))
    net = [f.net_ore for f in flows]
    costs_only = npv([f.net_ore for f in flows_with({})], rate)
    annuity = npv([1] * life, rate)  # present value of 1 øre a year over the life
    stated = None
    if case.stated is not None and case.stated.npv_ore is not None:
        stated = round_half_up((Decimal(case.stated.npv_ore) - costs_only) / annuity)
    return Appraisal(inputs, discounted, running, round_half_up(npv(net, rate)), irr(net), round_half_up(costs_only),
                     round_half_up(-costs_only / annuity), stated, inputs.benefit_per_year_ore is None)


# ---------------------------------------------------------------- running-cost growth (case 6/24)

@dataclass(frozen=True)
class ForecastEntry:
    """One investment case as the forecast counts it."""
    name: str
    solution: str  # the national solution whose running costs grow; "" when not given
    base_ore: int  # investment or development cost the rate applies to
    running_from_year: int | None
    running_per_year_ore: int
    first_year: int | None = None  # the first year of the investment
    rate: Decimal = RUNNING_COST_RATE.value  # the case's own running-cost rate


def forecast_entry(name: str, solution: str, case: InvestmentCase, *, with_risk_margin: bool) -> ForecastEntry:
    base = case.expected_ore if case.running_cost_base == "expected" else case.total_ore
    a = case.npv_assumptions
    return ForecastEntry(name, solution, base, a.running_from_year.value if a else None,
                         case.running_cost_per_year_ore(with_risk_margin=with_risk_margin),
                         a.first_year.value if a else None, case.running_cost_rate.value)


def forecast(entries: Iterable[ForecastEntry], *, with_risk_margin: bool) -> RunningCostForecast | None:
    """Yearly growth per solution from the entries that say when running costs start: from the
    first investment year (or the earliest start) to two years after the last start."""
    dated = [e for e in entries if e.running_from_year is not None]
    if not dated:
        return None
    starts = [e.running_from_year for e in dated]
    begin = min(starts + [e.first_year for e in dated if e.first_year is not None])
    end = min(max(starts) + 2, begin + MAX_FORECAST_YEARS - 1)
    investments = [Investment(e.solution, e.name, e.base_ore, e.running_from_year, rate=e.rate) for e in dated]
    return forecast_running_costs(investments, range(begin, end + 1), rate=RUNNING_COST_RATE.value,
                                  with_risk_margin=with_risk_margin)
