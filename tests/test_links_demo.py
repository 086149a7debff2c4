"""The demo links: what the seeds connect across the apps, each with its source or the reason it
is assumed, shown on both sides and in the API, and none pointing at nothing."""
import pytest
from django.contrib.auth.models import AnonymousUser
from linkedpages import hrefs

from radsmodell.core import demo as demo_sets
from radsmodell.core import links
from radsmodell.core.demo import DemoDataError
from radsmodell.core.demo_links import DEMO_FILE, LinksFile, links_loaded, load_links
from radsmodell.core.models import Link


def _api(client, obj: str) -> list[dict]:
    response = client.get(f"/api/links?object={obj}")
    assert response.status_code == 200, response.content
    return response.json()["items"]


def _keys(items: list[dict], kind: str) -> set[str]:
    return {item["key"] for item in items if item["kind"] == kind}


def test_the_demo_links_file_is_read_against_its_schema():
    data = demo_sets.read(DEMO_FILE, LinksFile)
    assert len(data.links) >= 100 and data.found_by == {"session": "scoring_model__slug"}


def test_the_links_set_loads_after_every_other_set():
    names = [s.name for s in demo_sets.ordered_sets()]
    assert names[-1] == "links" and set(names) >= {"council", "portfolio", "priority", "strategy", "costs"}


def test_pll_is_linked_to_its_cases_session_indicator_goal_and_solutions(client, demo):
    items = _api(client, "initiative:pll")
    cases = {"nuit/2024/3", "nuit/2024/4", "nuit/2024/17", "nuit/2024/25", "e-helseradet/2022/35"}
    assert cases <= _keys(items, "case")
    assert {"pll-andel-befolkning", "nedgang-pasientskader-pll"} <= _keys(items, "indicator")
    assert "enklere-arbeidshverdag" in _keys(items, "goal")
    assert {"pll", "sfm", "e-resept"} <= _keys(items, "solution")
    assert len(_keys(items, "session")) == 1
    bergen = next(i for i in items if i["kind"] == "case" and i["key"] == "nuit/2024/25")
    # The public sees the document cited, never the transcription note.
    assert bergen["source"] == "Toppnotat til NUIT 15. mai 2024, sak 25/24" and bergen["date"] == "2024-05-15"
    assert "seed" not in " ".join(i["source"] for i in items)


def test_the_pll_indicator_is_linked_back_and_to_its_goal(client, demo):
    items = _api(client, "indicator:pll-andel-befolkning")
    assert "pll" in _keys(items, "initiative") and "overordnet-1" in _keys(items, "goal")


def test_case_17_24_shows_its_price_models_and_18_24_its_gates(client, demo):
    assert {"sfm-2025", "provesvar-2025", "helsenettet-2025", "helsenettet-2024"} <= _keys(
        _api(client, "case:nuit/2024/17"), "price_model")
    assert {"sfm", "pasientens-provesvar"} <= _keys(_api(client, "case:nuit/2024/18"), "gate")
    assert "nuit/2024/17" in _keys(_api(client, "price_model:helsenettet-2025"), "case")


def test_dis_phase_3_investment_shows_its_initiative_and_dependencies(client, demo):
    items = _api(client, "investment:dis-fase-3")
    assert {"dis-fase-3", "pasientens-journaldokumenter", "dbep"} <= _keys(items, "initiative")
    dbep = next(i for i in items if i["kind"] == "initiative" and i["key"] == "dbep")
    assert dbep["assumption"].startswith("Styresaken kaller prosjektet")


def test_the_2022_session_is_linked_to_case_35_22_as_an_assumption_and_to_its_measures(demo):
    from radsmodell.priority.models import ScoringSession

    session = ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")
    shown = links.links_of_object(session, AnonymousUser())
    case = next(s for s in shown if s.other.kind == "case")
    assert case.other.key == "e-helseradet/2022/35" and "antatt" in case.link.assumption
    assert {"pll", "dbep", "felles-hjelpenummer"} <= {s.other.key for s in shown if s.other.kind == "initiative"}


def test_each_mention_naming_a_case_is_a_link_with_that_source(demo):
    from radsmodell.portfolio.models import Initiative

    pll = Initiative.objects.get(slug="pll")
    cases = {s.other.key: s.link.source for s in links.links_of_object(pll, AnonymousUser()) if s.other.kind == "case"}
    assert cases["nuit/2024/3"] == "seed 000, referat NUIT 15.02.2024, sak 3/24"
    assert cases["nuit/2025/40"].startswith("seed 001, sak 40/25")


def test_every_demo_link_says_where_it_comes_from_and_none_dangles(demo):
    rows = links.describe(Link.objects.all())
    assert len(rows) >= 100
    assert all(row.link.source or row.link.assumption for row in rows)
    dangling = [str(row.link) for row in rows if row.a is None or row.b is None]
    assert dangling == []
    assert links_loaded()
    before = Link.objects.count()
    assert load_links() == {"links": before}  # loading again makes nothing twice


def test_every_demo_link_shows_on_the_pages_of_both_ends(client, demo):
    """Every one of the demo's links, read from each end's own page as the public reads it."""
    seen: dict[str, list[str]] = {}
    missing = []
    for row in links.describe(Link.objects.all()):
        for this, other in ((row.a, row.b), (row.b, row.a)):
            page = this.url.split("#")[0]
            if page not in seen:
                seen[page] = hrefs(client.get(page))
            if other.public and other.url not in seen[page]:
                missing.append(f"{this.kind}:{this.key} does not show {other.kind}:{other.key}")
    assert missing == []
    assert len(seen) > 50


FIRST = "  - {a: 'initiative:eik', b: 'case:nuit/2024/17', source: s}\n"  # fine: written, then rolled back


@pytest.mark.parametrize("body, message", [
    ("  - {a: 'konto:x', b: 'initiative:pll', source: s}\n", r"^demo_links.yaml: links\[1\].a: unknown kind «konto»"),
    ("  - {a: 'initiative:pll', b: 'initiative:finnes-ikke', source: s}\n",
     r"^demo_links.yaml: links\[1\].b: no initiative «finnes-ikke»$"),
    ("  - {a: 'initiative:pll', b: 'case:nuit/2024/17'}\n",
     r"^demo_links.yaml: links\[1\]: a link needs a source, or an assumption"),
    ("  - {a: 'case:nuit/2024/17', b: 'initiative:eik', source: t}\n",
     r"^demo_links.yaml: links\[1\]: the same link as links\[0\]$"),
    ("  - {a: pll, b: 'case:nuit/2024/17', source: s}\n", r"^demo_links.yaml: links\[1\].a: «pll» is not kind:key"),
    ("  - {a: 'session:finnes-ikke', b: 'case:nuit/2024/17', source: s}\nfound_by: {session: scoring_model__slug}\n",
     r"^demo_links.yaml: links\[1\].a: no session with scoring_model__slug «finnes-ikke»$"),
])
def test_a_wrong_link_names_the_file_and_field_and_writes_nothing(demo, tmp_path, body, message):
    before = Link.objects.count()
    path = tmp_path / "demo_links.yaml"
    path.write_text("links:\n" + FIRST + body, encoding="utf-8")
    with pytest.raises(DemoDataError, match=message):
        load_links(path)
    assert Link.objects.count() == before
