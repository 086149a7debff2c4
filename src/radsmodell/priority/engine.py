"""Multi-criteria scoring of initiatives: a tree of questions, combined bottom-up.

Plain Python, no Django. A model is a tree of `Criterion` nodes: leaves are questions
scored on a scale (0–10), inner nodes combine their children by mean (skipping missing
values, like Excel's AVERAGE), weighted mean or sum. The root's children are the groups
(Måloppnåelse, Kostnader, Nytte) whose values the ranking and its tie-break use.
"""
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import fmean

MEAN = "mean"
WEIGHTED_MEAN = "weighted_mean"
SUM = "sum"
COMBINES = (MEAN, WEIGHTED_MEAN, SUM)


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

    def __post_init__(self):
        if self.combine not in COMBINES:
            raise ModelError(f"{self.key}: unknown combine rule {self.combine!r}")
        if self.weights and len(self.weights) != len(self.children):
            raise ModelError(f"{self.key}: {len(self.weights)} weights for {len(self.children)} children")
        if self.combine == WEIGHTED_MEAN and not self.weights:
            raise ModelError(f"{self.key}: a weighted mean needs weights")

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> list["Criterion"]:
        return [self] if self.is_leaf else [leaf for child in self.children for leaf in child.leaves()]


@dataclass(frozen=True)
class Model:
    slug: str
    name: str
    root: Criterion
    tie_break: tuple[str, ...] = ()  # group keys compared, higher first, when scores are equal

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
    missing_groups: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "ranked" if self.score is not None else "insufficient_data"


def combine(node: Criterion, values: Mapping[str, float | None]) -> float | None:
    """The node's value from leaf values (None = missing)."""
    if node.is_leaf:
        value = values.get(node.key)
        if value is None:
            return None
        low, high = node.scale
        return value if node.higher_is_better else low + high - value
    parts = [combine(child, values) for child in node.children]
    weights = node.weights or tuple(1.0 for _ in parts)
    present = [(p, w) for p, w in zip(parts, weights) if p is not None]
    if node.combine == SUM:
        # A total needs every part: the sheet shows no score when a group cannot be computed.
        return None if len(present) < len(parts) else sum(p * w for p, w in present)
    if not present:
        return None
    if node.combine == MEAN:
        return fmean(p for p, _ in present)
    return sum(p * w for p, w in present) / sum(w for _, w in present)


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
    total = combine(model.root, values) if not missing else None
    return Result(name=name, groups=groups, score=total, missing_groups=missing)


def norwegian_order(name: str) -> str:
    """Alphabetical as in Norwegian: æ, ø and å after z, in that order."""
    return name.casefold().translate({ord("æ"): "{", ord("ø"): "|", ord("å"): "}"})


# Scores are compared rounded, so 18.1666…68 and 18.1666…64 (DBEP and legevakt/ØHD) tie.
COMPARE_DECIMALS = 9


def rank(model: Model, results: Iterable[Result]) -> list[Result]:
    """Best first: by score, ties by the model's tie-break groups (higher first), then by name.

    Results without a score come last, unranked, in name order.
    """
    def order(result: Result):
        tie_break = [-round(result.groups[key], COMPARE_DECIMALS) for key in model.tie_break]
        return (-round(result.score, COMPARE_DECIMALS), *tie_break, norwegian_order(result.name))

    results = list(results)
    ranked = sorted((r for r in results if r.score is not None), key=order)
    unranked = sorted((r for r in results if r.score is None), key=lambda r: norwegian_order(r.name))
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
