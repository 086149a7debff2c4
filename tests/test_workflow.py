"""The secretariat's workflow rules, through the services every interface uses."""
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from radsmodell.council import selectors, services
from radsmodell.council.models import ActionItem, Body, Case, Meeting, MinutesCorrection


@pytest.fixture
def nuit(demo):
    return Body.objects.get(slug="nuit")


def agenda_numbers(meeting):
    return [(i.case.case_number, i.case.title) for i in meeting.agenda.order_by("position") if i.case_id]


def test_new_meeting_gets_opening_cases_and_eventuelt_continuing_the_year(nuit):
    meeting = services.plan_meeting(nuit, date(2024, 9, 12), time(9, 0))
    numbers = agenda_numbers(meeting)
    assert numbers == [
        ("28/24", "Godkjenning av innkalling og dagsorden"),
        ("29/24", "Godkjenning av referat fra NUIT 15. mai 2024"),
        ("30/24", "Eventuelt"),
    ]
    assert meeting.cases.get(number=28).proposed_decision == "NUIT godkjenner innkalling og dagsorden."


def test_added_case_goes_before_eventuelt_which_keeps_the_last_number(nuit):
    meeting = services.plan_meeting(nuit, date(2024, 9, 12))
    services.add_case(meeting, "Status porteføljen", "drofting", time(10, 0))
    assert [n for n, _ in agenda_numbers(meeting)] == ["28/24", "29/24", "30/24", "31/24"]
    assert agenda_numbers(meeting)[2][1] == "Status porteføljen"
    assert agenda_numbers(meeting)[3][1] == "Eventuelt"


def test_moving_a_case_renumbers_the_unpublished_agenda(nuit):
    meeting = services.plan_meeting(nuit, date(2024, 9, 12))
    first = services.add_case(meeting, "A", "drofting")
    services.add_case(meeting, "B", "drofting")
    services.move_agenda_item(first.agenda_item, +1)
    assert [t for _, t in agenda_numbers(meeting)][2:4] == ["B", "A"]
    assert Case.objects.get(meeting=meeting, title="B").case_number == "30/24"


def test_numbers_are_fixed_once_the_notice_is_published(nuit):
    meeting = services.plan_meeting(nuit, date(2024, 9, 12))
    services.add_case(meeting, "A", "drofting")
    services.publish_notice(meeting)
    late = services.add_case(meeting, "Sen sak", "orientering")
    assert late.case_number == "32/24"  # next free number; the published ones stay
    assert Case.objects.get(meeting=meeting, is_eventuelt=True).case_number == "31/24"


def test_case_number_that_collides_is_refused_naming_the_field(nuit):
    case = Case.objects.get(body=nuit, year=2024, number=27)
    with pytest.raises(ValidationError) as error:
        services.set_case_number(case, "17/24")
    assert "number" in error.value.message_dict
    assert "17/24 er allerede brukt" in error.value.message_dict["number"][0]
    assert Case.objects.get(pk=case.pk).number == 27


def test_second_meeting_on_the_same_day_is_refused(nuit):
    with pytest.raises(ValidationError) as error:
        services.plan_meeting(nuit, date(2024, 5, 15))
    assert "date" in error.value.message_dict
    assert Meeting.objects.filter(body=nuit, date=date(2024, 5, 15)).count() == 1


def test_decision_on_a_case_of_an_unpublished_meeting_is_refused(nuit):
    meeting = services.plan_meeting(nuit, date(2024, 9, 12))
    case = services.add_case(meeting, "A", "drofting")
    with pytest.raises(ValidationError) as error:
        services.record_outcome(case, decision="NUIT vedtar.")
    assert "decision" in error.value.message_dict
    assert Case.objects.get(pk=case.pk).decision == ""


def test_decision_is_kept_apart_from_the_proposal(nuit):
    case = Case.objects.get(body=nuit, year=2024, number=17)
    proposal = case.proposed_decision
    services.record_outcome(case, decision="NUIT drøftet prismodellene og ba NHN utrede kategoriene videre.")
    case.refresh_from_db()
    assert case.proposed_decision == proposal and case.decision_amended
    assert case.meeting.minutes_status == "draft"


def test_case_type_change_is_recorded_with_reason(nuit):
    case = Case.objects.get(body=nuit, year=2024, number=19)
    services.record_outcome(case, type_in_meeting="orientering", type_change_reason="for lite tid")
    case.refresh_from_db()
    assert case.get_effective_type_display() == "Orientering" and case.get_type_display() == "Drøfting"
    assert case.type_change_reason == "for lite tid"


def test_approved_minutes_are_locked_and_corrected_only_with_a_reason(nuit, secretariat):
    case = Case.objects.get(body=nuit, year=2024, number=9)  # 1/2024: minutes approved in 16/24
    with pytest.raises(ValidationError, match="låst"):
        services.record_outcome(case, decision="Ny tekst")
    with pytest.raises(ValidationError, match="låst"):
        services.add_input(case, "Et nytt innspill")
    with pytest.raises(ValidationError) as error:
        services.correct_minutes(case, "decision", "Rettet vedtak", "", secretariat)
    assert "reason" in error.value.message_dict
    old = case.decision
    correction = services.correct_minutes(case, "decision", "Rettet vedtak", "Skrivefeil i referatet", secretariat)
    case.refresh_from_db()
    assert case.decision == "Rettet vedtak"
    assert (correction.old_value, correction.author, correction.reason) == (old, secretariat, "Skrivefeil i referatet")
    assert MinutesCorrection.objects.filter(case=case).count() == 1


def test_minutes_are_approved_by_a_case_in_a_later_published_meeting(nuit):
    meeting = Meeting.objects.get(body=nuit, date=date(2024, 5, 15))
    with pytest.raises(services.MinutesIncomplete) as error:
        services.approve_minutes(meeting, None)
    assert error.value.missing == ["Oppmøte er ikke registrert"] + [f"Sak {n}/24 mangler vedtak" for n in range(15, 27)]
    services.record_attendance(meeting, "Mariann Hornnes", "Helsedirektoratet", "present")
    for case in meeting.cases.exclude(is_eventuelt=True):
        services.record_standard_outcome(case, services.NOTED)
    with pytest.raises(ValidationError, match="senere møte"):
        services.approve_minutes(meeting, meeting.cases.get(number=15))
    later = services.plan_meeting(nuit, date(2024, 9, 12))
    with pytest.raises(ValidationError, match="ikke publisert"):
        services.approve_minutes(meeting, later.cases.get(number=29))
    services.publish_notice(later)
    services.approve_minutes(meeting, later.cases.get(number=29))
    meeting.refresh_from_db()
    assert meeting.minutes_locked and meeting.minutes_approved_by.case_number == "29/24"


def test_input_is_unattributed_unless_an_actor_asked_to_be_named(nuit):
    case = Case.objects.get(body=nuit, year=2024, number=17)
    plain = services.add_input(case, "Prismodellen må være forutsigbar.")
    named = services.add_input(case, "Kommunene ønsker lavere pris.", actor="KS")
    assert (plain.actor, named.actor) == ("", "KS")


def test_action_item_needs_an_owner_and_is_followed_until_closed(nuit):
    case = Case.objects.get(body=nuit, year=2024, number=19)
    with pytest.raises(ValidationError) as error:
        services.add_action_item(case, "Lag oversikt", "")
    assert "owner" in error.value.message_dict
    item = services.add_action_item(case, "Lag oversikt over avhengigheter", "Helsedirektoratet")
    assert item.is_open and item in ActionItem.objects.filter(closed__isnull=True)
    later = services.add_case(services.plan_meeting(nuit, date(2024, 9, 12)), "Avhengigheter", "orientering")
    services.close_action_item(item, later)
    assert item.closed == date(2024, 9, 12) and item.age_days() == (date(2024, 9, 12) - date(2024, 5, 15)).days


def test_upload_that_is_not_pdf_or_docx_is_refused(nuit):
    case = Case.objects.get(body=nuit, year=2024, number=17)
    fake = SimpleUploadedFile("notat.pdf", b"this is not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.add_attachment(case, "Notat", fake)
    assert "file" in error.value.message_dict
    assert case.attachments.filter(title="Notat").count() == 0
    real = SimpleUploadedFile("notat.pdf", b"%PDF-1.7\n%...", content_type="application/pdf")
    assert services.add_attachment(case, "Notat", real).file.name.endswith(".pdf")


def test_previous_decisions_come_from_the_register(nuit, secretariat):
    case = Case.objects.get(body=nuit, year=2024, number=24)
    rows = [f"{c.body.short_name} {c.case_number}" for c in selectors.previous_treatments(secretariat, case)]
    assert "NUFA 9/24" in rows and "NUIT 50/23" in rows
    with pytest.raises(ValidationError, match="nuit/2019/1"):
        services.link_previous_cases(case, ["nuit/2024/6", "nuit/2019/1"])
    assert len(selectors.previous_treatments(secretariat, case)) == len(rows)  # unchanged after the refusal


def test_members_comment_only_on_draft_memos(nuit, member):
    published = Case.objects.get(body=nuit, year=2024, number=17)
    with pytest.raises(ValidationError):
        services.add_memo_comment(published, member, "Bra notat")
    draft = services.add_case(services.plan_meeting(nuit, date(2024, 9, 12)), "Utkast", "drofting")
    assert services.add_memo_comment(draft, member, "Mangler bakgrunn").text == "Mangler bakgrunn"


def test_search_finds_norwegian_words_in_any_case(demo, secretariat):
    titles = [c.case_number for c in selectors.search_cases(secretariat, "LEGEMIDDELLISTE bergen")]
    assert "25/24" in titles
    assert "22/24" in [c.case_number for c in selectors.search_cases(secretariat, "tannhelsetjenesten")]
    found = selectors.search_cases(secretariat, "forvaltning nasjonale e-helseløsninger")
    assert "17/24" in [c.case_number for c in found]


def test_public_search_does_not_reveal_unapproved_minutes(nuit, secretariat):
    from django.contrib.auth.models import AnonymousUser

    case = Case.objects.get(body=nuit, year=2024, number=21)
    services.add_input(case, "Pilotering i Ålesund bør prioriteres.")
    assert case in selectors.search_cases(secretariat, "ålesund")
    assert case not in selectors.search_cases(AnonymousUser(), "ÅLESUND")


def test_every_change_is_in_the_audit_history_shown_to_the_secretariat(nuit, secretariat, client):
    client.force_login(secretariat)
    response = client.post("/saker/nuit/2024/17/behandling/", {"outcome-decision": "NUIT drøftet og endret vedtaket."})
    assert response.status_code == 302
    page = client.get("/endringslogg/").content.decode()
    row = page[page.index("«17/24 Prinsipper"):][:600]
    assert "NUIT drøftet og endret vedtaket." in row
    assert "Sekretariatet (demo)" in page[:page.index("«17/24 Prinsipper")].rsplit("<tr>", 1)[1]
    client.logout()
    refused = client.get("/endringslogg/")  # the public is sent to log in, and sees no change
    assert refused.status_code == 302 and refused["Location"].startswith("/logg-inn/")


def test_case_page_shows_how_the_decision_differs_from_the_proposal(nuit, secretariat, client):
    client.force_login(secretariat)
    client.post("/saker/nuit/2024/20/behandling/", {
        "outcome-decision": "NUIT drøftet hvordan innføringen av Eik kan bidra til økt pasientsikkerhet."})
    page = client.get("/saker/nuit/2024/20/").content.decode()
    assert "Endret fra forslaget til vedtak" in page
    assert ('<del><span class="ds-sr-only">strøket: </span>Apotekenes nye felles journal og samhandlingsløsning</del>'
            in page)
    assert '<ins><span class="ds-sr-only">lagt til: </span>Eik</ins>' in page


def test_meetings_planned_ahead_keep_the_series_in_date_order(nuit):
    spring = services.plan_meeting(nuit, date(2026, 3, 5))
    summer = services.plan_meeting(nuit, date(2026, 6, 5))
    services.add_case(spring, "Vårsak", "drofting")
    autumn_between = services.plan_meeting(nuit, date(2026, 4, 20))
    numbers = {m.date.month: [n for n, _ in agenda_numbers(m)] for m in (spring, autumn_between, summer)}
    assert numbers == {3: ["1/26", "2/26", "3/26", "4/26"], 4: ["5/26", "6/26", "7/26"], 6: ["8/26", "9/26", "10/26"]}


def test_eventuelt_stays_last_and_cannot_be_removed(nuit):
    meeting = services.plan_meeting(nuit, date(2026, 3, 5))
    case = services.add_case(meeting, "Sak", "drofting")
    eventuelt = meeting.agenda.get(case__is_eventuelt=True)
    with pytest.raises(ValidationError, match="sist"):
        services.move_agenda_item(eventuelt, -1)
    with pytest.raises(ValidationError, match="Eventuelt"):
        services.remove_agenda_item(eventuelt)
    with pytest.raises(ValidationError, match="kan ikke flyttes etter «Eventuelt», som alltid står sist"):
        services.move_agenda_item(case.agenda_item, +1)
    assert agenda_numbers(meeting)[-2:] == [("3/26", "Sak"), ("4/26", "Eventuelt")]


def test_approved_minutes_lock_agenda_times_numbers_and_memo_links(nuit):
    locked = Case.objects.get(body=nuit, year=2024, number=9)
    for change in (lambda: services.set_agenda_time(locked.agenda_item, time(10, 0)),
                   lambda: services.set_case_number(locked, "40/24"),
                   lambda: services.link_previous_cases(locked, ["nuit/2024/6"]),
                   lambda: services.add_other_forum(locked, "1.1.2024", "Styringsgruppen")):
        with pytest.raises(ValidationError, match="godkjent"):
            change()
    assert Case.objects.get(pk=locked.pk).number == 9


def test_action_item_is_closed_only_by_a_later_meeting_and_only_once(nuit):
    item = ActionItem.objects.get(case__body=nuit, case__year=2024, case__number=9)
    same_meeting = Case.objects.get(body=nuit, year=2024, number=10)
    with pytest.raises(ValidationError, match="senere møte"):
        services.close_action_item(item, same_meeting)
    services.close_action_item(item, Case.objects.get(body=nuit, year=2024, number=19))
    with pytest.raises(ValidationError, match="allerede lukket"):
        services.close_action_item(item, Case.objects.get(body=nuit, year=2024, number=20))


def test_too_long_text_is_refused_with_the_field_name(nuit):
    with pytest.raises(ValidationError) as error:
        services.plan_meeting(nuit, date(2026, 3, 5), number="x" * 50)
    assert "number" in error.value.message_dict
    assert not Meeting.objects.filter(body=nuit, date=date(2026, 3, 5)).exists()


def test_new_case_gets_the_standard_phrasing_of_its_type_as_proposal(nuit):
    meeting = services.plan_meeting(nuit, date(2026, 3, 5))
    assert services.add_case(meeting, "Orientering fra HOD", "orientering").proposed_decision == \
        "Nasjonalt porteføljeråd tar saken til orientering."


def test_change_log_names_a_changed_meeting_and_its_new_agenda_line_as_a_reader_would(nuit, secretariat, client):
    services.plan_meeting(nuit, date(2026, 3, 5))
    client.force_login(secretariat)
    client.post("/moter/nuit/2026-03-05/endre/", {"details-location": "Vitaminveien 4, Storo"})
    client.post("/moter/nuit/2026-03-05/punkt/", {"break-kind": "lunch", "break-start_time": "11:30"})
    page = client.get("/endringslogg/").content.decode()
    assert "Endret: Møte «Nasjonalt porteføljeråd 5. mars 2026»" in page  # NUIT's name from 2026
    assert "<li>Sted: «» → «Vitaminveien 4, Storo»</li>" in page
    assert "Opprettet: Dagsordenpunkt «Nasjonalt porteføljeråd 5. mars 2026: Lunsj»" in page
