"""A workbook's own figures beside the model's: which agree, which do not, and why.

A sheet of the council's workbook may compute with formulas of its own (in 2022, «Felles
hjelpenummer» and the column «Dokumenter utenfor kjernejournal» sum the answers in Pasient and
Helsepersonell and add Realisere sentral infrastruktur to the total), or keep a rank from
before the last measures were scored. Nothing the sheet prints is taken over: each printed
figure is compared with the model's figure for the same answers, and a difference is
explained by recomputing the sheet's formula where it is one we know.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from radsmodell.core.numbers import number

from .engine import MEAN, SUM, Criterion, Model, Result, combine

ERRORS = ("#DIV/0!", "#VALUE!", "#N/A", "#REF!", "#NAME?", "#NUM!", "#NULL!")


@dataclass(frozen=True)
class Printed:
    """A figure as a sheet shows it: a number with its decimals, or an Excel error (value None)."""
    text: str
    value: Decimal | None
    decimals: int

    @classmethod
    def parse(cls, text: str) -> "Printed":
        text = text.strip().removeprefix("ERROR:")
        if text.upper() in ERRORS:
            return cls(text.upper(), None, 0)
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"«{text}» is neither a number nor an Excel error") from None
        return cls(text, value, max(0, -value.as_tuple().exponent))

    def shown(self) -> str:
        return self.text if self.value is None else number(self.value, self.decimals)

    def agrees(self, figure: float | None) -> bool:
        """Does the model's figure, shown as the sheet shows its own, read the same?"""
        if self.value is None or figure is None:
            return self.value is None and figure is None
        step = Decimal(1).scaleb(-self.decimals)
        return Decimal(repr(float(figure))).quantize(step, rounding=ROUND_HALF_UP) == self.value.quantize(step)


@dataclass
class Comparison:
    sheet: str
    measure: str
    what: str  # "score" or "rank"
    printed: str  # as the sheet shows it, in Norwegian form ("25,75")
    model: str  # the model's figure as the model shows it ("16,1"); "–" when it has none
    agrees: bool
    reason: str  # why they differ; "" when they agree
    source: str  # the stored note of where the sheet's figure was read


def sheet_formula(model: Model) -> Model | None:
    """The older formula of the 2022 workbook's odd sheets, for any model of that shape: the
    sub-groups of a group that mixes sub-groups and loose questions are sums, and the loose
    questions are added to the total. None when the model has no such group, or the root is no sum."""
    if model.root.combine != SUM:
        return None
    loose: list[Criterion] = []

    def change(node: Criterion) -> Criterion:
        if node.is_leaf:
            return node
        groups = [child for child in node.children if not child.is_leaf]
        questions = [child for child in node.children if child.is_leaf]
        if groups and questions and not node.weights and all(
                all(grandchild.is_leaf for grandchild in group.children) for group in groups):
            loose.extend(questions)
            summed = tuple(replace(group, combine=SUM, weights=(), missing="") for group in groups)
            return replace(node, children=summed, combine=MEAN)
        return replace(node, children=tuple(change(child) for child in node.children))

    groups = tuple(change(group) for group in model.groups)
    if not loose or model.root.weights:
        return None
    return Model(slug=model.slug, name=model.name, tie_break=model.tie_break,
                 root=replace(model.root, children=groups + tuple(loose)))


def _explain_sum(model: Model) -> str:
    """The words for `sheet_formula`: what the sheet does, what the model does."""
    for node in model.root.nodes():
        groups = [child for child in node.children if not child.is_leaf]
        questions = [child for child in node.children if child.is_leaf]
        if groups and questions:
            return _("Arket summerer svarene i %(groups)s og legger %(loose)s til totalen; modellen tar "
                     "gjennomsnittet av %(parts)s i %(parent)s.") % {
                "groups": _join([g.label for g in groups]), "loose": _join([f"«{q.label}»" for q in questions]),
                "parts": _join([c.label for c in node.children]), "parent": node.label}
    return ""


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " " + _("og") + " " + items[-1]


def compare(model: Model, results: Iterable[Result], values: Mapping[str, Mapping[str, float | None]],
            figures: Iterable) -> list[Comparison]:
    """Each printed figure (objects with sheet, measure name, what, printed and source) beside the
    model's figure from the same answers, with the reason when they differ."""
    by_name = {r.name: r for r in results}
    figures = list(figures)
    older = sheet_formula(model)
    comparisons = []
    for figure in figures:
        result = by_name.get(figure.measure_name)
        if result is None:
            continue
        printed = Printed.parse(figure.printed)
        if figure.what == "score":
            own = result.score
            agrees = printed.agrees(own)
            reason = "" if agrees else _score_reason(model, older, printed, values.get(result.name, {}))
        else:
            own = result.rank
            agrees = printed.agrees(own)
            reason = "" if agrees else _rank_reason(result, figure, figures)
        # The model's figure as the model shows it (a score to one decimal); compared at the sheet's precision.
        shown = "–" if own is None else number(own, 1 if figure.what == "score" else 0)
        comparisons.append(Comparison(figure.sheet, result.name, figure.what, printed.shown(), shown, agrees,
                                      reason, figure.source))
    return comparisons


def _score_reason(model: Model, older: Model | None, printed: Printed, answers: Mapping) -> str:
    if older is not None and printed.agrees(combine(older.root, answers)):
        return _explain_sum(model)
    if printed.value is None:
        return _("Arket viser en feil der modellen regner ut en score av de samme svarene.")
    return _("Arket viser et annet tall enn modellen gir av de samme svarene; arkets formel er ikke kjent.")


def _rank_reason(result: Result, figure, figures: list) -> str:
    if result.rank is None:
        if result.outside:
            return _("Modellen rangerer ikke tiltaket: %(why)s") % {"why": result.outside}
        return _("Modellen rangerer ikke tiltaket: det mangler data.")
    others = [f for f in figures if f.measure_name == figure.measure_name and f.what == "rank"
              and f.sheet != figure.sheet and Printed.parse(f.printed).agrees(result.rank)]
    if others:
        return _("Arkets egen rangering stemmer ikke med rådets samlede rangering i arket «%(sheet)s», som gir "
                 "plass %(rank)s, slik modellen gjør.") % {"sheet": others[0].sheet, "rank": result.rank}
    return _("Arkets rangering er ikke modellens rangering av tiltakene i runden.")
