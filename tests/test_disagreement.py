"""Where raters disagree (priority/disagreement.py): spreads on a small example worked by hand."""
import math

import pytest

from radsmodell.priority.disagreement import disagreement, spread
from radsmodell.priority.engine import MEAN, REQUIRE, SUM, Criterion, Model

# Score = G + H; G is the mean of q1 and q2, H is q3. Without H there is no score.
MODEL = Model("t", "T", Criterion("score", "Score", combine=SUM, missing=REQUIRE, children=(
    Criterion("G", "G", combine=MEAN, children=(Criterion("q1", "Q1"), Criterion("q2", "Q2"))),
    Criterion("H", "H", combine=MEAN, children=(Criterion("q3", "Q3"),)),
)))

SHEETS = {
    "Kari": {"A": {"q1": 4, "q2": 6, "q3": 5}, "B": {"q1": 7, "q2": 7, "q3": None}},
    "Ola": {"A": {"q1": 8, "q2": 6, "q3": 5}, "B": {"q1": 7, "q3": 2}},
    "Per": {"A": {"q1": 6, "q2": 6}},
}


def test_the_spread_is_the_sample_standard_deviation_and_the_range():
    assert spread([4, 8]) == (pytest.approx(math.sqrt(8)), 4.0)  # 2.83, as STDEV.S gives
    assert spread([4, 8, 6]) == (pytest.approx(2.0), 4.0)
    assert spread([7]) is None and spread([]) is None


def test_each_measure_and_question_largest_spread_first_with_the_raters_answers():
    found = disagreement(MODEL, SHEETS, ["A", "B"])
    assert found.raters == 3
    rows = [(s.measure, s.question, s.n, round(s.sd, 3), s.range) for s in found.by_cell]
    # B q2 and B q3 have one answer each: no spread, left out.
    assert rows == [("A", "q1", 3, 2.0, 4.0), ("A", "q2", 3, 0.0, 0.0), ("A", "q3", 2, 0.0, 0.0),
                    ("B", "q1", 2, 0.0, 0.0)]
    assert found.by_cell[0].values == (("Kari", 4.0), ("Ola", 8.0), ("Per", 6.0))


def test_each_raters_own_score_of_a_measure_is_compared():
    by_measure = disagreement(MODEL, SHEETS, ["A", "B"]).by_measure
    # A: Kari 5 + 5 = 10, Ola 7 + 5 = 12, Per has no H and so no score. B: only Ola has a score.
    assert [(s.measure, s.values) for s in by_measure] == [("A", (("Kari", 10.0), ("Ola", 12.0)))]
    assert by_measure[0].sd == pytest.approx(math.sqrt(2)) and by_measure[0].range == 2.0


def test_each_question_over_all_measures():
    by_question = disagreement(MODEL, SHEETS, ["A", "B"]).by_question
    assert [(q.question, q.mean_sd, q.largest_range, q.measures) for q in by_question] == [
        ("q1", pytest.approx(1.0), 4.0, 2), ("q2", 0.0, 0.0, 1), ("q3", 0.0, 0.0, 1)]


def test_the_largest_spread_comes_first_whatever_the_order_of_the_measures():
    sheets = {"Kari": {"A": {"q1": 5}, "B": {"q1": 0}}, "Ola": {"A": {"q1": 6}, "B": {"q1": 10}}}
    assert [s.measure for s in disagreement(MODEL, sheets, ["A", "B"]).by_cell] == ["B", "A"]


def test_one_rater_or_none_gives_nothing_to_compare():
    assert disagreement(MODEL, {"Kari": SHEETS["Kari"]}, ["A", "B"]).by_cell == []
    found = disagreement(MODEL, {}, ["A"])
    assert found.raters == 0 and found.by_measure == [] and found.by_question == []
