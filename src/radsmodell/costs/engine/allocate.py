"""Dividing a solution's yearly cost between organisations, to the øre.

1. The cost (whole øre) is split between the segments by their shares.
2. Each segment's part is split between its paying organisations by the segment's key.
3. Each yearly amount is split into twelve monthly invoices.

Every split uses the largest-remainder (Hamilton) rule: everyone gets the whole øre of
their exact quota, and the øre left over go one each to the largest remainders. Ties are
broken by segment order (rhf, kommune, ovrige) between segments and by organisation number
(lowest first) inside a segment, so the result never depends on the order of the input.
The lines therefore always add up exactly to the segment totals and the cost.

Monthly: eleven regular months of yearly // 12 and a first month that also carries the
remainder (0–11 øre), so an invoice run shows one regular figure and twelve months add up
to the yearly amount.

A segment with a share above zero but no organisation to charge (or only zero weights) is
an error naming the segment: the cost could not be invoiced, and moving it silently to the
other segments would change their price without a decision.

Price categories (a `categories` key) are decided in this order, the first that applies wins:
1. chain: the organisation's locations, or its chain's locations together (same chain name),
   reach the chain limit (10): it pays per location;
2. other industry: its own flag says so, or its NACE code lies outside the model's health
   codes (a blank NACE code counts as health): it pays as one chain location;
3. it keeps no accounts: the model's category for those (A);
4. its turnover: the last category whose lower limit it reaches.

Plain Python and numpy, no Django.
"""
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import lcm

import numpy as np

from .model import (
    CATEGORIES,
    EQUAL,
    FTES,
    LOCATIONS,
    POPULATION,
    SEGMENT_LABELS,
    SEGMENTS,
    SHARE_TABLE,
    Key,
    ModelError,
    Period,
    PriceModel,
    ReferencePrice,
    SegmentRule,
    Step,
)
from .money import round_half_up
from .table import OrganisationTable, as_table

MONTHS = 12
_INT64_SAFE = 2 ** 62
MAX_COST_ORE = 10 ** 17  # 1 000 000 milliarder kroner: far above any cost base, well inside int64


class AllocationError(ValueError):
    """The cost cannot be allocated as asked; the message says why."""


class EmptySegmentError(AllocationError):
    """A segment has a share of the cost but nobody in it can be charged."""


def largest_remainder(total: int, weights: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Whole units for each weight, summing exactly to `total` (Hamilton's rule).

    `weights` are non-negative integers with a positive sum; ties between equal remainders
    go to the lowest `order` value. Exact integer arithmetic throughout.
    """
    weights = np.asarray(weights, dtype=np.int64)
    if total < 0:
        raise AllocationError("the amount to divide cannot be negative")
    if len(weights) == 0:
        raise AllocationError("nobody to divide the amount between")
    if weights.min() < 0:
        raise AllocationError("weights cannot be negative")
    largest = int(weights.max())
    if largest * len(weights) >= _INT64_SAFE:
        return _largest_remainder_exact(total, [int(w) for w in weights], order)
    weight_sum = int(weights.sum())
    if weight_sum == 0:
        raise AllocationError("the weights sum to zero")
    quotient, remainder = divmod(total, weight_sum)
    if remainder * largest >= _INT64_SAFE or quotient * largest >= _INT64_SAFE:
        return _largest_remainder_exact(total, [int(w) for w in weights], order)
    # total·w / W = quotient·w + remainder·w / W, which keeps every product within int64.
    scaled = weights * remainder
    amounts = weights * quotient + scaled // weight_sum
    leftover = scaled % weight_sum
    missing = total - int(amounts.sum())
    if missing:
        ranked = np.lexsort((order, -leftover))
        amounts[ranked[:missing]] += 1
    return amounts


def _largest_remainder_exact(total: int, weights: list[int], order) -> np.ndarray:
    """The same rule with Python integers, for weights too large for int64 products."""
    weight_sum = sum(weights)
    if weight_sum == 0:
        raise AllocationError("the weights sum to zero")
    parts = [divmod(total * w, weight_sum) for w in weights]
    amounts = [p[0] for p in parts]
    missing = total - sum(amounts)
    ranked = sorted(range(len(weights)), key=lambda i: (-parts[i][1], int(order[i])))
    for i in ranked[:missing]:
        amounts[i] += 1
    return np.array(amounts, dtype=np.int64)


def split_months(yearly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first month, regular month): first + 11 × regular = yearly, to the øre."""
    yearly = np.asarray(yearly, dtype=np.int64)
    regular = yearly // MONTHS
    return yearly - (MONTHS - 1) * regular, regular


def months(yearly_ore: int) -> list[int]:
    """The twelve monthly amounts of one yearly amount, first month first."""
    first, regular = split_months(np.array([yearly_ore]))
    return [int(first[0])] + [int(regular[0])] * (MONTHS - 1)


@dataclass(frozen=True)
class KeyOutcome:
    """What a key made of one segment: integer weights and the category of each organisation."""
    index: np.ndarray  # rows of the table that pay in this segment
    weights: np.ndarray  # int64, comparable within the segment only
    categories: np.ndarray  # str codes, "" for keys without categories
    from_turnover: np.ndarray  # bool: category chosen by turnover (can change at a threshold)
    category_weights: dict[str, int]  # code → integer weight per organisation (per location for chains)


def _scale(values) -> int:
    """10^d such that every Decimal times it is a whole number."""
    exponent = max([0] + [-Decimal(v).normalize().as_tuple().exponent for v in values])
    return 10 ** exponent


def key_weights(key: Key, table: OrganisationTable, index: np.ndarray, segment: str) -> KeyOutcome:
    n = len(index)
    blank = np.full(n, "", dtype=object)
    no = np.zeros(n, dtype=bool)
    if key.kind == EQUAL:
        return KeyOutcome(index, np.ones(n, dtype=np.int64), blank, no, {})
    if key.kind == POPULATION:
        return KeyOutcome(index, table.population[index].copy(), blank, no, {})
    if key.kind == FTES:
        return KeyOutcome(index, table.ftes_centi[index].copy(), blank, no, {})
    if key.kind == LOCATIONS:
        return KeyOutcome(index, table.locations[index].copy(), blank, no, {})
    if key.kind == SHARE_TABLE:
        return _share_table_weights(key, table, index, segment, blank, no)
    if key.kind == CATEGORIES:
        return _category_weights(key, table, index, segment)
    raise ModelError(f"unknown key «{key.kind}»")


def _share_table_weights(key, table, index, segment, blank, no) -> KeyOutcome:
    shares = key.share_table.value
    if not shares:  # no table: equal shares
        return KeyOutcome(index, np.ones(len(index), dtype=np.int64), blank, no, {})
    numbers = [str(n) for n in table.org_number[index]]
    missing = [n for n in numbers if n not in shares]
    if missing:
        raise AllocationError(f"segment «{segment}»: the share table has no weight for "
                              f"{', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}")
    scale = _scale(shares[n] for n in numbers)
    weights = [int(Decimal(shares[n]) * scale) for n in numbers]
    if max(weights) >= _INT64_SAFE:
        raise ModelError(f"segment «{segment}»: the share table has too many decimals to price exactly")
    return KeyOutcome(index, np.array(weights, dtype=np.int64), blank, no, {})


def _category_weights(key: Key, table: OrganisationTable, index: np.ndarray, segment: str) -> KeyOutcome:
    categories = key.categories
    chain, other = key.chain, key.other_industry
    decimals = [c.weight.value for c in categories] + ([chain.weight_per_location.value] if chain else [])
    scale = _scale(decimals)
    category_weight = np.array([int(c.weight.value * scale) for c in categories], dtype=np.int64)
    codes = [c.code for c in categories]
    chain_weight = int(chain.weight_per_location.value * scale) if chain else 0
    most_locations = int(table.locations[index].max()) if len(index) else 0
    if max([int(w) for w in category_weight] + [chain_weight * most_locations]) >= _INT64_SAFE:
        raise ModelError(f"segment «{segment}»: the category weights have too many decimals to price exactly")
    turnover = table.turnover_nok[index]
    keeps = table.keeps_accounts[index]
    locations = table.locations[index]

    # By turnover: the last category whose lower limit the turnover reaches.
    position = np.zeros(len(index), dtype=np.int64)
    for i, category in enumerate(categories[1:], start=1):
        limit = category.min_turnover_nok.value
        reached = turnover >= limit if category.includes_min.value else turnover > limit
        position[reached] = i
    from_turnover = keeps.copy()
    if key.not_accounting_category is not None:
        position[~keeps] = codes.index(key.not_accounting_category.value)
    weights = category_weight[position]
    labels = np.array(codes, dtype=object)[position]
    special = np.zeros(len(index), dtype=bool)
    category_weights = {c: int(w) for c, w in zip(codes, category_weight)}

    if other is not None:
        flag = table.other_industry[index]
        health = table.nace_is_health(tuple(other.health_nace_prefixes.value))[index]
        elsewhere = (flag == 1) | ((flag == -1) & ~health)
        weights = np.where(elsewhere, other.locations_charged.value * chain_weight, weights)
        labels[elsewhere] = other.code
        special |= elsewhere
        category_weights[other.code] = other.locations_charged.value * chain_weight
    if chain is not None:
        # A chain is one organisation with many locations, or several sharing a chain name.
        eligible = np.ones(len(index), dtype=bool) if chain.kinds is None \
            else table.kind_mask(chain.kinds.value)[index]
        chain_id = table.chain_id[index]
        named = (chain_id >= 0) & eligible
        chain_locations = locations.copy()
        if named.any():
            per_chain = np.zeros(int(chain_id.max()) + 1, dtype=np.int64)
            np.add.at(per_chain, chain_id[named], locations[named])
            chain_locations[named] = per_chain[chain_id[named]]
        in_chain = eligible & (chain_locations >= chain.min_locations.value)
        weights = np.where(in_chain, locations * chain_weight, weights)
        labels[in_chain] = chain.code
        special |= in_chain
        category_weights[chain.code] = chain_weight

    # With one category turnover does not matter; with several it decides the price.
    unknown = keeps & ~table.has_turnover[index] & ~special & (len(categories) > 1)
    if unknown.any():
        numbers = [str(n) for n in table.org_number[index][unknown]]
        raise AllocationError(f"segment «{segment}»: no turnover for {', '.join(numbers[:5])}"
                              f"{' …' if len(numbers) > 5 else ''}; it keeps accounts, so its price category "
                              f"depends on turnover")
    return KeyOutcome(index, weights.astype(np.int64), labels, from_turnover & ~special, category_weights)


@dataclass(frozen=True)
class SegmentTotal:
    segment: str
    label: str
    share: Fraction
    amount_ore: int
    organisations: int  # organisations charged in the segment
    key: str


@dataclass(frozen=True)
class Line:
    org_number: str
    name: str
    segment: str
    kind: str
    category: str  # "" where the key has no categories or the organisation is not charged
    charged: bool  # False: the model does not charge this organisation (in this step)
    yearly_ore: int
    first_month_ore: int
    monthly_ore: int  # each of the other eleven months


@dataclass(frozen=True)
class CategoryTotal:
    segment: str
    category: str
    organisations: int
    yearly_ore: int


class Allocation:
    """The result: per segment totals and one line per organisation (as columns)."""

    def __init__(self, *, model: PriceModel, period: Period, step: Step, year: int, cost_ore: int,
                 legal_basis_private: bool, table: OrganisationTable, segments: tuple[SegmentTotal, ...],
                 yearly_ore: np.ndarray, category: np.ndarray, charged: np.ndarray,
                 outcomes: dict[str, KeyOutcome], notes: tuple[str, ...]):
        self.model, self.period, self.step, self.year = model, period, step, year
        self.cost_ore, self.legal_basis_private, self.table = cost_ore, legal_basis_private, table
        self.segments, self.yearly_ore, self.category, self.charged = segments, yearly_ore, category, charged
        self.outcomes, self.notes = outcomes, notes
        self.first_month_ore, self.monthly_ore = split_months(yearly_ore)

    def __len__(self) -> int:
        return len(self.table)

    @property
    def label(self) -> str:
        return f"{self.model.slug} {self.year}" + (" (rettslig grunnlag)" if self.legal_basis_private else "")

    def line(self, i: int) -> Line:
        t = self.table
        return Line(org_number=str(t.org_number[i]), name=str(t.name[i]), segment=t.segment_name(i),
                    kind=t.kind_name(i), category=str(self.category[i]), charged=bool(self.charged[i]),
                    yearly_ore=int(self.yearly_ore[i]), first_month_ore=int(self.first_month_ore[i]),
                    monthly_ore=int(self.monthly_ore[i]))

    def lines(self) -> list[Line]:
        """In the order the organisations were given."""
        return [self.line(i) for i in range(len(self))]

    def line_for(self, org_number: str) -> Line:
        found = np.nonzero(self.table.org_number == org_number)[0]
        if not len(found):
            raise KeyError(org_number)
        return self.line(int(found[0]))

    def by_org_number(self) -> dict[str, int]:
        return dict(zip(self.table.org_number.tolist(), self.yearly_ore.tolist()))

    def category_totals(self) -> list[CategoryTotal]:
        """Charged organisations and their yearly sum per segment and category."""
        totals = []
        for s, segment in enumerate(SEGMENTS):
            in_segment = (self.table.segment == s) & self.charged
            for code in sorted(set(self.category[in_segment].tolist())):
                mask = in_segment & (self.category == code)
                totals.append(CategoryTotal(segment, code, int(mask.sum()), int(self.yearly_ore[mask].sum())))
        return totals


def _segment_order(step: Step) -> list[SegmentRule]:
    return sorted(step.segments, key=lambda rule: SEGMENTS.index(rule.segment))


def _charged_index(rule: SegmentRule, table: OrganisationTable) -> np.ndarray:
    mask = table.segment_mask(rule.segment)
    if rule.kinds is not None:
        mask &= table.kind_mask(rule.kinds.value)
    return np.nonzero(mask)[0]


def _empty_segment(model: PriceModel, year: int, rule: SegmentRule, why: str) -> EmptySegmentError:
    kinds = f" of kind {', '.join(rule.kinds.value)}" if rule.kinds is not None else ""
    return EmptySegmentError(f"segment «{rule.segment}» ({SEGMENT_LABELS[rule.segment]}) has a share of "
                             f"{rule.share.value} in {model.slug} {year} but {why}{kinds}; "
                             f"the cost cannot be charged")


def allocate(model: PriceModel, year: int, cost_ore: int, organisations, *,
             legal_basis_private: bool = False) -> Allocation:
    """Divide `cost_ore` (the solution's yearly cost, whole øre) between the organisations."""
    if isinstance(cost_ore, bool) or not isinstance(cost_ore, (int, np.integer)):
        raise AllocationError("the cost must be whole øre (an int)")
    cost_ore = int(cost_ore)
    if cost_ore < 0:
        raise AllocationError("the cost cannot be negative")
    if cost_ore >= MAX_COST_ORE:
        raise AllocationError(f"the cost is larger than the largest amount handled ({MAX_COST_ORE // 100 - 1} NOK)")
    table = as_table(organisations)
    period = model.period_for(year)
    step = period.step_for(legal_basis_private)
    notes = []
    if legal_basis_private and period.legal_basis_step is None:
        notes.append(f"{model.slug} har ikke eget trinn for når det finnes rettslig grunnlag for å fakturere "
                     f"private aktører; «{step.label}» gjelder")

    rules = _segment_order(step)
    outcomes: dict[str, KeyOutcome] = {}
    for rule in rules:
        if rule.share.value == 0:
            continue
        index = _charged_index(rule, table)
        if not len(index):
            raise _empty_segment(model, year, rule, "no organisations to charge")
        outcome = key_weights(rule.key, table, index, rule.segment)
        if int(outcome.weights.sum()) == 0:
            raise _empty_segment(model, year, rule, f"the key ({rule.key.kind}) gives every organisation zero weight")
        outcomes[rule.segment] = outcome

    denominator = lcm(*(rule.share.value.denominator for rule in rules))
    share_weights = np.array([int(rule.share.value * denominator) for rule in rules], dtype=np.int64)
    segment_amounts = largest_remainder(cost_ore, share_weights, np.arange(len(rules)))

    n = len(table)
    yearly = np.zeros(n, dtype=np.int64)
    category = np.full(n, "", dtype=object)
    charged = np.zeros(n, dtype=bool)
    totals = []
    for rule, amount in zip(rules, segment_amounts.tolist()):
        outcome = outcomes.get(rule.segment)
        if outcome is not None:
            yearly[outcome.index] = largest_remainder(amount, outcome.weights, table.org_int[outcome.index])
            category[outcome.index] = outcome.categories
            charged[outcome.index] = True
        totals.append(SegmentTotal(rule.segment, SEGMENT_LABELS[rule.segment], rule.share.value, amount,
                                   len(outcome.index) if outcome is not None else 0, rule.key.kind))
    return Allocation(model=model, period=period, step=step, year=year, cost_ore=cost_ore,
                      legal_basis_private=legal_basis_private, table=table, segments=tuple(totals),
                      yearly_ore=yearly, category=category, charged=charged, outcomes=outcomes, notes=tuple(notes))


@dataclass(frozen=True)
class CategoryPrice:
    """What one organisation of a category pays (per location for chains), before øre rounding."""
    segment: str
    category: str
    yearly_ore: Fraction

    @property
    def monthly_ore(self) -> int:
        return round_half_up(self.yearly_ore / MONTHS)


def category_prices(allocation: Allocation) -> list[CategoryPrice]:
    """The exact price per unit of every category the model defines, for segments priced by category."""
    prices = []
    for segment_total in allocation.segments:
        outcome = allocation.outcomes.get(segment_total.segment)
        if outcome is None or not outcome.category_weights:
            continue
        weight_sum = int(outcome.weights.sum())
        for code, weight in outcome.category_weights.items():
            prices.append(CategoryPrice(segment_total.segment, code,
                                        Fraction(segment_total.amount_ore * weight, weight_sum)))
    return prices


def cost_base_for_reference(model: PriceModel, year: int, organisations, reference: ReferencePrice | None = None,
                            *, legal_basis_private: bool = False) -> Fraction:
    """The yearly cost (øre, exact) at which one organisation of the reference's category pays
    the reference's monthly price: e.g. what Helsenettet must cost for NOK 1 633 a month."""
    table = as_table(organisations)
    period = model.period_for(year)
    if reference is None:
        if not period.reference_prices:
            raise ModelError(f"{model.slug} {year}: the model has no reference price")
        reference = period.reference_prices[0]
    rule = period.step_for(legal_basis_private).rule(reference.segment)
    if rule is None or rule.share.value == 0:
        raise ModelError(f"{model.slug} {year}: segment «{reference.segment}» pays nothing")
    index = _charged_index(rule, table)
    if not len(index):
        raise _empty_segment(model, year, rule, "no organisations to charge")
    outcome = key_weights(rule.key, table, index, rule.segment)
    unit = outcome.category_weights.get(reference.category, 1) if reference.category else 1
    if not outcome.category_weights and reference.category:
        raise ModelError(f"{model.slug} {year}: segment «{reference.segment}» has no categories")
    segment_cost = Fraction(reference.monthly_ore.value * MONTHS * int(outcome.weights.sum()), unit)
    return segment_cost / rule.share.value
