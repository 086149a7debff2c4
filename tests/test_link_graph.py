"""The connections around one object as a graph (/koblinger/graf/): one step gives exactly the
object's own links, two steps the objects linked to those, the kind filter narrows what is shown
and walked through, the public never learns of a hidden object, bad input is said on the page,
and the table says what the chart draws."""
import json
import re
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from radsmodell.core import link_graph, links
from radsmodell.council import services as council
from radsmodell.council.models import Body

URL = "/koblinger/graf/"


def _graph(client, query: str, status: int = 200) -> tuple[str, dict | None]:
    """The page and the chart's JSON (None when the page draws no chart)."""
    response = client.get(f"{URL}?{query}")
    assert response.status_code == status
    page = response.content.decode()
    found = re.search(r'<script id="link-graph-data" type="application/json">(.*?)</script>', page, re.S)
    return page, json.loads(found.group(1)) if found else None


def _ids(data: dict) -> set[str]:
    return {n["id"] for n in data["nodes"]}


def _table_edges(page: str) -> set[frozenset]:
    return {frozenset(pair) for pair in re.findall(r'<tr data-a="([^"]+)" data-b="([^"]+)">', page)}


def _json_edges(data: dict) -> set[frozenset]:
    return {frozenset((e["source"], e["target"])) for e in data["links"]}


@pytest.fixture
def hidden_case(demo):
    """A case in a meeting whose notice is not published, linked to PLL: members only."""
    meeting = council.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    case = council.add_case(meeting, "Hemmelig utkast til sak", "orientering")
    links.add_link("initiative:pll", f"case:{case.key}", assumption="Antatt for testen.")
    return case


def test_one_step_gives_exactly_the_objects_the_initiative_page_lists(client, demo):
    kind, ref = links.parse("initiative:pll")
    expected = {f"{s.other.kind}:{s.other.key}" for s in links.links_of(kind, ref, AnonymousUser())}
    page, data = _graph(client, "objekt=initiative:pll")
    assert len(expected) > 10
    assert _ids(data) == expected | {"initiative:pll"}
    assert all(e["source"] == "initiative:pll" or e["target"] == "initiative:pll" for e in data["links"])
    assert [n["id"] for n in data["nodes"] if n["centre"]] == ["initiative:pll"]
    assert "Pasientens legemiddelliste (PLL)" in page and 'href="/saker/nuit/2024/17/"' in page
    assert {"Saker", "Indikatorer", "Nasjonale e-helseløsninger"} <= set(data["categories"])
    assert f"Graf over sammenhengene rundt Pasientens legemiddelliste (PLL): {len(expected) + 1} objekter" in page


def test_two_steps_reach_the_price_models_of_a_case_the_initiative_was_treated_in(client, demo):
    _page, one = _graph(client, "objekt=initiative:pll&steg=1")
    page, two = _graph(client, "objekt=initiative:pll&steg=2")
    assert "price_model:helsenettet-2025" not in _ids(one)
    assert {"case:nuit/2024/17", "price_model:helsenettet-2025"} <= _ids(two) and _ids(one) < _ids(two)
    distance = {n["id"]: n["distance"] for n in two["nodes"]}
    assert (distance["case:nuit/2024/17"], distance["price_model:helsenettet-2025"]) == (1, 2)
    assert frozenset(("case:nuit/2024/17", "price_model:helsenettet-2025")) in _json_edges(two)
    row = re.search(r'<tr data-a="case:nuit/2024/17" data-b="price_model:helsenettet-2025">(.*?)</tr>', page, re.S)
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert "Helsenettet 2025 (foreløpig forslag)" in cells[1] and cells[2].strip() == "2"
    assert "Toppnotat til NUIT 15. mai 2024" in cells[4] and "seed" not in page.lower()
    # Each object can be made the centre, keeping the steps.
    assert 'href="/koblinger/graf/?objekt=case%3Anuit%2F2024%2F17&amp;steg=2"' in page


def test_the_kind_filter_shows_and_walks_through_only_the_chosen_kinds(client, demo):
    _page, cases = _graph(client, "objekt=initiative:pll&steg=2&type=case")
    assert {n["id"].partition(":")[0] for n in cases["nodes"] if not n["centre"]} == {"case"}
    assert "case:nuit/2024/17" in _ids(cases) and cases["categories"] == ["Saker", "Tiltak"]
    # Price models hang off the cases: with the cases filtered out, two steps reach none of them.
    _page, models = _graph(client, "objekt=initiative:pll&steg=2&type=price_model")
    assert _ids(models) == {"initiative:pll"} and models["links"] == []
    _page, both = _graph(client, "objekt=initiative:pll&steg=2&type=case&type=price_model")
    assert "price_model:helsenettet-2025" in _ids(both)


def test_the_public_never_sees_a_hidden_object_and_a_member_does(client, hidden_case, member):
    for query in ("objekt=initiative:pll", "objekt=initiative:pll&steg=2", "objekt=case:nuit/2024/17&steg=2"):
        page, data = _graph(client, query)
        assert "Hemmelig utkast" not in page and hidden_case.key not in page
        assert f"case:{hidden_case.key}" not in _ids(data) and _table_edges(page) == _json_edges(data)
    page, data = _graph(client, f"objekt=case:{hidden_case.key}", status=400)
    assert data is None and "Hemmelig utkast" not in page and f"Fant ikke case «{hidden_case.key}»" in page
    client.force_login(member)
    page, data = _graph(client, "objekt=initiative:pll")
    assert f"case:{hidden_case.key}" in _ids(data) and "Hemmelig utkast til sak" in page and "antatt" in page


@pytest.mark.parametrize("given, message", [
    ("tull", "Ukjent type «tull»"),
    ("case:nuit/2024/999", "Fant ikke case «nuit/2024/999»"),
    ("initiative:", "Fant ikke initiative «»"),
])
def test_bad_input_is_said_on_the_page(client, demo, given, message):
    page, data = _graph(client, f"objekt={given}", status=400)
    assert message in page and data is None and 'role="alert"' in page
    assert 'name="objekt"' in page  # the form is there to try again


def test_the_table_lists_the_same_links_as_the_chart(client, demo):
    page, data = _graph(client, "objekt=case:nuit/2024/17&steg=2")
    assert len(data["links"]) > 20 and _table_edges(page) == _json_edges(data)
    assert all({e["source"], e["target"]} <= _ids(data) for e in data["links"])


def test_without_an_object_the_page_explains_and_offers_starting_points(client, demo):
    page, data = _graph(client, "")
    assert data is None
    for example in ("initiative%3Apll", "case%3Anuit%2F2024%2F17", "goal%3Aenklere-arbeidshverdag"):
        assert f'href="/koblinger/graf/?objekt={example}"' in page
    assert "Pasientens legemiddelliste (PLL)" in page and "Enklere arbeidshverdag" in page


def test_every_object_page_links_to_its_graph(client, demo):
    page = client.get("/portefolje/tiltak/pll/").content.decode()
    assert '<a class="ds-link" href="/koblinger/graf/?objekt=initiative%3Apll">Se sammenhengene som graf</a>' in page


def test_a_large_graph_is_capped_and_says_so(client, demo, monkeypatch):
    kind, ref = links.parse("initiative:pll")
    whole = link_graph.walk(kind, ref, AnonymousUser(), steps=2)
    capped = link_graph.walk(kind, ref, AnonymousUser(), steps=2, limit=10)
    assert not whole.capped and len(whole.nodes) > 10
    assert capped.capped and len(capped.nodes) == 10 and capped.centre in capped.nodes
    kept = {n.id for n in capped.nodes}
    assert all(e.a.id in kept and e.b.id in kept for e in capped.edges)
    monkeypatch.setattr(link_graph, "MAX_NODES", 10)
    page, data = _graph(client, "objekt=initiative:pll&steg=2")
    assert len(data["nodes"]) == 10 and "Grafen viser bare de 10 første objektene" in page


def test_the_queries_do_not_grow_with_the_graph(client, demo, django_assert_max_num_queries):
    client.get(f"{URL}?objekt=initiative:pll")  # sessions and the like, once
    with django_assert_max_num_queries(30):
        _page, data = _graph(client, "objekt=initiative:pll&steg=2")
    assert len(data["nodes"]) > 40
