"""The search page (/sok/) and GET /api/search on the demo register, as a reader meets them.

Issue 16: one search over cases, action items, commissions and initiatives; inflected forms find
each other (Norwegian stemming); "phrases" and prefix*; facets with counts that combine (AND across
groups, OR within one); each hit links to its page, and a case page lists its earlier and later
treatments across bodies; visibility as everywhere: the public never finds a draft, members and the
secretariat do; the API answers with the same hits as the page.
"""
import html as markup
import re
from datetime import date

import pytest
from django.contrib.auth.models import User

from radsmodell.core.models import ApiToken
from radsmodell.core.tokens import create_token
from radsmodell.council import services
from radsmodell.council.models import Body, Case

SEARCH = "/sok/"
API = "/api/search"


# --- reading the page as a reader sees it ---------------------------------------------------------

def page(client, **params) -> str:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response.content.decode()


def hits(html: str) -> list[dict]:
    """The hits in the order shown: kind, ref, title, link, the line under the title, snippet, field."""
    found = []
    for item in re.finditer(r'<li class="search-hit" data-kind="([^"]+)" data-ref="([^"]+)">(.*?)</li>', html, re.S):
        kind, ref, body = item.groups()
        link = re.search(r'<h3[^>]*><a class="ds-link" href="([^"]+)">(.*?)</a></h3>', body, re.S)
        snippet = re.search(r'<p class="ds-paragraph search-snippet flush">(.*?)</p>', body, re.S)
        field = re.search(r"Treff i: ([^<]+)</p>", body)
        found.append({"kind": kind, "ref": ref, "url": link[1], "marked_title": link[2],
                      "title": markup.unescape(re.sub("<[^>]+>", "", link[2])),
                      "snippet": snippet[1] if snippet else "", "field": field[1] if field else "", "html": body})
    return found


def total(html: str) -> int:
    """"1 234 treff" as the heading over the hits says it."""
    shown = re.search(r'id="treff"[^>]*>([\d\s\u00a0\u202f]+) treff</h2>', html)
    return int(re.sub(r"\D", "", shown[1]))


def facet(html: str, name: str) -> dict[str, dict]:
    """A facet group's values by label: the value sent, the count shown and whether it is ticked."""
    group = re.search(rf'<fieldset class="ds-fieldset search-facet" data-facet="{name}">(.*?)</fieldset>', html, re.S)
    assert group, f"no facet group {name}"
    values = {}
    boxes = (r'<input class="ds-input" type="checkbox" name="[^"]+" value="([^"]*)" id="[^"]+"( checked)?>'
             r'\s*<label class="ds-label" for="[^"]+">(.*?) <span class="muted" data-count>\(([^)]+)\)')
    for box in re.finditer(boxes, group[1], re.S):
        value, checked, label, count = box.groups()
        values[markup.unescape(label)] = {"value": value, "count": int(re.sub(r"\D", "", count)),
                                          "checked": bool(checked)}
    return values


def titles(html: str) -> list[str]:
    return [hit["title"] for hit in hits(html)]


def _key(username: str) -> dict:
    user = User.objects.get(username=username)
    key = create_token(user, f"Søk {username}", ApiToken.Scope.READ, by=User.objects.get(username="sekretariat"))[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


# --- the page ------------------------------------------------------------------------------------

def test_the_page_has_a_labelled_search_field_that_keeps_the_query_and_says_how_to_search(client, demo):
    html = page(client, q="kjernejournal")
    assert '<label class="ds-label" for="q">Søkeord</label>' in html
    assert re.search(r'<input class="ds-input[^"]*" id="q" name="q" type="search" value="kjernejournal"', html)
    assert "Bruk anførselstegn for eksakt frase, * for ordstart." in html
    assert '<h1 class="ds-heading" data-size="lg">Søk i registeret</h1>' in html
    assert re.search(r'<h2 class="ds-heading" data-size="sm" id="treff" aria-live="polite">\d+ treff</h2>', html)
    # The box in every page's header goes here too.
    assert 'action="/sok/"' in page(client)


def test_an_inflected_form_finds_the_case_and_marks_the_word_where_it_matched(client, demo):
    """"kjernejournalen" is nowhere in the register; "kjernejournal" is, in the minutes of NUIT 3/24."""
    assert "kjernejournalen" not in " ".join(Case.objects.values_list("minutes_text", flat=True)).casefold()
    html = page(client, q="kjernejournalen")
    found = {hit["title"]: hit for hit in hits(html)}
    hit = found["Helse- og omsorgsdepartementet orienterer"]
    assert hit["url"] == "/saker/nuit/2024/3/" and hit["kind"] == "case"
    assert "<mark>kjernejournal</mark>" in hit["snippet"] and hit["field"] == "Referat"
    assert "NUIT · Sak 3/24 · " in hit["html"] and "Saker" in hit["html"]
    # Other forms of a word find each other both ways.
    assert "Digitalisering av den offentlige tannhelsetjenesten" in titles(page(client, q="tannhelsetjenestene"))
    # A word matched in the title is marked there too.
    assert "Digitalisering av den offentlige <mark>tannhelsetjenesten</mark>" in [
        hit["marked_title"] for hit in hits(page(client, q="tannhelsetjenestene"))]
    assert "Digitalisering av den offentlige tannhelsetjenesten" in titles(page(client, q="Tannhelsetjeneste"))


def test_a_phrase_in_quotes_needs_the_words_together_and_in_order(client, demo):
    together = titles(page(client, q='"pasientens legemiddelliste"'))
    assert "Erfaringer fra utprøving av pasientens legemiddelliste i Bergen kommune" in together
    apart = page(client, q='"legemiddelliste pasientens"')
    assert "Erfaringer fra utprøving av pasientens legemiddelliste i Bergen kommune" not in titles(apart)
    words = titles(page(client, q="legemiddelliste pasientens"))
    assert "Erfaringer fra utprøving av pasientens legemiddelliste i Bergen kommune" in words


def test_a_prefix_with_a_star_finds_the_words_that_begin_so(client, demo):
    assert "Digitalisering av den offentlige tannhelsetjenesten" in titles(page(client, q="tannhelse*"))
    assert "Digitalisering av den offentlige tannhelsetjenesten" not in titles(page(client, q="tannhelse"))


def test_facets_show_counts_and_filters_combine_to_the_numbers_shown(client, demo):
    everything = page(client, q="helse*")
    all_hits = total(everything)
    bodies, years = facet(everything, "body"), facet(everything, "year")
    nuit = bodies["Nasjonalt porteføljeråd"] if "Nasjonalt porteføljeråd" in bodies else bodies["NUIT"]
    assert 0 < nuit["count"] < all_hits and not nuit["checked"]
    assert sum(v["count"] for v in facet(everything, "kind").values()) == all_hits  # every hit has one kind

    # One body: the total is the count its box showed, and the body is shown chosen and removable.
    one_body = page(client, q="helse*", body=nuit["value"])
    assert total(one_body) == nuit["count"]
    assert [v["checked"] for v in facet(one_body, "body").values() if v["value"] == nuit["value"]] == [True]
    assert "Fjern alle filtre" in one_body and re.search(r'aria-label="Fjern filteret Organ: [^"]+"', one_body)

    # And a year (AND across groups): the count the year showed under the body filter.
    year_2024 = facet(one_body, "year")["2024"]
    both = page(client, q="helse*", body=nuit["value"], year="2024")
    assert total(both) == year_2024["count"] < total(one_body)
    assert all(hit["url"].startswith("/saker/nuit/2024/") for hit in hits(both) if hit["kind"] == "case")
    assert year_2024["count"] < years["2024"]["count"] or years["2024"]["count"] == year_2024["count"]

    # Two years (OR within a group): the sum of their counts.
    other = next(label for label in facet(one_body, "year") if label != "2024")
    either = page(client, q="helse*", body=nuit["value"], year=["2024", other])
    assert total(either) == year_2024["count"] + facet(one_body, "year")[other]["count"]

    # Removing a filter goes back; "Fjern alle filtre" keeps the words only.
    assert 'href="?q=helse%2A"' in both
    assert total(page(client, q="helse*")) == all_hits


def test_a_long_facet_shows_the_most_common_values_and_the_rest_behind_a_summary(client, demo):
    html = page(client, q="helse*")
    initiatives = facet(html, "initiative")
    group = re.search(r'data-facet="initiative">(.*?)</fieldset>', html, re.S)[1]
    first, more = group.split("<details", 1)
    assert first.count('type="checkbox"') == 8 and len(initiatives) > 8
    assert f"<summary>Vis {len(initiatives) - 8} til</summary>" in more
    counts = [v["count"] for v in initiatives.values()]
    assert counts == sorted(counts, reverse=True)  # the most common first
    # A value chosen from the rest is shown at once, ticked.
    rare_label, rare = list(initiatives.items())[-1]
    chosen = page(client, q="helse*", initiative=rare["value"])
    shown = re.search(r'data-facet="initiative">(.*?)(?:<details|</fieldset>)', chosen, re.S)[1]
    assert f'value="{rare["value"]}"' in shown and facet(chosen, "initiative")[rare_label]["checked"]
    assert total(chosen) == rare["count"]


def test_a_hit_links_to_the_case_page(client, demo):
    [hit] = [h for h in hits(page(client, q="tannhelsetjenesten")) if h["url"] == "/saker/nuit/2024/22/"]
    case_page = client.get(hit["url"])
    assert case_page.status_code == 200
    assert "Digitalisering av den offentlige tannhelsetjenesten" in case_page.content.decode()


def test_a_case_page_lists_its_earlier_and_later_treatments_across_bodies(client, demo):
    """NUFA 12/24 came before NUIT 22/24 (the memo's "Vedtak fra tidligere behandlinger")."""
    nuit_case = client.get("/saker/nuit/2024/22/").content.decode()
    earlier = nuit_case[nuit_case.index('id="tidligere"'):]
    assert 'href="/saker/nufa/2024/12/"' in earlier[:3000] and "NUFA 12/24" in earlier[:3000]
    nufa_case = client.get("/saker/nufa/2024/12/").content.decode()
    later = nufa_case[nufa_case.index('id="senere"'):]
    assert 'href="/saker/nuit/2024/22/">NUIT 22/24</a> Digitalisering av den offentlige tannhelsetjenesten' in later


def test_a_case_hit_shows_its_outcome_as_case_lists_do(client, demo, member):
    [hit] = [h for h in hits(page(client, q="tannhelsetjenesten")) if h["url"] == "/saker/nuit/2024/22/"]
    assert "Vedtak:" not in hit["html"]  # the minutes of 2/2024 are not approved: no outcome for the public
    client.force_login(member)
    [hit] = [h for h in hits(page(client, q="tannhelsetjenesten")) if h["url"] == "/saker/nuit/2024/22/"]
    assert "<strong>Forslag til vedtak:</strong>" in hit["html"]


def test_hits_come_25_a_page_with_the_query_and_filters_kept(client, demo):
    first = page(client, kind="case")  # no words: every case the public may find
    published = Case.objects.filter(meeting__isnull=True).count() + Case.objects.filter(
        meeting__notice_published_at__isnull=False).count()
    assert total(first) == published > 25 and len(hits(first)) == 25
    assert 'href="?kind=case&amp;side=2"' in first
    second = page(client, kind="case", side=2)
    assert hits(second) and not {h["ref"] for h in hits(second)} & {h["ref"] for h in hits(first)}
    assert 'href="?kind=case&amp;side=1"' in second
    # A page past the end shows the last; a page number that is not one shows the first.
    assert hits(page(client, kind="case", side=999)) == hits(page(client, kind="case", side=-(-total(first) // 25)))
    assert hits(page(client, kind="case", side="x")) == hits(first)


def test_nothing_found_says_so_and_a_query_that_cannot_be_read_is_explained(client, demo):
    none = page(client, q="qwxzyvbnm")
    assert total(none) == 0 and "Ingen treff for «qwxzyvbnm»." in none
    garbage = page(client, q="!!! ???")
    assert "Fant ingen ord å søke etter i «!!! ???»" in garbage
    control = page(client, q="helse\x01")
    assert "«Søkeord» inneholder tegnet U+0001" in control
    too_long = page(client, q="helse " * 200)
    assert "Søket er for langt: høyst 500 tegn." in too_long


# --- visibility -----------------------------------------------------------------------------------

@pytest.fixture
def drafts(demo):
    """A word only in the input and the decision of a held meeting whose minutes are not approved
    (NUIT 2/2024), and a case in a meeting whose notice is not published."""
    case = Case.objects.get(body__slug="nuit", year=2024, number=21)
    services.add_input(case, "Pilotering i Ålesund bør prioriteres.")
    decided = Case.objects.get(body__slug="nuit", year=2024, number=25)
    services.record_outcome(decided, decision="NUIT ber om en kvartalsvis fremdriftsrapport fra Fjordkommunen.")
    meeting = services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    hidden = services.add_case(meeting, "Kvantekryptering i helsenettet", "drofting")
    return {"input": case, "decision": decided, "hidden": hidden}


@pytest.mark.parametrize("who", ["medlem", "sekretariat"])
def test_members_and_the_secretariat_find_drafts(client, drafts, who):
    client.force_login(User.objects.get(username=who))
    assert "/saker/nuit/2024/21/" in [h["url"] for h in hits(page(client, q="ålesund"))]
    decision = [h for h in hits(page(client, q="fjordkommunen")) if h["url"] == "/saker/nuit/2024/25/"]
    assert decision and decision[0]["field"] == "Vedtak" and "<mark>Fjordkommunen</mark>" in decision[0]["snippet"]
    hidden = [h for h in hits(page(client, q="kvantekryptering")) if h["kind"] == "case"]
    assert [h["url"] for h in hidden] == [drafts["hidden"].get_absolute_url()]


def test_the_public_finds_no_draft(client, drafts):
    for word in ("ålesund", "ÅLESUND", "fjordkommunen", "kvartalsvis fremdriftsrapport", "kvantekryptering"):
        html = page(client, q=word)
        assert total(html) == 0 and hits(html) == [], word
    # Not by a filter either, and the unpublished meeting's case page is not there.
    assert drafts["hidden"].get_absolute_url() not in page(client, kind="case", year="2026")
    assert client.get(drafts["hidden"].get_absolute_url()).status_code == 404
    # The published part of the same case is found.
    assert "/saker/nuit/2024/21/" in [h["url"] for h in hits(page(client, q="digital dialog fastlege apotek"))]


def test_the_publics_facets_count_only_what_it_may_find(client, drafts, member):
    """The case of the unpublished meeting (2026) is in the members' year count, not in the public's."""
    public = facet(page(client, q="helse*", kind="case"), "year")
    client.force_login(member)
    inside = facet(page(client, q="helse*", kind="case"), "year")
    assert inside["2026"]["count"] == public.get("2026", {"count": 0})["count"] + 1


# --- the API --------------------------------------------------------------------------------------

def test_the_api_returns_the_same_hits_as_the_page_in_the_documented_shape(client, demo):
    html = page(client, q="tannhelsetjenesten")
    answer = client.get(API, {"q": "tannhelsetjenesten"})
    assert answer.status_code == 200
    data = answer.json()
    assert set(data) == {"query", "total", "limit", "offset", "hits", "facets"}
    assert data["query"] == "tannhelsetjenesten" and data["limit"] == 25 and data["offset"] == 0
    assert data["total"] == total(html)
    assert [(h["kind"], h["ref"], h["url"]) for h in data["hits"]] == [(h["kind"], h["ref"], h["url"])
                                                                       for h in hits(html)]
    first = data["hits"][0]
    assert set(first) == {"kind", "ref", "title", "url", "date", "meta", "score", "field", "snippet"}
    assert first["url"].startswith("/") and "<mark>" in first["snippet"] and first["score"] > 0
    groups = {g["name"]: g for g in data["facets"]}
    assert {v["label"]: v["count"] for v in groups["year"]["values"]} == {
        label: v["count"] for label, v in facet(html, "year").items()}


def test_the_api_filters_as_the_page_does(client, demo):
    html = page(client, q="helse*", body="nuit", year=["2024", "2025"])
    data = client.get(API, {"q": "helse*", "body": "nuit", "year": ["2024", "2025"]}).json()
    assert data["total"] == total(html)
    assert [h["ref"] for h in data["hits"]] == [h["ref"] for h in hits(html)]
    chosen = [v["value"] for g in data["facets"] if g["name"] == "year" for v in g["values"] if v["selected"]]
    assert sorted(chosen) == ["2024", "2025"]


def test_the_api_respects_the_same_visibility(client, drafts):
    assert client.get(API, {"q": "ålesund"}).json()["total"] == 0
    assert client.get(API, {"q": "kvantekryptering"}).json()["hits"] == []
    as_member = client.get(API, {"q": "ålesund"}, **_key("medlem")).json()
    assert "/saker/nuit/2024/21/" in [h["url"] for h in as_member["hits"]]
    client.force_login(User.objects.get(username="sekretariat"))
    assert [h["url"] for h in client.get(API, {"q": "kvantekryptering", "kind": "case"}).json()["hits"]] == [
        drafts["hidden"].get_absolute_url()]


def test_the_api_pages_with_limit_and_offset(client, demo):
    whole = client.get(API, {"kind": "case", "limit": 10}).json()
    first = client.get(API, {"kind": "case", "limit": 4}).json()
    second = client.get(API, {"kind": "case", "limit": 6, "offset": 4}).json()
    assert first["total"] == second["total"] == whole["total"] > 10
    assert [h["ref"] for h in first["hits"] + second["hits"]] == [h["ref"] for h in whole["hits"]]
    assert len(client.get(API, {"kind": "case"}).json()["hits"]) == 25  # the default
    assert client.get(API, {"kind": "case", "offset": whole["total"]}).json()["hits"] == []


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"q": "helse", "limit": 0}, "limit", "Må være minst 1."),
    ({"q": "helse", "limit": 101}, "limit", "Kan være høyst 100."),
    ({"q": "helse", "offset": -1}, "offset", "Må være minst 0."),
    ({"q": "helse", "year": "tjuefire"}, "year.0", "Må være et heltall."),
    ({"q": "helse", "kind": "møte"}, "kind.0", None),
    ({"q": "!!!"}, "q", "Fant ingen ord å søke etter i «!!!». Skriv ett eller flere ord."),
    ({"q": "helse\x00"}, "q", None),
])
def test_the_api_refuses_bad_parameters_naming_them(client, demo, params, field, message):
    response = client.get(API, params)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == field
    if message:
        assert error["message"] == message
