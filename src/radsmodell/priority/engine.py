"""Multi-criteria scoring of initiatives: a tree of questions, combined bottom-up.

Plain Python, no Django. A model is a tree of `Criterion` nodes: leaves are questions
scored on a scale (0–10), inner nodes combine their children by mean, weighted mean or sum.
The root's children are the groups (Måloppnåelse, Kostnader, Nytte) whose values the ranking
and its tie-break use.

What a node does with a missing child is its own rule (`missing`):
- SKIP: missing children are left out; the node has no value only when none of them has one.
- PROPAGATE (the council's workbook): blank answers are left out, as Excel's AVERAGE skips
  blank and text cells, but a sub-group without a value leaves the node without one, as
  #DIV/0! carries up through AVERAGE. A node whose answers are all blank has no value.
- REQUIRE: the node has a value only when every child has one.
A node that does not say takes PROPAGATE, a sum REQUIRE (a total needs every part), and the
root always REQUIRE: the score and the sensitivity are built on every group's value.
"""
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from statistics import fmean

MEAN = "mean"
WEIGHTED_MEAN = "weighted_mean"
SUM = "sum"
COMBINES = (MEAN, WEIGHTED_MEAN, SUM)

SKIP = "skip"
PROPAGATE = "propagate"
REQUIRE = "require"
MISSING_RULES = (SKIP, PROPAGATE, REQUIRE)


class ModelError(ValueError):
    """The model itself is inconsistent (unknown combine rule, weights not matching children)."""


class ScoreError(ValueError):
    """A score outside the scale; names the measure and the question."""


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    children: tuple["Criterion", ...] = ()
    combine: str = MEAN
    weights: tuple[float, ...] = ()  # one per child, for weighted_mean and sum
    scale: tuple[float, float] = (0, 10)
    higher_is_better: bool = True  # a leaf scored the other way round is turned before combining
    scale_text: str = ""  # what the ends of the scale mean, e.g. "10 lite komplekst – 0 ekstremt komplekst"
    missing: str = ""  # SKIP, PROPAGATE or REQUIRE; "" takes the default (see missing_rule)

    def __post_init__(self):
        if self.combine not in COMBINES:
            raise ModelError(f"{self.key}: unknown combine rule {self.combine!r}")
        if self.missing and self.missing not in MISSING_RULES:
            raise ModelError(f"{self.key}: unknown rule for missing values {self.missing!r} "
                             f"(one of {', '.join(MISSING_RULES)})")
        if self.combine == SUM and self.missing not in ("", REQUIRE):
            raise ModelError(f"{self.key}: a sum needs every part (missing: {REQUIRE}); leaving a part out "
                             f"would count it as 0")
        if self.weights and len(self.weights) != len(self.children):
            raise ModelError(f"{self.key}: {len(self.weights)} weights for {len(self.children)} children")
        if self.combine == WEIGHTED_MEAN and not self.weights:
            raise ModelError(f"{self.key}: a weighted mean needs weights")

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def missing_rule(self) -> str:
        """What the node does with a missing child: its own rule, or the default."""
        if self.missing:
            return self.missing
        return REQUIRE if self.combine == SUM else PROPAGATE

    def nodes(self) -> list["Criterion"]:
        """The node and every node below it, depth first."""
        return [self] + [node for child in self.children for node in child.nodes()]

    def leaves(self) -> list["Criterion"]:
        return [self] if self.is_leaf else [leaf for child in self.children for leaf in child.leaves()]


@dataclass(frozen=True)
class Model:
    slug: str
    name: str
    root: Criterion
    tie_break: tuple[str, ...] = ()  # group keys compared, higher first, when scores are equal

    def __post_init__(self):
        if self.root.missing not in ("", REQUIRE):
            raise ModelError(f"{self.root.key}: the root needs every group (missing: {REQUIRE}); the score and "
                             f"the sensitivity are built on each group's value")
        if not self.root.missing:
            object.__setattr__(self, "root", replace(self.root, missing=REQUIRE))

    @property
    def groups(self) -> tuple[Criterion, ...]:
        return self.root.children

    def leaves(self) -> list[Criterion]:
        return self.root.leaves()

    def leaf_keys(self) -> list[str]:
        return [leaf.key for leaf in self.leaves()]

    def group_weights(self) -> tuple[float, ...]:
        """The weight of each group in the score (1 each for a plain sum)."""
        return self.root.weights or tuple(1.0 for _ in self.groups)

    def effective_leaf_weights(self) -> dict[str, float]:
        """How much one point on each question moves the score, when every question is answered."""
        weights: dict[str, float] = {}

        def walk(node: Criterion, factor: float) -> None:
            if node.is_leaf:
                weights[node.key] = factor
                return
            child_weights = node.weights or tuple(1.0 for _ in node.children)
            total = sum(child_weights) if node.combine in (MEAN, WEIGHTED_MEAN) else 1.0
            for child, weight in zip(node.children, child_weights):
                walk(child, factor * weight / total)

        walk(self.root, 1.0)
        return weights


@dataclass
class Result:
    name: str
    groups: dict[str, float | None]
    score: float | None
    rank: int | None = None
    missing_groups: list[str] = field(default_factory=list)  # groups (root's children) without a value
    # Why there is no score: the nodes where the value was lost, highest first ("H" when H1 and
    # H2 are blank; "N" when no benefit question is answered), questions by key under REQUIRE.
    missing: list[str] = field(default_factory=list)
    outside: str = ""  # why the measure is scored but not ranked (not in the council's ranking)

    @property
    def status(self) -> str:
        if self.outside:
            return "outside_ranking"
        return "ranked" if self.score is not None else "insufficient_data"


@dataclass(frozen=True)
class Value:
    """A node's value (None = missing), whether any answer below it was given, and where a
    missing value was lost (the highest nodes without any answer, or questions a node requires)."""
    value: float | None
    answered: bool
    lost: tuple[str, ...] = ()


def evaluate_node(node: Criterion, values: Mapping[str, float | None]) -> Value:
    """The node's value from leaf values (None = missing), following each node's missing rule."""
    if node.is_leaf:
        value = values.get(node.key)
        if value is None:
            return Value(None, False)
        low, high = node.scale
        return Value(value if node.higher_is_better else low + high - value, True)
    parts = [evaluate_node(child, values) for child in node.children]
    answered = any(part.answered for part in parts)
    rule = node.missing_rule
    blocking = [(child, part) for child, part in zip(node.children, parts) if part.value is None and (
        rule == REQUIRE or (rule == PROPAGATE and not child.is_leaf))]
    weights = node.weights or tuple(1.0 for _ in parts)
    present = [(part.value, w) for part, w in zip(parts, weights) if part.value is not None]
    if blocking or not present:
        if not answered:
            return Value(None, False, (node.key,))
        causes = blocking or [(child, part) for child, part in zip(node.children, parts) if part.answered]
        lost = tuple(key for child, part in causes for key in (part.lost or (child.key,)))
        return Value(None, True, tuple(dict.fromkeys(lost)))
    if node.combine == SUM:
        return Value(sum(p * w for p, w in present), True)
    if node.combine == MEAN:
        return Value(fmean(p for p, _ in present), True)
    return Value(sum(p * w for p, w in present) / sum(w for _, w in present), True)


def combine(node: Criterion, values: Mapping[str, float | None]) -> float | None:
    """The node's value from leaf values (None = missing)."""
    return evaluate_node(node, values).value


def check_scores(model: Model, name: str, values: Mapping[str, float | None]) -> None:
    for leaf in model.leaves():
        value = values.get(leaf.key)
        if value is not None and not (leaf.scale[0] <= value <= leaf.scale[1]):
            low, high = (f"{v:g}" for v in leaf.scale)
            raise ScoreError(f"{name}: {leaf.key} = {value:g} is outside the scale {low}–{high}")


def score(model: Model, name: str, values: Mapping[str, float | None]) -> Result:
    check_scores(model, name, values)
    groups = {group.key: combine(group, values) for group in model.groups}
    missing = [key for key, value in groups.items() if value is None]
    total = evaluate_node(model.root, values)
    return Result(name=name, groups=groups, score=total.value, missing_groups=missing,
                  missing=[] if total.value is not None else list(total.lost))


def norwegian_order(name: str) -> str:
    """Alphabetical as in Norwegian: æ, ø and å after z, in that order."""
    return name.casefold().translate({ord("æ"): "{", ord("ø"): "|", ord("å"): "}"})


# Scores are compared rounded, so 18.1666…68 and 18.1666…64 (DBEP and legevakt/ØHD) tie.
COMPARE_DECIMALS = 9


def rank(model: Model, results: Iterable[Result]) -> list[Result]:
    """Best first: by score, ties by the model's tie-break groups (higher first), then by name.

    Then, unranked and each in name order: the measures scored but kept outside the ranking
    (`outside`), and last those without a score.
    """
    def order(result: Result):
        tie_break = [-round(result.groups[key], COMPARE_DECIMALS) for key in model.tie_break]
        return (-round(result.score, COMPARE_DECIMALS), *tie_break, norwegian_order(result.name))

    results = list(results)
    ranked = sorted((r for r in results if r.score is not None and not r.outside), key=order)
    by_name = lambda r: norwegian_order(r.name)  # noqa: E731
    unranked = (sorted((r for r in results if r.outside), key=by_name)
                + sorted((r for r in results if r.score is None and not r.outside), key=by_name))
    for position, result in enumerate(ranked, start=1):
        result.rank = position
    for result in unranked:
        result.rank = None
    return ranked + unranked


def combine_raters(model: Model, ratings: list[Mapping[str, float | None]]) -> dict[str, float | None]:
    """One value per question: the mean of the raters who answered it (blank = no answer)."""
    combined = {}
    for key in model.leaf_keys():
        answers = [r.get(key) for r in ratings if r.get(key) is not None]
        combined[key] = fmean(answers) if answers else None
    return combined


def evaluate(model: Model, measures: Mapping[str, list[Mapping[str, float | None]]]) -> list[Result]:
    """Score and rank measures, each with one or more raters' answers."""
    return rank(model, [score(model, name, combine_raters(model, ratings)) for name, ratings in measures.items()])


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$", re.ASCII)


def parse_cell(text) -> tuple[float | None, str | None]:
    """A sheet cell as a score: blank is missing; text is missing with a warning (Excel skips it).

    Only plain decimal numbers count (7, 7.5, 7,5); "1e3", "inf" or "1_0" are text.
    """
    if text is None:
        return None, None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if not math.isfinite(text):
            return None, f"«{text}» is not a number and is treated as missing"
        return float(text) + 0.0, None
    stripped = str(text).strip()
    if not stripped:
        return None, None
    if not _NUMBER.match(stripped):
        return None, f"«{stripped}» is not a number and is treated as missing"
    return float(stripped.replace(",", ".")) + 0.0, None  # + 0.0 turns -0 into 0
