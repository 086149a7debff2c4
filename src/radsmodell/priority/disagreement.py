"""Where raters disagree: the spread of their answers per measure and question, per question
over all measures, and of each rater's own score of a measure.

Plain Python (numpy), no Django. The sheets come as {rater: {measure: {question: value}}}, a
missing answer as None or left out. A spread is the sample standard deviation of the answers
given (n − 1 in the denominator, as STDEV.S/STDAV.S in a spreadsheet) and their range (highest
minus lowest); fewer than two answers have no spread and are left out of the lists.
"""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .engine import Model, combine

Sheets = Mapping[str, Mapping[str, Mapping[str, float | None]]]


@dataclass(frozen=True)
class Spread:
    """The raters' answers to one question for one measure (or their scores of it: question "")."""
    measure: str
    question: str
    values: tuple[tuple[str, float], ...]  # (rater, value), in the raters' order
    sd: float
    range: float

    @property
    def n(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class QuestionSpread:
    """One question over every measure with at least two answers to it."""
    question: str
    mean_sd: float
    largest_range: float
    measures: int  # how many measures the mean is over


@dataclass(frozen=True)
class Disagreement:
    raters: int
    by_measure: list[Spread]  # each rater's score of the measure, largest spread first
    by_cell: list[Spread]  # each measure × question, largest spread first
    by_question: list[QuestionSpread]  # largest mean spread first


def spread(values: Sequence[float]) -> tuple[float, float] | None:
    """(sample standard deviation, range) of two or more values; None for fewer."""
    if len(values) < 2:
        return None
    array = np.asarray(values, dtype=float)
    return float(np.std(array, ddof=1)), float(array.max() - array.min())


def _spreads(rows: list[tuple[str, str, list[tuple[str, float]]]], measure_order: dict[str, int],
             question_order: dict[str, int]) -> list[Spread]:
    spreads = []
    for measure, question, values in rows:
        found = spread([value for _rater, value in values])
        if found is not None:
            spreads.append(Spread(measure, question, tuple(values), *found))
    # Largest spread first; equal spreads in the session's order of measures and the model's of questions.
    return sorted(spreads, key=lambda s: (-round(s.sd, 9), -round(s.range, 9), measure_order[s.measure],
                                          question_order.get(s.question, -1)))


def disagreement(model: Model, sheets: Sheets, measures: Sequence[str]) -> Disagreement:
    """The spreads of the raters' sheets over `measures` (in the session's order)."""
    keys = model.leaf_keys()
    measure_order = {name: i for i, name in enumerate(measures)}
    question_order = {key: i for i, key in enumerate(keys)}
    cells, scores = [], []
    for measure in measures:
        answers = {rater: sheet.get(measure, {}) for rater, sheet in sheets.items()}
        for key in keys:
            cells.append((measure, key, [(rater, float(values[key])) for rater, values in answers.items()
                                         if values.get(key) is not None]))
        totals = [(rater, combine(model.root, values)) for rater, values in answers.items()]
        scores.append((measure, "", [(rater, float(total)) for rater, total in totals if total is not None]))
    by_cell = _spreads(cells, measure_order, question_order)
    by_question = []
    for key in keys:
        spreads = [s for s in by_cell if s.question == key]
        if spreads:
            by_question.append(QuestionSpread(key, float(np.mean([s.sd for s in spreads])),
                                              max(s.range for s in spreads), len(spreads)))
    by_question.sort(key=lambda q: (-round(q.mean_sd, 9), -round(q.largest_range, 9), question_order[q.question]))
    return Disagreement(len(sheets), _spreads(scores, measure_order, question_order), by_cell, by_question)
