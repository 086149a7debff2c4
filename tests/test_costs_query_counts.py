"""The cost pages run the same number of queries with 10 rows as with 200 (on top of the demo)."""
import itertools
from datetime import date

import pytest
from querycount import assert_queries_constant

from radsmodell.costs import gate as rules
from radsmodell.costs.models import (
    Allocation,
    AllocationLine,
    CostBase,
    GateRequirement,
    InvestmentCase,
    PayingOrganisation,
    PaymentGate,
)
from radsmodell.costs.orgnr import complete
from radsmodell.portfolio.models import Initiative, NationalSolution

_serial = itertools.count(1)


def _numbers(n: int) -> list[str]:
    """n valid organisation numbers not used before (fictitious: they start with 2)."""
    found = []
    while len(found) < n:
        number = complete(f"2{next(_serial):07d}")
        if number:
            found.append(number)
    return found


def _solutions(n: int) -> list[NationalSolution]:
    start = next(_serial) * 1000
    return NationalSolution.objects.bulk_create(
        NationalSolution(slug=f"losning-{start + i}", name=f"Løsning {start + i}",
                         included_in=NationalSolution.objects.get(slug="helsenettet")) for i in range(n))


def _organisations(year: int, n: int) -> None:
    """Private actors with turnover close to the 15 MNOK limit of the Helsenettet model."""
    PayingOrganisation.objects.bulk_create(
        PayingOrganisation(year=year, org_number=number, name=f"Klinikk {number} AS", kind="privat",
                           segment="ovrige", turnover_nok=14_000_000 + i * 10_000, keeps_accounts=True, locations=1,
                           nace="86.221")
        for i, number in enumerate(_numbers(n)))


def test_the_overview_lists_the_latest_allocations_in_constant_queries(client, costs):
    solution = NationalSolution.objects.get(slug="helsenettet")

    def add(n):
        Allocation.objects.bulk_create(Allocation(model_slug="helsenettet-2025", model_name="Helsenettet",
                                                  solution=solution, year=2025, cost_ore=100) for _ in range(n))
        CostBase.objects.bulk_create(CostBase(solution=s, year=2025, amount_ore=100) for s in _solutions(n))

    assert_queries_constant(client, "/kostnader/", add)


@pytest.mark.parametrize("who", ["public", "secretariat"])
def test_the_solutions_and_their_cost_bases_in_constant_queries(client, costs, secretariat, who):
    if who == "secretariat":
        client.force_login(secretariat)

    def add(n):
        CostBase.objects.bulk_create(CostBase(solution=s, year=year, amount_ore=100) for s in _solutions(n)
                                     for year in (2024, 2025))

    assert_queries_constant(client, "/kostnader/losninger/", add)


def test_the_register_of_organisations_in_constant_queries(client, costs):
    assert_queries_constant(client, "/kostnader/virksomheter/?year=2025", lambda n: _organisations(2025, n))


def test_the_price_models_read_nothing_that_grows_with_the_registers(client, costs):
    """The price models are files; the pages must not start reading the registers or allocations."""
    def add(n):
        _organisations(2025, n)
        Allocation.objects.bulk_create(Allocation(model_slug="sfm-2025", model_name="SFM", year=2025, cost_ore=100)
                                       for _ in range(n))

    assert_queries_constant(client, "/kostnader/prismodeller/", add)
    assert_queries_constant(client, "/kostnader/prismodeller/helsenettet-2025/", add)


def test_an_allocation_and_its_invoice_lines_in_constant_queries(client, costs):
    allocation = Allocation.objects.get(model_slug="helsenettet-2025")

    def add(n):
        AllocationLine.objects.bulk_create(
            AllocationLine(allocation=allocation, org_number=number, name=f"Klinikk {number} AS", segment="ovrige",
                           kind="privat", category="A", yearly_ore=1200, first_month_ore=100, monthly_ore=100)
            for number in _numbers(n))

    assert_queries_constant(client, allocation.get_absolute_url(), add)
    assert_queries_constant(client, allocation.get_absolute_url() + "?side=2", add)


def test_the_threshold_report_in_constant_queries(client, costs):
    allocation = Allocation.objects.get(model_slug="helsenettet-2025")
    count = assert_queries_constant(client, f"/kostnader/fordelinger/{allocation.pk}/terskler/",
                                    lambda n: _organisations(2025, n))
    assert count < 15


def _gates(n: int) -> None:
    solution = NationalSolution.objects.get(slug="sfm")
    initiative = Initiative.objects.get(slug="pasientens-provesvar")
    start = next(_serial) * 1000
    gates = PaymentGate.objects.bulk_create(
        PaymentGate(slug=f"tjeneste-{start + i}", service=f"Tjeneste {start + i}", solution=solution,
                    initiative=initiative, production_date=date(2024, 3, 1), planned_entry=date(2025, 1, 1))
        for i in range(n))
    GateRequirement.objects.bulk_create(
        GateRequirement(gate=gate, number=r.number, template=r.number, title=r.title, detail=r.detail,
                        met=r.number < 4, evidence="Rapport", dropped_reason="Ikke aktuelt" if r.number == 6 else "")
        for gate in gates for r in rules.REQUIREMENTS)
    GateRequirement.objects.bulk_create(GateRequirement(gate=gate, number=7, title="Eget krav for tjenesten")
                                        for gate in gates)


def test_the_gate_list_in_constant_queries(client, costs):
    assert_queries_constant(client, "/kostnader/betalingsplikt/", _gates)


def test_the_secretariats_gate_page_in_constant_queries(client, costs, secretariat):
    """The service form lists every national solution and initiative to choose from."""
    client.force_login(secretariat)

    def add(n):
        _gates(n)
        _solutions(n)
        start = next(_serial) * 1000
        Initiative.objects.bulk_create(Initiative(slug=f"tiltak-{start + i}", name=f"Tiltak {start + i}")
                                       for i in range(n))

    assert_queries_constant(client, "/kostnader/betalingsplikt/pasientens-provesvar/", add)


def test_the_investment_cases_and_their_forecast_in_constant_queries(client, costs):
    demo_case = InvestmentCase.objects.get(slug="dis-fase-3")

    def add(n):
        start = next(_serial) * 1000
        InvestmentCase.objects.bulk_create(
            InvestmentCase(slug=f"sak-{start + i}", name=f"Sak {start + i}", definition=demo_case.definition,
                           initiative=demo_case.initiative, solution=solution)
            for i, solution in enumerate(_solutions(n)))

    assert_queries_constant(client, "/kostnader/investeringer/", add)


@pytest.mark.parametrize("who", ["public", "secretariat"])
def test_a_gate_page_with_a_long_list_of_its_own_requirements_in_constant_queries(client, costs, secretariat, who):
    """Each requirement brings its forms for the secretariat; none of them reads the database."""
    if who == "secretariat":
        client.force_login(secretariat)
    gate = PaymentGate.objects.get(slug="pasientens-provesvar")

    def add(n):
        last = GateRequirement.objects.filter(gate=gate).count()
        GateRequirement.objects.bulk_create(
            GateRequirement(gate=gate, number=last + i + 1, title=f"Eget krav {last + i + 1}", met=i % 2 == 0,
                            evidence="Rapport", dropped_reason="Ikke aktuelt" if i % 3 == 0 else "")
            for i in range(n))

    assert_queries_constant(client, "/kostnader/betalingsplikt/pasientens-provesvar/", add)
    assert_queries_constant(client, "/api/payment-gates", add)
