"""The prioritisation engine: the council's 2022 table reproduced, and the rules behind it."""
from pathlib import Path

import numpy as np
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from radsmodell.core.tabular import TableError
from radsmodell.priority.builtin import EHELSERAAD_2022 as MODEL
from radsmodell.priority.engine import (
    SUM,
    WEIGHTED_MEAN,
    Criterion,
    ModelError,
    ScoreError,
    combine,
    evaluate,
    parse_cell,
    score,
)
from radsmodell.priority.sensitivity import simulate, smallest_swaps
from radsmodell.priority.tables import one_decimal, read_scores_csv

DEMO = Path(__file__).resolve().parents[1] / "src/radsmodell/priority/demo/ehelseraad-2022.csv"
COUNCIL_TABLE = [
    ("PLL (pasientens legemiddelliste)", "22.8"),
    ("Dokumentdeling i spesialisthelsetjenesten", "20.8"),
    ("Kritisk info i spesialisthelsetjenesten", "19.8"),
    ("Kritisk info hos fastleger og avtalespesialister", "19.1"),
    ("Kritisk info i kommunal helse- og omsorgstjeneste", "18.3"),
    ("Digitale behandlings- og egenbehandlingsplaner (DBEP)", "18.2"),
    ("Dokumentdeling i legevakt/ØHD", "18.2"),
    ("Generisk datadelingstjeneste", "15.8"),
    ("Dokumentdeling fastleger", "15.2"),
    ("Dokumentdeling andre kommunale helse- og omsorgstjenester", "14.8"),
    ("Kritisk info hos andre helseaktører", "13.0"),
]


@pytest.fixture(scope="module")
def council():
    measures, warnings = read_scores_csv(DEMO.read_text(encoding="utf-8"), MODEL)
    return evaluate(MODEL, measures), warnings


def test_2022_model_reproduces_the_councils_table(council):
    results, _ = council
    ranked = [(r.name, one_decimal(r.score)) for r in results if r.rank]
    assert ranked == COUNCIL_TABLE
    assert [r.rank for r in results if r.rank] == list(range(1, 12))


def test_exact_tie_is_broken_by_nytte_so_dbep_comes_before_legevakt(council):
    results, _ = council
    dbep, legevakt = results[5], results[6]
    assert dbep.score == pytest.approx(legevakt.score) == pytest.approx(18 + 1 / 6)
    assert dbep.groups["N"] > legevakt.groups["N"]


def answers(q, c, rest=5):
    return {"Q1": q, "Q2": q, "C1": c, "C2": c, "C3": c, "C4": c, "P1": rest, "P2": rest, "H1": rest, "H2": rest,
            "I": rest}


def test_tie_on_score_and_nytte_goes_to_higher_maloppnaelse_then_to_the_name():
    results = evaluate(MODEL, {"Alfa": [answers(q=5, c=5)], "Beta": [answers(q=6, c=4)]})
    assert results[0].score == pytest.approx(results[1].score)
    assert [r.name for r in results] == ["Beta", "Alfa"]  # same score and N; Beta has the higher M
    results = evaluate(MODEL, {"Beta": [answers(5, 5)], "Alfa": [answers(5, 5)]})
    assert [r.name for r in results] == ["Alfa", "Beta"]


def test_group_without_any_value_leaves_the_measure_unranked_naming_the_group(council):
    results, _ = council
    last = results[-1]
    assert last.name == "Dokumentdeling andre helseaktører/tjenester"
    assert (last.status, last.rank, last.missing_groups) == ("insufficient_data", None, ["N"])
    assert last.groups["M"] == 4 and last.groups["K"] == 4


def test_text_in_a_score_cell_is_missing_with_a_warning_naming_the_cell(council):
    results, warnings = council
    assert [(w.line, w.column) for w in warnings] == [(12, "C3")]
    assert "Sjekke med Siri Pernille?" in warnings[0].message
    other = next(r for r in results if r.name == "Kritisk info hos andre helseaktører")
    assert other.groups["K"] == 4  # mean of 2, 4 and 6: the text cell is skipped


def test_effective_leaf_weights_of_the_2022_model():
    weights = MODEL.effective_leaf_weights()
    assert weights["Q1"] == pytest.approx(1 / 2) and weights["C3"] == pytest.approx(1 / 4)
    assert weights["P1"] == pytest.approx(1 / 6) and weights["H2"] == pytest.approx(1 / 6)
    assert weights["I"] == pytest.approx(1 / 3)


def test_displayed_to_one_decimal_with_halves_up():
    assert one_decimal(18.25) == "18.3" and one_decimal(15.75) == "15.8" and one_decimal(None) == ""


def test_score_outside_the_scale_is_refused():
    with pytest.raises(ScoreError, match="Q1 = 11"):
        score(MODEL, "X", {"Q1": 11})


@translation.override("en")
def test_malformed_files_name_line_and_column():
    header = "name," + ",".join(MODEL.leaf_keys())
    with pytest.raises(TableError, match="line 1: the header"):
        read_scores_csv("navn,Q1\nA,1\n", MODEL)
    with pytest.raises(TableError, match="line 3, column C2"):
        read_scores_csv(f"{header}\nA,1,1,1,1,1,1,1,1,1,1,1\nB,1,1,1,12,1,1,1,1,1,1,1\n", MODEL)
    with pytest.raises(TableError, match="line 2: 3 columns"):
        read_scores_csv(f"{header}\nA,1,1\n", MODEL)


def test_parse_cell_accepts_norwegian_decimal_comma():
    assert parse_cell("7,5") == (7.5, None) and parse_cell(" ") == (None, None)
    assert parse_cell("ERROR:#DIV/0!")[0] is None


def test_raters_are_combined_by_the_mean_per_question_skipping_blanks():
    a = dict.fromkeys(MODEL.leaf_keys(), 4)
    b = {**dict.fromkeys(MODEL.leaf_keys(), 6), "I": None}
    result = evaluate(MODEL, {"Tiltak": [a, b]})[0]
    assert result.groups["M"] == 5
    assert result.groups["N"] == pytest.approx((5 + 5 + 4) / 3)  # I only from rater a


def test_weighted_mean_sum_and_a_leaf_scored_the_other_way():
    costly = Criterion("cost", "Kostnad", higher_is_better=False)
    node = Criterion("root", "Total", combine=WEIGHTED_MEAN, weights=(3, 1),
                     children=(Criterion("gain", "Gevinst"), costly))
    assert combine(node, {"gain": 8, "cost": 2}) == pytest.approx((3 * 8 + 1 * 8) / 4)
    assert combine(node, {"gain": 8, "cost": None}) == 8  # the weights of present parts renormalise
    total = Criterion("sum", "Sum", combine=SUM, children=(Criterion("a", "A"), Criterion("b", "B")))
    assert combine(total, {"a": 1, "b": None}) is None
    with pytest.raises(ModelError):
        Criterion("bad", "Bad", combine=WEIGHTED_MEAN, children=(Criterion("a", "A"),))
    with pytest.raises(ModelError):
        Criterion("bad", "Bad", combine="median")


leaf_values = st.fixed_dictionaries({k: st.one_of(st.none(), st.integers(0, 10)) for k in MODEL.leaf_keys()})


@settings(max_examples=200, deadline=None)
@given(values=leaf_values, key=st.sampled_from(MODEL.leaf_keys()), step=st.integers(1, 10))
def test_score_never_falls_when_one_answer_rises(values, key, step):
    before = score(MODEL, "x", values).score
    raised = {**values, key: min(10, (values[key] or 0) + step)} if values[key] is not None else values
    after = score(MODEL, "x", raised).score
    if before is not None:
        assert after >= before - 1e-12


@settings(max_examples=100, deadline=None)
@given(raters=st.lists(leaf_values, min_size=1, max_size=5), data=st.data())
def test_the_order_of_raters_changes_nothing(raters, data):
    shuffled = data.draw(st.permutations(raters))
    first, second = evaluate(MODEL, {"x": raters})[0], evaluate(MODEL, {"x": shuffled})[0]
    assert first.groups == pytest.approx(second.groups) if first.score is not None else second.score is None


def test_monte_carlo_with_firm_weights_keeps_the_councils_order(council):
    results, _ = council
    ranked = [r for r in results if r.rank]
    values = np.array([[r.groups[g.key] for g in MODEL.groups] for r in ranked])
    outcome = simulate(values, np.array(MODEL.group_weights()), [r.name for r in ranked], draws=5_000,
                       concentration=1e6, top_k=3)
    assert list(outcome.p_top_k[:3]) == [1.0, 1.0, 1.0] and outcome.p_top_k[3] == 0.0
    fixed = [i for i in range(11) if i not in (5, 6)]  # DBEP and legevakt/ØHD tie exactly
    assert [outcome.rank_low[i] for i in fixed] == [i + 1 for i in fixed] == [outcome.rank_high[i] for i in fixed]
    assert (outcome.rank_low[5], outcome.rank_high[5]) == (6, 7)  # the slightest weight change decides


def test_monte_carlo_with_loose_weights_spreads_the_tied_pair(council):
    results, _ = council
    ranked = [r for r in results if r.rank]
    values = np.array([[r.groups[g.key] for g in MODEL.groups] for r in ranked])
    outcome = simulate(values, np.ones(3), [r.name for r in ranked], draws=20_000, concentration=20, top_k=6)
    dbep, legevakt = 5, 6
    assert 0.2 < outcome.p_top_k[dbep] < 1.0 and 0.0 < outcome.p_top_k[legevakt] < 0.8
    assert outcome.rank_counts.sum(axis=1).tolist() == [20_000] * 11
    assert outcome.p_top_k.sum() == pytest.approx(6)  # six places in the top six, every draw
    assert outcome.rank_low[0] == 1 and outcome.rank_high[-1] == 11


def test_rater_disagreement_widens_the_rank_interval():
    values = np.array([[6.0, 6.0, 6.0], [5.9, 5.9, 5.9]])
    firm = simulate(values, np.ones(3), ["A", "B"], draws=4_000, concentration=1e6)
    shaky = simulate(values, np.ones(3), ["A", "B"], draws=4_000, concentration=1e6,
                     group_se=np.full((2, 3), 1.0))
    assert firm.rank_high[0] == 1 and shaky.rank_high[0] == 2


def test_smallest_weight_change_that_swaps_neighbours():
    # A leads by 2 on M and trails by 1 on N: moving t from M to N closes the gap at t = gap/3.
    values = np.array([[8.0, 5.0, 4.0], [6.0, 5.0, 5.0], [1.0, 1.0, 1.0]])
    swaps = smallest_swaps(values, np.ones(3), ["A", "B", "C"])
    assert swaps[0].shift == pytest.approx((1 / 3) * (2 - 1) / 3) and (swaps[0].from_group, swaps[0].to_group) == (0, 2)
    assert swaps[1].shift is None  # B beats C in every group: no weights swap them


# --- Missing answers: each node's rule, and the 2022 model as its workbook computes ----------

PLL = dict(Q1=8, Q2=10, C1=6, C2=1, C3=9, C4=9, P1=10, P2=10, H1=9, H2=10, I=3)


def test_blank_health_personnel_leaves_the_measure_unranked_as_in_the_workbook():
    # H = AVERAGE(H1, H2) of two blank cells is #DIV/0! in the sheet, and N = AVERAGE(P, H, I)
    # carries the error: no Nytte, no score, no rank. It is not averaged away into mean(P, I).
    from radsmodell.priority.tables import insufficient_data

    results = evaluate(MODEL, {"Uten helsepersonell": [{**PLL, "H1": None, "H2": None}], "PLL": [PLL]})
    assert [(r.name, r.rank) for r in results] == [("PLL", 1), ("Uten helsepersonell", None)]
    blank = results[1]
    assert (blank.status, blank.score, blank.groups["N"]) == ("insufficient_data", None, None)
    assert blank.groups["M"] == 9 and blank.groups["K"] == 6.25  # the other groups keep their values
    assert (blank.missing_groups, blank.missing) == (["N"], ["H"])
    assert insufficient_data(MODEL, blank) == "for lite data (Helsepersonell)"


def test_blank_infrastructure_is_skipped_because_it_is_a_single_question_under_nytte():
    # I is a leaf directly under N, so N = AVERAGE(P, H, I) meets a blank cell, not an error:
    # Excel's AVERAGE skips it (DOMAIN.md section 4: "Means skip blank and text cells"; seed
    # 002's Nytte row averages Pasient, Helsepersonell and Realisere sentral infrastruktur).
    # So N = mean(P, H) = mean(10, 9.5) = 9.75 and the score is 9 + 6.25 + 9.75 = 25.
    result = score(MODEL, "Uten infrastruktur", {**PLL, "I": None})
    assert result.groups["N"] == pytest.approx(9.75)
    assert result.score == pytest.approx(25.0) and result.missing == []


def test_a_measure_with_no_benefit_answer_names_nytte():
    result = score(MODEL, "x", {**PLL, "P1": None, "P2": None, "H1": None, "H2": None, "I": None})
    assert (result.score, result.missing) == (None, ["N"])


def test_each_node_of_a_model_chooses_its_own_rule_for_missing_answers():
    from radsmodell.priority.engine import PROPAGATE, REQUIRE, SKIP

    def benefit(h_rule, n_rule):
        return Criterion("N", "Nytte", missing=n_rule, children=(
            Criterion("P", "Pasient", children=(Criterion("P1", "P1"), Criterion("P2", "P2"))),
            Criterion("H", "Helsepersonell", missing=h_rule, children=(Criterion("H1", "H1"), Criterion("H2", "H2"))),
            Criterion("I", "Infrastruktur"),
        ))

    answers = {"P1": 8, "P2": 6, "H1": None, "H2": None, "I": 4}
    assert combine(benefit(PROPAGATE, PROPAGATE), answers) is None  # as the workbook
    assert combine(benefit(PROPAGATE, SKIP), answers) == 5.5  # the missing sub-group is left out: mean(7, 4)
    assert combine(benefit(PROPAGATE, REQUIRE), {**answers, "H1": 5, "I": None}) is None  # I blank: required
    assert combine(benefit(PROPAGATE, PROPAGATE), {**answers, "H1": 5, "I": None}) == 6  # I blank: skipped
    assert combine(benefit(PROPAGATE, PROPAGATE), {**answers, "H1": 5}) == pytest.approx((7 + 5 + 4) / 3)
    assert combine(benefit(REQUIRE, PROPAGATE), {**answers, "H1": 5}) is None  # H needs H2 too


def test_missing_rules_are_stored_with_the_model_and_defaulted_when_left_out():
    from radsmodell.priority.engine import PROPAGATE, REQUIRE, SKIP
    from radsmodell.priority.serialization import model_from_dict, model_to_dict

    stored = model_to_dict(MODEL)
    assert stored["root"]["missing"] == REQUIRE
    assert {child["key"]: child["missing"] for child in stored["root"]["children"]} == dict.fromkeys("MKN", PROPAGATE)
    assert model_from_dict(stored) == MODEL
    plain = model_from_dict({"root": {"key": "s", "label": "S", "combine": "sum", "children": [
        {"key": "g", "label": "G", "children": [{"key": "a", "label": "A"}]},
        {"key": "h", "label": "H", "missing": "skip", "children": [{"key": "b", "label": "B"}]}]}})
    assert [g.missing_rule for g in plain.groups] == [PROPAGATE, SKIP] and plain.root.missing_rule == REQUIRE
    question = [{"key": "a", "label": "A"}]
    for wrong in ({"key": "g", "label": "G", "missing": "ignore", "children": question},
                  {"key": "g", "label": "G", "combine": "sum", "missing": "skip", "children": question}):
        with pytest.raises(ModelError):
            model_from_dict({"root": {"key": "s", "label": "S", "combine": "sum", "children": [wrong]}})
    with pytest.raises(ModelError, match="root needs every group"):
        model_from_dict({"root": {"key": "s", "label": "S", "combine": "weighted_mean", "weights": [1],
                                  "missing": "skip", "children": [{"key": "a", "label": "A"}]}})


def test_the_workbooks_older_formula_gives_the_figures_its_odd_sheets_print():
    from radsmodell.priority.figures import Printed, sheet_formula

    older = sheet_formula(MODEL)
    felles = dict(Q1=3, Q2=5, C1=2, C2=8, C3=10, C4=9, P1=3, P2=2, H1=2, H2=2, I=10)
    utenfor = dict(Q1=8, Q2=2, C1=2, C2=6, C3=7, C4=6, P1=3, P2=3, H1=3, H2=3, I=0)
    # «Felles hjelpenummer»: 4 + 7.25 + mean(3+2, 2+2) + 10 = 25.75; the model: 4 + 7.25 + mean(2.5, 2, 10).
    assert combine(older.root, felles) == 25.75 and one_decimal(combine(MODEL.root, felles)) == "16.1"
    # «Dokumenter utenfor kjernejournal»: 5 + 5.25 + mean(6, 6) + 0 = 16.25, shown 16.3; the model 12.25.
    assert combine(older.root, utenfor) == 16.25 and one_decimal(combine(MODEL.root, utenfor)) == "12.3"
    assert Printed.parse("16.3").agrees(16.25) and not Printed.parse("16.3").agrees(12.25)
    assert Printed.parse("25.75").agrees(25.75) and not Printed.parse("25.75").agrees(16.083333)
    assert Printed.parse("ERROR:#DIV/0!").agrees(None) and Printed.parse("6.0").agrees(6)
    assert not Printed.parse("3").agrees(6)
