"""The council's lists and pages read in the same number of queries with 10 rows as with 200, and
the lists that grow without end come in pages of 50."""
from datetime import date, timedelta
from itertools import count

from django.utils import timezone
from querycount import assert_queries_constant

from radsmodell.core import search
from radsmodell.council.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    BodyName,
    Case,
    Input,
    Mandate,
    Meeting,
    Membership,
    MemoComment,
    Organisation,
    OtherForumTreatment,
    Person,
)

_numbers = count(1)


def _meetings(body: Body, n: int) -> list[Meeting]:
    """Published meetings on days no demo meeting has (from 2040 on)."""
    days = [date(2040, 1, 1) + timedelta(days=next(_numbers)) for _ in range(n)]
    return Meeting.objects.bulk_create(Meeting(body=body, date=day, location=f"Møterom {day:%j}",
                                               notice_published_at=timezone.now()) for day in days)


def _cases(body: Body, n: int, meeting: Meeting | None = None, **fields) -> list[Case]:
    """Cases of 2039 (no demo case has that year), known from a reference unless `meeting` is given."""
    numbers = [next(_numbers) for _ in range(n)]
    return Case.objects.bulk_create(Case(body=body, year=2039, number=k, meeting=meeting, title=f"Målesak {k}",
                                         **fields) for k in numbers)


def _people(n: int) -> list[Person]:
    organisation = Organisation.objects.get_or_create(name="Måleorganisasjonen")[0]
    numbers = [next(_numbers) for _ in range(n)]
    return Person.objects.bulk_create(Person(name=f"Målt person {k}", organisation=organisation) for k in numbers)


def test_meetings_list_reads_in_constant_queries(client, demo):
    nuit = Body.objects.get(slug="nuit")
    assert_queries_constant(client, "/moter/", lambda n: _meetings(nuit, n))


def _meeting_rows(page: str) -> int:
    """Rows of the list of meetings, the page's first table (the download's column list follows it)."""
    return page.split("</table>")[0].count("<tr><td>")


def test_meetings_list_shows_50_meetings_a_page_and_keeps_the_body_filter(client, demo):
    _meetings(Body.objects.get(slug="nuit"), 60)
    first = client.get("/moter/", {"organ": "nuit"}).content.decode()
    assert _meeting_rows(first) == 50
    assert "1 / 2" in first and 'href="?organ=nuit&amp;side=2"' in first
    second = client.get("/moter/", {"organ": "nuit", "side": 2}).content.decode()
    assert _meeting_rows(second) == 64 - 50  # 60 new and NUIT's four demo meetings
    assert "NUIT 1/2024" in second  # the oldest come last


def test_action_items_list_reads_in_constant_queries(client, demo):
    nuit = Body.objects.get(slug="nuit")
    follow_up = Case.objects.get(body=nuit, year=2024, number=25)

    def add(n: int) -> None:
        cases = _cases(nuit, n)
        ActionItem.objects.bulk_create(
            ActionItem(case=case, text=f"Følg opp {case.title}", owner="Helsedirektoratet", created=date(2039, 1, 1),
                       closed_by=follow_up if index % 2 else None, closed=date(2039, 6, 1) if index % 2 else None)
            for index, case in enumerate(cases))

    assert_queries_constant(client, "/aksjonspunkter/?status=all", add)


def test_action_items_come_50_a_page_with_the_status_kept(client, demo):
    nuit = Body.objects.get(slug="nuit")
    ActionItem.objects.bulk_create(ActionItem(case=case, text="Lag en oversikt", owner="NHN", created=date(2039, 1, 1))
                                   for case in _cases(nuit, 70))
    page = client.get("/aksjonspunkter/", {"status": "open"}).content.decode()
    assert page.count("<tr data-case=") == 50
    assert 'href="?status=open&amp;side=2"' in page
    last = client.get("/aksjonspunkter/", {"status": "open", "side": 2}).content.decode()
    assert 0 < last.count("<tr data-case=") < 50 and "Lag en oversikt" in last


def test_search_reads_in_constant_queries(client, demo):
    nuit = Body.objects.get(slug="nuit")
    found = {"summary": "Et kvantesøk i registeret.", "decision": "NUIT tar saken til orientering."}

    def add(n: int) -> None:  # bulk_create sends no signal: the index is told, as a bulk load does
        search.refresh("case", [case.pk for case in _cases(nuit, n, **found)])

    assert_queries_constant(client, "/sok/?q=kvantesøk", add)
    shown = client.get("/sok/?q=kvantesøk").content.decode()
    assert ">200 treff</h2>" in shown and shown.count('<li class="search-hit"') == 25  # every one found, a page shown


def test_bodies_list_reads_in_constant_queries(client, demo):
    def add(n: int) -> None:
        numbers = [next(_numbers) for _ in range(n)]
        bodies = Body.objects.bulk_create(Body(slug=f"organ-{k}", name=f"Organ {k}", short_name=f"O{k}", level=4)
                                          for k in numbers)
        BodyName.objects.bulk_create(BodyName(body=b, name=f"Nytt {b.name}", short_name=f"N{b.short_name}",
                                              valid_from=date(2026, 1, 1)) for b in bodies)
        Mandate.objects.bulk_create(Mandate(body=b, version="2026", status=Mandate.Status.ADOPTED) for b in bodies)

    assert_queries_constant(client, "/organer/", add)


def test_body_page_reads_in_constant_queries(client, demo):
    nuit = Body.objects.get(slug="nuit")

    def add(n: int) -> None:
        people = _people(n)
        organisation = people[0].organisation
        Membership.objects.bulk_create(
            Membership(body=nuit, person=person, organisation=organisation, start=date(2039, 1, 1),
                       end=date(2039, 12, 31) if index % 2 else None, replaces=people[index - 1] if index else None,
                       first_seen=date(2039, 1, 1), last_seen=date(2039, 6, 1))
            for index, person in enumerate(people))
        _meetings(nuit, n)
        Mandate.objects.bulk_create(Mandate(body=nuit, version=f"Versjon {next(_numbers)}", status="proposed",
                                            tasks=["Følge opp porteføljen"]) for _ in range(n))

    assert_queries_constant(client, "/organer/nuit/", add)


def test_meeting_page_reads_its_agenda_in_constant_queries(client, secretariat):
    """The secretariat's view of a meeting with draft minutes: agenda, controls and attendance."""
    meeting = Meeting.objects.get(body__slug="nuit", date=date(2024, 5, 15))
    earlier = Case.objects.get(body=meeting.body, year=2024, number=6)
    positions = count(100)

    def add(n: int) -> None:
        cases = _cases(meeting.body, n, meeting=meeting, type="drofting", type_in_meeting="orientering",
                       presenters=[{"name": "Kari", "organisation": "NHN"}])
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=next(positions), kind="case", case=case, start_time=None)
            for case in cases)
        AgendaItem.objects.bulk_create(AgendaItem(meeting=meeting, position=next(positions), kind="break")
                                       for _ in range(n))
        Input.objects.bulk_create(Input(case=case, text="Et innspill") for case in cases)
        ActionItem.objects.bulk_create(ActionItem(case=case, text="Følg opp", owner="NHN", created=meeting.date)
                                       for case in cases)
        Case.previous_cases.through.objects.bulk_create(
            Case.previous_cases.through(from_case_id=case.pk, to_case_id=earlier.pk) for case in cases)
        people = _people(n)
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, person=person, organisation=person.organisation,
                       status="substitute", substitute_for=people[0], remote="partial")
            for person in people)

    client.force_login(secretariat)
    assert_queries_constant(client, "/moter/nuit/2024-05-15/", add)


def test_case_page_reads_in_constant_queries(client, secretariat):
    """The secretariat's view of a case: treatments before and after, attachments, minutes, comments."""
    case = Case.objects.get(body__slug="nuit", year=2024, number=17)
    nuit = case.body

    def add(n: int) -> None:
        earlier = _cases(nuit, n, decision="NUIT tok saken til orientering.")
        Case.previous_cases.through.objects.bulk_create(
            Case.previous_cases.through(from_case_id=case.pk, to_case_id=e.pk) for e in earlier)
        later = _cases(nuit, n)
        Case.previous_cases.through.objects.bulk_create(
            Case.previous_cases.through(from_case_id=c.pk, to_case_id=case.pk) for c in later)
        Attachment.objects.bulk_create(Attachment(case=case, label=f"Vedlegg {k}", title="Notat") for k in range(n))
        OtherForumTreatment.objects.bulk_create(OtherForumTreatment(case=case, title="Styringsgruppen")
                                                for _ in range(n))
        Input.objects.bulk_create(Input(case=case, text="Et innspill") for _ in range(n))
        ActionItem.objects.bulk_create(ActionItem(case=case, text="Følg opp", owner="NHN", created=date(2024, 5, 15),
                                                  closed_by=later[0], closed=date(2039, 1, 1)) for _ in range(n))
        MemoComment.objects.bulk_create(MemoComment(case=case, author=secretariat, text="Bra") for _ in range(n))

    client.force_login(secretariat)
    assert_queries_constant(client, "/saker/nuit/2024/17/", add)


def test_home_page_council_panel_reads_in_constant_queries(client, demo):
    nuit = Body.objects.get(slug="nuit")

    def add(n: int) -> None:
        _meetings(nuit, n)
        ActionItem.objects.bulk_create(ActionItem(case=case, text="Følg opp", owner="NHN", created=date(2039, 1, 1))
                                       for case in _cases(nuit, n))

    assert_queries_constant(client, "/", add)
