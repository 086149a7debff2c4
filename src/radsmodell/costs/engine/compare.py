"""Two allocations side by side, and the organisations that sit close to a price threshold.

Plain Python and numpy, no Django.
"""
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from .allocate import Allocation
from .model import CATEGORIES, SEGMENTS
from .money import round_half_up


@dataclass(frozen=True)
class LineDifference:
    org_number: str
    name: str
    segment: str
    category_a: str  # "" when not charged (or absent) in a
    category_b: str
    yearly_a_ore: int  # 0 when the organisation is absent from a
    yearly_b_ore: int
    in_a: bool = True
    in_b: bool = True

    @property
    def difference_ore(self) -> int:
        return self.yearly_b_ore - self.yearly_a_ore


@dataclass(frozen=True)
class CategoryDifference:
    """Organisations grouped by their category in b (in a when they are absent from b)."""
    segment: str
    category: str
    organisations: int
    yearly_a_ore: int
    yearly_b_ore: int

    @property
    def difference_ore(self) -> int:
        return self.yearly_b_ore - self.yearly_a_ore


@dataclass(frozen=True)
class Comparison:
    label_a: str
    label_b: str
    total_a_ore: int
    total_b_ore: int
    lines: tuple[LineDifference, ...]
    categories: tuple[CategoryDifference, ...]


def compare(a: Allocation, b: Allocation) -> Comparison:
    """Per organisation and per category: what b charges compared with a (two models or two years).

    One line per organisation in either allocation, by organisation number; its name and
    segment come from b (from a when it is absent from b). Vectorised over the organisations:
    the only per-organisation Python work left is building the result's lines. Amounts stay
    int64 øre; a group's sum cannot overflow, as it is at most one allocation's cost
    (below MAX_COST_ORE).
    """
    # Organisation numbers are nine digits, so numeric order is the order of the text.
    numbers = np.sort(np.concatenate([a.table.org_int, b.table.org_int]))
    first = np.ones(len(numbers), dtype=bool)
    first[1:] = numbers[1:] != numbers[:-1]
    numbers = numbers[first]
    rows_a, in_a = _rows_of(a.table.org_int, numbers)
    rows_b, in_b = _rows_of(b.table.org_int, numbers)

    org_number = _column(a.table.org_number, b.table.org_number, rows_a, in_a, rows_b, in_b, "")
    name = _column(a.table.name, b.table.name, rows_a, in_a, rows_b, in_b, "")
    segment = _column(a.table.segment, b.table.segment, rows_a, in_a, rows_b, in_b, 0)
    category_a = _take(a.category, rows_a, in_a, "")
    category_b = _take(b.category, rows_b, in_b, "")
    yearly_a = _take(a.yearly_ore, rows_a, in_a, 0).astype(np.int64)
    yearly_b = _take(b.yearly_ore, rows_b, in_b, 0).astype(np.int64)

    segment_names = np.array(SEGMENTS, dtype=object)[segment].tolist()
    lines = tuple(map(LineDifference, org_number.tolist(), list(map(str, name.tolist())), segment_names,
                      list(map(str, category_a.tolist())), list(map(str, category_b.tolist())),
                      yearly_a.tolist(), yearly_b.tolist(), in_a.tolist(), in_b.tolist()))
    return Comparison(a.label, b.label, a.cost_ore, b.cost_ore, lines,
                      _category_differences(segment, np.where(in_b, category_b, category_a), yearly_a, yearly_b))


def _rows_of(table_numbers: np.ndarray, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of the sorted `numbers`: its row in the table (0 where absent) and whether it is there."""
    if not len(table_numbers):
        return np.zeros(len(numbers), dtype=np.int64), np.zeros(len(numbers), dtype=bool)
    order = np.argsort(table_numbers)
    position = np.minimum(np.searchsorted(table_numbers[order], numbers), len(order) - 1)
    rows = order[position]
    return rows, table_numbers[rows] == numbers


def _take(column: np.ndarray, rows: np.ndarray, present: np.ndarray, absent) -> np.ndarray:
    """The column's value at each row, or `absent` where the organisation is not in the table."""
    values = np.full(len(rows), absent, dtype=column.dtype)
    values[present] = column[rows[present]]
    return values


def _column(column_a, column_b, rows_a, in_a, rows_b, in_b, absent) -> np.ndarray:
    """A column taken from b, and from a for the organisations absent from b."""
    values = _take(column_a, rows_a, in_a, absent)
    values[in_b] = column_b[rows_b[in_b]]
    return values


def _category_differences(segment: np.ndarray, category: np.ndarray, yearly_a: np.ndarray,
                          yearly_b: np.ndarray) -> tuple[CategoryDifference, ...]:
    """Count and sum the lines by (segment, category), in segment order and then category order."""
    # A model has a handful of categories: one mask each is cheaper than sorting the strings.
    codes = sorted(set(category.tolist()))
    category_index = np.zeros(len(category), dtype=np.int64)
    for position, code in enumerate(codes[1:], start=1):
        category_index[category == code] = position
    group = segment.astype(np.int64) * len(codes) + category_index
    size = len(SEGMENTS) * len(codes)
    counts = np.bincount(group, minlength=size)
    sums_a = np.zeros(size, dtype=np.int64)
    sums_b = np.zeros(size, dtype=np.int64)
    np.add.at(sums_a, group, yearly_a)  # integer sums: bincount's weights would be floats
    np.add.at(sums_b, group, yearly_b)
    return tuple(CategoryDifference(SEGMENTS[g // len(codes)], str(codes[g % len(codes)]), int(counts[g]),
                                    int(sums_a[g]), int(sums_b[g])) for g in np.flatnonzero(counts).tolist())


@dataclass(frozen=True)
class ThresholdCase:
    """An organisation whose turnover lies within the margin of a category limit."""
    org_number: str
    name: str
    segment: str
    turnover_nok: int
    threshold_nok: int
    category: str
    other_category: str  # the category just across the limit
    yearly_ore: int
    other_side_yearly_ore: int  # its price if it were across the limit and nothing else changed

    @property
    def difference_ore(self) -> int:
        return self.other_side_yearly_ore - self.yearly_ore

    @property
    def distance(self) -> Fraction:
        """Signed distance from the limit as a share of the limit (−0.05 = 5 % below)."""
        return Fraction(self.turnover_nok - self.threshold_nok, self.threshold_nok)


def threshold_report(allocation: Allocation, margin: Decimal | Fraction | str = "0.10") -> list[ThresholdCase]:
    """Organisations priced by turnover that lie within `margin` (10 %) of a category limit,
    with what they would pay on the other side of it.

    The other-side price is the exact quota after moving only that organisation (the
    segment's total stays, the others' weights stay), rounded to the øre; the remainder
    rule could make the real invoice differ by one øre.
    """
    margin = Fraction(Decimal(margin)) if not isinstance(margin, Fraction) else margin
    cases = []
    for total in allocation.segments:
        rule = allocation.step.rule(total.segment)
        outcome = allocation.outcomes.get(total.segment)
        if outcome is None or rule.key.kind != CATEGORIES or len(rule.key.categories) < 2:
            continue
        categories = rule.key.categories
        codes = [c.code for c in categories]
        weight_sum = int(outcome.weights.sum())
        table, index = allocation.table, outcome.index
        turnover = table.turnover_nok[index]
        position = np.array([codes.index(c) if c in codes else -1 for c in outcome.categories.tolist()])
        for i, category in enumerate(categories[1:], start=1):
            limit = category.min_turnover_nok.value
            near = outcome.from_turnover & (np.abs(turnover - limit) * margin.denominator
                                            <= margin.numerator * limit)
            for k in np.nonzero(near)[0].tolist():
                own = position[k]
                other = i - 1 if own >= i else i
                own_weight = int(outcome.weights[k])
                other_weight = outcome.category_weights[codes[other]]
                row = int(index[k])
                others = weight_sum - own_weight + other_weight
                other_side = round_half_up(Fraction(total.amount_ore * other_weight, others)) if others else 0
                cases.append(ThresholdCase(
                    org_number=str(table.org_number[row]), name=str(table.name[row]), segment=total.segment,
                    turnover_nok=int(turnover[k]), threshold_nok=limit, category=codes[own],
                    other_category=codes[other], yearly_ore=int(allocation.yearly_ore[row]),
                    other_side_yearly_ore=other_side))
    return sorted(cases, key=lambda c: (c.threshold_nok, c.turnover_nok, c.org_number))
