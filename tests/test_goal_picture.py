"""A goal's whole picture (issue 11, point 3): each goal page lists the initiatives that serve it,
those linked to the goal and those its indicators measure, with how each is connected, the colour of
its latest accepted status report, its phase and its investment cases; the dashboard counts them per
goal by colour, in words. Reports not yet accepted and links the public may not see stay hidden."""
import re
from datetime import date

import pytest
from querycount import assert_queries_constant

from radsmodell.core import links
from radsmodell.core.models import Link
from radsmodell.portfolio.models import Initiative, Round, StatusReport
from radsmodell.strategy.models import Goal, Indicator

GOAL = "/strategi/mal/enklere-arbeidshverdag/"
SOURCE = "seed 000, sak 21/24 (toppnotat)"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("\u00a0", " "))).strip()


def initiatives_section(response) -> str:
    """The goal page's section on its initiatives, as a reader reads it."""
    assert response.status_code == 200
    found = re.search(r'<section class="stack" aria-labelledby="tiltak">.*?</section>', response.content.decode(), re.S)
    assert found, "no section on the goal's initiatives"
    return text(found.group(0))


def row(section: str, name: str) -> str:
    """The text of one initiative's row, from its name to the next initiative or the end of the table."""
    start = section.index(name)
    return section[start:start + 400]


def card(response, slug: str) -> str:
    """One goal's card on the dashboard."""
    cards = response.content.decode().split('<li class="ds-card goal-card')[1:]
    return text(next(c for c in cards if f'/strategi/mal/{slug}/"' in c).split("</section>")[0])


def rounds():
    """An older round whose report on an initiative is accepted, and a newer one in which it is not."""
    older = Round.objects.create(slug="test-host", name="Testrunde høst 2029", cut_off=date(2029, 10, 1))
    newer = Round.objects.create(slug="test-var", name="Testrunde vår 2030", cut_off=date(2030, 3, 1))
    return older, newer


@pytest.fixture
def picture(portfolio, strategy):
    """PLL (linked to goal 2 by the demo) is green in an accepted report and red in a newer draft;
    Eik is measured by an indicator of goal 2, and red; a third initiative is amber by both routes."""
    older, newer = rounds()
    pll, eik = Initiative.objects.get(slug="pll"), Initiative.objects.get(slug="eik")
    third = Initiative.objects.create(slug="tredje", name="Et tredje tiltak", phase="konsept")
    StatusReport.objects.create(round=older, initiative=pll, overall="green", state="accepted")
    StatusReport.objects.create(round=newer, initiative=pll, overall="red", state="draft")
    StatusReport.objects.create(round=newer, initiative=eik, overall="red", state="accepted")
    StatusReport.objects.create(round=older, initiative=third, overall="amber", state="accepted")
    StatusReport.objects.create(round=newer, initiative=third, overall="green", state="submitted")
    goal = Goal.objects.get(slug="enklere-arbeidshverdag")
    indicator = goal.indicators.order_by("name").first()
    links.add_link(f"indicator:{indicator.slug}", "initiative:eik", source=SOURCE)
    links.add_link("initiative:tredje", f"indicator:{indicator.slug}", source=SOURCE)  # either way round
    links.add_link("initiative:tredje", "goal:enklere-arbeidshverdag", source=SOURCE)
    return indicator


def test_the_goal_page_lists_pll_with_its_phase_and_how_it_is_connected(client, portfolio, strategy):
    section = initiatives_section(client.get(GOAL))
    pll = row(section, "Pasientens legemiddelliste (PLL)")
    assert pll.startswith("Pasientens legemiddelliste (PLL) Uten status Bredding")  # no accepted report in the demo
    assert "koblet til målet" in pll
    assert "/portefolje/tiltak/pll/" in client.get(GOAL).content.decode()


def test_the_goal_page_shows_the_latest_accepted_status_never_a_report_not_yet_accepted(client, picture, member):
    for reader in (None, member):
        if reader:
            client.force_login(reader)
        section = initiatives_section(client.get(GOAL))
        pll = row(section, "Pasientens legemiddelliste (PLL)")
        assert pll.startswith("Pasientens legemiddelliste (PLL) Grønn (Testrunde høst 2029) Bredding")
        assert "Testrunde vår 2030" not in pll.split("Bredding")[0]  # the newer report is a draft
        third = row(section, "Et tredje tiltak")
        assert third.startswith("Et tredje tiltak Gul (Testrunde høst 2029) Konsept")  # newer one only submitted


def test_the_goal_page_says_how_each_initiative_is_connected(client, picture):
    section = initiatives_section(client.get(GOAL))
    eik = Initiative.objects.get(slug="eik")
    eik_name = f"{eik.name} ({eik.short_name})" if eik.short_name and eik.short_name != eik.name else eik.name
    assert f"{eik_name} Rød (Testrunde vår 2030)" in section
    assert f"via indikatoren {picture.name}" in row(section, eik_name)
    assert "koblet til målet" not in row(section, eik_name)[:len(eik_name) + 120]
    assert f"koblet til målet; via indikatoren {picture.name}" in row(section, "Et tredje tiltak")
    page = client.get(GOAL).content.decode()
    assert f'href="{picture.get_absolute_url()}"' in page


def test_the_dashboard_counts_each_goals_initiatives_by_colour_in_words(client, picture):
    dashboard = client.get("/strategi/")
    assert "Tiltak: 1 rød, 1 gul, 1 grønn, 0 uten status" in card(dashboard, "enklere-arbeidshverdag")
    assert "Tiltak: ingen" in card(dashboard, "aktiv-medvirkning")
    section = initiatives_section(client.get(GOAL))
    assert "Tiltak: 1 rød, 1 gul, 1 grønn, 0 uten status" in section  # the goal page says the same
    api = next(g for g in client.get("/api/strategy/goals").json()["items"] if g["slug"] == "enklere-arbeidshverdag")
    assert api["initiatives"] == {"red": 1, "amber": 1, "green": 1, "none": 0}


def test_the_demo_dashboard_counts_pll_as_without_status(client, portfolio, strategy):
    assert "Tiltak: 0 rød, 0 gul, 0 grønn, 1 uten status" in card(client.get("/strategi/"), "enklere-arbeidshverdag")


def test_the_goal_page_shows_an_initiatives_investment_case(client, picture, costs):
    links.add_link("investment:dis-fase-3", "initiative:pll", source=SOURCE)
    kind = next(k for k in links.kinds() if k.name == "investment")
    investment = next(iter(kind.show([links.parse("investment:dis-fase-3")[1]]).values()))
    section = initiatives_section(client.get(GOAL))
    assert investment.title in row(section, "Pasientens legemiddelliste (PLL)")
    assert f'href="{investment.url}"' in client.get(GOAL).content.decode()
    assert investment.title not in row(section, "Et tredje tiltak")[:200]


@pytest.fixture
def hidden_investments(db):
    """An "investment" kind of the test's own, one of whose cases the public may not see; the real one
    is put back afterwards."""
    before = links._kinds.get("investment")
    cases = {"apen": ("Åpen investeringssak", True), "lukket": ("Lukket investeringssak", False)}
    links.register_kind(links.LinkKind(
        "investment", "Investeringssaker", 90, find=lambda key: key if key in cases else None,
        show=lambda refs: {ref: links.Linked("investment", ref, cases[ref][0], f"/investering/{ref}/",
                                             public=cases[ref][1]) for ref in refs if ref in cases}))
    yield cases
    if before is None:
        links._kinds.pop("investment", None)
    else:
        links._kinds["investment"] = before


def test_the_public_never_sees_an_investment_case_it_may_not_see(client, picture, hidden_investments, member):
    links.add_link("investment:apen", "initiative:pll", source=SOURCE)
    links.add_link("investment:lukket", "initiative:pll", source=SOURCE)
    public = client.get(GOAL).content.decode()
    assert "Åpen investeringssak" in initiatives_section(client.get(GOAL))
    assert "Lukket investeringssak" not in public and "/investering/lukket/" not in public
    client.force_login(member)
    assert "Lukket investeringssak" in row(initiatives_section(client.get(GOAL)), "Pasientens legemiddelliste (PLL)")


# ---------------------------------------------------------------- queries do not grow with the data


def _serving_initiatives(n: int, goal: Goal, indicator: Indicator, round_: Round) -> None:
    first = Initiative.objects.count()
    made = Initiative.objects.bulk_create([Initiative(slug=f"test-{first + i}", name=f"Testtiltak {first + i}",
                                                      phase="bredding") for i in range(n)])
    Link.objects.bulk_create([Link(a_kind="initiative", a_ref=str(i.pk), b_kind="goal", b_ref=str(goal.pk),
                                   source=SOURCE) for i in made[::2]])
    Link.objects.bulk_create([Link(a_kind="indicator", a_ref=str(indicator.pk), b_kind="initiative", b_ref=str(i.pk),
                                   source=SOURCE) for i in made[1::2]])
    StatusReport.objects.bulk_create([StatusReport(round=round_, initiative=i, overall="amber", state="accepted")
                                      for i in made])


def test_the_goal_page_reads_the_same_number_of_queries_for_10_and_200_initiatives(client, picture, costs):
    goal = Goal.objects.get(slug="enklere-arbeidshverdag")
    older = Round.objects.get(slug="test-host")
    links.add_link("investment:dis-fase-3", "initiative:pll", source=SOURCE)
    assert_queries_constant(client, GOAL, lambda n: _serving_initiatives(n, goal, picture, older))


def test_the_dashboard_reads_the_same_number_of_queries_for_10_and_200_initiatives_and_goals(client, picture):
    older = Round.objects.get(slug="test-host")

    def add(n):
        first = Goal.objects.count()
        for i in range(max(1, n // 10)):
            goal = Goal.objects.create(level="overordnet", number=100 + first + i, slug=f"test-{first + i}",
                                       name=f"Testmål {first + i}")
            picture.goals.add(goal)
            _serving_initiatives(10, goal, picture, older)

    assert_queries_constant(client, "/strategi/", add)
