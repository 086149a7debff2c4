"""A national solution's page (/portefolje/losninger/<slug>/): the initiatives that depend on it with
their phase and latest accepted status, what costs adds (cost bases, price models, the duty-to-pay
gate), and the cases and indicators linked to it, never a linked object the reader may not see."""
import re
from datetime import date

from linkedpages import hrefs, linked
from querycount import assert_queries_constant

from radsmodell.core import links
from radsmodell.core.numbers import kroner
from radsmodell.costs.builtin import BUILTIN_MODELS
from radsmodell.costs.solution_panel import price_models_of
from radsmodell.council import services as council
from radsmodell.council.models import Body
from radsmodell.portfolio.models import Initiative, NationalSolution, Round, StatusReport

PLL, SFM = "/portefolje/losninger/pll/", "/portefolje/losninger/sfm/"
ACCEPTED = StatusReport.State.ACCEPTED


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("\u00a0", " "))).strip()


def part(response, marker: str, end: str) -> str:
    """The page from the element with this id to the end tag that closes it, as a reader reads it."""
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index(">", page.index(f'id="{marker}"')) + 1
    return page[start:page.index(end, start)]


def test_the_pll_page_shows_the_initiatives_that_depend_on_it_with_phase_and_latest_accepted_status(client, demo):
    pll = Initiative.objects.get(slug="pll")
    accepted = Round.objects.create(slug="2026-09", name="Runde september 2026", cut_off=date(2026, 9, 1))
    later = Round.objects.create(slug="2026-12", name="Runde desember 2026", cut_off=date(2026, 12, 1))
    StatusReport.objects.create(round=accepted, initiative=pll, state=ACCEPTED, overall="amber")
    StatusReport.objects.create(round=later, initiative=pll, state=StatusReport.State.SUBMITTED, overall="red")

    table = part(client.get(PLL), "solution-initiatives", "</table>")
    rows = {_text(row).split(" ")[0]: _text(row) for row in re.findall(r"<tr>.*?</tr>", table, re.S)[1:]}
    assert rows["Pasientens"] == "Pasientens legemiddelliste (PLL) – Bredding Gul (Runde september 2026)"
    assert "Rød" not in table  # a report not yet accepted is not shown
    assert rows["Digitalisering"].endswith("KS – Ingen godkjent statusrapport.")
    assert set(re.findall(r'href="([^"]+)"', table)) == {i.get_absolute_url() for i in
                                                         NationalSolution.objects.get(slug="pll").initiatives.all()}


def test_the_sfm_page_shows_its_cost_base_price_model_and_gate(client, demo):
    panel = part(client.get(SFM), "solution-costs", "</section>")
    text = _text(panel)
    assert text.startswith("Kostnader")
    assert f"2025 {kroner(10_000_000_00)} illustrativt antatt".replace("\u00a0", " ") in text
    assert "SFM 2025 (anbefalt)" in text and "Toppnotat til NUIT 15. mai 2024, sak 17/24" in text
    assert "Sentral forskrivningsmodul (SFM, inkl. FM) Ikke vurdert 0/6 antatt" in text
    assert {"/kostnader/prismodeller/sfm-2025/", "/kostnader/betalingsplikt/sfm/", "/kostnader/losninger/"} <= set(
        re.findall(r'href="([^"]+)"', panel))
    assert "seed" not in text  # the public reference, never the transcription note


def test_every_built_in_price_model_prices_one_solution_of_the_demo(demo):
    priced = [(model.slug, s.slug) for s in NationalSolution.objects.all() for model in price_models_of(s)]
    assert sorted(priced) == sorted([("sfm-2025", "sfm"), ("provesvar-2025", "pasientens-provesvar"),
                                     ("helsenettet-2024", "helsenettet"), ("helsenettet-2025", "helsenettet")])
    assert {slug for slug, _solution in priced} == set(BUILTIN_MODELS)


def test_a_solution_costs_knows_nothing_about_has_no_costs_section(client, demo):
    page = client.get("/portefolje/losninger/kjernejournal/").content.decode()
    assert 'id="solution-costs"' not in page and "<h1" in page


def test_the_page_shows_the_linked_cases_and_indicators(client, demo):
    sfm = linked(client.get(SFM))
    assert "NUIT 18/24" in sfm and "/saker/nuit/2024/18/" in hrefs(client.get(SFM))
    pll = client.get(PLL)
    assert "/strategi/indikatorer/pll-andel-befolkning/" in hrefs(pll)
    assert "/saker/e-helseradet/2022/35/" in hrefs(pll)
    assert "seed" not in linked(pll)


def test_the_public_does_not_see_a_linked_case_of_an_unpublished_meeting(client, demo, member):
    draft_meeting = council.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    draft = council.add_case(draft_meeting, "Hemmelig sak om SFM", "orientering")
    links.add_link("solution:sfm", f"case:{draft.key}", assumption="Antatt for testen.")
    assert "Hemmelig sak om SFM" not in client.get(SFM).content.decode()
    assert draft.get_absolute_url() not in hrefs(client.get(SFM))
    client.force_login(member)
    assert "Hemmelig sak om SFM" in linked(client.get(SFM))


def test_a_linked_solution_leads_to_its_page(client, demo):
    kind, ref = links.parse("solution:sfm")
    assert kind.show([ref])[ref].url == SFM
    assert SFM in hrefs(client.get("/portefolje/tiltak/pll/"))  # in "Henger sammen med"
    api = client.get("/api/links?object=initiative:pll").json()["items"]
    assert {x["url"] for x in api if x["kind"] == "solution"} >= {SFM, PLL}


def test_the_initiative_and_dependencies_pages_link_to_the_solution(client, demo):
    dependencies = part(client.get("/portefolje/tiltak/pll/"), "avhengigheter", "</section>")
    assert f'<a class="ds-link" href="{SFM}">Sentral forskrivningsmodul</a>' in dependencies
    counts = part(client.get("/portefolje/avhengigheter/"), "solution-counts", "</table>")
    assert f'href="{PLL}"' in counts


def test_the_list_shows_every_solution_with_its_number_of_initiatives(client, demo):
    table = part(client.get("/portefolje/losninger/"), "solutions", "</table>")
    for solution in NationalSolution.objects.all():
        assert f'<a class="ds-link" href="{solution.get_absolute_url()}">{solution.name}</a>' in table
    pll = NationalSolution.objects.get(slug="pll")
    row = next(_text(r) for r in re.findall(r"<tr>.*?</tr>", table, re.S) if pll.name in r)
    assert row.startswith(f"{pll.name} – {pll.initiatives.count()} ")
    assert "Grunndata Helsenettet 0" in _text(table)  # what it is included in, linked
    assert 'href="/portefolje/losninger/"' in client.get("/portefolje/").content.decode()  # the section's links


def test_a_part_and_the_whole_link_to_each_other(client, demo):
    helsenettet = part(client.get("/portefolje/losninger/helsenettet/"), "solution-facts", "</dl>")
    assert _text(helsenettet).startswith("Omfatter Grunndata , HelseID")
    assert {"/portefolje/losninger/grunndata/", "/portefolje/losninger/helseid/"} <= set(
        re.findall(r'href="([^"]+)"', helsenettet))
    grunndata = part(client.get("/portefolje/losninger/grunndata/"), "solution-facts", "</dl>")
    assert 'href="/portefolje/losninger/helsenettet/">Helsenettet</a>' in grunndata


def test_an_unknown_solution_is_not_found(client, demo):
    assert client.get("/portefolje/losninger/finnes-ikke/").status_code == 404


def test_the_page_reads_in_the_same_number_of_queries_however_many_initiatives(client, demo):
    pll, april = NationalSolution.objects.get(slug="pll"), Round.objects.get(slug="2024-04")

    def add(n):
        made = Initiative.objects.bulk_create(Initiative(slug=f"ny-{pll.initiatives.count()}-{k}", name=f"Nytt {k}")
                                              for k in range(n))
        pll.initiatives.add(*made)
        StatusReport.objects.bulk_create(StatusReport(round=april, initiative=i, state=ACCEPTED, overall="green")
                                         for i in made)

    assert_queries_constant(client, PLL, add, few=3, many=40)
    assert client.get(PLL).content.decode().count("Grønn") == 40
