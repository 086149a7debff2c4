"""Investment cases: cost lines, reserve, expected value, running costs, NPV and IRR, and the
growth in running costs of the national solutions that investments bring (case 6/24).

Money is whole øre (int); rates are Decimal; nothing is float. Rounding to the øre is half
up. Cash flows are yearly; the first year is year 0 and is not discounted.

Plain Python, no Django.
"""
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import yaml

from .engine.loader import FieldReader, ModelFileError, join_path
from .engine.model import Param
from .engine.money import ORE_PER_NOK, round_half_up

DEMO_DIR = Path(__file__).resolve().parent / "demo"

# Case 6/24: running costs as a share of the investment (Helsenorge) or of the development
# cost (digital samhandling), and Norsk helsenett's risk margin.
RUNNING_COST_RATE = Param(Decimal("0.20"), "seed 000, referat NUIT 15.02.2024, sak 6/24: drift- og "
                                           "forvaltningskostnader beregnes som 20 % av investerings- (Helsenorge) "
                                           "eller utviklingskostnadene (digital samhandling)", False)
RISK_MARGIN = Param(Decimal("0.05"), "seed 000, referat NUIT 15.02.2024, sak 6/24: Norsk helsenett SF informerte "
                                     "at risikomarginen er på 5%; estimatene har ikke et ekstra risikopåslag", False)


def running_cost(amount_ore: int, rate: Decimal = RUNNING_COST_RATE.value, risk_margin: Decimal | None = None) -> int:
    """Yearly running cost of an investment: rate × amount, optionally plus a risk margin."""
    value = Fraction(amount_ore) * Fraction(rate)
    if risk_margin is not None:
        value *= 1 + Fraction(risk_margin)
    return round_half_up(value)


def whole_nok(ore: int) -> int:
    """Rounded to whole kroner (half up), as investment tables show amounts."""
    return round_half_up(Fraction(ore, ORE_PER_NOK))


@dataclass(frozen=True)
class CostLine:
    label: str
    amount_ore: int  # negative for deductions
    note: str = ""


@dataclass(frozen=True)
class Reserve:
    """An allowance for uncertainty: a fixed amount or a percentage of the expected value."""
    amount_ore: int | None = None
    percent: Decimal | None = None

    def __post_init__(self):
        if (self.amount_ore is None) == (self.percent is None):
            raise ValueError("a reserve is either an amount or a percentage, not both or neither")
        if (self.amount_ore or 0) < 0 or (self.percent or 0) < 0:
            raise ValueError("a reserve cannot be negative")

    def of(self, expected_ore: int) -> int:
        if self.amount_ore is not None:
            return self.amount_ore
        return round_half_up(Fraction(expected_ore) * Fraction(self.percent) / 100)


@dataclass(frozen=True)
class StatedFigures:
    """What the source document prints, kept to reconcile with the computed figures."""
    expected_ore: int | None = None
    reserve_ore: int | None = None
    reserve_percent_shown: Decimal | None = None
    total_ore: int | None = None
    running_per_year_ore: int | None = None
    npv_ore: int | None = None


@dataclass(frozen=True)
class Discrepancy:
    figure: str
    stated_ore: int
    computed_ore: int

    @property
    def difference_ore(self) -> int:
        return self.computed_ore - self.stated_ore


@dataclass(frozen=True)
class NpvAssumptions:
    first_year: Param[int]
    life_years: Param[int]
    discount_rate: Param[Decimal]
    investment_by_year: Param[dict[int, int]]  # øre
    running_from_year: Param[int]
    running_per_year_ore: Param[int]
    benefits_by_year: Param[dict[int, int]]  # øre


@dataclass(frozen=True)
class InvestmentCase:
    name: str
    lines: tuple[CostLine, ...]
    reserve: Reserve
    source: str = ""
    owner: str = ""
    period: str = ""
    running_cost_rate: Param[Decimal] = RUNNING_COST_RATE
    running_cost_base: str = "expected"  # "expected" (without reserve, as seed 004) or "total"
    stated: StatedFigures | None = None
    npv_assumptions: NpvAssumptions | None = None
    reserve_source: Param | None = None

    @property
    def expected_ore(self) -> int:
        """Forventningsverdi uten reserve: the sum of the lines."""
        return sum(line.amount_ore for line in self.lines)

    @property
    def reserve_ore(self) -> int:
        return self.reserve.of(self.expected_ore)

    @property
    def total_ore(self) -> int:
        """Forventningsverdi inkl. reserve."""
        return self.expected_ore + self.reserve_ore

    @property
    def reserve_percent(self) -> Fraction:
        """The reserve as an exact percentage of the expected value."""
        return Fraction(self.reserve_ore * 100, self.expected_ore) if self.expected_ore else Fraction(0)

    def reserve_percent_shown(self, decimals: int = 1) -> Decimal:
        """As a table shows it: 10 400 531 of 135 600 142 → 7.7."""
        scale = 10 ** decimals
        return Decimal(round_half_up(self.reserve_percent * scale)) / scale

    def running_cost_per_year_ore(self, *, with_risk_margin: bool = False) -> int:
        base = self.expected_ore if self.running_cost_base == "expected" else self.total_ore
        return running_cost(base, self.running_cost_rate.value, RISK_MARGIN.value if with_risk_margin else None)

    def discrepancies(self) -> list[Discrepancy]:
        """Stated figures that differ from what the lines add up to (e.g. rounding in the source)."""
        if self.stated is None:
            return []
        found = []
        for figure, stated, computed in (("expected", self.stated.expected_ore, self.expected_ore),
                                         ("reserve", self.stated.reserve_ore, self.reserve_ore),
                                         ("total", self.stated.total_ore, self.total_ore)):
            if stated is not None and stated != computed:
                found.append(Discrepancy(figure, stated, computed))
        return found

    def cash_flows(self) -> list["YearFlow"]:
        if self.npv_assumptions is None:
            raise ValueError(f"{self.name}: no NPV assumptions")
        a = self.npv_assumptions
        return cash_flows(a.first_year.value, a.life_years.value, investments=a.investment_by_year.value,
                          running_from_year=a.running_from_year.value,
                          running_per_year_ore=a.running_per_year_ore.value, benefits=a.benefits_by_year.value)


@dataclass(frozen=True)
class YearFlow:
    year: int
    investment_ore: int = 0
    running_ore: int = 0
    benefit_ore: int = 0

    @property
    def net_ore(self) -> int:
        return self.benefit_ore - self.investment_ore - self.running_ore


def cash_flows(first_year: int, life_years: int, *, investments: Mapping[int, int] = {},
               running_from_year: int | None = None, running_per_year_ore: int = 0,
               benefits: Mapping[int, int] = {}) -> list[YearFlow]:
    """One flow per year of the economic life, first year first."""
    if life_years < 1:
        raise ValueError("the economic life must be at least one year")
    years = range(first_year, first_year + life_years)
    outside = [y for y in list(investments) + list(benefits) if y not in years]
    if outside:
        raise ValueError(f"year {outside[0]} lies outside the economic life {years[0]}–{years[-1]}")
    return [YearFlow(year, investments.get(year, 0),
                     running_per_year_ore if running_from_year is not None and year >= running_from_year else 0,
                     benefits.get(year, 0)) for year in years]


def npv(net_flows: Sequence[int], rate: Decimal | Fraction | str) -> Decimal:
    """Net present value of yearly net flows (øre), the first undiscounted."""
    rate = Decimal(rate) if not isinstance(rate, Fraction) else Decimal(rate.numerator) / Decimal(rate.denominator)
    if rate <= -1:
        raise ValueError("the discount rate must be above −100 %")
    with localcontext() as context:
        context.prec = 40
        factor = 1 + rate
        return sum((Decimal(flow) / factor ** t for t, flow in enumerate(net_flows)), Decimal(0))


def npv_ore(net_flows: Sequence[int], rate) -> int:
    return round_half_up(npv(net_flows, rate))


def irr(net_flows: Sequence[int], *, low: Decimal = Decimal("-0.99"), high: Decimal = Decimal("10"),
        tolerance: Decimal = Decimal("1e-12")) -> Decimal | None:
    """The internal rate of return by bisection on the NPV, or None when the NPV does not change
    sign between `low` and `high` (e.g. only costs). With several sign changes in the flows the
    lowest rate found on a grid is refined."""
    flows = list(net_flows)
    if not any(f > 0 for f in flows) or not any(f < 0 for f in flows):
        return None
    grid = [low, Decimal("-0.9"), Decimal("-0.5"), Decimal("-0.2"), Decimal("0"), Decimal("0.05"), Decimal("0.1"),
            Decimal("0.2"), Decimal("0.5"), Decimal("1"), Decimal("2"), Decimal("5"), high]
    grid = [g for g in grid if low <= g <= high]
    values = [npv(flows, g) for g in grid]
    for (a, fa), (b, fb) in zip(zip(grid, values), zip(grid[1:], values[1:])):
        if fa == 0:
            return a
        if (fa < 0) != (fb < 0):
            for _ in range(200):
                middle = (a + b) / 2
                fm = npv(flows, middle)
                if fm == 0 or b - a < tolerance:
                    return middle.quantize(Decimal("1e-10"))
                if (fa < 0) == (fm < 0):
                    a, fa = middle, fm
                else:
                    b = middle
            return ((a + b) / 2).quantize(Decimal("1e-10"))
    return high if values[-1] == 0 else None


# Case 6/24: growth in running costs of the national solutions from investments.

@dataclass(frozen=True)
class Investment:
    solution: str  # the national solution whose running costs grow, e.g. "Helsenorge"
    label: str
    amount_ore: int
    running_from_year: int  # first year with running costs (in operation / duty to pay)
    basis: str = "investment"  # "investment" (Helsenorge) or "development" (digital samhandling)
    rate: Decimal | None = None  # this investment's running-cost rate; None: the forecast's rate

    def __post_init__(self):
        if self.basis not in ("investment", "development"):
            raise ValueError(f"{self.label}: basis must be «investment» or «development»")


@dataclass(frozen=True)
class RunningCostForecast:
    years: tuple[int, ...]
    by_solution: dict[str, tuple[int, ...]]  # solution → running-cost growth per year (øre)
    rate: Decimal
    risk_margin: Decimal | None
    added: dict[str, tuple[int, ...]] = field(default_factory=dict)  # new running costs that year

    @property
    def total(self) -> tuple[int, ...]:
        return tuple(sum(values[i] for values in self.by_solution.values()) for i in range(len(self.years)))


def forecast_running_costs(investments: Iterable[Investment], years: Iterable[int], *,
                           rate: Decimal = RUNNING_COST_RATE.value, with_risk_margin: bool = False,
                           risk_margin: Decimal = RISK_MARGIN.value) -> RunningCostForecast:
    """Yearly growth in running costs per solution: each investment adds rate × its amount
    (investment or development cost, case 6/24) every year from `running_from_year`."""
    years = tuple(years)
    margin = risk_margin if with_risk_margin else None
    by_solution: dict[str, list[int]] = {}
    added: dict[str, list[int]] = {}
    for investment in investments:
        cost = running_cost(investment.amount_ore, investment.rate if investment.rate is not None else rate, margin)
        row = by_solution.setdefault(investment.solution, [0] * len(years))
        new = added.setdefault(investment.solution, [0] * len(years))
        for i, year in enumerate(years):
            if year >= investment.running_from_year:
                row[i] += cost
            if year == investment.running_from_year:
                new[i] += cost
    return RunningCostForecast(years, {k: tuple(v) for k, v in by_solution.items()}, rate, margin,
                               {k: tuple(v) for k, v in added.items()})


# Reading a case from YAML (the DIS phase 3 demo).

def investment_case_from_dict(data, origin: str = "investment case") -> InvestmentCase:
    read = FieldReader(origin)
    data = read.mapping(data, "", ("name", "source", "lines", "reserve"),
                        ("owner", "period", "stated", "running_costs", "npv"))
    lines = []
    for i, node in enumerate(read.list(data["lines"], "lines")):
        path = f"lines[{i}]"
        node = read.mapping(node, path, ("label", "amount_nok"), ("note",))
        lines.append(CostLine(read.text(node["label"], join_path(path, "label")),
                              _signed_ore(read, node["amount_nok"], join_path(path, "amount_nok")),
                              read.text(node.get("note"), join_path(path, "note"), allow_empty=True)))
    reserve_node = read.mapping(data["reserve"], "reserve", (), ("amount_nok", "percent"))
    if ("amount_nok" in reserve_node) == ("percent" in reserve_node):
        read.fail("reserve", "give either amount_nok or percent")
    if "amount_nok" in reserve_node:
        param = read.param(reserve_node["amount_nok"], "reserve.amount_nok", read.ore)
        reserve = Reserve(amount_ore=param.value)
    else:
        param = read.param(reserve_node["percent"], "reserve.percent", read.decimal)
        reserve = Reserve(percent=param.value)
    rate, base = RUNNING_COST_RATE, "expected"
    if data.get("running_costs") is not None:
        node = read.mapping(data["running_costs"], "running_costs", ("rate",), ("base",))
        rate = read.param(node["rate"], "running_costs.rate", read.decimal)
        base = node.get("base", "expected")
        if base not in ("expected", "total"):
            read.fail("running_costs.base", "expected «expected» (without reserve) or «total»")
    return InvestmentCase(
        name=read.text(data["name"], "name"), lines=tuple(lines), reserve=reserve,
        source=read.text(data["source"], "source"), owner=read.text(data.get("owner"), "owner", allow_empty=True),
        period=read.text(data.get("period"), "period", allow_empty=True), running_cost_rate=rate,
        running_cost_base=base, stated=_stated(read, data.get("stated")), npv_assumptions=_npv(read, data.get("npv")),
        reserve_source=param)


def _signed_ore(read: FieldReader, value, path: str) -> int:
    return read.ore(value, path)  # deductions are negative amounts


def _stated(read: FieldReader, node) -> StatedFigures | None:
    if node is None:
        return None
    fields = ("expected_nok", "reserve_nok", "reserve_percent_shown", "total_nok", "running_per_year_nok", "npv_nok")
    node = read.mapping(node, "stated", (), fields)

    def amount(name):
        return _signed_ore(read, node[name], f"stated.{name}") if node.get(name) is not None else None

    shown = read.decimal(node["reserve_percent_shown"], "stated.reserve_percent_shown") \
        if node.get("reserve_percent_shown") is not None else None
    return StatedFigures(expected_ore=amount("expected_nok"), reserve_ore=amount("reserve_nok"),
                         reserve_percent_shown=shown, total_ore=amount("total_nok"),
                         running_per_year_ore=amount("running_per_year_nok"), npv_ore=amount("npv_nok"))


def _npv(read: FieldReader, node) -> NpvAssumptions | None:
    if node is None:
        return None
    node = read.mapping(node, "npv", ("first_year", "life_years", "discount_rate", "investment_by_year",
                                      "running_from_year", "running_per_year_nok", "benefits_by_year"))

    def by_year(value, path):
        if not isinstance(value, dict):
            read.fail(path, "expected years with an amount each")
        result = {}
        for year, amount in value.items():
            if isinstance(year, bool) or not isinstance(year, int):
                read.fail(join_path(path, str(year)), "expected a year")
            result[year] = _signed_ore(read, amount, join_path(path, str(year)))
        return result

    return NpvAssumptions(
        first_year=read.param(node["first_year"], "npv.first_year", read.integer),
        life_years=read.param(node["life_years"], "npv.life_years", read.integer),
        discount_rate=read.param(node["discount_rate"], "npv.discount_rate", read.decimal),
        investment_by_year=read.param(node["investment_by_year"], "npv.investment_by_year", by_year),
        running_from_year=read.param(node["running_from_year"], "npv.running_from_year", read.integer),
        running_per_year_ore=read.param(node["running_per_year_nok"], "npv.running_per_year_nok", read.ore),
        benefits_by_year=read.param(node["benefits_by_year"], "npv.benefits_by_year", by_year))


def load_investment_case(path: str | Path) -> InvestmentCase:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ModelFileError(path.name, "", f"cannot read the file: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ModelFileError(path.name, "", f"not valid YAML: {error}") from None
    return investment_case_from_dict(data, origin=path.name)


def dis_phase_3() -> InvestmentCase:
    """The demo case: Helse Nord RHF's DIS phase 3 (seed 004)."""
    return load_investment_case(DEMO_DIR / "dis-fase-3.yaml")
