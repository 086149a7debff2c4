"""Action items that get done: status with its history (who, when, why, in which case), owner and due
date, the overview per owner and body with overdue items first, its downloads, and the API's filters."""
import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from openpyxl import load_workbook

from radsmodell.council import action_items, services
from radsmodell.council.models import ActionItem, ActionItemEvent, Body, Case, Organisation, Person

OVERVIEW = "/aksjonspunkter/"


def _item(number: int) -> ActionItem:
    """The demo's action item from NUIT case N/24 (the February 2024 meeting gives one per case)."""
    return ActionItem.objects.get(case__body__slug="nuit", case__year=2024, case__number=number)


def _rows(html: str) -> list[tuple[str, str]]:
    """The overview's rows in order: (case number, the row's HTML)."""
    table = html[html.index('id="action-items"'):]
    table = table[:table.index("</table>")]
    return re.findall(r'<tr data-case="([^"]*)">(.*?)</tr>', table, re.S)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _status(client, item: ActionItem, **fields):
    return client.post(f"/aksjonspunkter/{item.pk}/status/", {f"status-{k}": v for k, v in fields.items()})


@pytest.fixture
def owner_user(demo):
    """A signed-in user (no role) who is the owner person of 9/24, for Helsedirektoratet, and of nothing else."""
    user = User.objects.create_user("kari", email="kari@example.org", first_name="Kari", last_name="Eier")
    person = Person.objects.create(name="Kari Eier", user=user)
    item = _item(9)
    action_items.update_owner(item, organisation=item.owner_organisation, person=person, due=None)
    return user


# --- Status with its history ------------------------------------------------------------------

def test_each_status_change_is_recorded_with_who_when_why_and_the_case_and_shown_on_the_item(client, secretariat):
    item = _item(9)
    client.force_login(secretariat)
    assert _status(client, item, status="in_progress", day="2024-03-01",
                   note="Arkitektgruppen er satt sammen.").status_code == 302
    answer = _status(client, item, status="done", closed_by="25/24", note="Oppsummert i møtet i mai.")
    assert answer.status_code == 302 and answer["Location"] == f"/aksjonspunkter/{item.pk}/"

    item.refresh_from_db()
    assert (item.status, item.closed, item.closed_by.case_number) == ("done", date(2024, 5, 15), "25/24")
    steps = list(item.events.order_by("date", "recorded_at", "id"))
    assert [(s.status, s.by.username if s.by else None) for s in steps] == [
        ("open", None), ("in_progress", "sekretariat"), ("done", "sekretariat")]
    assert steps[1].date == date(2024, 3, 1) and steps[1].note == "Arkitektgruppen er satt sammen."
    assert (steps[2].date, steps[2].case.case_number) == (date(2024, 5, 15), "25/24")

    page = _text(client.get(f"/aksjonspunkter/{item.pk}/").content.decode())
    assert "Gitt i sak NUIT 9/24" in page
    assert "Under arbeid" in page and "Hvorfor: Arkitektgruppen er satt sammen." in page
    assert "Utført i sak NUIT 25/24" in page and "Hvorfor: Oppsummert i møtet i mai." in page
    assert "Registrert av Sekretariatet (demo)" in page
    assert "Lukket 15. mai 2024 av sak 25/24" in page
    # The case page lists the item with its history too.
    case_page = _text(client.get("/saker/nuit/2024/9/").content.decode())
    assert "Historikk (3 steg)" in case_page and "Utført i sak NUIT 25/24" in case_page


def test_dropping_and_reopening_need_a_reason_and_reopening_clears_the_closure(client, secretariat):
    item = _item(13)
    client.force_login(secretariat)
    refused = _status(client, item, status="dropped", note="")
    assert refused.status_code == 400 and "Skriv hvorfor aksjonspunktet frafalles." in refused.content.decode()
    assert _item(13).status == "open" and not _item(13).events.filter(status="dropped").exists()

    assert _status(client, item, status="dropped", note="Orienteringen er ikke lenger aktuell.").status_code == 302
    dropped = _item(13)
    assert (dropped.status, dropped.closed, dropped.closed_note) == (
        "dropped", timezone.localdate(), "Orienteringen er ikke lenger aktuell.")

    refused = _status(client, item, status="open", note=" ")
    assert refused.status_code == 400 and "Skriv hvorfor aksjonspunktet åpnes igjen." in refused.content.decode()
    assert _status(client, item, status="open", note="Tas likevel i neste møte.").status_code == 302
    reopened = _item(13)
    assert (reopened.status, reopened.closed, reopened.closed_by, reopened.closed_note) == ("open", None, None, "")
    assert [e.status for e in reopened.events.all()] == ["open", "dropped", "open"]
    assert "Åpnet igjen" in client.get(f"/aksjonspunkter/{item.pk}/").content.decode()


def test_a_wrong_case_or_date_is_said_on_its_field_and_changes_nothing(client, secretariat):
    item = _item(11)
    client.force_login(secretariat)
    same_meeting = _status(client, item, status="done", closed_by="12/24")
    assert same_meeting.status_code == 400 and "12/24 er ikke en sak i et senere møte." in same_meeting.content.decode()
    unknown = _status(client, item, status="done", closed_by="99/24")
    assert unknown.status_code == 400 and "NUIT har ingen sak 99/24." in unknown.content.decode()
    future = _status(client, item, status="in_progress", day=(timezone.localdate() + timedelta(days=3)).isoformat())
    assert future.status_code == 400 and "Datoen kan ikke være fram i tid." in future.content.decode()
    early = _status(client, item, status="in_progress", day="2024-01-01")
    assert early.status_code == 400 and "Datoen kan ikke være før aksjonspunktet ble gitt (15.02.2024)." in \
        early.content.decode()
    assert _item(11).status == "open" and _item(11).events.count() == 1


def test_the_secretariat_sets_owner_organisation_person_and_due_date_and_the_minutes_owner_stays(client, secretariat):
    item = _item(6)
    nhn = Organisation.objects.get(name="Norsk helsenett SF")
    client.force_login(secretariat)
    answer = client.post(f"/aksjonspunkter/{item.pk}/ansvar/", {
        "owner-owner_organisation": nhn.pk, "owner-owner_person": "", "owner-due": "01.09.2026"})
    assert answer.status_code == 302
    item.refresh_from_db()
    assert (item.owner, item.owner_organisation, item.due) == ("Helsedirektoratet", nhn, date(2026, 9, 1))
    too_early = client.post(f"/aksjonspunkter/{item.pk}/ansvar/", {"owner-due": "2024-01-31"})
    assert too_early.status_code == 400
    assert "Fristen kan ikke være før aksjonspunktet ble gitt (15.02.2024)." in too_early.content.decode()
    assert _item(6).due == date(2026, 9, 1)


# --- Who may change what ---------------------------------------------------------------------

def test_only_the_secretariat_and_the_owner_person_change_the_status(client, member, owner_user):
    item = _item(9)
    assert _status(client, item, status="in_progress").status_code == 403  # the public
    client.force_login(member)
    assert _status(client, item, status="in_progress").status_code == 403
    client.force_login(User.objects.get(username="tiltakseier"))
    assert _status(client, item, status="in_progress").status_code == 403
    assert _status(client, _item(11), status="in_progress").status_code == 403
    assert _item(9).status == "open" and _item(11).status == "open"


def test_the_owner_reports_their_item_in_progress_and_done_but_cannot_drop_it_or_change_the_due_date(
        client, owner_user):
    item = _item(9)
    client.force_login(owner_user)
    page = client.get(f"/aksjonspunkter/{item.pk}/").content.decode()
    assert "Du er ansvarlig for aksjonspunktet" in page and 'name="status-closed_by"' not in page
    assert 'value="dropped"' not in page

    assert _status(client, item, status="dropped", note="Vil ikke").status_code == 400  # not among the choices
    assert client.post(f"/aksjonspunkter/{item.pk}/ansvar/", {"owner-due": "2030-01-01"}).status_code == 403
    assert _status(client, item, status="in_progress", note="I gang.").status_code == 302
    assert _status(client, item, status="done", note="Sendt til NUIT.").status_code == 302
    done = _item(9)
    assert (done.status, done.due) == ("done", None)
    assert done.events.get(status="done").by == owner_user
    # Reopening is the secretariat's.
    assert _status(client, item, status="open", note="Likevel ikke").status_code == 403


# --- The overview ---------------------------------------------------------------------------------

def _with_due_dates():
    today = timezone.localdate()
    for number, due in ((9, today - timedelta(days=30)), (13, today - timedelta(days=2)),
                        (6, today + timedelta(days=60)), (11, None)):
        ActionItem.objects.filter(pk=_item(number).pk).update(due=due)


def test_overdue_items_come_first_marked_in_words_then_by_due_date_and_none_last(client, demo):
    _with_due_dates()
    rows = _rows(client.get(OVERVIEW).content.decode())
    assert [number for number, _html in rows] == ["9/24", "13/24", "6/24", "11/24"]
    marked = {number: "Forfalt" in _text(html) for number, html in rows}
    assert marked == {"9/24": True, "13/24": True, "6/24": False, "11/24": False}
    assert "ingen frist" in _text(dict(rows)["11/24"])
    only_overdue = _rows(client.get(OVERVIEW, {"forfalt": "1"}).content.decode())
    assert [number for number, _html in only_overdue] == ["9/24", "13/24"]


def test_the_overview_filters_per_owner_organisation_person_body_and_status(client, owner_user):
    hdir = Organisation.objects.get(name="Helsedirektoratet")
    bergen = Organisation.objects.get(name="Bergen kommune")
    everything = {"status": "all"}
    by_hdir = _rows(client.get(OVERVIEW, {**everything, "organisasjon": hdir.pk}).content.decode())
    assert sorted(n for n, _h in by_hdir) == ["11/24", "13/24", "6/24", "9/24"]
    by_bergen = _rows(client.get(OVERVIEW, {**everything, "organisasjon": bergen.pk}).content.decode())
    assert [n for n, _h in by_bergen] == ["4/24"]
    kari = Person.objects.get(name="Kari Eier")
    assert [n for n, _h in _rows(client.get(OVERVIEW, {"person": kari.pk}).content.decode())] == ["9/24"]
    assert _rows(client.get(OVERVIEW, {**everything, "organ": "e-helseradet"}).content.decode()) == []
    assert [n for n, _h in _rows(client.get(OVERVIEW, {"status": "done"}).content.decode())] == ["4/24"]
    wrong = client.get(OVERVIEW, {"organisasjon": "abc", "organ": "ingen"}).content.decode()
    assert "Fant ingen organisasjon «abc»; filteret er ikke brukt." in wrong
    assert "Fant ikke organet «ingen»; filteret er ikke brukt." in wrong
    assert len(_rows(wrong)) == 4  # the open ones, unfiltered


def test_the_public_sees_a_closure_in_an_unpublished_meeting_as_open_with_no_trace_of_the_case(
        client, secretariat):
    nuit = Body.objects.get(slug="nuit")
    hidden_meeting = services.plan_meeting(nuit, date(2027, 3, 4))
    hidden = services.add_case(hidden_meeting, "Skjult oppfølging", "drofting")
    item = _item(11)
    action_items.change_status(item, "dropped", by=secretariat, case=hidden, note="Skjult grunn")
    public = client.get(f"/aksjonspunkter/{item.pk}/").content.decode()
    assert "Åpent" in public and "Frafalt" not in public
    assert hidden.case_number not in public and "Skjult grunn" not in public
    assert [n for n, _h in _rows(client.get(OVERVIEW, {"status": "dropped"}).content.decode())] == []
    assert "11/24" in [n for n, _h in _rows(client.get(OVERVIEW).content.decode())]
    api = next(i for i in client.get("/api/action-items", {"status": "all"}).json()["items"] if i["id"] == item.pk)
    assert (api["status"], api["state"], [e["state"] for e in api["events"]]) == ("open", "open", ["open"])

    client.force_login(secretariat)
    inside = client.get(f"/aksjonspunkter/{item.pk}/").content.decode()
    assert "Frafalt" in inside and hidden.case_number in inside and "Skjult grunn" in inside


# --- Downloads ---------------------------------------------------------------------------------

def test_the_filtered_overview_downloads_as_norwegian_excel_csv_xlsx_and_json(client, demo):
    _with_due_dates()
    hdir = Organisation.objects.get(name="Helsedirektoratet")
    page = client.get(OVERVIEW, {"organisasjon": hdir.pk}).content.decode()
    assert f'href="/aksjonspunkter/data-excel.csv?status=open&amp;organisasjon={hdir.pk}"' in page

    excel = client.get("/aksjonspunkter/data-excel.csv", {"status": "all", "organisasjon": hdir.pk})
    assert excel["Content-Disposition"] == 'attachment; filename="aksjonspunkter-excel.csv"'
    assert excel.content.startswith("\ufeff".encode())
    reader = csv.reader(io.StringIO(excel.content.decode("utf-8-sig")), delimiter=";")
    header = next(reader)
    assert header[:3] == ["Løpenummer", "Organkode", "Organ"]
    for label in ("Ansvarlig organisasjon", "Frist", "Forfalt", "Status", "Oppfølging"):
        assert label in header
    rows = {row[header.index("Fra sak")]: dict(zip(header, row, strict=True)) for row in reader}
    assert sorted(rows) == ["11/24", "13/24", "6/24", "9/24"]  # Bergen's 4/24 is filtered out
    nine = rows["9/24"]
    assert (nine["Ansvarlig organisasjon"], nine["Forfalt"], nine["Status"], nine["Oppfølging"]) == (
        "Helsedirektoratet", "Ja", "Åpent", "Åpent")
    assert nine["Frist"] == (timezone.localdate() - timedelta(days=30)).strftime("%d.%m.%Y")
    assert rows["11/24"]["Frist"] == "" and rows["11/24"]["Forfalt"] == "Nei"

    sheet = load_workbook(io.BytesIO(client.get("/aksjonspunkter/data.xlsx", {"status": "done"}).content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2 and values[1][list(values[0]).index("Oppfølging")] == "Utført"
    records = client.get("/aksjonspunkter/data.json", {"forfalt": "1"}).json()
    assert [(r["case_number"], r["overdue"], r["state"]) for r in records] == [
        ("9/24", True, "Åpent"), ("13/24", True, "Åpent")]
    assert client.get("/aksjonspunkter/data.pdf").status_code == 404


def test_the_open_data_file_has_the_status_owner_organisation_due_date_and_overdue(client, demo):
    records = list(csv.DictReader(io.StringIO(client.get("/data/aksjonspunkter.csv").content.decode())))
    bergen = next(r for r in records if r["case_number"] == "4/24")
    assert (bergen["status"], bergen["state"], bergen["owner_organisation"], bergen["due"], bergen["overdue"]) == (
        "Lukket", "Utført", "Bergen kommune", "", "false")


# --- API ---------------------------------------------------------------------------------------

def test_the_api_filters_on_owner_overdue_and_status_and_gives_the_history(client, owner_user):
    _with_due_dates()
    found = client.get("/api/action-items", {"owner": "HELSEDIR", "overdue": "true"}).json()["items"]
    assert [i["case"] for i in found] == ["NUIT 9/24", "NUIT 13/24"]
    assert all(i["overdue"] and i["owner_organisation"] == "Helsedirektoratet" for i in found)
    assert found[0]["owner_person"] == "Kari Eier" and found[0]["due"] == str(timezone.localdate() - timedelta(30))
    by_person = client.get("/api/action-items", {"owner": "kari eier"}).json()["items"]
    assert [i["case"] for i in by_person] == ["NUIT 9/24"]
    by_minutes_text = client.get("/api/action-items", {"owner": "bergen", "status": "all"}).json()["items"]
    assert [i["case"] for i in by_minutes_text] == ["NUIT 4/24"]
    done = client.get("/api/action-items", {"status": "done"}).json()["items"]
    assert [(i["case"], i["status"], i["state"], i["closed_by"]) for i in done] == [
        ("NUIT 4/24", "closed", "done", "25/24")]
    assert [(e["state"], e["date"], e["case"], e["by"]) for e in done[0]["events"]] == [
        ("open", "2024-02-15", "NUIT 4/24", None), ("done", "2024-05-15", "NUIT 25/24", None)]
    assert client.get("/api/action-items", {"owner": "ingen slik eier"}).json()["items"] == []
    assert client.get("/api/action-items", {"overdue": "kanskje"}).status_code == 422


# --- Demo data ---------------------------------------------------------------------------------

def test_the_demo_items_have_their_owner_organisation_from_the_register_no_due_date_and_their_steps(demo):
    for item in ActionItem.objects.select_related("owner_organisation"):
        assert item.owner_organisation is not None and item.owner_organisation.name == item.owner
        assert item.due is None  # the seeds give none
        assert item.events.first().status == "open"
    bergen = _item(4)
    assert (bergen.status, [e.status for e in bergen.events.all()]) == ("done", ["open", "done"])
    closing = ActionItemEvent.objects.get(item=bergen, status="done")
    assert (closing.date, closing.case) == (date(2024, 5, 15), Case.objects.get(body__slug="nuit", year=2024,
                                                                                 number=25))
