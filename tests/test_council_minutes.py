"""The council's minutes workflow as the secretariat and the public see it: minutes that lock
only when complete, a published agenda that keeps its frame and shows its later changes,
confirmation before what cannot be undone, and meetings on the home page.

Demo data: NUIT 2/2024 (15 May 2024) and NUIT 20 November 2025 have published notices and
unapproved minutes; NUIT 1/2024 (15 February 2024) has approved minutes.
"""
import json
import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from radsmodell.core.formatting import MONTHS_NB
from radsmodell.council import services
from radsmodell.council.models import AgendaItem, Body, Case, Input, Meeting

MEETING_2_2024 = "/moter/nuit/2024-05-15/"
NOVEMBER_2025 = "/moter/nuit/2025-11-20/"


def text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(response, element_id: str) -> str:
    """The visible text of the element with this id (up to its closing tag of the same name)."""
    html = response.content.decode()
    start = re.search(rf'<(\w+)[^>]*\bid="{element_id}"', html)
    assert start, f"no #{element_id} on the page"
    tag = start.group(1)
    end = html.index(f"</{tag}>", start.end())
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html[start.start():end])).split())


@pytest.fixture
def nuit(demo):
    return Body.objects.get(slug="nuit")


@pytest.fixture
def in_a_month():
    return timezone.localdate() + timedelta(days=30)


def complete_minutes(meeting: Meeting) -> None:
    """Attendance and an outcome for every case but Eventuelt, as the secretariat would record them."""
    services.record_attendance(meeting, "Mariann Hornnes", "Helsedirektoratet", "present")
    for case in meeting.cases.exclude(is_eventuelt=True).filter(decision=""):
        services.record_standard_outcome(case, services.NOTED)


# --- 10. Minutes that lock only when complete ----------------------------------------------------

def test_meeting_page_lists_exactly_what_the_minutes_lack_before_approval(client, secretariat):
    client.force_login(secretariat)
    gaps = section(client.get(MEETING_2_2024), "minutes-gaps")
    assert gaps.startswith("Oppmøte er ikke registrert")
    for number in range(15, 27):
        assert f"Sak {number}/24 mangler vedtak" in gaps
    assert "Sak 27/24" not in gaps  # Eventuelt, where no matters were raised
    assert "Sak 17/24 mangler vedtak: Prinsipper for fordeling av kostnader" in gaps


def test_approving_incomplete_minutes_is_refused_with_the_list_and_nothing_is_locked(client, secretariat):
    client.force_login(secretariat)
    response = client.post(MEETING_2_2024 + "godkjenn-referat/", {"approve-approving_case": "", "confirmed": "1"})
    assert response.status_code == 400
    assert "Godkjent i sak: Feltet er påkrevet." in text(response)

    services.record_attendance(Meeting.objects.get(body__slug="nuit", date=date(2024, 5, 15)),
                               "Mariann Hornnes", "Helsedirektoratet", "present")
    later = services.plan_meeting(Body.objects.get(slug="nuit"), date(2024, 9, 12))
    services.publish_notice(later)
    response = client.post(MEETING_2_2024 + "godkjenn-referat/", {"approve-approving_case": "29/24", "confirmed": "1"})
    assert response.status_code == 400
    alert = text(response)
    assert "Sak 17/24 mangler vedtak" in alert and "Oppmøte er ikke registrert" not in alert
    meeting = Meeting.objects.get(body__slug="nuit", date=date(2024, 5, 15))
    assert not meeting.minutes_locked and meeting.minutes_approved_by is None


def test_eventuelt_needs_an_outcome_once_a_matter_was_raised_under_it(nuit):
    meeting = Meeting.objects.get(body=nuit, date=date(2024, 5, 15))
    eventuelt = meeting.cases.get(is_eventuelt=True)
    assert "Sak 27/24 mangler vedtak" not in [g.text for g in services.minutes_gaps(meeting)]
    services.add_input(eventuelt, "KS ba om en sak om kodeverk til neste møte.")
    assert "Sak 27/24 mangler vedtak" in [g.text for g in services.minutes_gaps(meeting)]


def test_one_click_noted_or_discussed_writes_the_standard_phrasing(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/saker/nuit/2024/26/utfall/", {"outcome": "orientering"})
    assert response.status_code == 302 and response["Location"] == MEETING_2_2024 + "#godkjenn"
    client.post("/saker/nuit/2024/19/utfall/", {"outcome": "drofting"})
    client.post("/saker/nuit/2024/15/utfall/", {"outcome": "som-foreslatt"})

    page = client.get(MEETING_2_2024)
    assert "Sak 26/24: vedtaket «NUIT tar saken til orientering.» er registrert." in text(page)
    gaps = section(page, "minutes-gaps")
    assert "Sak 26/24" not in gaps and "Sak 19/24" not in gaps and "Sak 15/24" not in gaps
    assert "Sak 17/24 mangler vedtak" in gaps
    assert "NUIT drøftet saken." in text(client.get("/saker/nuit/2024/19/"))
    assert "NUIT tar saken til orientering." in text(client.get("/saker/nuit/2024/26/"))
    assert Case.objects.get(body__slug="nuit", year=2024, number=15).decision == \
        "NUIT godkjenner innkalling og dagsorden."

    again = client.post("/saker/nuit/2024/26/utfall/", {"outcome": "drofting"}, follow=True)
    assert "Sak 26/24 har allerede et vedtak." in text(again)
    assert Case.objects.get(body__slug="nuit", year=2024, number=26).decision == "NUIT tar saken til orientering."


def test_complete_minutes_are_approved_after_confirmation_with_the_proposed_case(client, secretariat, nuit):
    meeting = Meeting.objects.get(body=nuit, date=date(2025, 11, 20))
    complete_minutes(meeting)
    following = services.plan_meeting(nuit, date(2026, 2, 12))
    services.publish_notice(following)
    client.force_login(secretariat)

    page = client.get(NOVEMBER_2025)
    assert "Referatet er komplett" in text(page)
    html = page.content.decode()
    selected = re.search(r'<option value="([^"]+)" selected>([^<]+)</option>', html)
    assert selected and selected.group(2) == "2/26 Godkjenning av referat fra NUIT 20. november 2025", selected
    assert 'data-confirm="Godkjenne og låse referatet?' in html

    asked = client.post(NOVEMBER_2025 + "godkjenn-referat/", {"approve-approving_case": selected.group(1)})
    assert asked.status_code == 200
    assert "Godkjenne og låse referatet fra NUIT 20. november 2025?" in text(asked)
    assert not Meeting.objects.get(pk=meeting.pk).minutes_locked

    done = client.post(NOVEMBER_2025 + "godkjenn-referat/",
                       {"approve-approving_case": selected.group(1), "confirmed": "1"}, follow=True)
    assert "Referatet er godkjent og låst." in text(done)
    meeting.refresh_from_db()
    assert meeting.minutes_locked and meeting.minutes_approved_by.case_number == "2/26"
    assert "Godkjent – godkjent i sak 2/26 (låst)" in text(client.get(NOVEMBER_2025))


def test_no_case_is_proposed_when_no_later_meeting_names_the_minutes(client, secretariat):
    client.force_login(secretariat)
    html = client.get(MEETING_2_2024).content.decode()
    assert re.search(r'<option value="" selected>– Velg saken –</option>', html)
    assert '<option value="25/25">25/25 Godkjenning av referat fra NUIT 15. mai 2025</option>' in html


def test_approval_is_not_offered_until_a_later_meeting_has_been_held(client, secretariat, nuit, in_a_month):
    meeting = Meeting.objects.get(body=nuit, date=date(2025, 11, 20))
    complete_minutes(meeting)
    services.publish_notice(services.plan_meeting(nuit, in_a_month))
    client.force_login(secretariat)
    page = text(client.get(NOVEMBER_2025))
    assert "ingen senere møte er holdt med publisert innkalling ennå" in page
    assert "Godkjenn og lås referatet" not in page


def test_api_refuses_incomplete_minutes_with_409_and_the_list(client, secretariat, nuit):
    meeting = Meeting.objects.get(body=nuit, date=date(2025, 11, 20))
    client.force_login(secretariat)
    url = f"/api/meetings/{meeting.pk}/approve-minutes"
    response = client.post(url, json.dumps({}), content_type="application/json")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == "Referatet kan ikke godkjennes før dette er på plass."
    assert body["missing"][0] == "Sak 33/25 mangler vedtak"  # attendance is in the source for this meeting
    assert "Sak 43/25 mangler vedtak" not in body["missing"]

    complete_minutes(meeting)
    services.publish_notice(services.plan_meeting(nuit, date(2026, 2, 12)))
    response = client.post(url, json.dumps({}), content_type="application/json")  # the proposed case
    assert response.status_code == 200 and response.json()["minutes_status"] == "approved"
    assert Meeting.objects.get(pk=meeting.pk).minutes_approved_by.title == \
        "Godkjenning av referat fra NUIT 20. november 2025"


def test_nothing_is_recorded_for_a_meeting_that_has_not_taken_place(client, secretariat, nuit, in_a_month):
    meeting = services.plan_meeting(nuit, in_a_month)
    case = services.add_case(meeting, "Status porteføljen", "orientering")
    services.publish_notice(meeting)
    for record in (lambda: services.record_outcome(case, decision="NUIT tar saken til orientering."),
                   lambda: services.add_action_item(case, "Lag oversikt", "Helsedirektoratet"),
                   lambda: services.add_input(case, "Et innspill"),
                   lambda: services.record_attendance(meeting, "Mariann Hornnes", "Helsedirektoratet", "present")):
        with pytest.raises(ValidationError, match="er ikke holdt ennå"):
            record()

    client.force_login(secretariat)
    url = case.get_absolute_url()
    response = client.post(url + "behandling/", {"outcome-decision": "NUIT tar saken til orientering."})
    assert response.status_code == 400
    assert "er ikke holdt ennå. Vedtak, innspill, aksjonspunkter og oppmøte registreres når møtet har vært." in \
        text(response)
    response = client.post(url + "aksjonspunkt/", {"action-text": "Lag oversikt", "action-owner": "Hdir"})
    assert response.status_code == 400 and "er ikke holdt ennå" in text(response)

    api = f"/api/cases/nuit/{case.year}/{case.number}"
    response = client.post(api + "/decision", json.dumps({"decision": "NUIT vedtar."}), content_type="application/json")
    assert response.status_code == 422 and "er ikke holdt ennå" in response.json()["errors"][0]["message"]
    response = client.post(api + "/action-items", json.dumps({"text": "Følg opp", "owner": "NHN"}),
                           content_type="application/json")
    assert response.status_code == 422 and "er ikke holdt ennå" in response.json()["errors"][0]["message"]
    case.refresh_from_db()
    assert case.decision == "" and not case.action_items.exists()

    gaps = section(client.get(meeting.get_absolute_url()), "minutes-gaps")
    assert gaps.startswith("Møtet er ikke holdt ennå")


# --- 11. A published agenda keeps its frame; changes after publication are shown -------------------

def test_published_agenda_keeps_the_opening_case_first_and_says_why(nuit):
    meeting = Meeting.objects.get(body=nuit, date=date(2024, 5, 15))
    opening = meeting.agenda.get(case__number=15)
    with pytest.raises(ValidationError, match="står alltid først"):
        services.move_agenda_item(opening, +1)
    after_opening = meeting.agenda.get(case__number=16)
    with pytest.raises(ValidationError, match="kan ikke flyttes foran «Godkjenning av innkalling og dagsorden»"):
        services.move_agenda_item(after_opening, -1)
    before_eventuelt = meeting.agenda.get(case__number=26)
    with pytest.raises(ValidationError, match="kan ikke flyttes etter «Eventuelt»"):
        services.move_agenda_item(before_eventuelt, +1)
    numbers = [i.case.number for i in meeting.agenda.order_by("position") if i.case_id]
    assert numbers == list(range(15, 28))


def test_a_case_added_after_publication_goes_between_the_opening_case_and_eventuelt(nuit):
    meeting = Meeting.objects.get(body=nuit, date=date(2024, 5, 15))
    late = services.add_case(meeting, "Sen sak", "orientering")
    cases = [i.case for i in meeting.agenda.order_by("position") if i.case_id]
    assert cases[0].number == 15 and cases[-1].is_eventuelt and cases[-2] == late


def test_welcome_item_above_the_opening_case_stays_above_it(demo):
    meeting = Meeting.objects.get(body__slug="e-helseradet", date=date(2022, 9, 21))
    welcome = meeting.agenda.get(kind=AgendaItem.Kind.ITEM, position=1)
    with pytest.raises(ValidationError, match="kan ikke flyttes forbi «Godkjenning av innkalling og dagsorden»"):
        services.move_agenda_item(welcome, +1)


def test_moving_a_case_after_publication_is_shown_on_the_meeting_page_with_the_time(client, secretariat):
    client.force_login(secretariat)
    eik = AgendaItem.objects.get(case__body__slug="nuit", case__year=2024, case__number=20)
    old = eik.position
    before = timezone.localtime()
    response = client.post(f"{MEETING_2_2024}punkt/{eik.pk}/ned/")
    assert response.status_code == 302
    pause = AgendaItem.objects.get(meeting=eik.meeting, kind="break", start_time="14:35")
    client.post(f"{MEETING_2_2024}punkt/{pause.pk}/tid/", {f"time{pause.pk}-start_time": "14:40"})
    client.logout()

    page = client.get(MEETING_2_2024)
    changes = section(page, "notice-changes")
    assert changes.startswith("Endret etter at innkallingen ble publisert:")
    assert (f"Sak 20/24 «Apotekenes nye felles bransjeløsning, Eik» flyttet ned (fra plass {old} til {old + 1} "
            "på dagsordenen).") in changes
    assert "Tidspunktet for «Pause» endret fra 14:35 til 14:40." in changes
    day = f"{before.day}. {MONTHS_NB[before.month - 1]} {before.year}"
    assert re.search(rf"{re.escape(day)} kl\. \d\d:\d\d : Sak 20/24", changes), changes
    rows = re.findall(r'<tr data-kind="case">\s*<td>([^<]+)</td>', page.content.decode())
    assert rows.index("21/24") < rows.index("20/24")


def test_an_unpublished_agenda_shows_no_change_log(client, secretariat, nuit, in_a_month):
    meeting = services.plan_meeting(nuit, in_a_month)
    case = services.add_case(meeting, "A", "drofting")
    services.add_case(meeting, "B", "drofting")
    services.move_agenda_item(case.agenda_item, +1)
    client.force_login(secretariat)
    assert 'id="notice-changes"' not in client.get(meeting.get_absolute_url()).content.decode()


def test_agenda_shows_which_items_stay_fixed(client, secretariat):
    client.force_login(secretariat)
    html = client.get(MEETING_2_2024).content.decode()
    opening_row = html[html.index("Godkjenning av innkalling og dagsorden</a>"):][:3000]
    assert "Står alltid først" in opening_row.split("</tr>")[0]
    assert 'aria-label="Flytt opp: Godkjenning av innkalling og dagsorden"' not in html
    assert 'aria-label="Flytt ned: Eventuelt"' not in html
    assert 'aria-label="Flytt opp: Orientering fra Helsedirektoratet"' in html
    assert "Nye saker og pauser legges inn foran «Eventuelt», som alltid står sist." in text(client.get(MEETING_2_2024))


def test_a_refused_move_tells_the_user_why(client, secretariat):
    client.force_login(secretariat)
    item = AgendaItem.objects.get(case__body__slug="nuit", case__year=2024, case__number=16)
    page = client.post(f"{MEETING_2_2024}punkt/{item.pk}/opp/", follow=True)
    assert ("«Godkjenning av referatet fra NUIT 15. februar 2024» kan ikke flyttes foran «Godkjenning av innkalling "
            "og dagsorden», som alltid står først på dagsordenen.") in text(page)


# --- 11. Confirmation before publishing, removing and approving -------------------------------------

def test_publishing_asks_first_without_javascript(client, secretariat, nuit, in_a_month):
    meeting = services.plan_meeting(nuit, in_a_month)
    client.force_login(secretariat)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-confirm="Publisere innkallingen? Etter publisering ligger saksnumrene fast' in page

    url = meeting.get_absolute_url() + "publiser/"
    asked = client.post(url)
    assert asked.status_code == 200
    assert "Publisere innkallingen til" in text(asked)
    assert f'action="{url}"' in asked.content.decode() and 'name="confirmed" value="1"' in asked.content.decode()
    assert not Meeting.objects.get(pk=meeting.pk).is_published

    done = client.post(url, {"confirmed": "1"}, follow=True)
    assert "Innkallingen er publisert." in text(done)
    assert Meeting.objects.get(pk=meeting.pk).is_published


def test_removing_an_agenda_item_asks_first(client, secretariat, nuit, in_a_month):
    meeting = services.plan_meeting(nuit, in_a_month)
    lunch = services.add_agenda_break(meeting, AgendaItem.Kind.LUNCH, None)
    client.force_login(secretariat)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-confirm="Fjerne «Lunsj» fra dagsordenen?"' in page
    assert 'aria-label="Fjern: Eventuelt"' not in page  # it belongs to every meeting
    url = f"{meeting.get_absolute_url()}punkt/{lunch.pk}/fjern/"
    asked = client.post(url)
    assert asked.status_code == 200 and "Fjerne «Lunsj» fra dagsordenen?" in text(asked)
    assert AgendaItem.objects.filter(pk=lunch.pk).exists()
    done = client.post(url, {"confirmed": "1"}, follow=True)
    assert "«Lunsj» er fjernet fra dagsordenen." in text(done)
    assert not AgendaItem.objects.filter(pk=lunch.pk).exists()


def test_removing_a_break_after_publication_is_logged_as_a_change_to_the_notice(client, secretariat):
    client.force_login(secretariat)
    pause = AgendaItem.objects.get(meeting__body__slug="nuit", meeting__date=date(2024, 5, 15), kind="break",
                                   start_time="11:05")
    client.post(f"{MEETING_2_2024}punkt/{pause.pk}/fjern/", {"confirmed": "1"})
    assert "«Pause» fjernet fra dagsordenen." in section(client.get(MEETING_2_2024), "notice-changes")


def test_removing_input_asks_first(client, secretariat):
    case = Case.objects.get(body__slug="nuit", year=2024, number=21)
    wrong = services.add_input(case, "Feilført innspill")
    client.force_login(secretariat)
    page = client.get("/saker/nuit/2024/21/").content.decode()
    assert 'data-confirm="Fjerne innspillet «Feilført innspill»?"' in page
    asked = client.post(f"/innspill/{wrong.pk}/fjern/")
    assert asked.status_code == 200 and "Fjerne innspillet «Feilført innspill»?" in text(asked)
    assert Input.objects.filter(pk=wrong.pk).exists()
    client.post(f"/innspill/{wrong.pk}/fjern/", {"confirmed": "1"})
    assert not Input.objects.filter(pk=wrong.pk).exists()
    assert "Feilført innspill" not in text(client.get("/saker/nuit/2024/21/"))


# --- 12. Meetings on the home page ---------------------------------------------------------------

def test_home_page_lists_past_meetings_newest_first_and_upcoming_ones_apart(client, nuit, in_a_month):
    services.publish_notice(services.plan_meeting(nuit, in_a_month))
    services.plan_meeting(nuit, in_a_month + timedelta(days=40))  # a draft: not for the public
    home = client.get("/")
    upcoming = section(home, "upcoming-meetings")
    past = section(home, "past-meetings")
    assert upcoming.count(" – ") == 1 and str(in_a_month.year) in upcoming
    assert past.split(" – ")[0] == "NUIT 20. november 2025"
    dates = [m.date for m in Meeting.objects.filter(notice_published_at__isnull=False, date__lt=timezone.localdate())]
    assert len(re.findall(r" – \d", past)) == min(6, len(dates))
    order = ["NUIT 20. november 2025", "NUIT 11. september 2025", "NUIT 2/2024", "NUIT 1/2024"]
    assert [past.index(title) for title in order] == sorted(past.index(title) for title in order)
    assert "Kommende møter" in text(home) and "Siste møter" in text(home)


def test_home_page_says_when_no_meeting_is_planned(client, demo):
    assert section(client.get("/"), "upcoming-meetings") == "Ingen møter er planlagt."


def test_approving_minutes_already_approved_says_so(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/moter/nuit/2024-02-15/godkjenn-referat/", {"approve-approving_case": "16/24"},
                           follow=True)
    assert "Referatet fra NUIT 1/2024 er allerede godkjent i sak 16/24 og ligger fast." in text(response)
    assert Meeting.objects.get(body__slug="nuit", date=date(2024, 2, 15)).minutes_approved_by.case_number == "16/24"



def test_the_notice_document_lists_what_was_changed_after_it_was_published(client, secretariat):
    meeting = Meeting.objects.get(body__slug="nuit", date=date(2025, 11, 20))
    assert meeting.is_published
    moved = [item for item in meeting.agenda.order_by("position") if item.case_id][2]
    services.move_agenda_item(moved, +1)
    client.force_login(secretariat)
    notice = unescape(client.get("/moter/nuit/2025-11-20/innkalling.html").content.decode())
    assert "Endret etter at innkallingen ble publisert:" in notice and "flyttet ned" in notice
