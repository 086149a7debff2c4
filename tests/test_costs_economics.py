"""Investment economics: DIS phase 3 (seed 004) and running-cost growth (seed 000, case 6/24)."""
from decimal import Decimal

import pytest
import yaml

from radsmodell.costs.economics import (
    DEMO_DIR,
    RISK_MARGIN,
    RUNNING_COST_RATE,
    CostLine,
    Investment,
    InvestmentCase,
    Reserve,
    cash_flows,
    dis_phase_3,
    forecast_running_costs,
    investment_case_from_dict,
    irr,
    load_investment_case,
    npv,
    npv_ore,
    running_cost,
    whole_nok,
)
from radsmodell.costs.engine import ModelFileError

NOK = 100


def test_dis_phase_3_has_the_twenty_cost_lines_of_vedlegg_3_summing_to_135_600_142():
    case = dis_phase_3()
    assert len(case.lines) == 20
    assert case.lines[0] == CostLine("Dokumentdeling - KJ", 9_882_500 * NOK)
    assert case.lines[-1] == CostLine("Fratrekk for konseptfaser", -2_820_000 * NOK)
    assert case.expected_ore == 135_600_142 * NOK == case.stated.expected_ore


def test_dis_phase_3_reserve_is_10_400_531_shown_as_7_7_percent():
    case = dis_phase_3()
    assert case.reserve_ore == 10_400_531 * NOK
    assert case.reserve_percent_shown() == Decimal("7.7") == case.stated.reserve_percent_shown
    assert case.reserve_percent_shown(2) == Decimal("7.67")


def test_dis_phase_3_states_146_000_672_and_the_one_krone_its_rounded_rows_add_beyond_it_is_reported():
    case = dis_phase_3()
    assert case.stated.total_ore == 146_000_672 * NOK
    # The seed's rows are shown in whole kroner: 135 600 142 + 10 400 531 = 146 000 673.
    assert case.total_ore == 146_000_673 * NOK
    [difference] = case.discrepancies()
    assert (difference.figure, difference.difference_ore) == ("total", 1 * NOK)


def test_dis_phase_3_running_costs_are_20_percent_of_the_expected_value_27_120_028_a_year():
    case = dis_phase_3()
    assert case.running_cost_per_year_ore() == 27_120_028_40
    assert whole_nok(case.running_cost_per_year_ore()) == 27_120_028
    # The seed rounds to thousands: "27.120'".
    assert round(case.running_cost_per_year_ore(), -5) == case.stated.running_per_year_ore


def test_a_risk_margin_of_5_percent_is_added_on_request():
    case = dis_phase_3()
    assert case.running_cost_per_year_ore(with_risk_margin=True) == 28_476_029_82
    assert RISK_MARGIN.value == Decimal("0.05") and not RISK_MARGIN.assumption


def test_a_reserve_given_as_a_percentage_is_rounded_half_up_to_the_ore():
    case = InvestmentCase("x", (CostLine("a", 135_600_142 * NOK),), Reserve(percent=Decimal("7.67")))
    assert case.reserve_ore == 10_400_530_89 and case.total_ore == 146_000_672_89
    with pytest.raises(ValueError):
        Reserve(amount_ore=1, percent=Decimal(1))


def test_dis_phase_3_npv_uses_eight_years_and_5_percent_and_has_no_benefits_in_the_seed():
    case = dis_phase_3()
    flows = case.cash_flows()
    assert [f.year for f in flows] == list(range(2024, 2032))
    assert sum(f.investment_ore for f in flows) == case.stated.total_ore
    assert [f.running_ore for f in flows] == [0] * 5 + [30_000_000 * NOK] * 3
    assert case.npv_assumptions.discount_rate.value == Decimal("0.05")
    assert case.npv_assumptions.benefits_by_year.assumption and case.npv_assumptions.benefits_by_year.value == {}
    # Costs only, so the NPV is far below the seed's −13 MNOK and there is no IRR.
    cost_only = npv_ore([f.net_ore for f in flows], "0.05")
    assert cost_only == -206_371_301_61
    assert irr([f.net_ore for f in flows]) is None


def test_npv_discounts_from_the_second_year():
    assert npv([-100, 110], "0.10") == 0
    assert npv_ore([-1_000_00, 0, 1_210_00], Decimal("0.1")) == 0
    assert npv([100, 100], 0) == 200


def test_irr_is_found_by_bisection_and_is_none_without_a_sign_change():
    assert irr([-100, 110]) == Decimal("0.1")
    rate = irr([-1000, 300, 400, 500])
    assert abs(npv([-1000, 300, 400, 500], rate)) < Decimal("1e-6")
    assert Decimal("0.0889") < rate < Decimal("0.0890")  # 8.90 %
    assert irr([-100, -50]) is None and irr([100, 50]) is None
    assert irr([-100, 50]) == Decimal("-0.5")


def test_cash_flows_outside_the_economic_life_are_refused():
    with pytest.raises(ValueError, match="outside the economic life 2024–2031"):
        cash_flows(2024, 8, investments={2035: 1})


def test_running_costs_grow_by_20_percent_of_each_investment_from_its_first_year_in_operation():
    investments = [Investment("Helsenorge", "Ny funksjon", 50_000_000 * NOK, running_from_year=2025),
                   Investment("Digital samhandling", "Pasientens prøvesvar", 30_000_000 * NOK, 2026, "development"),
                   Investment("Helsenorge", "Veikart 2026", 10_000_000 * NOK, running_from_year=2026)]
    forecast = forecast_running_costs(investments, range(2024, 2028))
    assert forecast.by_solution["Helsenorge"] == (0, 10_000_000 * NOK, 12_000_000 * NOK, 12_000_000 * NOK)
    assert forecast.by_solution["Digital samhandling"] == (0, 0, 6_000_000 * NOK, 6_000_000 * NOK)
    assert forecast.added["Helsenorge"] == (0, 10_000_000 * NOK, 2_000_000 * NOK, 0)
    assert forecast.total == (0, 10_000_000 * NOK, 18_000_000 * NOK, 18_000_000 * NOK)
    with_margin = forecast_running_costs(investments, range(2024, 2028), with_risk_margin=True)
    assert with_margin.total[-1] == 18_900_000 * NOK
    assert RUNNING_COST_RATE.value == Decimal("0.20") and "6/24" in RUNNING_COST_RATE.source


def test_running_cost_rounds_half_up_to_the_ore():
    assert running_cost(1) == 0 and running_cost(3) == 1 and running_cost(5) == 1  # 0.2, 0.6, 1.0


def test_a_bad_case_file_names_the_file_and_the_field(tmp_path):
    data = yaml.safe_load((DEMO_DIR / "dis-fase-3.yaml").read_text(encoding="utf-8"))
    data["lines"][3]["amount_nok"] = 1.5
    path = tmp_path / "dis.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ModelFileError, match=r"^dis\.yaml: lines\[3\]\.amount_nok: .*float"):
        load_investment_case(path)
    del data["lines"][3]["amount_nok"]
    with pytest.raises(ModelFileError, match=r"^x: lines\[3\]\.amount_nok: missing"):
        investment_case_from_dict(data, "x")
