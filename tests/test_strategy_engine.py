"""The rules of the strategic indicators (strategy/engine.py): periods, shares, quarterly
means and the on-track judgement. Plain values in, plain values out; no database."""
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radsmodell.strategy.engine import PeriodError, Status, judge, parse_period, quarterly_means, share

# ---------------------------------------------------------------- periods


def test_a_year_runs_from_first_of_january_to_new_years_eve():
    period = parse_period("2024")
    assert (period.start, period.end, period.kind, period.label) == (date(2024, 1, 1), date(2024, 12, 31), "year",
                                                                      "2024")


def test_the_third_quarter_runs_from_july_to_the_end_of_september():
    period = parse_period("2024-Q3")
    assert (period.start, period.end, period.kind) == (date(2024, 7, 1), date(2024, 9, 30), "quarter")
    assert period.label == "3. kvartal 2024"


def test_a_month_ends_on_its_last_day_including_the_leap_day():
    assert parse_period("2024-02").end == date(2024, 2, 29)
    assert parse_period("2025-02").end == date(2025, 2, 28)
    assert parse_period("2025-11").label == "november 2025"


def test_surrounding_spaces_are_ignored_and_not_kept_in_the_text():
    assert parse_period(" 2025-07 ").text == "2025-07"


def test_periods_sort_by_start():
    texts = ["2025-10", "2024", "2025-Q1", "2025-04"]
    assert [p.text for p in sorted(map(parse_period, texts))] == ["2024", "2025-Q1", "2025-04", "2025-10"]


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "2024-Q5", "2024-Q0", "2024-7", "24", "2024/07", "2024-q3",
                                  "juli 2024", "", None, "2024-07-01"])
def test_anything_but_year_quarter_or_month_is_refused(text):
    with pytest.raises(PeriodError, match="er ikke en periode"):
        parse_period(text)


def test_years_outside_1900_to_2100_are_refused():
    with pytest.raises(PeriodError, match="utenfor 1900–2100"):
        parse_period("1899")
    with pytest.raises(PeriodError, match="utenfor 1900–2100"):
        parse_period("2101-01")


def test_a_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


# ---------------------------------------------------------------- shares


def test_a_stated_value_wins_over_numerator_and_denominator():
    assert share(D("12.1"), 1, 2) == D("12.1")


def test_a_stated_zero_is_a_value_not_missing():
    assert share(D("0"), None, None) == D("0")


def test_numerator_over_denominator_is_a_percentage():
    assert share(None, 1, 4) == D("25")
    assert share(None, 57537, 475472).quantize(D("0.01")) == D("12.10")


def test_no_share_without_numerator_or_with_zero_or_missing_denominator():
    assert share(None, 5, 0) is None
    assert share(None, 5, None) is None
    assert share(None, None, 100) is None


def test_a_zero_numerator_gives_zero_percent():
    assert share(None, 0, 5) == D("0")


# ---------------------------------------------------------------- quarterly means


def test_a_quarter_is_the_mean_of_its_three_months():
    [q2] = quarterly_means([("2025-04", D("1.0")), ("2025-05", D("1.1")), ("2025-06", D("1.2"))])
    assert (q2.period.text, q2.value, q2.months, q2.complete) == ("2025-Q2", D("1.1"), 3, True)


def test_a_quarter_with_two_months_is_flagged_incomplete_with_its_month_count():
    q2, q3 = quarterly_means([("2025-04", D("9.9")), ("2025-05", D("10.3")), ("2025-06", D("10.8")),
                              ("2025-07", D("10.9")), ("2025-08", D("11.3"))])
    assert q2.value == D("10.33333333333333333333333333")
    assert (q3.period.text, q3.value, q3.months, q3.complete) == ("2025-Q3", D("11.1"), 2, False)


def test_quarters_come_oldest_first_whatever_the_order_of_the_months():
    means = quarterly_means([("2025-01", D("3")), ("2024-12", D("2")), ("2024-10", D("1"))])
    assert [(m.period.text, m.value, m.months) for m in means] == [("2024-Q4", D("1.5"), 2), ("2025-Q1", D("3"), 1)]


def test_quarterly_means_skip_years_quarters_and_missing_values():
    means = quarterly_means([("2025", D("50")), ("2025-Q1", D("40")), ("2025-01", None), ("2025-02", D("11")),
                             ("2025-03", D("12"))])
    assert [(m.period.text, m.value, m.months) for m in means] == [("2025-Q1", D("11.5"), 2)]


# ---------------------------------------------------------------- the on-track judgement
# EPJ card: baseline 60 % in 2021; an ambition of 80 % in 2030 puts the straight path at
# 60 + 20 · 1096/3287 days = 66.67 % at the end of 2024.


def test_a_value_on_or_above_the_straight_path_is_on_track():
    judgement = judge([("2021", 60), ("2024", D("67"))], {2030: D("80")}, baseline=("2021", D("60")))
    assert judgement.status == Status.ON_TRACK
    assert judgement.expected.quantize(D("0.0001")) == D("66.6687")
    assert judgement.target == (2030, D("80"))
    assert (judgement.latest[0].text, judgement.latest[1], judgement.previous) == ("2024", D("67"), D("60"))


def test_a_value_below_the_straight_path_is_behind():
    judgement = judge([("2021", 60), ("2022", 52), ("2023", 49), ("2024", 52)], {2030: D("80")},
                      baseline=("2021", D("60")))
    assert judgement.status == Status.BEHIND
    assert (judgement.latest[1], judgement.previous) == (D("52"), D("49"))


def test_exactly_on_the_path_counts_as_on_track():
    # 2020 → 2030 is 3652 days and 2020 → 2025 is 1826: the path is exactly half way, at 50.
    assert judge([("2020", 0), ("2025", 50)], {2030: D("100")}).status == Status.ON_TRACK
    assert judge([("2020", 0), ("2025", D("49.99"))], {2030: D("100")}).status == Status.BEHIND


def test_lower_is_better_means_at_or_below_the_path_is_on_track():
    # From 100 in 2020 to 0 in 2030: the path is at 50 at the end of 2025.
    assert judge([("2020", 100), ("2025", 40)], {2030: D("0")}, higher_is_better=False).status == Status.ON_TRACK
    judgement = judge([("2020", 100), ("2025", 60)], {2030: D("0")}, higher_is_better=False)
    assert judgement.status == Status.BEHIND and judgement.expected == D("50")


def test_without_baseline_the_path_starts_at_the_first_value():
    # PLL Norge: 1,0 % in April 2025, 25 % in 2026 → the path is at 8,24 % by the end of October 2025.
    series = [("2025-04", D("1.0")), ("2025-05", D("1.0")), ("2025-10", D("1.5"))]
    judgement = judge(series, {2026: D("25")})
    assert judgement.expected.quantize(D("0.01")) == D("8.24")
    assert judgement.status == Status.BEHIND


def test_a_stated_baseline_replaces_the_first_value_as_the_start_of_the_path():
    series = [("2022", 10), ("2024", 30)]
    from_first = judge(series, {2030: D("100")})  # from 10 at the end of 2022: 32,5 at the end of 2024
    assert (from_first.status, from_first.expected.quantize(D("0.1"))) == (Status.BEHIND, D("32.5"))
    from_baseline = judge(series, {2030: D("100")}, baseline=("2022", D("0")))  # from 0: 25,0
    assert (from_baseline.status, from_baseline.expected.quantize(D("0.1"))) == (Status.ON_TRACK, D("25.0"))


def test_without_ambition_the_indicator_is_not_judged_but_keeps_its_latest_value():
    judgement = judge([("2023", 49), ("2024", 52)], {})
    assert judgement.status == Status.NO_AMBITION
    assert (judgement.latest[1], judgement.previous, judgement.expected, judgement.target) == (D("52"), D("49"), None,
                                                                                                 None)


def test_without_observations_the_indicator_is_not_measurable():
    assert judge([], {2030: D("80")}).status == Status.NOT_MEASURABLE
    assert judge([("2024", None)], {2030: D("80")}).status == Status.NOT_MEASURABLE
    assert judge([], {2030: D("80")}).latest is None


def test_the_nearest_interim_ambition_not_yet_passed_is_the_target():
    judgement = judge([("2025-04", D("1.0")), ("2025-10", D("1.5"))], {2026: D("25"), 2030: D("60")})
    assert judgement.target == (2026, D("25"))


def test_once_an_interim_year_is_passed_the_next_ambition_is_the_target():
    judgement = judge([("2025-04", D("1.0")), ("2027-03", D("30"))], {2026: D("25"), 2030: D("60")})
    assert judgement.target == (2030, D("60"))


def test_a_value_in_the_interim_year_itself_is_judged_against_that_year():
    judgement = judge([("2025-04", D("1.0")), ("2026-12", D("25"))], {2026: D("25"), 2030: D("60")})
    assert judgement.target == (2026, D("25")) and judgement.expected == D("25")
    assert judgement.status == Status.ON_TRACK


def test_after_the_last_target_year_the_target_itself_is_compared():
    behind = judge([("2025-04", D("1.0")), ("2027-03", D("24"))], {2026: D("25")})
    assert (behind.status, behind.target, behind.expected) == (Status.BEHIND, (2026, D("25")), D("25"))
    assert judge([("2025-04", D("1.0")), ("2027-03", D("26"))], {2026: D("25")}).status == Status.ON_TRACK


def test_a_single_value_is_its_own_start_of_the_path_and_so_on_track():
    judgement = judge([("2025-10", D("1.5"))], {2030: D("60")})
    assert (judgement.status, judgement.expected, judgement.previous) == (Status.ON_TRACK, D("1.5"), None)


def test_the_series_is_judged_in_period_order_not_input_order():
    judgement = judge([("2024", 52), ("2021", 60), ("2023", 49)], {2030: D("80")})
    assert (judgement.latest[0].text, judgement.previous) == ("2024", D("49"))


# ---------------------------------------------------------------- an ambition whose area is unclear


def test_an_ambition_not_tied_to_the_series_cannot_be_judged_against():
    # PLL: «Ambisjon 2026 (25 %)» under both the national and the trial areas' chart.
    judgement = judge([("2025-04", D("1.0")), ("2025-10", D("1.5"))], {}, unclear={2026})
    assert judgement.status == Status.UNCLEAR_AMBITION
    assert (judgement.latest[1], judgement.previous) == (D("1.5"), D("1.0"))
    assert (judgement.expected, judgement.target) == (None, None)  # no path, no gap: nothing to judge against


def test_an_unclear_ambition_is_not_behind_even_far_below_the_path():
    behind_if_clear = judge([("2025-04", D("1.0")), ("2025-10", D("1.5"))], {2026: D("25")})
    assert behind_if_clear.status == Status.BEHIND
    assert judge([("2025-04", D("1.0")), ("2025-10", D("1.5"))], {}, unclear={2026}).status == Status.UNCLEAR_AMBITION


def test_a_clear_ambition_for_the_same_year_is_the_one_judged_against():
    judgement = judge([("2025-04", D("1.0")), ("2025-10", D("1.5"))], {2026: D("25")}, unclear={2026})
    assert (judgement.status, judgement.target) == (Status.BEHIND, (2026, D("25")))


def test_only_the_ambition_judged_against_decides_whether_it_is_unclear():
    # A clear 2026 ambition comes first; the unclear 2030 one is not reached yet.
    nearer = judge([("2025-04", D("1.0")), ("2025-10", D("20"))], {2026: D("25")}, unclear={2030})
    assert (nearer.status, nearer.target) == (Status.ON_TRACK, (2026, D("25")))
    # Once 2026 is passed, the next ambition is the unclear one.
    later = judge([("2025-04", D("1.0")), ("2027-03", D("30"))], {2026: D("25")}, unclear={2030})
    assert later.status == Status.UNCLEAR_AMBITION


def test_without_values_an_unclear_ambition_is_still_not_measurable():
    assert judge([], {}, unclear={2026}).status == Status.NOT_MEASURABLE


# ---------------------------------------------------------------- property

MONTHS = [f"{year}-{month:02d}" for year in (2024, 2025, 2026) for month in range(1, 13)]
percent = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(percent, min_size=1, max_size=12), first=st.integers(0, 20), raise_by=percent,
       ambitions=st.dictionaries(st.integers(2024, 2032), percent, min_size=1, max_size=3),
       baseline=st.none() | percent)
def test_raising_the_latest_value_never_turns_on_track_into_behind(values, first, raise_by, ambitions, baseline):
    series = list(zip(MONTHS[first:], values))
    base = ("2023", baseline) if baseline is not None else None
    before = judge(series, ambitions, higher_is_better=True, baseline=base)
    raised = series[:-1] + [(series[-1][0], series[-1][1] + raise_by)]
    after = judge(raised, ambitions, higher_is_better=True, baseline=base)
    assert not (before.status == Status.ON_TRACK and after.status == Status.BEHIND)
    assert after.target == before.target


@settings(max_examples=200, deadline=None)
@given(values=st.lists(percent, min_size=2, max_size=12), lower_by=percent,
       ambitions=st.dictionaries(st.integers(2024, 2032), percent, min_size=1, max_size=3))
def test_lowering_the_latest_value_never_turns_on_track_into_behind_when_lower_is_better(values, lower_by, ambitions):
    series = list(zip(MONTHS, values))
    before = judge(series, ambitions, higher_is_better=False)
    lowered = series[:-1] + [(series[-1][0], series[-1][1] - lower_by)]
    after = judge(lowered, ambitions, higher_is_better=False)
    assert not (before.status == Status.ON_TRACK and after.status == Status.BEHIND)
