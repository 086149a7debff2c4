"""Attendance from the roster, absence members register themselves, and conflicts of interest
(council/attendance.py), as the secretariat, the members and the minutes show them.

The meetings here are planned in the register (no seed source), so their pages and minutes list
attendance as the roster records it; the seed meetings keep their source's wording.
"""
import io
import re
from datetime import date, time, timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from pypdf import PdfReader

from radsmodell.core.roles import MEMBER
from radsmodell.council import attendance, selectors, services
from radsmodell.council.models import Attendance, Body, Case, ConflictOfInterest, Meeting, Membership, Person


def text(response) -> str:
    """The visible text, tags removed and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|datalist)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def pdf_text(response) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


@pytest.fixture
def nuit(demo):
    return Body.objects.get(slug="nuit")


def _meeting(nuit, day: date, start: time = time(9, 0)) -> Meeting:
    meeting = services.plan_meeting(nuit, day, start)
    services.add_case(meeting, "Status for porteføljen", "orientering")
    services.add_case(meeting, "Veikart for e-helse", "drofting")
    services.publish_notice(meeting)
    return Meeting.objects.get(pk=meeting.pk)


@pytest.fixture
def held(nuit):
    """A NUIT meeting planned in the register, published and held a week ago."""
    return _meeting(nuit, timezone.localdate() - timedelta(days=7))


@pytest.fixture
def coming(nuit):
    """A NUIT meeting in two weeks, its notice published."""
    return _meeting(nuit, timezone.localdate() + timedelta(days=14))


def url(meeting: Meeting, tail: str = "") -> str:
    return f"/moter/{meeting.body.slug}/{meeting.date.isoformat()}/{tail}"


def case_url(case: Case, tail: str = "") -> str:
    return f"/saker/{case.body.slug}/{case.year}/{case.number}/{tail}"


def members(meeting: Meeting) -> list[Membership]:
    return attendance.roster_members(meeting)


def account(person: Person, username: str) -> User:
    """A member's own user account, linked to their person in the register."""
    user = User.objects.create_user(username, password="x")
    user.groups.add(Group.objects.get(name=MEMBER))
    person.user = user
    person.save()
    return user


def roster_post(meeting: Meeting, **rows) -> dict:
    """The roster form as the page sends it: every member not registered unless `rows` says otherwise;
    rows["Name"] = (status, remote, substitute)."""
    data = {}
    for membership in members(meeting):
        status, remote, substitute = rows.get(membership.person.name, ("", "none", ""))
        pid = membership.person.pk
        data.update({f"m{pid}-status": status, f"m{pid}-remote": remote, f"m{pid}-substitute": substitute})
    return data


def guest(index: int, name: str, cases, organisation: str = "", remote: str = "none") -> dict:
    return {f"g{index}-name": name, f"g{index}-organisation": organisation, f"g{index}-cases": [str(c) for c in cases],
            f"g{index}-remote": remote}


def agenda_cases(meeting: Meeting) -> list[Case]:
    return list(meeting.cases.exclude(is_eventuelt=True).order_by("number"))


# --- the roster ------------------------------------------------------------------------------------

def test_roster_lists_exactly_the_members_valid_on_the_meeting_date(client, secretariat, nuit, held):
    day = held.date
    organisation = services.organisation("Helse Vest RHF")
    for name, start, end in [("Før Møtet", day - timedelta(days=200), day),  # the end is the first day out
                             ("Fra Møtedagen", day, None), ("Etter Møtet", day + timedelta(days=1), None)]:
        Membership.objects.create(body=nuit, person=services.person(name), organisation=organisation,
                                  start=start, end=end)
    client.force_login(secretariat)
    page = client.get(url(held, "oppmote/liste/"))
    assert page.status_code == 200
    shown = re.findall(r'<tr data-person="([^"]+)"', page.content.decode())
    expected = sorted({m.person.name for m in Membership.objects.filter(body=nuit) if m.member_on(day)})
    assert sorted(shown) == expected and len(shown) == len(set(shown))
    assert "Fra Møtedagen" in shown and "Før Møtet" not in shown and "Etter Møtet" not in shown
    row = re.search(r'<tr data-person="Fra Møtedagen">(.*?)</tr>', page.content.decode(), re.S).group(1)
    assert "Helse Vest RHF" in row and "Medlem" in row


def test_ticking_the_roster_saves_present_absent_substitutes_digital_and_guests(client, secretariat, held):
    first, second, third = members(held)[:3]
    cases = agenda_cases(held)
    client.force_login(secretariat)
    response = client.post(url(held, "oppmote/liste/"), {
        **roster_post(held, **{first.person.name: ("present", "full", ""),
                               second.person.name: ("absent", "none", "Nora Nyvikar"),
                               third.person.name: ("absent", "none", "")}),
        **guest(0, "Gjest Gjestesen", [cases[1].pk], "SINTEF"),
    })
    assert response.status_code == 302, text(response)
    rows = {a.person.name: a for a in held.attendance.select_related("person", "substitute_for")}
    assert rows[first.person.name].status == "present" and rows[first.person.name].remote == "full"
    assert rows[second.person.name].status == "absent" and rows[third.person.name].status == "absent"
    substitute = rows["Nora Nyvikar"]
    assert substitute.status == "substitute" and substitute.substitute_for == second.person
    assert Person.objects.filter(name="Nora Nyvikar").exists()
    assert rows["Gjest Gjestesen"].status == "guest" and list(rows["Gjest Gjestesen"].cases.all()) == [cases[1]]
    assert len(rows) == 5  # the others are not registered
    held.refresh_from_db()
    assert held.minutes_status == Meeting.Minutes.DRAFT

    page = text(client.get(url(held)))
    org = second.organisation.name
    assert f"Nora Nyvikar ({org}) for {second.person.name}" in page
    assert f"{first.person.name} ({first.organisation.name}) – digitalt" in page
    assert f"Gjest Gjestesen (SINTEF) – sak {cases[1].case_number}" in page
    assert "Forfall (2)" in page and "Til stede (1)" in page

    minutes = text(client.get(url(held, "referat.html")))
    assert "Forfall" in minutes and "Stedfortredere" in minutes and "Gjester" in minutes
    assert f"Nora Nyvikar ({org}) for {second.person.name}" in minutes

    # The form opens again with what was saved; saving it unchanged changes nothing.
    again = client.get(url(held, "oppmote/liste/")).content.decode()
    assert 'value="Nora Nyvikar"' in again and 'value="Gjest Gjestesen"' in again
    before = Attendance.history.count()
    client.post(url(held, "oppmote/liste/"), {
        **roster_post(held, **{first.person.name: ("present", "full", ""),
                               second.person.name: ("absent", "none", "Nora Nyvikar"),
                               third.person.name: ("absent", "none", "")}),
        "g0-id": str(rows["Gjest Gjestesen"].pk), **guest(0, "Gjest Gjestesen", [cases[1].pk], "SINTEF")})
    assert Attendance.history.count() == before


@pytest.mark.parametrize("rows, guests, field, message", [
    ({0: ("present", "none", "Sara Stedfortreder")}, {}, "substitute",
     "er til stede og kan ikke ha stedfortreder"),
    ({0: ("", "none", "Sara Stedfortreder")}, {}, "substitute", "Kryss av for forfall når"),
    ({0: ("absent", "none", "Sara Stedfortreder"), 1: ("absent", "none", "Sara Stedfortreder")}, {},
     "substitute", "Sara Stedfortreder er allerede stedfortreder for"),
    ({0: ("absent", "none", "@member1")}, {}, "substitute", "er selv medlem på møtedagen"),
    ({0: ("absent", "full", "")}, {}, "remote", "Digital deltakelse gjelder den som møter"),
    ({0: ("kanskje", "none", "")}, {}, "status", "Ukjent oppmøte «kanskje»"),
    ({0: ("absent", "none", "Sara\x07 Stedfortreder")}, {}, "substitute", "U+0007"),
    ({}, {"name": "@member0", "cases": "agenda"}, "g0-name", "registrer oppmøtet i medlemsraden"),
    ({}, {"name": "Gjest Gjestesen", "cases": "none"}, "g0-cases", "Kryss av for sakene Gjest Gjestesen"),
    ({}, {"name": "Gjest Gjestesen", "cases": "other meeting"}, "g0-cases", "er ikke på dagsordenen til"),
    ({}, {"name": "", "organisation": "SINTEF", "cases": "agenda"}, "g0-name", "Skriv navnet på gjesten."),
    ({0: ("absent", "none", "Gjest Gjestesen")}, {"name": "Gjest Gjestesen", "cases": "agenda"}, "g0-name",
     "Gjest Gjestesen er allerede stedfortreder for"),
])
def test_bad_roster_input_is_refused_with_a_message_and_nothing_saved(client, secretariat, held, rows, guests,
                                                                      field, message):
    people = members(held)
    named = {f"@member{k}": m.person.name for k, m in enumerate(people)}
    data = roster_post(held, **{people[k].person.name: (s, r, named.get(sub, sub)) for k, (s, r, sub) in rows.items()})
    if guests:
        chosen = {"agenda": [agenda_cases(held)[0].pk], "none": [],
                  "other meeting": [Case.objects.get(body__slug="nuit", year=2024, number=17).pk]}[guests["cases"]]
        data.update(guest(0, named.get(guests["name"], guests["name"]), chosen, guests.get("organisation", "")))
    client.force_login(secretariat)
    response = client.post(url(held, "oppmote/liste/"), data)
    assert response.status_code == 400
    page = text(response)
    assert "Ingenting ble lagret" in page and message in page
    key = field if field.startswith("g") else f"m{people[max(rows)].person.pk}-{field}"
    assert f'href="#{key}"' in response.content.decode()
    assert not held.attendance.exists()


def test_guest_with_a_case_of_another_meeting_names_that_case(client, secretariat, held):
    other = Case.objects.get(body__slug="nuit", year=2024, number=17)
    client.force_login(secretariat)
    response = client.post(url(held, "oppmote/liste/"), guest(0, "Gjest Gjestesen", [other.pk]))
    assert f"Sak 17/24 er ikke på dagsordenen til {held.title}" in text(response)


def test_before_the_meeting_day_the_roster_takes_absence_but_not_presence(client, secretariat, coming):
    first, second = members(coming)[:2]
    client.force_login(secretariat)
    page = client.get(url(coming, "oppmote/liste/"))
    assert "Før møtedagen registreres bare forfall og stedfortredere" in text(page)
    refused = client.post(url(coming, "oppmote/liste/"),
                          roster_post(coming, **{first.person.name: ("present", "none", "")}))
    assert refused.status_code == 400 and "kan ikke krysses av som til stede før møtet er holdt" in text(refused)
    saved = client.post(url(coming, "oppmote/liste/"),
                        roster_post(coming, **{second.person.name: ("absent", "none", "")}))
    assert saved.status_code == 302
    assert coming.attendance.get().person == second.person
    coming.refresh_from_db()
    assert coming.minutes_status == Meeting.Minutes.NONE  # absence before the day begins no minutes
    assert "Oppmøte er ikke registrert" in " ".join(g.text for g in services.minutes_gaps(coming))


def test_the_free_text_attendance_form_still_records_anyone(client, secretariat, held):
    client.force_login(secretariat)
    response = client.post(url(held, "oppmote/"), {"attendance-name": "Observa Tør", "attendance-status": "present",
                                                   "attendance-remote": "none", "attendance-organisation": "KS"})
    assert response.status_code == 302
    assert held.attendance.get(person__name="Observa Tør").status == "present"
    assert "Observa Tør" in text(client.get(url(held, "oppmote/liste/")))  # listed beside the roster


def test_only_the_secretariat_opens_or_posts_the_roster(client, member, held):
    client.force_login(member)
    assert client.get(url(held, "oppmote/liste/")).status_code == 403
    first = members(held)[0]
    response = client.post(url(held, "oppmote/liste/"),
                           roster_post(held, **{first.person.name: ("present", "none", "")}))
    assert response.status_code == 403 and not held.attendance.exists()


# --- a member's own absence ----------------------------------------------------------------------

def test_a_member_registers_and_withdraws_their_own_absence_before_the_meeting(client, secretariat, coming):
    me = members(coming)[0].person
    user = account(me, "eget-forfall")
    client.force_login(user)
    page = text(client.get(url(coming)))
    assert "Ditt oppmøte" in page and "Meld forfall" in page
    response = client.post(url(coming, "forfall/"), {"absence-person": me.pk, "absence-substitute": "Vera Vikar"})
    assert response.status_code == 302
    row = coming.attendance.get(person=me)
    assert row.status == "absent" and row.reported_by == user and row.reported_at is not None
    assert coming.attendance.get(person__name="Vera Vikar").substitute_for == me
    page = text(client.get(url(coming)))
    assert "Du har meldt forfall til møtet. Stedfortreder: Vera Vikar." in page and "Trekk forfallet" in page

    client.force_login(secretariat)
    roster = client.get(url(coming, "oppmote/liste/")).content.decode()
    assert "meldte forfall selv" in roster and 'value="Vera Vikar"' in roster
    assert me.name in text(client.get(url(coming)))  # "Meldt forfall selv" on the meeting page

    client.force_login(user)
    assert client.post(url(coming, "forfall/trekk/"), {"absence-person": me.pk}).status_code == 302
    assert not coming.attendance.exists()


def test_a_member_cannot_change_anyone_elses_attendance(client, coming):
    me, other = members(coming)[0].person, members(coming)[1].person
    user = account(me, "eget-forfall")
    client.force_login(user)
    response = client.post(url(coming, "forfall/"), {"absence-person": other.pk})
    assert response.status_code == 403 and "Du kan bare melde forfall for deg selv." in text(response)
    assert not coming.attendance.exists()
    attendance.report_absence(coming, other, _secretariat_user())  # the secretariat may
    response = client.post(url(coming, "forfall/trekk/"), {"absence-person": other.pk})
    assert response.status_code == 403 and "Du kan bare trekke ditt eget forfall." in text(response)
    assert coming.attendance.get(person=other).status == "absent"
    first = members(coming)[2]
    assert client.post(url(coming, "oppmote/liste/"),
                       roster_post(coming, **{first.person.name: ("absent", "none", "")})).status_code == 403


def _secretariat_user() -> User:
    return User.objects.get(username="sekretariat")


def test_absence_is_registered_here_only_until_the_meeting_starts(client, nuit):
    today = timezone.localdate()
    started = _meeting(nuit, today, time(0, 0))  # started at midnight today
    me = members(started)[0].person
    client.force_login(account(me, "for-sent"))
    assert "Meld forfall" not in text(client.get(url(started)))
    response = client.post(url(started, "forfall/"), {"absence-person": me.pk})
    assert response.status_code == 400 and "forfall meldes ikke lenger her" in text(response)
    assert not started.attendance.exists()


def test_only_members_on_the_date_register_absence(client, coming):
    outsider = services.person("Utenfor Listen")
    client.force_login(account(outsider, "utenfor"))
    response = client.post(url(coming, "forfall/"), {"absence-person": outsider.pk})
    body = coming.body.display_short_name(coming.date)
    assert response.status_code == 400 and f"Utenfor Listen er ikke medlem av {body}" in text(response)


def test_a_member_without_a_linked_person_is_told_why(client, coming):
    user = User.objects.create_user("ukoblet", password="x")
    user.groups.add(Group.objects.get(name=MEMBER))
    client.force_login(user)
    assert "ikke koblet til en person på medlemslisten" in text(client.get(url(coming)))
    response = client.post(url(coming, "forfall/"), {})
    assert response.status_code == 400 and "ikke koblet til en person i medlemsregisteret" in text(response)


# --- conflicts of interest -------------------------------------------------------------------------

def _tick_present(meeting: Meeting, *people: Person) -> None:
    attendance.record_roster(meeting, [attendance.MemberEntry(p.pk, "present") for p in people], [])


def test_a_declared_conflict_shows_on_the_case_and_in_the_minutes_html_and_pdf(client, secretariat, held):
    me = members(held)[0].person
    _tick_present(held, me)
    case = agenda_cases(held)[1]
    user = account(me, "inhabil")
    client.force_login(user)
    response = client.post(case_url(case, "inhabilitet/"), {"conflict-person": me.pk,
                                                            "conflict-reason": "Styremedlem i leverandøren."})
    assert response.status_code == 302
    line = f"Inhabil: {me.name} (Styremedlem i leverandøren) – fratrådte under behandlingen"
    assert line in text(client.get(case_url(case)))
    assert line in text(client.get(url(held)))
    assert line in text(client.get(url(held, "referat.html")))
    assert line in pdf_text(client.get(url(held, "referat.pdf")))
    conflict = ConflictOfInterest.objects.get(case=case)
    assert conflict.declared_by == user and conflict.person == me


def test_the_secretariat_records_a_conflict_for_someone_present_and_a_member_only_their_own(client, secretariat,
                                                                                          held):
    me, other = members(held)[0].person, members(held)[1].person
    _tick_present(held, me, other)
    case = agenda_cases(held)[0]
    client.force_login(account(me, "inhabil"))
    refused = client.post(case_url(case, "inhabilitet/"), {"conflict-person": other.pk, "conflict-reason": "Nær venn"})
    assert refused.status_code == 403 and "Du kan bare erklære deg selv inhabil." in text(refused)
    client.force_login(secretariat)
    assert client.post(case_url(case, "inhabilitet/"), {"conflict-person": other.pk,
                                                        "conflict-reason": "Nær venn"}).status_code == 302
    conflict = ConflictOfInterest.objects.get(case=case, person=other)
    client.force_login(User.objects.get(username="inhabil"))
    response = client.post(case_url(case, f"inhabilitet/{conflict.pk}/trekk/"))
    assert response.status_code == 403 and "Du kan bare trekke din egen inhabilitet." in text(response)
    client.force_login(secretariat)
    assert client.post(case_url(case, f"inhabilitet/{conflict.pk}/trekk/")).status_code == 302
    assert not ConflictOfInterest.objects.filter(case=case).exists()


@pytest.mark.parametrize("reason, who, message", [
    ("", "present", "Skriv grunnen til inhabiliteten."),
    ("x" * 401, "present", "kan være høyst 400 tegn"),
    ("Eier aksjer", "absent", "har meldt forfall til"),
    ("Eier aksjer", "outsider", "Utenfor Listen er ikke medlem av"),
])
def test_bad_conflict_input_is_refused_with_a_message(client, secretariat, held, reason, who, message):
    present, absent = members(held)[0].person, members(held)[1].person
    attendance.record_roster(held, [attendance.MemberEntry(present.pk, "present"),
                                    attendance.MemberEntry(absent.pk, "absent")], [])
    person = {"present": present, "absent": absent, "outsider": services.person("Utenfor Listen")}[who]
    client.force_login(account(person, "inhabil"))
    case = agenda_cases(held)[0]
    response = client.post(case_url(case, "inhabilitet/"), {"conflict-person": person.pk, "conflict-reason": reason})
    assert response.status_code == 400 and message in text(response)
    assert not ConflictOfInterest.objects.exists()


def _approve(meeting: Meeting) -> None:
    for case in meeting.cases.exclude(is_eventuelt=True):
        services.record_standard_outcome(case, services.NOTED)
    later = services.plan_meeting(meeting.body, meeting.date + timedelta(days=1))
    services.publish_notice(later)
    services.approve_minutes(meeting, later.cases.order_by("number").first())


def test_conflicts_and_attendance_lock_when_the_minutes_are_approved(client, secretariat, held):
    me = members(held)[0].person
    _tick_present(held, me)
    case = agenda_cases(held)[0]
    conflict = attendance.declare_conflict(case, me, "Eier aksjer", _secretariat_user())
    _approve(held)
    client.force_login(secretariat)
    response = client.post(case_url(case, f"inhabilitet/{conflict.pk}/trekk/"), follow=True)
    assert "inhabiliteten i sak" in text(response) and "ligger fast" in text(response)
    assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()
    response = client.post(case_url(case, "inhabilitet/"), {"conflict-person": members(held)[1].person.pk,
                                                            "conflict-reason": "Nær venn"}, follow=True)
    assert "ligger fast" in text(response) and ConflictOfInterest.objects.count() == 1
    response = client.post(url(held, "oppmote/liste/"),
                           roster_post(held, **{me.name: ("absent", "none", "")}), follow=True)
    assert "oppmøtet ligger fast" in text(response) and held.attendance.get(person=me).status == "present"
    assert "Lagre oppmøtet" not in text(client.get(url(held, "oppmote/liste/")))
    # Public once approved: the conflict in the case page and the minutes.
    client.logout()
    line = f"Inhabil: {me.name} (Eier aksjer) – fratrådte under behandlingen"
    assert line in text(client.get(case_url(case))) and line in text(client.get(url(held, "referat.html")))


# --- the seed meetings ---------------------------------------------------------------------------------

def test_seed_meetings_keep_their_source_wording(client, demo):
    meeting = Meeting.objects.get(body__slug="nuit", date=date(2024, 2, 15))
    assert not attendance.recorded_from_roster(meeting)
    minutes = text(client.get(url(meeting, "referat.html")))
    assert "Ikke til stede Bente Christensen (Norsk Sykepleierforbund)" in minutes
    assert "Frank Ivar Aarnes (Helse Sør-Øst RHF) stilte for Ole Johan Kvan digitalt fra kl. 12.50" in minutes
    assert "Forfall" not in minutes and "Gjester" not in minutes
    page = text(client.get(url(meeting)))
    assert "Stedfortreder for Ole Johan Kvan" in page and "Til stede, delvis digitalt" in page


def test_a_seed_substitute_shows_its_member_as_absent_on_the_roster(client, secretariat, demo):
    meeting = Meeting.objects.get(body__slug="nuit", date=date(2025, 11, 20))
    rows = {row.person.name: row for row in attendance.roster(meeting).rows}
    assert rows["Kristin Brekke"].status == "absent" and rows["Kristin Brekke"].substitute_name == "Lars Olav Gasdal"
    client.force_login(secretariat)
    page = client.get(url(meeting, "oppmote/liste/")).content.decode()
    row = re.search(r'<tr data-person="Kristin Brekke">(.*?)</tr>', page, re.S).group(1)
    assert 'value="Lars Olav Gasdal"' in row and re.search(r'value="absent" checked', row)
    assert [(a.person.name, a.status) for a in selectors.attendance(meeting)] == [("Lars Olav Gasdal", "substitute")]
