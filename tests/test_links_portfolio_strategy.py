"""The connected record on the portfolio and strategy pages: initiatives, national solutions, goals
and indicators are linked both ways, each link with its cited source or "antatt", in the API too;
a deleted initiative takes its links with it; and a quotation on an initiative's page links to the
council case it comes from when the initiative is linked to that case.

The council's cases are stood in for by a kind of this file's own, so that these tests do not
depend on the council app's registration."""
from datetime import date

import pytest
from linkedpages import hrefs, linked
from querycount import assert_queries_constant

from radsmodell.core import links
from radsmodell.core.models import Link
from radsmodell.portfolio.models import Initiative, NationalSolution
from radsmodell.portfolio.views import case_of
from radsmodell.strategy.models import Goal, Indicator

PLL = "/portefolje/tiltak/pll/"
DIALOG = "/portefolje/tiltak/digital-dialog-fastlege-apotek/"
GOAL = "/strategi/mal/enklere-arbeidshverdag/"
INDICATOR = "/strategi/indikatorer/pll-andel-befolkning/"
SOURCE = "seed 000, sak 21/24 (toppnotat)"
CITED = "Toppnotat til NUIT 15. mai 2024, sak 21/24"
ASSUMED = "Antatt fordi indikatoren måler bruken av PLL."


def mentions(response) -> str:
    page = response.content.decode()
    return page[page.index('id="omtale"'):]


# Stand-ins for the council's cases: key → (title, public).
CASES = {
    "nuit/2024/21": ("Sak 21/24 Utprøving av digital dialog", True),
    "nuit/2024/20": ("Sak 20/24 Eik", False),  # as if its meeting were not yet published
    "ehelseraad/2022/35": ("Sak 35/22 Prioritering", True),
}


def _show_cases(refs):
    return {ref: links.Linked("case", ref, CASES[ref][0], f"/saker/{ref}/", public=CASES[ref][1])
            for ref in refs if ref in CASES}


@pytest.fixture
def record(portfolio, strategy):
    """The demo's portfolio and strategy without the demo's links, so that each test makes its own."""
    Link.objects.all().delete()


@pytest.fixture
def cases(db):
    """A "case" kind of the test's own; the council's, if registered, is put back afterwards."""
    before = links._kinds.get("case")
    links.register_kind(links.LinkKind("case", "Saker", 10, find=lambda key: key if key in CASES else None,
                                       show=_show_cases))
    yield CASES
    if before is None:
        links._kinds.pop("case", None)
    else:
        links._kinds["case"] = before


@pytest.fixture
def pll_links(record):
    """PLL serves goal 2 (from a source, on a date) and is measured by an indicator (assumed)."""
    links.add_link("initiative:pll", "goal:enklere-arbeidshverdag", source=SOURCE, day=date(2024, 5, 15))
    links.add_link("indicator:pll-andel-befolkning", "initiative:pll", assumption=ASSUMED)


def test_the_kinds_find_the_slugs_readers_know_and_store_the_primary_key(record):
    assert links.parse("initiative:pll")[1] == str(Initiative.objects.get(slug="pll").pk)
    assert links.parse("solution:e-resept")[1] == str(NationalSolution.objects.get(slug="e-resept").pk)
    assert links.parse("goal:enklere-arbeidshverdag")[1] == str(Goal.objects.get(slug="enklere-arbeidshverdag").pk)
    assert links.parse("indicator:pll-andel-befolkning")[1] == str(
        Indicator.objects.get(slug="pll-andel-befolkning").pk)
    for unknown in ("initiative:ingen", "solution:ingen", "goal:ingen", "indicator:ingen"):
        with pytest.raises(Exception, match="Fant ikke"):
            links.parse(unknown)
    order = [k.name for k in links.kinds() if k.name in ("initiative", "solution", "goal", "indicator")]
    assert order == ["initiative", "solution", "goal", "indicator"]


def test_the_initiative_page_shows_its_goal_and_indicator_with_source_and_antatt(client, pll_links):
    page = client.get(PLL)
    section = linked(page)
    assert section.startswith("Henger sammen med")
    assert f"Mål Mål 2: Enklere arbeidshverdag · 15. mai 2024 ( {CITED} )" in section
    indicator = Indicator.objects.get(slug="pll-andel-befolkning")
    assert f"{indicator.name} antatt {ASSUMED}" in section
    assert section.index("Mål 2") < section.index(indicator.name)  # goals before indicators
    assert {GOAL, INDICATOR} <= set(hrefs(page))
    assert "seed 000" not in section  # the public reference, never the transcription note
    assert "/koblinger/" not in " ".join(hrefs(page))  # only the secretariat is offered to edit them


def test_the_goal_and_indicator_pages_show_the_initiative(client, pll_links):
    goal = client.get(GOAL)
    assert f"Tiltak Pasientens legemiddelliste (PLL) · 15. mai 2024 ( {CITED} )" in linked(goal)
    assert PLL in hrefs(goal)
    indicator = client.get(INDICATOR)
    assert f"Tiltak Pasientens legemiddelliste (PLL) antatt {ASSUMED}" in linked(indicator)
    assert PLL in hrefs(indicator)
    assert indicator.content.decode().count('id="koblinger"') == 1  # one section by that id on the page


def test_the_secretariat_is_offered_to_edit_the_links_on_each_page(client, pll_links, secretariat):
    client.force_login(secretariat)
    assert "/koblinger/?objekt=initiative%3Apll" in hrefs(client.get(PLL))
    assert "/koblinger/?objekt=goal%3Aenklere-arbeidshverdag" in hrefs(client.get(GOAL))
    assert "/koblinger/?objekt=indicator%3Apll-andel-befolkning" in hrefs(client.get(INDICATOR))
    bare = client.get("/strategi/mal/aktiv-medvirkning/")
    assert "Ingen koblinger ennå." in linked(bare)


def test_a_national_solution_links_to_its_page(client, record):
    links.add_link("initiative:pll", "solution:e-resept", source=SOURCE)
    page = client.get(PLL)
    assert "/portefolje/losninger/e-resept/" in hrefs(page)
    assert "Nasjonale e-helseløsninger" in linked(page)
    assert "Pasientens legemiddelliste (PLL)" in linked(client.get("/portefolje/losninger/e-resept/"))


def test_the_api_gives_an_initiative_by_id_or_slug_with_its_links(client, pll_links):
    pll = Initiative.objects.get(slug="pll")
    by_id = client.get(f"/api/initiatives/{pll.pk}").json()
    by_slug = client.get("/api/initiatives/pll").json()
    assert by_id == by_slug and by_slug["slug"] == "pll"
    assert [(x["kind"], x["key"]) for x in by_slug["links"]] == [
        ("goal", "enklere-arbeidshverdag"), ("indicator", "pll-andel-befolkning")]
    goal, indicator = by_slug["links"]
    assert (goal["url"], goal["date"], goal["source"], goal["assumption"]) == (GOAL, "2024-05-15", CITED, "")
    assert (indicator["url"], indicator["source"], indicator["assumption"]) == (INDICATOR, "", ASSUMED)
    assert client.get("/api/initiatives/finnes-ikke").status_code == 404
    assert client.get("/api/initiatives/999999").status_code == 404
    assert [x["key"] for x in client.get("/api/links?object=goal:enklere-arbeidshverdag").json()["items"]] == ["pll"]


def test_a_deleted_initiative_takes_its_links_with_it(client, pll_links):
    Initiative.objects.create(slug="nytt", name="Et nytt tiltak")
    links.add_link("initiative:nytt", "goal:enklere-arbeidshverdag", source=SOURCE)
    links.add_link("indicator:pll-andel-befolkning", "initiative:nytt", assumption=ASSUMED)
    assert "Et nytt tiltak" in linked(client.get(GOAL)) and "Et nytt tiltak" in linked(client.get(INDICATOR))
    Initiative.objects.get(slug="nytt").delete()
    assert Link.objects.count() == 2  # PLL's stay
    assert "Et nytt tiltak" not in linked(client.get(GOAL))
    assert "Et nytt tiltak" not in linked(client.get(INDICATOR))
    # So do a deleted indicator and goal.
    Indicator.objects.get(slug="pll-andel-befolkning").delete()
    assert [(x.a_kind, x.b_kind) for x in Link.objects.all()] == [("initiative", "goal")]
    goal = Goal.objects.create(level=Goal.Level.STRATEGIC, number=9, slug="mal-9", name="Et nytt mål")
    links.add_link("goal:mal-9", "initiative:pll", assumption=ASSUMED)
    goal.delete()
    assert Link.objects.count() == 1


def test_a_quotation_links_to_the_case_it_comes_from_when_the_initiative_is_linked_to_it(client, record, cases):
    assert "/saker/nuit/2024/21/" not in mentions(client.get(DIALOG))  # not linked yet: no link
    links.add_link("case:nuit/2024/21", "initiative:digital-dialog-fastlege-apotek", source=SOURCE)
    quoted = mentions(client.get(DIALOG))
    assert quoted.count('<a class="ds-link mention-case" href="/saker/nuit/2024/21/">') == 4  # its four quotations
    assert "Sak 21/24 Utprøving av digital dialog" in quoted
    # PLL is linked to a case, but none of its quotations come from it: no quotation links there.
    links.add_link("case:nuit/2024/21", "initiative:pll", source=SOURCE)
    assert "mention-case" not in mentions(client.get(PLL))


def test_a_quotation_links_only_to_a_case_the_reader_may_see(client, record, cases, member):
    links.add_link("case:nuit/2024/20", "initiative:eik", source="seed 000, sak 20/24 (toppnotat)")
    assert "/saker/nuit/2024/20/" not in client.get("/portefolje/tiltak/eik/").content.decode()
    client.force_login(member)
    assert "/saker/nuit/2024/20/" in mentions(client.get("/portefolje/tiltak/eik/"))


def test_a_source_names_its_case_by_number_and_year_and_by_body_when_two_bodies_share_them():
    def case(key):
        return links.Linked("case", key, key, f"/saker/{key}/")

    nuit, council, other = case("nuit/2024/3"), case("ehelseraad/2024/3"), case("nuit/2024/13")
    assert case_of("seed 002, sak 35/22", [case("ehelseraad/2022/35")]).key == "ehelseraad/2022/35"
    assert case_of("seed 000, referat NUIT 15.02.2024, sak 3/24", [other, nuit]) == nuit
    assert case_of("seed 000, referat NUIT 15.02.2024, sak 3/24", [nuit, council]) == nuit
    assert case_of("seed 000, sak 3/24", [nuit, council]) is None  # which body's, the source does not say
    assert case_of("seed 000, sak 3/24 (e-resept); seed 000, sak 13/24", [other]) == other
    assert case_of("seed 002, arbeidsbok, ark «Samlet»", [nuit]) is None


def test_the_initiative_page_reads_its_links_in_the_same_number_of_queries_however_many(client, record):
    indicators = list(Indicator.objects.values_list("slug", flat=True)[:15])

    def add(n):
        done = Link.objects.filter(a_kind="initiative").count()
        for slug in indicators[done:done + n]:
            links.add_link("initiative:pll", f"indicator:{slug}", source=SOURCE)

    assert_queries_constant(client, PLL, add, few=3, many=len(indicators))
