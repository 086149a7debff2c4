"""Members score themselves (issue 15, point 7): each invited user fills in and delivers their own
sheet; the others' sheets and the combined result wait until the secretariat closes scoring;
the session page then shows where the raters disagree."""
import pytest
from django.contrib.auth.models import Group, User

from radsmodell.core.roles import MEMBER
from radsmodell.priority import selectors, services
from radsmodell.priority.models import Rater, ScoringModel, ScoringSession


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def other_member(demo) -> User:
    user = User.objects.create_user("ola", first_name="Ola", last_name="Nordmann")
    user.groups.add(Group.objects.get(name=MEMBER))
    return user


@pytest.fixture
def session(demo, member, other_member) -> ScoringSession:
    """An open self-scoring session on the 2022 model, the demo member and Ola invited."""
    session = services.create_session("Egenscoring 2027", ScoringModel.objects.get(slug="ehelseraad-2022"),
                                      ["A", "B"], self_scoring=True)
    services.invite_raters(session, [member, other_member])
    return session


def cell(session, measure: str, question: str) -> str:
    return services.field_name(session.measures.get(name=measure), question)


def own(session, user) -> Rater:
    return session.raters.get(user=user)


def deliver(client, session, user, values: dict[tuple[str, str], str]):
    client.force_login(user)
    data = {cell(session, m, q): v for (m, q), v in values.items()} | {"action": "deliver"}
    response = client.post(f"/prioritering/{session.pk}/mitt-ark/", data)
    assert response.status_code == 302, text(response)
    return response


def test_secretariat_creates_a_self_scoring_session_and_invites_members_by_name(client, secretariat, member,
                                                                                 other_member):
    client.force_login(secretariat)
    response = client.post("/prioritering/ny/", {
        "session-title": "Egenscoring", "session-scoring_model": ScoringModel.objects.get(slug="ehelseraad-2022").pk,
        "session-measures": "A\nB", "session-self_scoring": "on"})
    session = ScoringSession.objects.get(title="Egenscoring")
    assert response.status_code == 302 and session.self_scoring
    page = text(client.get(session.get_absolute_url()))
    assert "Inviter vurderere" in page and "Ola Nordmann (ola, medlem)" in page
    response = client.post(f"/prioritering/{session.pk}/inviter/", {"invite-users": [member.pk, other_member.pk]})
    assert response.status_code == 302
    assert sorted(session.raters.values_list("name", "user__username")) == [
        ("Ola Nordmann", "ola"), ("Rådsmedlem (demo)", "medlem")]
    page = text(client.get(session.get_absolute_url(), follow=True))
    assert "Ola Nordmann" in page and "0 av 22" in page and "ikke levert" in page
    # Invited once: the second time the user is no longer offered, and the choice is refused.
    response = client.post(f"/prioritering/{session.pk}/inviter/", {"invite-users": [member.pk]})
    assert response.status_code == 400 and session.raters.count() == 2


def test_an_open_session_is_switched_to_self_scoring_and_a_closed_one_is_not(client, secretariat):
    plain = services.create_session("Vanlig", ScoringModel.objects.get(slug="ehelseraad-2022"), ["A"])
    client.force_login(secretariat)
    assert "La vurdererne score selv" in text(client.get(plain.get_absolute_url()))
    client.post(f"/prioritering/{plain.pk}/egenscoring/", {"self_scoring": "on"})
    plain.refresh_from_db()
    assert plain.self_scoring
    services.set_status(plain, ScoringSession.Status.CLOSED)
    page = text(client.post(f"/prioritering/{plain.pk}/egenscoring/", {"self_scoring": "off"}, follow=True))
    plain.refresh_from_db()
    assert plain.self_scoring and "er lukket" in page
    with pytest.raises(Exception, match="ikke en runde der vurdererne scorer selv"):
        services.invite_raters(services.create_session("Uten", plain.scoring_model, ["A"]), [secretariat])


def test_a_member_fills_in_saves_and_delivers_their_own_sheet(client, session, member):
    client.force_login(member)
    url = f"/prioritering/{session.pk}/mitt-ark/"
    page = text(client.get(url))
    assert "Mitt ark" in page and "Skala 0–10" in page and "0 av 22 scorer" in page and "ikke levert" in page
    assert f'name="{cell(session, "A", "Q1")}"' in page and "Lever" in page
    response = client.post(url, {cell(session, "A", "Q1"): "7,5", cell(session, "A", "Q1") + "-comment": "usikker",
                                 "action": "save"}, follow=True)
    rater = own(session, member)
    assert "Utkastet er lagret." in text(response) and rater.submitted_at is None
    assert rater.scores.get(question="Q1").value == 7.5 and rater.scores.get(question="Q1").comment == "usikker"
    response = client.post(url, {cell(session, "A", "Q2"): "8", "action": "deliver"}, follow=True)
    rater.refresh_from_db()
    assert rater.submitted_at is not None
    assert "Arket er levert med 2 av 22 scorer fylt ut." in text(response)
    # A change after delivering is a draft until it is delivered again.
    response = client.post(url, {cell(session, "A", "Q2"): "9", "action": "save"}, follow=True)
    rater.refresh_from_db()
    assert rater.submitted_at is None and "Arket er ikke levert lenger" in text(response)


def test_an_empty_sheet_cannot_be_delivered(client, session, member):
    client.force_login(member)
    response = client.post(f"/prioritering/{session.pk}/mitt-ark/", {"action": "deliver"})
    assert response.status_code == 400 and "Arket er tomt" in text(response)
    assert own(session, member).submitted_at is None


def test_invalid_values_are_refused_naming_measure_and_question(client, session, member):
    client.force_login(member)
    response = client.post(f"/prioritering/{session.pk}/mitt-ark/", {
        cell(session, "A", "Q1"): "7", cell(session, "A", "Q2"): "11", cell(session, "B", "C1"): "sju",
        "action": "deliver"})
    page = text(response)
    assert response.status_code == 400
    assert "A, Q2: 11 er utenfor skalaen 0–10." in page and "B, C1: «sju» er ikke et tall." in page
    assert 'value="sju"' in page  # what was typed stays in the cell to be put right
    rater = own(session, member)
    assert not rater.scores.exists() and rater.submitted_at is None  # nothing saved, nothing delivered


def test_a_rater_sees_neither_another_sheet_nor_the_result_before_closing(client, session, member, other_member):
    deliver(client, session, other_member, {("A", "Q1"): "8"})
    client.force_login(member)
    others = own(session, other_member)
    sheet = f"/prioritering/{session.pk}/vurdering/{others.pk}/"
    refused = client.get(sheet)
    assert refused.status_code == 403
    assert "Arket til Ola Nordmann vises for andre enn sekretariatet først når scoringen er avsluttet." in text(refused)
    assert client.post(sheet, {cell(session, "A", "Q1"): "1"}).status_code == 403
    for url in (f"/prioritering/{session.pk}/resultat.csv", f"/prioritering/{session.pk}/resultat.xlsx"):
        response = client.get(url)
        assert response.status_code == 403 and "vises når sekretariatet har avsluttet scoringen" in text(response)
    api = client.get(f"/api/priority/sessions/{session.pk}/results")
    assert api.status_code == 403 and "vises når sekretariatet har avsluttet scoringen" in api.json()["detail"]
    page = client.get(session.get_absolute_url())
    assert page.status_code == 200 and 'id="results"' not in text(page) and "Fyll ut arket ditt" in text(page)
    assert "1 av 2 ark" in text(page)
    # Their own sheet by its number leads to the page where they deliver it.
    assert client.get(f"/prioritering/{session.pk}/vurdering/{own(session, member).pk}/")["Location"] == \
        f"/prioritering/{session.pk}/mitt-ark/"


def test_after_closing_a_rater_sees_the_result_the_others_sheets_and_where_they_disagree(
        client, session, member, other_member, secretariat):
    deliver(client, session, member, {("A", "Q1"): "4", ("B", "Q1"): "6"})
    deliver(client, session, other_member, {("A", "Q1"): "8", ("B", "Q1"): "6"})
    client.force_login(secretariat)
    assert client.post(f"/prioritering/{session.pk}/status/closed/").status_code == 302
    client.force_login(member)
    page = text(client.get(session.get_absolute_url()))
    assert 'id="results"' in page and "Der vurdererne er uenige" in page
    # A, Q1: 4 and 8 → standard deviation 2.83 (sample), range 4; B, Q1 agrees (6 and 6).
    assert "<td>A</td><td>Q1: I hvor stor grad realiseres informasjonsbehov/tjenester?</td><td>2</td>" \
           "<td>2,83</td><td>4,0</td><td>Rådsmedlem (demo): 4; Ola Nordmann: 8</td>" in page
    assert page.index("<td>A</td><td>Q1:") < page.index("<td>B</td><td>Q1:")
    assert client.get(f"/prioritering/{session.pk}/vurdering/{own(session, other_member).pk}/").status_code == 200
    assert client.get(f"/prioritering/{session.pk}/resultat.csv").status_code == 200
    assert client.get(f"/api/priority/sessions/{session.pk}/results").status_code == 200
    own_sheet = text(client.get(f"/prioritering/{session.pk}/mitt-ark/"))
    assert "Scoringen er avsluttet" in own_sheet and 'value="deliver"' not in own_sheet
    response = client.post(f"/prioritering/{session.pk}/mitt-ark/", {cell(session, "A", "Q1"): "1",
                                                                      "action": "deliver"}, follow=True)
    assert "er lukket" in text(response) and own(session, member).scores.get(measure__name="A").value == 4


def test_only_delivered_sheets_count_in_the_result(client, session, member, other_member):
    deliver(client, session, member, {("A", "Q1"): "4"})
    client.force_login(other_member)
    client.post(f"/prioritering/{session.pk}/mitt-ark/", {cell(session, "A", "Q1"): "10", "action": "save"})
    outcome = selectors.session_results(session)
    assert outcome.raters == 1 and outcome.values["A"]["Q1"] == 4
    deliver(client, session, other_member, {})
    assert selectors.session_results(session).values["A"]["Q1"] == 7


def test_the_secretariat_follows_the_sheets_but_does_not_fill_them_in(client, session, member, secretariat):
    deliver(client, session, member, {("A", "Q1"): "4", ("A", "Q2"): "5"})
    client.force_login(secretariat)
    page = text(client.get(session.get_absolute_url()))
    assert 'id="sheet-progress"' in page and "2 av 22" in page and "0 av 22" in page and "ikke levert" in page
    assert 'id="results"' in page  # the secretariat runs the session and sees the result as it grows
    sheet = f"/prioritering/{session.pk}/vurdering/{own(session, member).pk}/"
    response = client.get(sheet)
    assert response.status_code == 200 and "Lagre scorene" not in text(response)
    refused = client.post(sheet, {cell(session, "A", "Q1"): "1"})
    assert refused.status_code == 403 and "Bare Rådsmedlem (demo) fyller ut dette arket." in text(refused)


def test_the_public_and_users_not_invited(client, session, member, other_member, secretariat):
    urls = [session.get_absolute_url(), f"/prioritering/{session.pk}/resultat.csv",
            f"/api/priority/sessions/{session.pk}/results"]
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert "/logg-inn/" in client.get(f"/prioritering/{session.pk}/mitt-ark/")["Location"]
    assert client.post(f"/prioritering/{session.pk}/inviter/", {"invite-users": [member.pk]}).status_code == 403
    reporter = User.objects.get(username="tiltakseier")
    client.force_login(reporter)
    assert client.get(f"/prioritering/{session.pk}/mitt-ark/").status_code == 404  # the session is not theirs to see
    # Invited, a user without a role scores too, and sees no more than a member.
    services.invite_raters(session, [reporter])
    assert client.get(f"/prioritering/{session.pk}/mitt-ark/").status_code == 200
    assert client.get(session.get_absolute_url()).status_code == 200
    assert client.get(urls[1]).status_code == 403 and client.get(urls[2]).status_code == 403
    assert client.get(f"/prioritering/{session.pk}/vurdering/{own(session, member).pk}/").status_code == 403
    client.force_login(member)
    refused = client.get(f"/prioritering/{ScoringSession.objects.get(title='Tiltak for 2023 – prioritering').pk}"
                         f"/mitt-ark/")
    assert refused.status_code == 403 and "Du er ikke invitert" in text(refused)
    # Closed, the public reads the result and the disagreement, the answers without the raters' names.
    deliver(client, session, member, {("A", "Q1"): "4"})
    deliver(client, session, other_member, {("A", "Q1"): "8"})
    services.set_status(session, ScoringSession.Status.CLOSED)
    client.logout()
    page = text(client.get(session.get_absolute_url()))
    assert "Der vurdererne er uenige" in page and "<td>4; 8</td>" in page and "Ola Nordmann" not in page
    assert client.get(urls[2]).status_code == 200


def test_an_open_self_scoring_session_gives_members_no_rank_in_an_initiatives_history(session, member, secretariat):
    assert session not in selectors.sessions_with_results_for(member)
    assert session in selectors.sessions_with_results_for(secretariat)
    assert session in selectors.sessions_for(member)


def test_the_demo_member_has_an_empty_sheet_to_score(client, member):
    demo_session = ScoringSession.objects.get(title="Egenscoring (demo): tre tiltak fra 2022")
    assert demo_session.is_open and demo_session.self_scoring and "Demodata" in demo_session.assumption
    rater = demo_session.raters.get()
    assert rater.user == member and not rater.scores.exists() and rater.submitted_at is None
    client.force_login(member)
    page = text(client.get(demo_session.get_absolute_url()))
    assert "Fyll ut arket ditt" in page and "0 av 33 scorer er fylt ut." in page and "antatt" in page
