"""Cases ("case:nuit/2024/17") and scoring sessions ("session:<id>") in the connected record:
found by the key readers know, shown on both pages with the cited source, hidden from the public
when the other end is (a case of an unpublished meeting), gone with a deleted case, kept by a
renumbered one."""
from datetime import date

import pytest
from django.db.models import Q

from radsmodell.core import links
from radsmodell.core.models import Link
from radsmodell.council import services as council
from radsmodell.council.models import Body, Case
from radsmodell.priority import services as priority
from radsmodell.priority.models import ScoringSession

SOURCE = "seed 000, sak 18/24 (toppnotat)"
CITED = "Toppnotat til NUIT 15. mai 2024, sak 18/24"


def _kind(name: str) -> links.LinkKind:
    return next(k for k in links.kinds() if k.name == name)


def _linked_section(response) -> str:
    """The "Henger sammen med" section of a page, or "" when the page has none."""
    assert response.status_code == 200
    page = response.content.decode()
    start = page.find('class="stack linked-objects"')
    return page[start:page.index("</section>", start)] if start >= 0 else ""


@pytest.fixture
def session(demo) -> ScoringSession:
    """A closed session, public, with the model of the council's 2022 session and no links of its own yet."""
    council_2022 = ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")
    made = priority.create_session("Prioritering av tiltak for 2027", council_2022.scoring_model, ["A", "B"])
    return priority.set_status(made, ScoringSession.Status.CLOSED)


def _links_of(kind: str, pk) -> int:
    return Link.objects.filter(Q(a_kind=kind, a_ref=str(pk)) | Q(b_kind=kind, b_ref=str(pk))).count()


@pytest.fixture
def draft_meeting(demo):
    """A NUIT meeting whose notice is not published: its cases are the secretariat's and members' only."""
    return council.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))


def test_a_case_is_found_by_its_key_and_shown_with_its_number_and_title(demo, django_assert_max_num_queries):
    kind = _kind("case")
    case = Case.objects.get(body__slug="nuit", year=2024, number=17)
    referenced = Case.objects.filter(meeting__isnull=True).first()  # known only from a later memo
    assert kind.find("nuit/2024/17") == str(case.pk)
    assert kind.find("nuit/2024/999") is None and kind.find("nuit/17/24") is None and kind.find("tull") is None
    refs = [str(case.pk), str(referenced.pk), "999999"]
    with django_assert_max_num_queries(2):
        shown = kind.show(refs)
    assert set(shown) == {str(case.pk), str(referenced.pk)}
    linked = shown[str(case.pk)]
    assert (linked.kind, linked.key, linked.url, linked.public) == ("case", "nuit/2024/17", "/saker/nuit/2024/17/",
                                                                    True)
    assert linked.title == f"NUIT 17/24 {case.title}"
    assert shown[str(referenced.pk)].public  # its decision is public record
    assert kind.find(shown[str(referenced.pk)].key) == str(referenced.pk)
    assert kind.order == 10 and str(kind.label) == "Saker"


def test_a_session_is_found_by_its_id_and_shown_with_its_title(session, django_assert_max_num_queries):
    kind = _kind("session")
    assert kind.find(str(session.pk)) == str(session.pk)
    assert kind.find("999999") is None and kind.find("abc") is None and kind.find("") is None
    open_session = ScoringSession.objects.create(title="Pågår", scoring_model=session.scoring_model)
    with django_assert_max_num_queries(2):
        shown = kind.show([str(session.pk), str(open_session.pk), "999999"])
    assert shown[str(session.pk)] == links.Linked("session", str(session.pk), "Prioritering av tiltak for 2027",
                                                  f"/prioritering/{session.pk}/", True)
    assert not shown[str(open_session.pk)].public  # the public sees closed sessions only
    assert "999999" not in shown and kind.order == 20


def test_a_link_between_a_case_and_a_session_shows_on_both_pages_with_its_source(client, session):
    case = Case.objects.get(body__slug="nuit", year=2024, number=17)
    links.add_link("case:nuit/2024/17", f"session:{session.pk}", source=SOURCE, day=date(2024, 5, 15))
    on_case = _linked_section(client.get("/saker/nuit/2024/17/"))
    assert "Henger sammen med" in on_case and "Scoringsrunder" in on_case
    assert f'href="/prioritering/{session.pk}/"' in on_case and "Prioritering av tiltak for 2027" in on_case
    assert CITED in on_case and "15. mai 2024" in on_case
    on_session = _linked_section(client.get(f"/prioritering/{session.pk}/"))
    assert "Saker" in on_session and 'href="/saker/nuit/2024/17/"' in on_session
    assert f"NUIT 17/24 {case.title}" in on_session and CITED in on_session
    assert "Endre koblingene" not in on_session  # the secretariat's, not the public's
    api = client.get(f"/api/links?object=session:{session.pk}").json()["items"]
    assert [(x["kind"], x["key"], x["source"]) for x in api] == [("case", "nuit/2024/17", CITED)]


def test_a_case_of_an_unpublished_meeting_is_hidden_from_the_public_but_not_from_the_secretariat(
        client, session, draft_meeting, secretariat):
    draft = council.add_case(draft_meeting, "Hemmelig utkast til sak", "orientering")
    links.add_link(f"session:{session.pk}", f"case:{draft.key}", assumption="Antatt for testen.")
    links.add_link(f"session:{session.pk}", "case:nuit/2024/17", source=SOURCE)
    public = _linked_section(client.get(f"/prioritering/{session.pk}/"))
    assert 'href="/saker/nuit/2024/17/"' in public
    assert "Hemmelig utkast til sak" not in public and draft.get_absolute_url() not in public
    assert [x["key"] for x in client.get(f"/api/links?object=session:{session.pk}").json()["items"]] == ["nuit/2024/17"]
    client.force_login(secretariat)
    internal = _linked_section(client.get(f"/prioritering/{session.pk}/"))
    assert "Hemmelig utkast til sak" in internal and "antatt" in internal.lower() and "Endre koblingene" in internal
    assert {x["key"] for x in client.get(f"/api/links?object=session:{session.pk}").json()["items"]} == {
        "nuit/2024/17", draft.key}
    on_draft = _linked_section(client.get(draft.get_absolute_url()))
    assert "Prioritering av tiltak for 2027" in on_draft


def test_a_deleted_case_takes_its_links_with_it_and_a_renumbered_one_keeps_them(session, draft_meeting, secretariat):
    first = council.add_case(draft_meeting, "Første sak", "orientering")
    second = council.add_case(draft_meeting, "Andre sak", "orientering")
    links.add_link(f"case:{first.key}", f"session:{session.pk}", source=SOURCE)
    links.add_link(f"case:{second.key}", f"session:{session.pk}", source=SOURCE)
    links.add_link(f"case:{first.key}", "case:nuit/2024/17", source=SOURCE)
    assert _links_of("session", session.pk) == 2 and _links_of("case", first.pk) == 2
    first_pk = first.pk
    old_number = second.number

    council.remove_agenda_item(first.agenda_item)  # a draft case is removed; the next ones move up
    second.refresh_from_db()
    assert second.number == old_number - 1
    assert _links_of("session", session.pk) == 1 and _links_of("case", first_pk) == 0
    keys = [s.other.key for s in links.links_of(_kind("session"), str(session.pk), secretariat)]
    assert keys == [second.key]

    council.set_case_number(second, "40/26")
    assert _links_of("session", session.pk) == 1
    shown = links.links_of(_kind("session"), str(session.pk), secretariat)
    assert [(s.other.key, s.other.url) for s in shown] == [("nuit/2026/40", "/saker/nuit/2026/40/")]
    assert _kind("case").find("nuit/2026/40") == str(second.pk)


def test_a_deleted_session_takes_its_links_with_it(client, session):
    links.add_link("case:nuit/2024/17", f"session:{session.pk}", source=SOURCE)
    pk = session.pk
    session.delete()
    assert _links_of("session", pk) == 0
    on_case = client.get("/api/links?object=case:nuit/2024/17").json()["items"]
    assert ("session", str(pk)) not in {(x["kind"], x["key"]) for x in on_case}
