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
    """Per organisation and per category: what b charges compared with a (two models or two years)."""
    a_rows = {number: i for i, number in enumerate(a.table.org_number.tolist())}
    b_rows = {number: i for i, number in enumerate(b.table.org_number.tolist())}
    lines = []
    for number in sorted(a_rows.keys() | b_rows.keys()):
        i, j = a_rows.get(number), b_rows.get(number)
        source, row = (b, j) if j is not None else (a, i)
        lines.append(LineDifference(
            org_number=number, name=str(source.table.name[row]), segment=source.table.segment_name(row),
            category_a=str(a.category[i]) if i is not None else "",
            category_b=str(b.category[j]) if j is not None else "",
            yearly_a_ore=int(a.yearly_ore[i]) if i is not None else 0,
            yearly_b_ore=int(b.yearly_ore[j]) if j is not None else 0,
            in_a=i is not None, in_b=j is not None))
    groups: dict[tuple[str, str], list[int]] = {}
    for line in lines:
        category = line.category_b if line.in_b else line.category_a
        group = groups.setdefault((line.segment, category), [0, 0, 0])
        group[0] += 1
        group[1] += line.yearly_a_ore
        group[2] += line.yearly_b_ore
    categories = tuple(CategoryDifference(segment, category, *values) for (segment, category), values
                       in sorted(groups.items(), key=lambda item: (SEGMENTS.index(item[0][0]), item[0][1])))
    return Comparison(a.label, b.label, a.cost_ore, b.cost_ore, tuple(lines), categories)


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
