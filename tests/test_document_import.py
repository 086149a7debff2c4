"""Import of meeting documents (council/importing): the plan shows what confirming would do and writes
nothing; confirming writes everything in one transaction or nothing; the same file twice changes
nothing; minutes complete the meeting their notice made; clashing case numbers are reported, never
overwritten; the review page and the console, as the secretariat uses them."""
import hashlib
import io
import json
import re
from copy import deepcopy
from datetime import date
from html import unescape

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from radsmodell.core.roles import SECRETARIAT
from radsmodell.council.importing import apply, staging
from radsmodell.council.importing.draft import (
    Draft,
    DraftActionItem,
    DraftAttendance,
    DraftCase,
    ReadDocument,
)
from radsmodell.council.models import ActionItemEvent, Case, Meeting, MeetingDocument

# A small set of minutes; the hand-made draft below gives each value the lines it comes from.
MINUTES = """Referat fra NUIT-møte 1/2021
Dato: 10. mars 2021
Sted: Helsedirektoratet, Oslo

Til stede:
Kari Nordmann, Helse Nord RHF
Ola Hansen, KS (digitalt)

Sak 1/21 Godkjenning av innkalling og dagsorden
Vedtak: NUIT godkjenner innkalling og dagsorden.

Sak 2/21 Status for porteføljen
Innretning: Orientering
Forslag til vedtak: NUIT tar saken til orientering.
Innspill:
- Porteføljen bør vise avhengighetene til EPJ-leverandørene.
Vedtak: NUIT tar saken til orientering.
Aksjonspunkt: Helsedirektoratet legger fram avhengighetene i neste møte.

Kaffe serveres fra kl. 08.30.
"""

NOTICE = """Innkalling til NUIT-møte 1/2021
Dato: 10. mars 2021
Sted: Helsedirektoratet, Oslo

Sak 1/21 Godkjenning av innkalling og dagsorden
Forslag til vedtak: NUIT godkjenner innkalling og dagsorden.

Sak 2/21 Status for porteføljen
Innretning: Drøfting
Forslag til vedtak: NUIT tar saken til orientering.
"""


def minutes_draft() -> Draft:
    return Draft(
        kind="minutes", body="nuit", body_name="NUIT", date="2021-03-10", number="1/2021",
        place="Helsedirektoratet, Oslo",
        attendance=[DraftAttendance("Kari Nordmann", "Helse Nord RHF"),
                    DraftAttendance("Ola Hansen", "KS", remote="full", note="digitalt")],
        cases=[
            DraftCase(1, 2021, "Godkjenning av innkalling og dagsorden", type="godkjenning",
                      decision="NUIT godkjenner innkalling og dagsorden."),
            DraftCase(2, 2021, "Status for porteføljen", type="orientering",
                      proposal="NUIT tar saken til orientering.", decision="NUIT tar saken til orientering.",
                      input=["Porteføljen bør vise avhengighetene til EPJ-leverandørene."],
                      action_items=[DraftActionItem("legger fram avhengighetene i neste møte.",
                                                    "Helsedirektoratet")]),
        ],
        lines={"number": (1, 1), "date": (2, 2), "place": (3, 3), "attendance[0]": (6, 6), "attendance[1]": (7, 7),
               "cases[0]": (9, 10), "cases[0].title": (9, 9), "cases[0].decision": (10, 10),
               "cases[1]": (12, 18), "cases[1].title": (12, 12), "cases[1].type": (13, 13),
               "cases[1].proposal": (14, 14), "cases[1].input[0]": (16, 16), "cases[1].decision": (17, 17),
               "cases[1].action_items[0]": (18, 18)},
        unplaced=[(20, 20)],
    )


def notice_draft() -> Draft:
    return Draft(
        kind="notice", body="nuit", body_name="NUIT", date="2021-03-10", number="1/2021",
        place="Helsedirektoratet, Oslo",
        cases=[
            DraftCase(1, 2021, "Godkjenning av innkalling og dagsorden", type="godkjenning",
                      proposal="NUIT godkjenner innkalling og dagsorden."),
            DraftCase(2, 2021, "Status for porteføljen", type="drofting", proposal="NUIT tar saken til orientering."),
        ],
        lines={"date": (2, 2), "cases[0].title": (5, 5), "cases[1].title": (8, 8)},
    )


def document(name: str, text: str, *drafts: Draft) -> ReadDocument:
    return ReadDocument(name, sha(text), text, list(drafts))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def files(*documents: ReadDocument) -> dict[str, bytes]:
    return {d.sha256: d.text.encode() for d in documents}


def council_rows() -> dict[str, int]:
    """Rows of every council table, the change log's included."""
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("council").get_models()}


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


# --- the plan -----------------------------------------------------------------------------------

def test_the_plan_says_what_confirming_would_do_and_writes_nothing(demo):
    before = council_rows()
    result = apply.plan([document("referat.txt", MINUTES, minutes_draft())])
    assert council_rows() == before
    [planned] = result.drafts
    assert planned.verdict == apply.NEW and planned.meeting_key == "nuit/2021-03-10"
    assert [(c.number, c.verdict) for c in planned.cases] == [("1/21", apply.NEW), ("2/21", apply.NEW)]
    assert result.blocking() == []


def test_a_draft_without_body_or_date_is_refused_with_the_file_and_the_field(demo, media):
    no_body, no_date, unknown = minutes_draft(), minutes_draft(), minutes_draft()
    no_body.body, no_body.body_name = "", "Rådet for noe"
    no_date.date = ""
    unknown.body = "styret"
    documents = [document("a.txt", "a", no_body), document("b.txt", "b", no_date), document("c.txt", "c", unknown)]
    blocking = apply.plan(documents).blocking()
    assert any("«a.txt»" in m and "organ mangler" in m and "Rådet for noe" in m for m in blocking)
    assert any("«b.txt»" in m and "dato mangler" in m for m in blocking)
    assert any("«c.txt»" in m and "«styret» finnes ikke" in m for m in blocking)
    before = council_rows()
    with pytest.raises(ValidationError):
        apply.confirm(documents, None, files=files(*documents))
    assert council_rows() == before


def test_a_time_written_another_way_is_no_clash_and_a_wrong_one_is_a_problem(demo, media):
    notice = document("innkalling.txt", NOTICE, notice_draft())
    notice.drafts[0].start = "09:00"
    apply.confirm([notice], None, files=files(notice))
    minutes = minutes_draft()
    minutes.start, minutes.end = "9.00", "kl. tolv"
    [planned] = apply.plan([document("referat.txt", MINUTES, minutes)]).drafts
    assert planned.meeting_clashes == []
    assert any("slutter «kl. tolv» er ikke et klokkeslett" in p for p in planned.problems)


def test_a_case_without_a_valid_type_number_or_owner_blocks_confirmation(demo):
    draft = minutes_draft()
    draft.cases[1].type = "vedtak"
    draft.cases[0].year = 2020
    draft.cases[1].action_items[0].owner = ""
    blocking = apply.plan([document("r.txt", MINUTES, draft)]).blocking()
    assert any("sak 2/21: ukjent sakstype «vedtak»" in m for m in blocking)
    assert any("sak 1/20: saksnummeret hører til 2020, men møtet er i 2021" in m for m in blocking)
    assert any("sak 2/21: aksjonspunkt 1 må ha både ansvarlig og tekst" in m for m in blocking)


# --- confirming ----------------------------------------------------------------------------------

def test_confirming_writes_the_meeting_its_cases_and_keeps_the_file(demo, media, secretariat):
    minutes = document("referat 1-2021.txt", MINUTES, minutes_draft())
    [meeting] = apply.confirm([minutes], secretariat, files=files(minutes))

    meeting = Meeting.objects.get(pk=meeting.pk)
    assert (meeting.body.slug, meeting.date, meeting.number) == ("nuit", date(2021, 3, 10), "1/2021")
    assert meeting.location == "Helsedirektoratet, Oslo" and meeting.is_published
    assert meeting.minutes_status == Meeting.Minutes.DRAFT
    assert [i.case.case_number for i in meeting.agenda.order_by("position")] == ["1/21", "2/21"]
    case = Case.objects.get(body__slug="nuit", year=2021, number=2)
    assert case.title == "Status for porteføljen" and case.type == "orientering"
    assert case.proposed_decision == case.decision == "NUIT tar saken til orientering."
    assert [i.text for i in case.inputs.all()] == ["Porteføljen bør vise avhengighetene til EPJ-leverandørene."]
    [item] = case.action_items.all()
    assert item.owner == "Helsedirektoratet" and item.created == date(2021, 3, 10) and item.is_open
    assert ActionItemEvent.objects.filter(item=item, status="open", case=case).exists()  # opened in its case
    assert {(a.person.name, a.status, a.remote) for a in meeting.attendance.all()} == {
        ("Kari Nordmann", "present", "none"), ("Ola Hansen", "present", "full")}
    [kept] = meeting.documents.all()
    assert kept.kind == "minutes" and kept.original_name == "referat 1-2021.txt" and kept.imported_by == secretariat
    assert kept.sha256 == minutes.sha256 and kept.file.read() == MINUTES.encode()
    # The change log names who confirmed the import.
    assert {row.history_user for row in Case.history.filter(id__in=meeting.cases.values("id"))} == {secretariat}


def test_an_imported_case_is_found_by_the_search_in_the_same_transaction(demo, media):
    from radsmodell.core import search

    minutes = document("referat.txt", MINUTES, minutes_draft())
    apply.confirm([minutes], None, files=files(minutes))
    found = search.search("avhengighetene", drafts=True)
    assert "/saker/nuit/2021/2/" in [hit.url for hit in found.hits]


def test_the_same_file_imported_again_changes_nothing(demo, media):
    minutes = document("referat.txt", MINUTES, minutes_draft())
    apply.confirm([minutes], None, files=files(minutes))
    before, kept = council_rows(), stored_files(media)

    again = document("kopi av referat.txt", MINUTES, minutes_draft())  # another name, the same bytes
    [planned] = apply.plan([again]).drafts
    assert planned.verdict == apply.IMPORTED and planned.meeting.key == "nuit/2021-03-10"
    assert "importert før" in planned.notes[0]
    assert apply.confirm([again], None, files=files(again)) == []
    assert council_rows() == before and stored_files(media) == kept


def test_the_same_minutes_in_another_file_change_no_row_of_the_register(demo, media):
    minutes = document("referat.txt", MINUTES, minutes_draft())
    apply.confirm([minutes], None, files=files(minutes))
    before = council_rows()
    exported_again = document("referat.docx", MINUTES + "\n", minutes_draft())  # other bytes, same content
    [planned] = apply.plan([exported_again]).drafts
    assert planned.verdict == apply.COMPLETE and {c.verdict for c in planned.cases} == {apply.UNCHANGED}
    apply.confirm([exported_again], None, files=files(exported_again))
    after = council_rows()
    assert after.pop("council.MeetingDocument") == before.pop("council.MeetingDocument") + 1  # the file is kept
    assert after.pop("council.HistoricalMeetingDocument") == before.pop("council.HistoricalMeetingDocument") + 1
    assert after == before  # and nothing else is written, not even an empty change


@pytest.mark.parametrize("names", [("a.txt", "b.txt"), ("referat.txt", "referat.txt")])
def test_the_same_file_twice_in_one_upload_is_read_once(demo, media, names):
    first, second = document(names[0], MINUTES, minutes_draft()), document(names[1], MINUTES, minutes_draft())
    result = apply.plan([first, second])
    assert [p.verdict for p in result.drafts] == [apply.NEW, apply.IMPORTED]
    apply.confirm([first, second], None, files=files(first))
    assert Meeting.objects.filter(body__slug="nuit", date=date(2021, 3, 10)).count() == 1
    assert MeetingDocument.objects.count() == 1


def test_minutes_complete_the_meeting_their_notice_made(demo, media):
    notice = document("innkalling.txt", NOTICE, notice_draft())
    [meeting] = apply.confirm([notice], None, files=files(notice))
    case = Case.objects.get(body__slug="nuit", year=2021, number=2)
    assert case.decision == "" and case.type == "drofting" and meeting.minutes_status == Meeting.Minutes.NONE

    minutes = document("referat.txt", MINUTES, minutes_draft())
    [planned] = apply.plan([minutes]).drafts
    assert planned.verdict == apply.COMPLETE and planned.meeting == meeting
    verdicts = {c.number: (c.verdict, c.notes) for c in planned.cases}
    assert verdicts["2/21"][0] == apply.UPDATE
    assert "vedtak" in verdicts["2/21"][1][0] and "sakstype i møtet: Orientering" in verdicts["2/21"][1][0]
    assert apply.confirm([minutes], None, files=files(minutes)) == [meeting]

    assert Meeting.objects.filter(body__slug="nuit", date=date(2021, 3, 10)).count() == 1  # no second meeting
    case.refresh_from_db()
    assert case.decision == "NUIT tar saken til orientering."
    assert case.type == "drofting" and case.type_in_meeting == "orientering"  # the meeting changed the type
    assert case.inputs.count() == 1 and case.action_items.count() == 1
    assert Case.objects.filter(body__slug="nuit", year=2021).count() == 2
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.Minutes.DRAFT and meeting.attendance.count() == 2
    assert sorted(d.kind for d in meeting.documents.all()) == ["minutes", "notice"]


LATER_MINUTES = """Referat fra NUIT-møte 2/2021
Dato: 12. mai 2021

Til stede:
Kari Nordmann, Helse Nord RHF

Sak 3/21 Godkjenning av referat fra NUIT 10. mars 2021
Vedtak: NUIT godkjenner referatet fra NUIT 10. mars 2021.
"""


def later_minutes_draft(decision: str = "NUIT godkjenner referatet fra NUIT 10. mars 2021.") -> Draft:
    return Draft(kind="minutes", body="nuit", body_name="NUIT", date="2021-05-12", number="2/2021",
                 attendance=[DraftAttendance("Kari Nordmann", "Helse Nord RHF")],
                 cases=[DraftCase(3, 2021, "Godkjenning av referat fra NUIT 10. mars 2021", type="godkjenning",
                                  decision=decision)])


def test_minutes_a_later_imported_meeting_approved_come_in_approved(demo, media):
    earlier = document("referat 1.txt", MINUTES, minutes_draft())
    [first] = apply.confirm([earlier], None, files=files(earlier))
    assert first.minutes_status == Meeting.Minutes.DRAFT

    later = document("referat 2.txt", LATER_MINUTES, later_minutes_draft())
    [planned] = apply.plan([later]).drafts
    assert "Godkjenner referatet fra et tidligere møte" in planned.case_plan(0).notes[0]
    result = apply.confirm([later], None, files=files(later))
    first.refresh_from_db()
    approving = Case.objects.get(body__slug="nuit", year=2021, number=3)
    assert result.approved == [first]
    assert first.minutes_status == Meeting.Minutes.APPROVED and first.minutes_approved_by == approving
    # The later meeting's own minutes wait for a meeting after it.
    assert Meeting.objects.get(body__slug="nuit", date=date(2021, 5, 12)).minutes_status == Meeting.Minutes.DRAFT


def test_minutes_imported_after_the_meeting_that_approved_them_come_in_approved(demo, media):
    later = document("referat 2.txt", LATER_MINUTES, later_minutes_draft())
    assert apply.confirm([later], None, files=files(later)).approved == []  # nothing to approve yet

    earlier = document("referat 1.txt", MINUTES, minutes_draft())
    [planned] = apply.plan([earlier]).drafts
    assert any("Sak 3/21 i " in note and "godkjente referatet" in note for note in planned.notes)
    [meeting] = result = apply.confirm([earlier], None, files=files(earlier))
    assert result.approved == [meeting] and meeting.minutes_status == Meeting.Minutes.APPROVED
    assert meeting.minutes_approved_by.case_number == "3/21"


def test_minutes_stay_drafts_when_incomplete_or_not_approved_by_a_decision(demo, media):
    incomplete = minutes_draft()
    incomplete.cases[1].decision = ""  # case 2/21 without an outcome: the minutes lack something
    earlier = document("referat 1.txt", MINUTES, incomplete)
    later = document("referat 2.txt", LATER_MINUTES, later_minutes_draft())
    assert apply.confirm([earlier, later], None, files=files(earlier, later)).approved == []
    assert Meeting.objects.get(body__slug="nuit", date=date(2021, 3, 10)).minutes_status == Meeting.Minutes.DRAFT

    # A notice's approval case has no decision yet: it approves nothing.
    other = minutes_draft()
    other.date, other.number = "2021-09-01", "3/2021"
    other.cases = [DraftCase(4, 2021, "Sak uten vedtak", type="orientering", decision="Tatt til orientering.")]
    notice = later_minutes_draft(decision="")
    notice.kind, notice.date, notice.attendance = "notice", "2021-10-20", []
    notice.cases[0].number, notice.cases[0].title = 5, "Godkjenning av referat fra NUIT 1. september 2021"
    first, second = document("referat 3.txt", "tre", other), document("innkalling 4.txt", "fire", notice)
    assert apply.confirm([first, second], None, files=files(first, second)).approved == []
    assert Meeting.objects.get(body__slug="nuit", date=date(2021, 9, 1)).minutes_status == Meeting.Minutes.DRAFT


def test_notice_and_minutes_in_one_upload_make_one_meeting(demo, media):
    notice, minutes = document("innkalling.txt", NOTICE, notice_draft()), document("referat.txt", MINUTES,
                                                                                   minutes_draft())
    result = apply.plan([notice, minutes])
    assert [p.verdict for p in result.drafts] == [apply.NEW, apply.COMPLETE]
    assert result.blocking() == []
    apply.confirm([notice, minutes], None, files=files(notice, minutes))
    meeting = Meeting.objects.get(body__slug="nuit", date=date(2021, 3, 10))
    assert meeting.cases.count() == 2 and meeting.documents.count() == 2
    assert meeting.cases.get(number=2).decision == "NUIT tar saken til orientering."


def test_a_case_number_held_by_another_meeting_is_a_clash_reported_and_never_overwritten(demo, media):
    existing = Case.objects.get(body__slug="nuit", year=2024, number=17)
    title, before_decision = existing.title, existing.decision
    draft = Draft(kind="minutes", body="nuit", date="2024-06-12", number="3/2024", cases=[
        DraftCase(17, 2024, "Noe helt annet", decision="NUIT vedtok noe annet."),
        DraftCase(28, 2024, "Ny sak", type="orientering")])
    doc = document("referat juni.txt", "juni", draft)

    [planned] = apply.plan([doc]).drafts
    clash = planned.case_plan(0)
    assert clash.verdict == apply.CLASH and "NUIT 2/2024" in clash.notes[0] and title in clash.notes[0]
    with pytest.raises(ValidationError) as refused:
        apply.confirm([doc], None, files=files(doc))
    assert any("«referat juni.txt»" in m and "sak 17/24" in m for m in refused.value.messages)
    assert not Meeting.objects.filter(date=date(2024, 6, 12)).exists()

    # Skipped on purpose: the rest is written, the register's case is left as it was.
    apply.confirm([doc], None, files=files(doc), skip=[clash.key])
    existing.refresh_from_db()
    assert existing.title == title and existing.decision == before_decision
    assert existing.meeting.date == date(2024, 5, 15)
    assert list(Meeting.objects.get(date=date(2024, 6, 12)).cases.values_list("number", flat=True)) == [28]


def test_a_different_value_on_the_same_meeting_is_a_clash_not_a_silent_change(demo, media):
    existing = Case.objects.get(body__slug="nuit", year=2024, number=6)
    decision = existing.decision
    assert decision
    draft = Draft(kind="minutes", body="nuit", date="2024-02-15", place="Et annet sted", cases=[
        DraftCase(6, 2024, existing.title, decision="NUIT vedtok noe helt annet.")])
    doc = document("referat.txt", "referat", draft)
    [planned] = apply.plan([doc]).drafts
    assert planned.verdict == apply.COMPLETE
    assert planned.case_plan(0).verdict == apply.CLASH and "vedtak er et annet" in planned.case_plan(0).notes[0]
    assert any("sted" in c.message and "Et annet sted" in c.message for c in planned.meeting_clashes)
    with pytest.raises(ValidationError):
        apply.confirm([doc], None, files=files(doc))
    existing.refresh_from_db()
    assert existing.decision == decision


def test_a_notice_lists_who_is_called_and_minutes_record_who_came(demo, media):
    notice_with_members = notice_draft()
    notice_with_members.attendance = [DraftAttendance("Kari Nordmann", "Helse Nord RHF")]
    notice = document("innkalling.txt", NOTICE, notice_with_members)
    [meeting] = apply.confirm([notice], None, files=files(notice))
    assert meeting.attendance.count() == 0
    assert meeting.members_called == [{"name": "Kari Nordmann", "organisation": "Helse Nord RHF"}]

    minutes_draft_absent = minutes_draft()
    minutes_draft_absent.attendance[0].status = "absent"
    minutes = document("referat.txt", MINUTES, minutes_draft_absent)
    apply.confirm([minutes], None, files=files(minutes))
    assert meeting.attendance.get(person__name="Kari Nordmann").status == "absent"

    corrected = document("referat korrigert.txt", MINUTES + "korrigert", minutes_draft())  # says present
    [planned] = apply.plan([corrected]).drafts
    [clash] = planned.meeting_clashes
    assert clash.key == "nuit/2021-03-10/oppmote/Kari Nordmann" and "«Ikke til stede» i registeret" in clash.message
    apply.confirm([corrected], None, files=files(corrected), skip=[clash.key])
    assert meeting.attendance.get(person__name="Kari Nordmann").status == "absent"


def test_any_error_undoes_the_whole_import(demo, media):
    good = document("god.txt", MINUTES, minutes_draft())
    bad_draft = deepcopy(minutes_draft())
    bad_draft.date, bad_draft.number = "2021-06-09", "2/2021"
    bad_draft.cases = [DraftCase(3, 2021, "x" * 500)]  # longer than a title may be: refused when written
    bad = document("dårlig.txt", "dårlig", bad_draft)
    before = council_rows()
    with pytest.raises(ValidationError) as refused:
        apply.confirm([good, bad], None, files=files(good, bad))
    assert any("«dårlig.txt»" in m and "sak 3/21" in m and "tittel" in m for m in refused.value.messages)
    assert council_rows() == before
    assert stored_files(media) == []  # the good file's copy is removed with the rest


# --- the review page -------------------------------------------------------------------------

@pytest.fixture
def staged(secretariat, media):
    minutes = document("referat.txt", MINUTES, minutes_draft())
    return staging.create(secretariat, [minutes], [MINUTES.encode()])


def review_url(token: str) -> str:
    return f"/moter/importer/{token}/"


def review_post(client, token, action="save", **changes):
    """The review form as the page sends it, with `changes` to its fields."""
    page = client.get(review_url(token)).content.decode()
    data = {}
    for name, value in re.findall(r'<input[^>]*name="(m[^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = unescape(value)
    for name, value in re.findall(r'<textarea[^>]*name="(m[^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = unescape(value).lstrip("\n")
    for name, options in re.findall(r'<select[^>]*name="(m[^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    data.update(changes)
    data["action"] = action
    return client.post(review_url(token), data)


def test_the_review_page_shows_the_draft_beside_its_source_lines(client, secretariat, staged):
    client.force_login(secretariat)
    before = council_rows()
    response = client.get(review_url(staged))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="d0-L12"' in html and "Sak 2/21 Status for porteføljen" in html  # the source, line by line
    assert 'href="#d0-L17"' in html and 'data-lines="d0:17-17"' in html  # the decision's link to its line
    assert 'data-lines="d0:16-16"' in html  # the input
    assert re.search(r'<li id="d0-L20" value="20" class="unplaced">.*?Ikke plassert', html)
    page = text(response)
    assert "Nytt møte" in page and "Ny sak" in page and "Bekreft import" in page and "Forkast" in page
    assert "Helsedirektoratet: legger fram avhengighetene i neste møte." in page
    assert council_rows() == before


def test_only_the_secretariat_that_uploaded_it_sees_the_review(client, member, staged, secretariat):
    assert client.get(review_url(staged)).status_code == 302  # the public: to the login page
    client.force_login(member)
    assert client.get(review_url(staged)).status_code == 403
    other = User.objects.create_user("sekretær2")
    other.groups.add(Group.objects.get(name=SECRETARIAT))
    client.force_login(other)
    assert client.get(review_url(staged)).status_code == 404
    client.force_login(secretariat)
    assert client.get(review_url("../../etc")).status_code == 404
    assert client.get(review_url("x" * 32)).status_code == 404


def test_corrections_are_kept_without_writing_anything(client, secretariat, staged):
    client.force_login(secretariat)
    before = council_rows()
    response = review_post(client, staged, **{"m0-0-c1-title": "Status for den nasjonale porteføljen"})
    assert response.status_code == 302 and response["Location"] == review_url(staged)
    assert council_rows() == before
    [doc], _skip = staging.load(staged, secretariat)
    assert doc.drafts[0].cases[1].title == "Status for den nasjonale porteføljen"
    assert "Status for den nasjonale porteføljen" in client.get(review_url(staged)).content.decode()


def test_wrong_corrections_are_refused_naming_the_field(client, secretariat, staged):
    client.force_login(secretariat)
    before = council_rows()
    response = review_post(client, staged, action="confirm", **{
        "m0-0-c1-number": "to/21", "m0-0-c0-number": "1/20", "m0-0-date": "31.02.2021",
        "m0-0-c1-action_items": "uten ansvarlig"})
    assert response.status_code == 400
    page = text(response)
    assert "Saksnummer: «to/21» er ikke et saksnummer på formen N/ÅÅ" in page
    assert "Dato: Datoen har feil format." in page
    assert "Aksjonspunkter: Linje 1: skriv «Ansvarlig: hva som skal følges opp»." in page
    assert council_rows() == before

    response = review_post(client, staged, **{"m0-0-c0-number": "1/20"})
    assert response.status_code == 400
    assert "Saksnummer: Saksnummeret hører til 2020, men møtet er i 2021." in text(response)


def test_a_draft_the_reader_could_not_place_is_completed_on_the_review_page(client, secretariat, media):
    unknown = minutes_draft()
    unknown.body, unknown.body_name, unknown.date = "", "Rådet", ""
    token = staging.create(secretariat, [document("referat.txt", MINUTES, unknown),
                                         document("tom.txt", "", )], [MINUTES.encode(), b""])
    client.force_login(secretariat)
    page = text(client.get(review_url(token)))
    assert "Kan ikke importeres ennå" in page and "«referat.txt», møte 1/2021: organ mangler" in page
    assert "«tom.txt»: fant ingen møte i dokumentet (organ, dato og saker); filen importeres ikke." in page
    response = review_post(client, token, action="confirm")
    assert response.status_code == 400
    assert "Organ: Velg organet møtet hørte til." in text(response) and "Dato: Møtet må ha en dato." in text(response)
    response = review_post(client, token, action="save", **{"m0-0-body": "nuit", "m0-0-date": "10.03.2021"})
    assert response.status_code == 302
    assert "Nytt møte" in text(client.get(review_url(token)))
    assert not Meeting.objects.filter(date=date(2021, 3, 10)).exists()
    assert review_post(client, token, action="confirm").status_code == 302  # the empty file stops nothing
    assert Meeting.objects.get(date=date(2021, 3, 10)).documents.get().original_name == "referat.txt"


def test_confirming_on_the_review_page_writes_and_goes_to_the_meeting(client, secretariat, staged, media):
    client.force_login(secretariat)
    response = review_post(client, staged, action="confirm", **{"m0-0-c1-type": "drofting"})
    assert response.status_code == 302 and response["Location"] == "/moter/nuit/2021-03-10/"
    page = client.get(response["Location"])
    assert "Importert: NUIT 1/2021 (nytt møte)." in text(page)
    assert "Kildedokumenter" in text(page) and "referat.txt" in text(page)
    assert Case.objects.get(body__slug="nuit", year=2021, number=2).type == "drofting"
    assert not (media / staging.FOLDER / staged).exists()  # the staged copy is gone
    assert client.get(review_url(staged)).status_code == 404


def test_a_clash_can_be_skipped_on_the_review_page(client, secretariat, media):
    existing = Case.objects.get(body__slug="nuit", year=2024, number=17)
    draft = Draft(kind="notice", body="nuit", date="2024-06-12", cases=[
        DraftCase(17, 2024, "Noe helt annet"), DraftCase(28, 2024, "Ny sak", type="orientering")])
    token = staging.create(secretariat, [document("juni.txt", "juni", draft)], [b"juni"])
    client.force_login(secretariat)
    page = client.get(review_url(token))
    assert "Konflikt" in text(page) and existing.title in text(page)
    refused = review_post(client, token, action="confirm")
    assert refused.status_code == 400 and "sak 17/24" in text(refused)
    assert not Meeting.objects.filter(date=date(2024, 6, 12)).exists()
    response = review_post(client, token, action="confirm", skip="nuit/2024/17")
    assert response.status_code == 302
    assert list(Meeting.objects.get(date=date(2024, 6, 12)).cases.values_list("number", flat=True)) == [28]
    existing.refresh_from_db()
    assert existing.title != "Noe helt annet"


def test_discarding_removes_the_upload_and_writes_nothing(client, secretariat, staged, media):
    client.force_login(secretariat)
    before = council_rows()
    response = client.post(review_url(staged), {"action": "discard"})
    assert response.status_code == 302 and response["Location"] == "/moter/importer/"
    assert council_rows() == before and not (media / staging.FOLDER / staged).exists()


def test_staged_uploads_older_than_a_week_are_purged(secretariat, media, staged, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    later = timezone.now() + timedelta(days=8)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with pytest.raises(staging.NotFound):
        staging.load(staged, secretariat)
    assert staging.purge() == 1 and not (media / staging.FOLDER / staged).exists()


# --- upload -----------------------------------------------------------------------------------

def test_the_meetings_list_links_the_import_for_the_secretariat_only(client, secretariat):
    assert "/moter/importer/" not in client.get("/moter/").content.decode()
    client.force_login(secretariat)
    assert 'href="/moter/importer/"' in client.get("/moter/").content.decode()
    assert client.get("/moter/importer/").status_code == 200


def test_the_upload_page_is_the_secretariats(client, member):
    assert client.get("/moter/importer/").status_code == 302
    client.force_login(member)
    assert client.get("/moter/importer/").status_code == 403
    assert client.post("/moter/importer/").status_code == 403


def test_an_unreadable_file_is_named_and_nothing_is_staged(client, secretariat, media):
    client.force_login(secretariat)
    junk = SimpleUploadedFile("skannet.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4)
    response = client.post("/moter/importer/", {"files": [junk]})
    assert response.status_code == 400
    assert "skannet.pdf" in text(response)
    assert not (media / staging.FOLDER).exists() or not any((media / staging.FOLDER).iterdir())


def test_a_file_over_the_upload_limit_is_refused_unread_naming_the_file(client, secretariat, media, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(secretariat)
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.4\n" + b"x" * 2048)
    response = client.post("/moter/importer/", {"files": [big]})
    assert response.status_code == 413
    assert "«stor.pdf»: filen er på 3 kB, mer enn grensen på 1 kB." in text(response)


def test_an_upload_is_read_into_drafts_and_staged_for_review(client, secretariat, media):
    client.force_login(secretariat)
    before = council_rows()
    upload = SimpleUploadedFile("referat.txt", MINUTES.encode())
    response = client.post("/moter/importer/", {"files": [upload], "body": "nuit"})
    assert response.status_code == 302 and response["Location"].startswith("/moter/importer/")
    review = client.get(response["Location"])
    assert review.status_code == 200 and 'id="d0-L1"' in review.content.decode()
    assert council_rows() == before


# --- the source files on the meeting page -------------------------------------------------------

def test_source_files_follow_the_meetings_visibility(client, member, media):
    minutes = document("referat.txt", MINUTES, minutes_draft())
    [meeting] = apply.confirm([minutes], None, files=files(minutes))
    kept = meeting.documents.get()
    url = f"/moetedokumenter/{kept.pk}/"
    # The minutes are not approved: the public sees the meeting, not its minutes or their file.
    assert "Kildedokumenter" not in text(client.get(meeting.get_absolute_url()))
    assert client.get(url).status_code == 404
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == MINUTES.encode()
    assert "referat.txt" in text(client.get(meeting.get_absolute_url()))


# --- the console ------------------------------------------------------------------------------

def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_documents", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_console_prints_the_drafts_as_json_and_saves_nothing(demo, tmp_path, media):
    path = tmp_path / "referat.txt"
    path.write_text(MINUTES, encoding="utf-8")
    before = council_rows()
    out, _err = run(str(path), "--body", "nuit")
    assert council_rows() == before
    drafts = json.loads(out)
    assert isinstance(drafts, list) and drafts
    first = drafts[0]
    assert {"body", "date", "number", "place", "attendance", "cases", "file", "verdict"} <= set(first)
    assert first["file"] == "referat.txt" and first["verdict"] in (apply.NEW, apply.BLOCKED)
    for case in first["cases"]:
        assert {"number", "title", "type", "proposal", "decision", "action_items"} <= set(case)
        assert re.fullmatch(r"\d+/\d\d", case["number"])


def test_the_console_refuses_a_file_it_cannot_read(demo, tmp_path, media):
    missing = tmp_path / "finnes-ikke.pdf"
    scanned = tmp_path / "skannet.pdf"
    scanned.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    good = tmp_path / "referat.txt"
    good.write_text(MINUTES, encoding="utf-8")
    before = council_rows()
    with pytest.raises(CommandError) as refused:
        run(str(good), str(missing), str(scanned), "--confirm")
    assert "finnes-ikke.pdf" in str(refused.value) and "skannet.pdf" in str(refused.value)
    assert council_rows() == before


def test_the_console_exits_non_zero_on_a_bad_file(demo, tmp_path, capsys):
    from django.core.management import ManagementUtility

    scanned = tmp_path / "skannet.pdf"
    scanned.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    with pytest.raises(SystemExit) as exit_status:
        ManagementUtility(["radsmodell", "import_documents", str(scanned)]).execute()
    assert exit_status.value.code == 1
    assert "skannet.pdf" in capsys.readouterr().err


def test_the_console_confirms_and_refuses_clashes(demo, tmp_path, media, monkeypatch):
    from radsmodell.council import import_views

    def read(named, body=""):  # the reader's drafts, fixed here so the test is about the console
        return [document(name, data.decode(), minutes_draft() if "referat" in name else Draft(
            kind="notice", body="nuit", date="2024-06-12", cases=[DraftCase(17, 2024, "Noe annet")]))
            for name, data in named], []
    monkeypatch.setattr(import_views, "read_uploads", read)
    path = tmp_path / "referat.txt"
    path.write_text(MINUTES, encoding="utf-8")
    out, _err = run(str(path), "--confirm")
    assert "Opprettet: NUIT 1/2021 (nuit/2021-03-10), 2 saker" in out
    assert Meeting.objects.get(body__slug="nuit", date=date(2021, 3, 10)).documents.count() == 1
    out, _err = run(str(path), "--confirm")
    assert "importert før" in out

    clashing = tmp_path / "juni.txt"
    clashing.write_text("juni", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(str(clashing), "--confirm")
    assert "sak 17/24" in str(refused.value) and "Ingenting er lagret" in str(refused.value)
    assert not Meeting.objects.filter(date=date(2024, 6, 12)).exists()


def test_the_console_names_an_unknown_body(demo, tmp_path):
    path = tmp_path / "referat.txt"
    path.write_text(MINUTES, encoding="utf-8")
    with pytest.raises(CommandError, match="--body: organet «styret» finnes ikke"):
        run(str(path), "--body", "styret")


def test_a_minutes_text_goes_through_the_reader_the_review_and_into_the_register(client, secretariat, media):
    client.force_login(secretariat)
    response = client.post("/moter/importer/", {"files": [SimpleUploadedFile("referat.txt", MINUTES.encode())]})
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    page = client.get(response["Location"])
    assert "Status for porteføljen" in text(page) and 'id="d0-L17"' in page.content.decode()
    assert Meeting.objects.filter(date=date(2021, 3, 10)).count() == 0

    response = review_post(client, token, action="confirm", **{
        "m0-0-c1-action_items": "Helsedirektoratet: legger fram avhengighetene i neste møte."})
    assert response.status_code == 302 and response["Location"] == "/moter/nuit/2021-03-10/"
    case = Case.objects.get(body__slug="nuit", year=2021, number=2)
    assert case.decision == "NUIT tar saken til orientering." and case.meeting.number == "1/2021"
    assert [(a.owner, a.text) for a in case.action_items.all()] == [
        ("Helsedirektoratet", "legger fram avhengighetene i neste møte.")]
    assert case.meeting.documents.get().original_name == "referat.txt"
