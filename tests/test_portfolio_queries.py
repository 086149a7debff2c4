"""The portfolio's list and report pages read in the same number of queries with 10 rows as with 200."""
from itertools import count

import pytest
from django.contrib.auth.models import User
from querycount import assert_queries_constant

from radsmodell.portfolio.models import (
    Benefit,
    BenefitType,
    EpjVendor,
    Initiative,
    Mention,
    NationalSolution,
    OwnerAccount,
    ReportedRisk,
    Round,
    StatusReport,
)

_numbers = count(1)
ACCEPTED = StatusReport.State.ACCEPTED


def _initiatives(n: int, **fields) -> list[Initiative]:
    numbers = [next(_numbers) for _ in range(n)]
    return Initiative.objects.bulk_create(
        Initiative(slug=f"maling-{k}", name=f"Målt tiltak {k}", short_name=f"MT{k}", goals=[2], **fields)
        for k in numbers)


def _rounds(n: int, **fields) -> list[Round]:
    numbers = [next(_numbers) for _ in range(n)]
    return Round.objects.bulk_create(Round(slug=f"runde-{k}", name=f"Runde {k}", **fields) for k in numbers)


def _reports(round_: Round, initiatives: list[Initiative], overall: str = "green") -> list[StatusReport]:
    return StatusReport.objects.bulk_create(
        StatusReport(round=round_, initiative=i, state=ACCEPTED, overall=overall, text=f"Status for {i.name}")
        for i in initiatives)


def _solutions(n: int) -> list[NationalSolution]:
    numbers = [next(_numbers) for _ in range(n)]
    return NationalSolution.objects.bulk_create(NationalSolution(slug=f"losning-{k}", name=f"Løsning {k}")
                                                for k in numbers)


def _vendors(n: int) -> list[EpjVendor]:
    numbers = [next(_numbers) for _ in range(n)]
    return EpjVendor.objects.bulk_create(EpjVendor(slug=f"leverandor-{k}", name=f"Leverandør {k}", systems="EPJ")
                                         for k in numbers)


def _link(relation, pairs) -> None:
    """Bulk-create many-to-many rows: `relation` is e.g. Initiative.national_solutions."""
    through = relation.through
    source, target = relation.field.m2m_field_name() + "_id", relation.field.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create(through(**{source: a.pk, target: b.pk}) for a, b in pairs)


def test_overview_reads_in_constant_queries(client, portfolio):
    april = Round.objects.get(slug="2024-04")
    solution = NationalSolution.objects.get(slug="pll")

    def add(n):
        made = _initiatives(n)
        _reports(april, made, overall="red")
        _link(Initiative.national_solutions, [(i, solution) for i in made])

    assert_queries_constant(client, "/portefolje/", add)
    assert "Målt tiltak" in client.get("/portefolje/", {"status": "red"}).content.decode()


def test_initiative_page_reads_in_constant_queries(client, portfolio):
    pll = Initiative.objects.get(slug="pll")
    phones = BenefitType.objects.get(slug="faerre-telefoner")

    def add(n):
        rounds = _rounds(n, status=Round.Status.CLOSED)
        reports = StatusReport.objects.bulk_create(
            StatusReport(round=r, initiative=pll, state=ACCEPTED, overall="amber", text="x") for r in rounds)
        ReportedRisk.objects.bulk_create(ReportedRisk(report=r, description="Kapasitet", probability=3, impact=2)
                                         for r in reports)
        Benefit.objects.bulk_create(Benefit(initiative=pll, type=phones, text="Færre samtaler") for _ in range(n))
        Mention.objects.bulk_create(Mention(initiative=pll, source="seed", text="Omtale") for _ in range(n))
        others = _initiatives(n, part_of=pll)
        _link(Initiative.depends_on, [(pll, other) for other in others] + [(other, pll) for other in others])
        _link(Initiative.national_solutions, [(pll, s) for s in _solutions(n)])
        _link(Initiative.epj_vendors, [(pll, v) for v in _vendors(n)])

    assert_queries_constant(client, "/portefolje/tiltak/pll/", add)
    assert client.get("/portefolje/tiltak/pll/").content.decode().count("<td>Kapasitet</td>") == 200


def test_rounds_page_reads_in_constant_queries(client, secretariat):
    client.force_login(secretariat)
    assert_queries_constant(client, "/portefolje/runder/", lambda n: _rounds(n, status=Round.Status.CLOSED))


def test_round_page_reads_in_constant_queries_for_the_secretariat(client, secretariat):
    open_round = _rounds(1)[0]

    def add(n):
        made = _initiatives(n, owner="Helse Nord RHF", lifecycle="aktiv", segment="samstyre", owner_type="rhf")
        _reports(open_round, made[: n // 2])
        StatusReport.objects.bulk_create(StatusReport(round=open_round, initiative=i, state="submitted", overall="red")
                                         for i in made[n // 2:])

    client.force_login(secretariat)
    assert_queries_constant(client, open_round.get_absolute_url(), add)
    page = client.get(open_round.get_absolute_url()).content.decode()
    assert page.count('data-initiative="maling-') == 200 and "Levert – Rød" in page


def test_round_comparison_reads_in_constant_queries(client, portfolio):
    first, second = _rounds(2, status=Round.Status.CLOSED)

    def add(n):
        made = _initiatives(n)
        _reports(first, made[: 2 * n // 3], overall="green")
        _reports(second, made[n // 3:], overall="red")

    url = f"/portefolje/runder/sammenlign/?a={first.slug}&b={second.slug}"
    assert_queries_constant(client, url, add)
    assert "(Grønn → Rød)" in client.get(url).content.decode()


def test_dependency_page_reads_in_constant_queries(client, portfolio):
    pll = Initiative.objects.get(slug="pll")

    def add(n):
        made = _initiatives(n)
        _link(Initiative.depends_on, [(i, pll) for i in made])
        _link(Initiative.national_solutions, [(i, s) for i, s in zip(made, _solutions(n), strict=True)])
        _link(Initiative.epj_vendors, [(i, v) for i, v in zip(made, _vendors(n), strict=True)])

    assert_queries_constant(client, "/portefolje/avhengigheter/", add)


def test_benefit_matrix_reads_in_constant_queries(client, portfolio):
    types = list(BenefitType.objects.all())

    def add(n):
        made = _initiatives(n)
        Benefit.objects.bulk_create(Benefit(initiative=i, type=types[k % len(types)], realised_by="Sykehuset")
                                    for k, i in enumerate(made))

    assert_queries_constant(client, "/portefolje/gevinster/", add)


def test_epj_vendor_register_reads_in_constant_queries(client, portfolio):
    def add(n):
        _link(Initiative.epj_vendors, list(zip(_initiatives(n), _vendors(n), strict=True)))

    assert_queries_constant(client, "/portefolje/epj-leverandorer/", add)
    assert "Leverandør" in client.get("/portefolje/epj-leverandorer/").content.decode()


@pytest.mark.parametrize("who", ["tiltakseier", "sekretariat"])
def test_my_reports_reads_in_constant_queries(client, portfolio, who):
    open_round = _rounds(1)[0]

    def add(n):
        made = _initiatives(n, owner="Helse Nord RHF")
        _reports(open_round, made[: n // 2])

    client.force_login(User.objects.get(username=who))
    assert_queries_constant(client, f"/portefolje/runder/{open_round.slug}/rapporter/", add)


def test_owner_accounts_read_in_constant_queries(client, secretariat):
    def add(n):
        numbers = [next(_numbers) for _ in range(n)]
        users = User.objects.bulk_create(User(username=f"rapportor-{k}") for k in numbers)
        OwnerAccount.objects.bulk_create(OwnerAccount(user=u, owner="Helse Nord RHF") for u in users)

    client.force_login(secretariat)
    assert_queries_constant(client, "/portefolje/rapportorer/", add)
