"""Everyone's own page (/min-side/) and profile (/profil/).

After logging in, a member, an initiative owner and the secretariat each see what waits for them,
grouped, overdue first: the member the meetings of their body and its papers, the draft memos to
comment, their sheet to score and what their organisation owns; the initiative owner the status
reports due; the secretariat the notices not yet published and every overdue action item. The
profile is where users set the address the notices go to.
"""
import re
from datetime import timedelta
from itertools import count

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from querycount import assert_queries_constant

from radsmodell.council.models import (
    ActionItem,
    AgendaItem,
    Body,
    Case,
    Commission,
    Meeting,
    Organisation,
    Person,
)
from radsmodell.portfolio.models import Initiative, OwnerAccount, Round, StatusReport
from radsmodell.priority.models import Rater, ScoringModel, ScoringSession

_numbers = count(1)


def _today():
    return timezone.localdate()


def _text(response) -> str:
    """The main part of the page as a reader sees it: tags gone, whitespace folded."""
    page = response.content.decode()
    main = page[page.index("<main"):page.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def _meeting(slug: str, days_ahead: int, published: bool = True, **fields) -> Meeting:
    body = Body.objects.get(slug=slug)
    return Meeting.objects.create(body=body, date=_today() + timedelta(days=days_ahead), location="Storo",
                                  notice_published_at=timezone.now() if published else None, **fields)


def _case(meeting: Meeting, title: str) -> Case:
    number = 900 + next(_numbers)
    case = Case.objects.create(body=meeting.body, year=meeting.date.year, number=number, meeting=meeting,
                               title=title)
    AgendaItem.objects.create(meeting=meeting, position=number, kind=AgendaItem.Kind.CASE, case=case)
    return case


def _action_item(text: str, due_in: int | None, **owner) -> ActionItem:
    case = Case.objects.filter(body__slug="nuit", meeting__isnull=False).first()
    due = None if due_in is None else _today() + timedelta(days=due_in)
    return ActionItem.objects.create(case=case, text=text, owner="Oslo kommune", created=case.meeting.date,
                                     due=due, **owner)


def _oslo() -> Organisation:
    return Organisation.objects.get(name="Oslo kommune")


def _position(page: str, *texts: str) -> list[int]:
    return [page.index(text) for text in texts]


# --- landing after login ------------------------------------------------------------------------

def test_after_login_users_land_on_their_own_page_unless_next_says_otherwise(client, member):
    signed_in = client.post("/logg-inn/", {"username": "medlem", "password": "medlem-demo"})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/min-side/"
    client.post("/logg-ut/")
    elsewhere = client.post("/logg-inn/", {"username": "medlem", "password": "medlem-demo", "next": "/moter/"})
    assert elsewhere["Location"] == "/moter/"


@pytest.mark.parametrize("url", ["/min-side/", "/profil/"])
def test_the_public_is_sent_to_login(client, demo, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"/logg-inn/?next={url}"


def test_the_menu_offers_min_side_to_the_signed_in_only(client, member):
    home = client.get("/").content.decode()
    assert 'href="/min-side/"' not in home
    assert 'href="/logg-inn/"' in home  # from the home page a login leads to Min side, not back
    assert 'href="/logg-inn/?next=/moter/"' in client.get("/moter/").content.decode()
    client.force_login(member)
    page = client.get("/").content.decode()
    assert 'href="/min-side/"' in page and 'href="/profil/"' in page


# --- the member -----------------------------------------------------------------------------------

def test_the_demo_member_is_a_current_member_of_nuit_with_an_example_address(member):
    person = Person.objects.get(user=member)
    assert person.name == "Harald Sundt-Ohlsen" and person.organisation.name == "Oslo kommune"
    assert any(period.body.slug == "nuit" and period.member_on(_today()) for period in person.memberships.all())
    assert member.email == "medlem@example.org" and person.address == "medlem@example.org"
    assert User.objects.get(username="tiltakseier").email == "tiltakseier@example.org"


def test_member_sees_the_meetings_of_their_body_its_papers_and_the_drafts_to_comment(client, member):
    published = _meeting("nuit", 20)
    _case(published, "Porteføljestatus desember")
    draft = _meeting("nuit", 60, published=False)
    _case(draft, "Utkast om kunstig intelligens")
    _meeting("e-helseradet", 30)  # not the member's body
    client.force_login(member)

    page = _text(client.get("/min-side/"))
    assert "Møter" in page and published.title in page and draft.title in page
    assert "Nasjonalt e-helseråd" not in page
    assert "Til lesing" in page and "Innkalling" in page and "Toppnotat" in page
    assert "Porteføljestatus desember" in page
    assert "Til kommentar" in page and "Utkast til toppnotat" in page and "Utkast om kunstig intelligens" in page
    # Papers only once published: the draft's memo is to comment, not to read.
    reading = page[page.index("Til lesing"):page.index("Til kommentar")]
    assert "Utkast om kunstig intelligens" not in reading
    html = client.get("/min-side/").content.decode()
    assert f'href="/moter/nuit/{published.date.isoformat()}/innkalling.html"' in html


def test_member_sees_their_own_sheet_to_score_until_delivered(client, member):
    session = ScoringSession.objects.create(title="Egenscoring i test", scoring_model=ScoringModel.objects.first(),
                                            self_scoring=True)
    rater = Rater.objects.create(session=session, name="Harald Sundt-Ohlsen (test)", user=member)
    client.force_login(member)
    page = client.get("/min-side/").content.decode()
    assert "Til scoring" in page and "Egenscoring i test" in page
    assert f'href="/prioritering/{session.pk}/mitt-ark/"' in page

    rater.submitted_at = timezone.now()
    rater.save()
    assert "Egenscoring i test" not in client.get("/min-side/").content.decode()


def test_member_sees_what_they_and_their_organisation_own_overdue_first(client, member):
    person = Person.objects.get(user=member)
    _action_item("Senere frist for Oslo", 10, owner_organisation=_oslo())
    _action_item("Forfalt frist for Harald", -3, owner_person=person)
    _action_item("Uten frist for Oslo", None, owner_organisation=_oslo())
    _action_item("Utført for Oslo", -5, owner_organisation=_oslo(), status=ActionItem.Status.DONE)
    _action_item("Noen andres", -5, owner_organisation=Organisation.objects.get(name="KS"))
    Commission.objects.create(title="Plan for eldreomsorg", reference="TB-TEST-1", giver=Commission.Giver.MINISTRY,
                              receiver=_oslo(), deadline=_today() - timedelta(days=1))
    Commission.objects.create(title="Noen andres oppdrag", giver=Commission.Giver.MINISTRY,
                              receiver=Organisation.objects.get(name="KS"), deadline=_today() - timedelta(days=1))
    client.force_login(member)

    page = _text(client.get("/min-side/"))
    items = page[page.index("Aksjonspunkter ("):]
    overdue, later, undated = _position(items, "Forfalt frist for Harald", "Senere frist for Oslo",
                                        "Uten frist for Oslo")
    assert overdue < later < undated
    html = client.get("/min-side/").content.decode()
    rows = re.findall(r'<tr class="work-item( work-item--overdue)?">(.*?)</tr>', html, re.S)
    assert [bool(late) for late, row in rows if "for Oslo" in row or "for Harald" in row] == [True, False, False]
    assert "Utført for Oslo" not in page and "Noen andres" not in page
    assert "Oppdrag" in page and "TB-TEST-1 Plan for eldreomsorg" in page
    assert "har forfalt" in page  # the summary counts the overdue


# --- the initiative owner ---------------------------------------------------------------------------

def test_initiative_owner_sees_the_status_reports_due_in_an_open_round(client, demo):
    owner = User.objects.get(username="tiltakseier")
    round_ = Round.objects.create(slug="test-runde", name="Statusrunde desember (test)", status=Round.Status.OPEN,
                                  cut_off=_today() - timedelta(days=2))
    delivered, returned = (Initiative.objects.create(slug=f"nord-{k}", name=f"Nordtiltak {k}", owner="Helse Nord RHF")
                           for k in (1, 2))
    own = Initiative.objects.filter(owner="Helse Nord RHF")
    assert own.count() > 2  # the demo's own, and these two
    StatusReport.objects.create(round=round_, initiative=delivered, state=StatusReport.State.SUBMITTED)
    StatusReport.objects.create(round=round_, initiative=returned, state=StatusReport.State.RETURNED,
                                returned_reason="Mangler tekst.")
    client.force_login(owner)

    page = _text(client.get("/min-side/"))
    assert "Statusrapporter" in page and "Statusrunde desember (test)" in page and "Forfalt" in page
    assert "Statusrapport, sendt tilbake" in page and str(returned) in page
    assert page.count("Statusrapport, ikke påbegynt") == own.count() - 2
    html = client.get("/min-side/").content.decode()
    assert f'href="/portefolje/runder/test-runde/rapporter/{delivered.slug}/"' not in html  # with the secretariat
    assert f'href="/portefolje/runder/test-runde/rapporter/{returned.slug}/"' in html
    assert not Initiative.objects.exclude(owner="Helse Nord RHF").filter(
        slug__in=re.findall(r"/rapporter/([\w-]+)/", html)).exists()

    client.force_login(User.objects.get(username="sekretariat"))
    assert "Statusrapporter til godkjenning" in _text(client.get("/min-side/"))


# --- the secretariat -------------------------------------------------------------------------------

def test_secretariat_sees_unpublished_notices_and_overdue_action_items_overdue_first(client, secretariat):
    late = _meeting("nufa", -2, published=False)  # held, its notice never published
    coming = _meeting("nuit", 14, published=False)
    _action_item("Forfalt for KS", -4, owner_organisation=Organisation.objects.get(name="KS"))
    _action_item("Ikke forfalt ennå", 4, owner_organisation=Organisation.objects.get(name="KS"))
    client.force_login(secretariat)

    page = _text(client.get("/min-side/"))
    meetings = page[page.index("Møter ("):]
    assert meetings.count("Innkallingen er ikke publisert") >= 2
    assert meetings.index(late.title) < meetings.index(coming.title)
    assert "Referatet er ikke skrevet" in page  # the seeds' meetings whose minutes are not approved
    assert "Forfalt for KS" in page and "Ikke forfalt ennå" not in page
    assert "Forfalt" in page


def test_a_user_with_nothing_waiting_is_told_so(client, db):
    user = User.objects.create_user("ny-bruker", password="langt-passord-123")
    client.force_login(user)
    response = client.get("/min-side/")
    assert response.status_code == 200
    assert "Ingenting venter på deg nå" in _text(response)


# --- the profile ------------------------------------------------------------------------------------

def test_profile_refuses_a_bad_address_and_saves_a_good_one_in_the_history(client, member):
    client.force_login(member)
    refused = client.post("/profil/", {"first_name": "Harald", "last_name": "Sundt-Ohlsen", "email": "ikke-en-adresse"})
    assert refused.status_code == 400
    assert "E-postadresse:" in _text(refused) and 'aria-invalid="true"' in refused.content.decode()
    member.refresh_from_db()
    assert member.email == "medlem@example.org" and member.first_name == "Rådsmedlem (demo)"

    saved = client.post("/profil/", {"first_name": " Harald ", "last_name": "Sundt-Ohlsen",
                                     "email": "harald@example.org"})
    assert saved.status_code == 302 and saved["Location"] == "/profil/"
    member.refresh_from_db()
    assert (member.first_name, member.email) == ("Harald", "harald@example.org")
    latest = member.history.latest()
    assert latest.email == "harald@example.org" and latest.history_user == member
    page = _text(client.get("/profil/"))
    assert "Profilen er lagret." in page
    assert "Innkallinger og påminnelser sendes til harald@example.org." in page
    assert Person.objects.get(user=member).address == "harald@example.org"


def test_profile_shows_the_role_and_the_members_person_and_memberships(client, member):
    client.force_login(member)
    page = _text(client.get("/profil/"))
    assert "Rådsmedlem: leser utkast og gir innspill" in page
    assert "Harald Sundt-Ohlsen" in page and "Oslo kommune" in page and "medlem nå" in page


def test_profile_tells_a_member_without_a_person_and_an_owner_whom_they_report_for(client, member):
    Person.objects.filter(user=member).update(user=None)
    client.force_login(member)
    assert "ikke knyttet til en person i medlemsregisteret" in _text(client.get("/profil/"))
    client.force_login(User.objects.get(username="tiltakseier"))
    page = _text(client.get("/profil/"))
    assert "Du rapporterer status for tiltakene til Helse Nord RHF." in page
    assert "I rådsmodellen" not in page


# --- bounded queries --------------------------------------------------------------------------------

def _fill(n: int, member: User, owner: User) -> None:
    """n more of everything the three demo users' pages list."""
    person = Person.objects.get(user=member)
    nuit = Body.objects.get(slug="nuit")
    scoring_model = ScoringModel.objects.first()
    round_ = Round.objects.get_or_create(slug="maling", defaults={"name": "Målerunde", "status": Round.Status.OPEN,
                                                                  "cut_off": _today()})[0]
    for _ in range(n):
        k = next(_numbers)
        meeting = Meeting.objects.create(body=nuit, date=_today() + timedelta(days=400 + k),
                                         notice_published_at=timezone.now() if k % 2 else None)
        _case(meeting, f"Målesak {k}")
        _action_item(f"Målepunkt {k}", k % 5 - 2, owner_person=person, owner_organisation=_oslo())
        Commission.objects.create(title=f"Måleoppdrag {k}", giver=Commission.Giver.BODY, giver_body=nuit,
                                  receiver=_oslo(), deadline=_today() + timedelta(days=k % 5 - 2))
        session = ScoringSession.objects.create(title=f"Målerunde {k}", scoring_model=scoring_model,
                                                self_scoring=True)
        Rater.objects.create(session=session, name=f"Medlem {k}", user=member)
        initiative = Initiative.objects.create(slug=f"maletiltak-{k}", name=f"Måletiltak {k}",
                                               owner="Helse Nord RHF")
        if k % 2:
            StatusReport.objects.create(round=round_, initiative=initiative, state=StatusReport.State.SUBMITTED)


@pytest.mark.parametrize("username", ["medlem", "tiltakseier", "sekretariat"])
def test_the_own_page_reads_in_the_same_number_of_queries_however_much_waits(client, demo, username):
    member, owner = User.objects.get(username="medlem"), User.objects.get(username="tiltakseier")
    assert OwnerAccount.objects.filter(user=owner).exists()
    client.force_login(User.objects.get(username=username))
    assert_queries_constant(client, "/min-side/", lambda n: _fill(n, member, owner), few=3, many=40)
