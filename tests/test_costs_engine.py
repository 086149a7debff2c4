"""Cost distribution (seed 000, case 17/24): price models as data, allocation to the øre."""
import copy
import dataclasses
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from radsmodell.costs.builtin import BUILTIN_MODELS, PRICE_MODEL_DIR, load_builtin_models
from radsmodell.costs.engine import (
    SEGMENTS,
    AllocationError,
    EmptySegmentError,
    ModelError,
    ModelFileError,
    Organisation,
    OrganisationDataError,
    OrganisationTable,
    allocate,
    category_prices,
    compare,
    cost_base_for_reference,
    largest_remainder,
    months,
    nok_to_ore,
    price_model_from_dict,
    threshold_report,
)
from radsmodell.costs.orgnr import complete

SFM = BUILTIN_MODELS["sfm-2025"]
PROVESVAR = BUILTIN_MODELS["provesvar-2025"]
HN2024 = BUILTIN_MODELS["helsenettet-2024"]
HN2025 = BUILTIN_MODELS["helsenettet-2025"]
MNOK = 100_000_000  # øre in a million kroner

NUMBERS = [n for n in (complete(f"1{i:07d}") for i in range(1, 7000)) if n][:6000]
RHF = [Organisation("991324968", "Helse Sør-Øst RHF", "rhf", "rhf"),
       Organisation("983658725", "Helse Vest RHF", "rhf", "rhf"),
       Organisation("983658776", "Helse Midt-Norge RHF", "rhf", "rhf"),
       Organisation("883658752", "Helse Nord RHF", "rhf", "rhf")]


def kommune(i, population):
    return Organisation(NUMBERS[i], f"Kommune {i}", "kommune", "kommune", population=population)


def private(i, turnover=None, *, kind="privat", keeps=True, locations=1, nace="86.211", chain="", other=None):
    return Organisation(NUMBERS[i], f"Virksomhet {i}", kind, "ovrige", turnover_nok=turnover, keeps_accounts=keeps,
                        locations=locations, nace=nace, chain=chain, other_industry=other)


MUNICIPALITIES = [kommune(100, 700_000), kommune(101, 300_000)]


def amounts(allocation) -> dict[str, int]:
    return allocation.by_org_number()


def model_data(slug: str) -> dict:
    return yaml.safe_load((PRICE_MODEL_DIR / f"{slug}.yaml").read_text(encoding="utf-8"))


# The built-in models

def test_the_four_built_in_models_load_by_name():
    assert list(BUILTIN_MODELS) == ["sfm-2025", "provesvar-2025", "helsenettet-2024", "helsenettet-2025"]


def test_sfm_splits_the_cost_50_50_between_rhf_and_municipalities():
    result = allocate(SFM, 2025, 10 * MNOK, RHF + MUNICIPALITIES + [private(200, 1)])
    assert [(s.segment, s.amount_ore) for s in result.segments] == [("rhf", 5 * MNOK), ("kommune", 5 * MNOK)]
    got = amounts(result)
    assert [got[o.org_number] for o in RHF] == [125 * MNOK // 100] * 4  # equal while no share table is set
    assert got[NUMBERS[100]] == 3_500_000_00 and got[NUMBERS[101]] == 1_500_000_00  # by population 7:3
    assert got[NUMBERS[200]] == 0 and not result.line_for(NUMBERS[200]).charged


def test_sfm_with_a_legal_basis_charges_private_actors_1_percent_and_rhf_and_municipalities_49_5():
    result = allocate(SFM, 2025, 10 * MNOK, RHF + MUNICIPALITIES + [private(200, 1), private(201, 1)],
                      legal_basis_private=True)
    assert {s.segment: s.amount_ore for s in result.segments} == \
        {"rhf": 4_950_000_00, "kommune": 4_950_000_00, "ovrige": 100_000_00}
    assert result.step.label == "Med rettslig grunnlag for private"
    assert amounts(result)[NUMBERS[200]] == 50_000_00


def test_provesvar_step_1_is_rhf_70_and_municipalities_30_paid_regardless_of_use():
    result = allocate(PROVESVAR, 2025, 10 * MNOK, RHF + MUNICIPALITIES + [private(200, 1, kind="laboratorium")])
    assert {s.segment: s.amount_ore for s in result.segments} == {"rhf": 7 * MNOK, "kommune": 3 * MNOK}


def test_provesvar_step_2_charges_only_private_laboratories_and_radiology_30_percent():
    orgs = RHF + MUNICIPALITIES + [private(200, 1, kind="laboratorium"), private(201, 1, kind="radiologi"),
                                   private(202, 1), private(203, 1, kind="apotek")]
    result = allocate(PROVESVAR, 2025, 10 * MNOK, orgs, legal_basis_private=True)
    assert {s.segment: s.amount_ore for s in result.segments} == {"rhf": 5 * MNOK, "kommune": 2 * MNOK,
                                                                  "ovrige": 3 * MNOK}
    got = amounts(result)
    assert got[NUMBERS[200]] == got[NUMBERS[201]] == 150 * MNOK // 100
    assert got[NUMBERS[202]] == got[NUMBERS[203]] == 0


def test_helsenettet_splits_a_third_to_each_segment_with_the_odd_ore_to_the_rhf_first():
    result = allocate(HN2025, 2025, 100, RHF + MUNICIPALITIES + [private(200, 1)])
    assert [s.amount_ore for s in result.segments] == [34, 33, 33]
    assert [s.share for s in result.segments] == [Fraction(1, 3)] * 3


def test_helsenettet_2024_small_actors_pay_1633_kroner_a_month_at_the_cost_that_priced_them():
    small = [private(200 + i, None, keeps=False) for i in range(5000)]
    orgs = RHF + MUNICIPALITIES + small
    cost = cost_base_for_reference(HN2024, 2024, orgs)
    # 5000 memberships × 1 633 kr × 12 months is one third of the cost.
    assert cost == 3 * 5000 * 1633 * 12 * 100
    result = allocate(HN2024, 2024, int(cost), orgs)
    line = result.line_for(NUMBERS[200])
    assert line.category == "medlem" and line.yearly_ore == 1633 * 12 * 100
    assert line.monthly_ore == line.first_month_ore == 1633_00
    assert {line.yearly_ore for line in result.lines() if line.segment == "ovrige"} == {1633 * 12 * 100}


def test_helsenettet_2024_pharmacy_chains_pay_one_membership_per_pharmacy():
    orgs = RHF + MUNICIPALITIES + [private(200, None, keeps=False), private(201, 10**9, kind="apotek", locations=7),
                                   private(202, 10**9, locations=7)]
    got = amounts(allocate(HN2024, 2024, 9 * 100 * 3, orgs))  # 900 øre to øvrige: 9 memberships
    assert got[NUMBERS[201]] == 700 and got[NUMBERS[202]] == 100 and got[NUMBERS[200]] == 100


def test_helsenettet_2024_does_not_price_2025():
    with pytest.raises(ModelError, match="helsenettet-2024 has no price period for 2025"):
        allocate(HN2024, 2025, MNOK, RHF + MUNICIPALITIES + [private(200, 1)])


# Price categories of helsenettet-2025 (A/B/C, chains, other industry)

def categories_of(orgs, model=HN2025):
    result = allocate(model, 2025, 99 * MNOK, RHF + MUNICIPALITIES + orgs)
    return {line.org_number: line.category for line in result.lines() if line.segment == "ovrige"}


def test_turnover_decides_the_category_and_15_and_40_mnok_belong_to_the_lower_category():
    orgs = [private(200, 14_999_999), private(201, 15_000_000), private(202, 15_000_001),
            private(203, 40_000_000), private(204, 40_000_001), private(205, 0)]
    assert list(categories_of(orgs).values()) == ["A", "A", "B", "B", "C", "A"]


def test_organisations_that_keep_no_accounts_are_category_a_whatever_their_turnover():
    assert list(categories_of([private(200, None, keeps=False), private(201, 90_000_000, keeps=False)]).values()) \
        == ["A", "A"]


def test_ten_locations_make_a_chain_that_pays_per_location_nine_do_not():
    orgs = [private(200, 5_000_000), private(201, 5_000_000, locations=10), private(202, 50_000_000, locations=9)]
    result = allocate(HN2025, 2025, 3 * 21 * 100, RHF + MUNICIPALITIES + orgs)  # øvrige: 2100 øre
    assert [result.line_for(NUMBERS[i]).category for i in (200, 201, 202)] == ["A", "kjede", "C"]
    # Weights A 1, chain 10 × 1, C 6: quotas 123.53, 1235.29 and 741.18 øre; the spare øre goes to A.
    got = amounts(result)
    assert [got[NUMBERS[i]] for i in (200, 201, 202)] == [124, 1235, 741]


def test_members_of_a_named_chain_count_their_locations_together():
    chain = [private(200 + i, 30_000_000, kind="apotek", nace="47.730", chain="Apotekkjede") for i in range(10)]
    small_chain = [private(220 + i, 30_000_000, kind="apotek", nace="47.730", chain="Liten kjede") for i in range(9)]
    found = categories_of(chain + small_chain)
    assert {found[NUMBERS[200 + i]] for i in range(10)} == {"kjede"}
    assert {found[NUMBERS[220 + i]] for i in range(9)} == {"B"}


def test_turnover_from_another_industry_pays_as_one_chain_location():
    orgs = [private(200, 900_000_000, nace="47.111"), private(201, 900_000_000, nace="86.211"),
            private(202, 900_000_000, nace="86.211", other=True), private(203, 900_000_000, nace="47.111", other=False)]
    assert list(categories_of(orgs).values()) == ["unntak", "C", "unntak", "C"]


def test_a_chain_of_another_industry_still_pays_per_location():
    assert list(categories_of([private(200, 900_000_000, nace="47.111", locations=12)]).values()) == ["kjede"]


def test_a_private_actor_that_keeps_accounts_without_turnover_cannot_be_priced():
    with pytest.raises(AllocationError, match=f"no turnover for {NUMBERS[200]}"):
        categories_of([private(200, None)])


def test_category_prices_give_what_one_organisation_of_each_category_pays():
    orgs = [private(200, 1_000_000), private(201, 20_000_000), private(202, 50_000_000)]
    result = allocate(HN2025, 2025, 3 * 10 * MNOK, RHF + MUNICIPALITIES + orgs)
    prices = {p.category: p.yearly_ore for p in category_prices(result)}
    assert prices["A"] == Fraction(10 * MNOK, 10) and prices["B"] == 3 * prices["A"] and prices["C"] == 6 * prices["A"]
    assert prices["kjede"] == prices["unntak"] == prices["A"]


# Segment keys

def test_municipalities_pay_by_population():
    result = allocate(SFM, 2025, 2 * 1_000_000, RHF + [kommune(100, 1), kommune(101, 2), kommune(102, 7)])
    got = amounts(result)
    assert [got[NUMBERS[i]] for i in (100, 101, 102)] == [100_000, 200_000, 700_000]


def test_rhf_pay_by_a_share_table_when_one_is_set():
    data = model_data("sfm-2025")
    table = {"991324968": "4", "983658725": "2", "983658776": "2", "883658752": "2"}
    data["periods"][0]["step"]["segments"][0]["key"]["share_table"]["value"] = table
    model = price_model_from_dict(data, "sfm-med-tabell")
    got = amounts(allocate(model, 2025, 2 * 1000, RHF + MUNICIPALITIES))
    assert [got[o.org_number] for o in RHF] == [400, 200, 200, 200]
    del table["883658752"]
    model = price_model_from_dict(data, "sfm-med-tabell")
    with pytest.raises(AllocationError, match="the share table has no weight for 883658752"):
        allocate(model, 2025, 2 * 1000, RHF + MUNICIPALITIES)


def test_keys_by_full_time_equivalents_and_by_locations():
    data = model_data("sfm-2025")
    segments = data["periods"][0]["step"]["segments"]
    segments[0]["key"] = {"kind": "locations", "source": "test"}
    segments[1]["key"] = {"kind": "ftes", "source": "test"}
    model = price_model_from_dict(data, "nøkler")
    rhf = [Organisation(o.org_number, o.name, "rhf", "rhf", locations=n) for o, n in zip(RHF, (5, 3, 1, 1))]
    municipalities = [Organisation(NUMBERS[100 + i], "K", "kommune", "kommune", ftes=Decimal(f))
                      for i, f in enumerate(("12.5", "37.5"))]
    got = amounts(allocate(model, 2025, 2 * 1000, rhf + municipalities))
    assert [got[o.org_number] for o in rhf] == [500, 300, 100, 100]
    assert [got[o.org_number] for o in municipalities] == [250, 750]


def test_a_segment_with_a_share_but_nobody_to_charge_is_an_error_naming_the_segment():
    with pytest.raises(EmptySegmentError, match="segment «kommune» \\(Kommuner\\) has a share of 1/2 in sfm-2025"):
        allocate(SFM, 2025, MNOK, RHF)
    with pytest.raises(EmptySegmentError, match="segment «ovrige».*of kind laboratorium, radiologi"):
        allocate(PROVESVAR, 2025, MNOK, RHF + MUNICIPALITIES + [private(200, 1)], legal_basis_private=True)
    with pytest.raises(EmptySegmentError, match="zero weight"):
        allocate(SFM, 2025, MNOK, RHF + [kommune(100, 0)])


def test_the_legal_basis_flag_on_a_model_without_that_step_is_noted():
    result = allocate(HN2025, 2025, MNOK, RHF + MUNICIPALITIES + [private(200, 1)], legal_basis_private=True)
    assert result.step.label == "Tre segmenter, 1/3 hver" and "har ikke eget trinn" in result.notes[0]


def test_duplicate_organisation_numbers_are_refused():
    with pytest.raises(OrganisationDataError, match="appears more than once"):
        allocate(SFM, 2025, MNOK, RHF + [RHF[0]] + MUNICIPALITIES)


def test_cost_must_be_whole_non_negative_ore():
    with pytest.raises(AllocationError):
        allocate(SFM, 2025, 1.5, RHF + MUNICIPALITIES)
    with pytest.raises(AllocationError):
        allocate(SFM, 2025, -1, RHF + MUNICIPALITIES)


# The remainder rule and months

def test_largest_remainder_gives_leftover_ore_to_the_largest_remainders_then_lowest_number():
    assert largest_remainder(10, np.array([1, 1, 1]), np.array([3, 1, 2])).tolist() == [3, 4, 3]
    assert largest_remainder(100, np.array([1, 1, 1]), np.array([0, 1, 2])).tolist() == [34, 33, 33]
    assert largest_remainder(7, np.array([5, 3, 2]), np.array([0, 1, 2])).tolist() == [4, 2, 1]  # 3.5 2.1 1.4


def test_largest_remainder_is_exact_for_weights_too_large_for_int64_products():
    weights = np.array([3 * 10**15, 10**15, 2], dtype=np.int64)
    got = largest_remainder(10**14 + 1, weights, np.arange(3))
    # Quotas 75 000 000 000 000.75, 25 000 000 000 000.25 and almost 0: the spare øre goes to the first.
    assert got.tolist() == [75_000_000_000_001, 25_000_000_000_000, 0]


def test_twelve_months_add_up_to_the_year_and_the_first_month_carries_the_remainder():
    assert months(1633 * 12 * 100) == [1633_00] * 12
    assert months(1_000_000_000) == [83_333_337] + [83_333_333] * 11
    assert sum(months(11)) == 11 and months(11) == [11] + [0] * 11


# Comparison and thresholds

def test_comparing_2024_with_2025_shows_each_organisation_and_category():
    orgs = RHF + MUNICIPALITIES + [private(200, None, keeps=False), private(201, 60_000_000),
                                   private(202, 3_000_000, locations=12)]
    before = allocate(HN2024, 2024, 3 * 3 * 1200, orgs)
    after = allocate(HN2025, 2025, 3 * 3 * 1200, orgs)
    comparison = compare(before, after)
    rows = {row.org_number: row for row in comparison.lines}
    small = rows[NUMBERS[200]]
    assert (small.category_a, small.category_b, small.yearly_a_ore) == ("medlem", "A", 1200)
    # 2025: A 1 + C 6 + chain 12 = 19 units for 3600 øre; the small actor pays less than in 2024.
    assert small.yearly_b_ore == 189 and small.difference_ore == 189 - 1200
    assert rows[NUMBERS[202]].category_b == "kjede" and rows[NUMBERS[202]].difference_ore > 0
    by_category = {(c.segment, c.category): c for c in comparison.categories}
    assert by_category[("ovrige", "C")].yearly_a_ore == 1200 and by_category[("ovrige", "C")].organisations == 1
    assert sum(c.difference_ore for c in comparison.categories) == 0


def test_threshold_report_lists_organisations_within_10_percent_and_their_price_across_the_limit():
    orgs = RHF + MUNICIPALITIES + [private(200, 13_500_000), private(201, 13_499_999), private(202, 16_000_000),
                                   private(203, 44_000_000), private(204, 30_000_000, keeps=False)]
    result = allocate(HN2025, 2025, 3 * 1_400_000, orgs)  # øvrige: 1 400 000 øre; weights 1+1+3+6 (+1) = 12
    report = threshold_report(result)
    assert [(c.org_number, c.category, c.other_category) for c in report] == [
        (NUMBERS[200], "A", "B"), (NUMBERS[202], "B", "A"), (NUMBERS[203], "C", "B")]
    first = report[0]
    assert first.threshold_nok == 15_000_000 and first.distance == Fraction(-1, 10)
    assert abs(first.yearly_ore - Fraction(1_400_000, 12)) < 1
    # Across the limit it weighs 3 of 14 units.
    assert first.other_side_yearly_ore == 300_000 and first.difference_ore == 300_000 - first.yearly_ore


# Parameters as data

def test_every_parameter_says_whether_it_is_an_assumption_and_where_it_comes_from():
    rows = {row.path: row for row in HN2025.parameters()}
    assert rows["2025– ovrige: andel"].value == Fraction(1, 3) and not rows["2025– ovrige: andel"].assumption
    assert rows["2025– ovrige: kategori B: vekt"].assumption
    assert rows["2025– ovrige: kategori C: grensen hører til kategorien"].assumption
    assert rows["2025– ovrige: kjede: minste antall lokasjoner"].value == 10
    assert not rows["2025– ovrige: kjede: minste antall lokasjoner"].assumption
    reference = rows["2025– ovrige: referansepris 2024 (A) øre/mnd"]
    assert reference.value == 1633_00 and "1633 kr per virksomhet per måned" in reference.source
    assert all(row.source for model in BUILTIN_MODELS.values() for row in model.parameters())


def test_a_share_table_of_sfm_is_an_assumption_until_set():
    rows = {row.path: row for row in SFM.parameters()}
    assert rows["2025– rhf: andelstabell"].value == {} and rows["2025– rhf: andelstabell"].assumption


def write_model(tmp_path, data, name="modell.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_parameter_file_whose_shares_do_not_sum_to_one_is_refused_naming_file_and_field(tmp_path):
    data = model_data("sfm-2025")
    data["periods"][0]["step"]["segments"][1]["share"]["value"] = "40%"
    write_model(tmp_path, data, "sfm-2025.yaml")
    with pytest.raises(ModelFileError, match=r"^sfm-2025\.yaml: periods\[0\]\.step\.segments: .*sum to 9/10, not 1"):
        load_builtin_models(tmp_path)


@pytest.mark.parametrize("change, field, message", [
    (lambda d: d["periods"][0]["step"]["segments"][0]["share"].__setitem__("value", 0.5),
     r"periods\[0\]\.step\.segments\[0\]\.share\.value", "not as a float"),
    (lambda d: d["periods"][0]["step"]["segments"][0]["share"].pop("source"),
     r"periods\[0\]\.step\.segments\[0\]\.share\.source", "missing"),
    (lambda d: d["periods"][0]["step"]["segments"][1].__setitem__("segmnet", "x"),
     r"periods\[0\]\.step\.segments\[1\]\.segmnet", "unknown field"),
    (lambda d: d["periods"][0]["step"]["segments"][1]["key"].__setitem__("kind", "turnover"),
     r"periods\[0\]\.step\.segments\[1\]\.key", "unknown key «turnover»"),
    (lambda d: d["periods"][0]["step"]["segments"][0]["key"]["share_table"].__setitem__("value", {"123456789": "1"}),
     r"periods\[0\]\.step\.segments\[0\]\.key\.share_table\.value\.123456789", "kontrollsifferet er 9"),
    (lambda d: d["periods"][0].__setitem__("last_year", 2020),
     r"periods\[0\]", "ends before it starts"),
])
def test_bad_parameters_name_the_file_and_the_field(tmp_path, change, field, message):
    data = model_data("sfm-2025")
    change(data)
    with pytest.raises(ModelFileError, match=f"^sfm\\.yaml: {field}: .*{message}"):
        price_model_from_dict(data, "sfm.yaml")


def test_category_weights_that_fall_for_a_larger_category_are_refused():
    data = model_data("helsenettet-2025")
    data["periods"][0]["step"]["segments"][2]["key"]["categories"][2]["weight"]["value"] = "2"
    with pytest.raises(ModelFileError, match="category C: its weight is below the weight of B"):
        price_model_from_dict(data, "hn.yaml")


def test_the_organisation_table_keeps_each_organisation():
    orgs = RHF + [private(200, 12_000_000, locations=3, chain="K", other=False)]
    table = OrganisationTable.from_organisations(orgs)
    assert [table.record(i) for i in range(len(table))] == orgs


# Properties, for any organisations and cost

def organisation_sets(draw_private):
    return st.builds(
        lambda rhf, kommuner, others: RHF[:rhf] + kommuner + others,
        st.integers(1, 4),
        st.lists(st.integers(0, 800_000), min_size=1, max_size=6).map(
            lambda pops: [kommune(100 + i, p + (i == 0)) for i, p in enumerate(pops)]),
        draw_private,
    )


TURNOVERS = st.one_of(st.none(), st.sampled_from([0, 4_999_999, 13_500_000, 15_000_000, 15_000_001, 39_000_000,
                                                  40_000_000, 40_000_001]), st.integers(0, 10**10))


@st.composite
def others(draw):
    count = draw(st.integers(0, 25))
    rows = [private(300, 1, kind="laboratorium"), private(301, 50_000_000)]  # every step can charge somebody
    for i in range(count):
        keeps = draw(st.booleans())
        turnover = draw(TURNOVERS)
        if keeps and turnover is None:
            turnover = 1
        kind = draw(st.sampled_from(["privat", "laboratorium", "radiologi", "apotek", "fylkeskommune"]))
        rows.append(private(400 + i, turnover, keeps=keeps, kind=kind, locations=draw(st.integers(0, 14)),
                            nace=draw(st.sampled_from(["86.211", "47.111", "", "47.730"])),
                            chain=draw(st.sampled_from(["", "", "K1", "K2"])),
                            other=draw(st.sampled_from([None, None, True, False]))))
    return rows


MODEL_CHOICES = st.sampled_from([(SFM, 2025), (PROVESVAR, 2025), (HN2024, 2024), (HN2025, 2025)])
COSTS = st.one_of(st.integers(0, 1000), st.integers(0, 10**13))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisation_sets(others()), MODEL_CHOICES, COSTS, st.booleans())
def test_lines_always_add_up_to_the_cost_to_the_ore_and_are_never_negative(orgs, choice, cost, legal):
    model, year = choice
    result = allocate(model, year, cost, orgs, legal_basis_private=legal)
    assert int(result.yearly_ore.sum()) == cost == sum(s.amount_ore for s in result.segments)
    for segment in result.segments:
        in_segment = [line.yearly_ore for line in result.lines() if line.segment == segment.segment and line.charged]
        assert sum(in_segment) == segment.amount_ore
    assert (result.yearly_ore >= 0).all() and (result.monthly_ore >= 0).all()
    assert ((result.monthly_ore * 11 + result.first_month_ore) == result.yearly_ore).all()
    # Each line differs from its exact quota by less than one øre.
    for segment in result.segments:
        outcome = result.outcomes.get(segment.segment)
        if outcome is not None:
            quota = [Fraction(segment.amount_ore * int(w), int(outcome.weights.sum())) for w in outcome.weights]
            assert all(abs(q - a) < 1 for q, a in zip(quota, result.yearly_ore[outcome.index].tolist()))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisation_sets(others()), MODEL_CHOICES, COSTS, st.randoms(use_true_random=False))
def test_the_order_of_the_organisations_does_not_change_what_anyone_pays(orgs, choice, cost, random):
    model, year = choice
    shuffled = list(orgs)
    random.shuffle(shuffled)
    assert amounts(allocate(model, year, cost, orgs)) == amounts(allocate(model, year, cost, shuffled))


def comparison_one_by_one(a, b) -> tuple[list[tuple], list[tuple]]:
    """The comparison computed organisation by organisation with dicts: the reference for `compare`."""
    lines_a = {line.org_number: line for line in a.lines()}
    lines_b = {line.org_number: line for line in b.lines()}
    lines, groups = [], {}
    for number in sorted(lines_a.keys() | lines_b.keys()):
        line_a, line_b = lines_a.get(number), lines_b.get(number)
        source = line_b or line_a
        yearly_a, yearly_b = line_a.yearly_ore if line_a else 0, line_b.yearly_ore if line_b else 0
        lines.append((number, source.name, source.segment, line_a.category if line_a else "",
                      line_b.category if line_b else "", yearly_a, yearly_b, line_a is not None, line_b is not None))
        group = groups.setdefault((source.segment, source.category), [0, 0, 0])
        group[0], group[1], group[2] = group[0] + 1, group[1] + yearly_a, group[2] + yearly_b
    categories = [(segment, category, *values) for (segment, category), values
                  in sorted(groups.items(), key=lambda item: (SEGMENTS.index(item[0][0]), item[0][1]))]
    return lines, categories


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisation_sets(others()), organisation_sets(others()), MODEL_CHOICES, MODEL_CHOICES, COSTS,
       st.randoms(use_true_random=False))
def test_the_comparison_equals_one_computed_organisation_by_organisation(orgs_a, orgs_b, choice_a, choice_b, cost,
                                                                         random):
    # b renames some organisations and lists them in another order; the two sets overlap in part.
    orgs_b = [dataclasses.replace(o, name=f"{o.name} (ny)") if random.random() < 0.3 else o for o in orgs_b]
    random.shuffle(orgs_b)
    a, b = allocate(*choice_a, cost, orgs_a), allocate(*choice_b, cost + 7, orgs_b)
    comparison = compare(a, b)
    lines, categories = comparison_one_by_one(a, b)
    assert [dataclasses.astuple(line) for line in comparison.lines] == lines
    assert [dataclasses.astuple(c) for c in comparison.categories] == categories
    assert all(type(line.yearly_a_ore) is int and type(line.name) is str for line in comparison.lines)
    assert sum(c.yearly_a_ore for c in comparison.categories) == cost == comparison.total_a_ore


LIMITS = {"A": (0, 15_000_000), "B": (15_000_001, 40_000_000), "C": (40_000_001, 10**10)}


def moving_case(draw, model):
    orgs = draw(organisation_sets(others()))
    start = draw(st.sampled_from(["B", "C"]))
    target = draw(st.sampled_from([c for c in "AB" if c < start]))
    before = draw(st.integers(*LIMITS[start]))
    after = draw(st.integers(*LIMITS[target]))
    cost = draw(COSTS)
    return orgs, before, after, cost


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_an_organisation_never_pays_more_by_moving_to_a_smaller_category(data):
    orgs, before, after, cost = moving_case(data.draw, HN2025)
    mover = 999
    bigger = allocate(HN2025, 2025, cost, orgs + [private(mover, before)])
    smaller = allocate(HN2025, 2025, cost, orgs + [private(mover, after)])
    assert smaller.line_for(NUMBERS[mover]).category < bigger.line_for(NUMBERS[mover]).category
    assert smaller.line_for(NUMBERS[mover]).yearly_ore <= bigger.line_for(NUMBERS[mover]).yearly_ore


@st.composite
def increasing_weights(draw):
    steps = draw(st.lists(st.decimals(min_value=0, max_value=50, places=3), min_size=4, max_size=4))
    a, b, c = (sum(steps[:k + 1], Decimal(0)) for k in range(3))
    return a, b, c, steps[3]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), increasing_weights())
def test_with_any_increasing_category_weights_a_smaller_category_never_costs_more(data, weights):
    a, b, c, chain = weights
    assume(a + b + c + chain > 0)
    model_dict = copy.deepcopy(HN2025_DATA)
    key = model_dict["periods"][0]["step"]["segments"][2]["key"]
    for category, weight in zip(key["categories"], (a, b, c)):
        category["weight"]["value"] = str(weight)
    key["chain"]["weight_per_location"]["value"] = str(chain)
    model = price_model_from_dict(model_dict, "tilfeldige-vekter")
    orgs, before, after, cost = moving_case(data.draw, model)
    mover = 999
    try:
        bigger = allocate(model, 2025, cost, orgs + [private(mover, before)])
        smaller = allocate(model, 2025, cost, orgs + [private(mover, after)])
    except EmptySegmentError:
        assume(False)  # every weight in the segment zero: nothing can be charged
    assert smaller.line_for(NUMBERS[mover]).yearly_ore <= bigger.line_for(NUMBERS[mover]).yearly_ore


HN2025_DATA = model_data("helsenettet-2025")


def test_the_demo_price_models_are_the_files_in_the_package():
    assert sorted(p.stem for p in Path(PRICE_MODEL_DIR).glob("*.yaml")) == sorted(BUILTIN_MODELS)


def test_allocation_converts_kroner_without_floats():
    assert nok_to_ore("120000000") == 12_000_000_000 and nok_to_ore("1 633,50") == 163_350


def test_a_health_trust_in_the_register_pays_nothing_its_regional_authority_pays():
    from radsmodell.costs.builtin import BUILTIN_MODELS
    from radsmodell.costs.engine import Organisation, allocate

    rhfs = [Organisation(org_number=n, name=f"RHF {n}", kind="rhf", segment="rhf") for n in ("991324968", "983658725")]
    trust = Organisation(org_number="883974832", name="Universitetssykehuset Nord-Norge HF", kind="hf", segment="rhf")
    municipality = Organisation(org_number="940101808", name="Alta kommune", kind="kommune", segment="kommune",
                                population=21000)
    result = allocate(BUILTIN_MODELS["sfm-2025"], 2025, 1_000_000, rhfs + [trust, municipality])
    assert result.line_for("883974832").yearly_ore == 0 and not result.line_for("883974832").charged
    assert result.line_for("991324968").yearly_ore == 250_000 == result.line_for("983658725").yearly_ore


def test_a_variant_changes_only_the_named_parameters_and_marks_them_as_assumptions():
    from decimal import Decimal

    from radsmodell.costs.builtin import BUILTIN_MODELS
    from radsmodell.costs.engine import ModelError, variant

    model = BUILTIN_MODELS["helsenettet-2025"]
    changed = variant(model, weights={"C": Decimal(10)}, limits={"C": 50_000_000}, chain_min=5)
    rows = {p.path: p for p in changed.parameters()}
    original = {p.path: p for p in model.parameters()}
    moved = sorted(path for path in rows if rows[path].value != original[path].value)
    assert moved == ["2025– ovrige: kategori C: nedre omsetningsgrense (NOK)", "2025– ovrige: kategori C: vekt",
                     "2025– ovrige: kjede: minste antall lokasjoner"]
    assert all(rows[path].assumption and rows[path].source == "Endret i scenarioet" for path in moved)
    assert variant(model) is model
    with pytest.raises(ModelError):
        variant(BUILTIN_MODELS["sfm-2025"], weights={"B": Decimal(2)})
