"""The notice by e-mail and the calendar files, against a real SMTP server: what arrives is read as
a mail client and a calendar read it (the headers, the .ics with icalendar, the PDF)."""
import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import resolve
from django.utils import timezone
from icalendar import Calendar

from radsmodell.core.formatting import long_date
from radsmodell.core.models import OutgoingMail
from radsmodell.council import notice_mail, selectors, services
from radsmodell.council.models import Body, Meeting, Person

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def nuit(demo):
    return Body.objects.get(slug="nuit")


@pytest.fixture
def planned(nuit):
    """A NUIT meeting a month ahead, unpublished, whose first two members have addresses (the second
    on the user account, which wins over the address in the register) and the rest none."""
    day = timezone.localdate() + timedelta(days=30)
    meeting = services.plan_meeting(nuit, day, time(9, 30), time(15), "Helsedirektoratet, Oslo", "3/2030")
    called = [m.person for m in selectors.members_on(nuit, day) if m.role in notice_mail.CALLED_ROLES]
    first, second = called[0], called[1]
    first.email = "forste@example.org"
    first.save()
    account = User.objects.get(username="medlem")
    account.email = "profil@example.org"
    account.save()
    Person.objects.filter(user=account).update(user=None)  # the demo ties the account to a member
    second.email, second.user = "register@example.org", account
    second.save()
    meeting.called = called
    return meeting


def _publish(meeting, capture):
    with capture(execute=True):
        services.publish_notice(meeting)


def _ics(message) -> Calendar:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def _attachment(message, name: str) -> bytes:
    for part in message.iter_attachments():
        if part.get_filename() == name:
            return part.get_content()
    raise AssertionError(f"no attachment {name}: {[p.get_filename() for p in message.iter_attachments()]}")


def _event(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def test_publishing_sends_each_member_with_an_address_one_notice_with_invitation_and_pdf(
        planned, smtp_server, django_capture_on_commit_callbacks):
    _publish(planned, django_capture_on_commit_callbacks)

    received = {address for envelope in smtp_server.inbox.envelopes for address in envelope.rcpt_tos}
    assert received == {"forste@example.org", "profil@example.org"}
    assert len(smtp_server.inbox.messages) == 2
    message = smtp_server.inbox.to("forste@example.org")[0]
    # Django folds a long encoded subject onto its own line; mail clients drop the space that leaves.
    assert message["Subject"].strip() == f"Innkalling: {planned.title}, {long_date(planned.date)}"
    assert message["To"] == f"{planned.called[0].name} <forste@example.org>"

    [invitation] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert invitation.get_param("method") == "REQUEST"
    calendar = _ics(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = _event(calendar)
    assert str(event["UID"]) == planned.calendar_uid == f"meeting-{planned.pk}@radsmodell"
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("DTSTART") == datetime.combine(planned.date, time(9, 30), tzinfo=OSLO)
    assert event.decoded("DTEND") == datetime.combine(planned.date, time(15), tzinfo=OSLO)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert str(event["LOCATION"]) == "Helsedirektoratet, Oslo"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]).endswith(planned.get_absolute_url())
    # Only the recipient is an attendee: no member sees the others' addresses.
    assert [str(a) for a in [event["ATTENDEE"]]] == ["mailto:forste@example.org"]
    assert "Godkjenning av innkalling og dagsorden" in str(event["DESCRIPTION"])

    assert _attachment(message, notice_mail.INVITATION_FILE).startswith(b"BEGIN:VCALENDAR")
    pdf = _attachment(message, f"innkalling-nuit-{planned.date.isoformat()}.pdf")
    assert pdf.startswith(b"%PDF")
    text = message.get_body(("plain",)).get_content()
    assert "Tid: kl. 09:30–15:00" in text and "Sted: Helsedirektoratet, Oslo" in text
    assert f"{planned.get_absolute_url()}" in text and "innkalling.pdf" in text

    logged = OutgoingMail.objects.filter(about=f"meeting:{planned.key}")
    assert sorted(logged.values_list("kind", "status")) == [("notice", "sent"), ("notice", "sent")]


def test_the_secretariat_sees_the_log_and_who_has_no_address_and_no_one_else_does(
        client, planned, secretariat, member, smtp_server, django_capture_on_commit_callbacks):
    _publish(planned, django_capture_on_commit_callbacks)
    client.force_login(secretariat)
    page = client.get(planned.get_absolute_url()).content.decode()
    assert 'id="mail-log"' in page and "forste@example.org" in page and "sendt" in page
    without = planned.called[2]
    assert "uten e-postadresse" in page and without.name in page.split('id="without-address"')[1]

    client.force_login(member)
    member_page = client.get(planned.get_absolute_url()).content.decode()
    client.logout()
    public_page = client.get(planned.get_absolute_url()).content.decode()
    for page in (member_page, public_page):
        assert 'id="mail-log"' not in page and "forste@example.org" not in page
    client.force_login(member)
    assert client.post(f"{planned.get_absolute_url()}e-post/send-igjen/").status_code == 403


def test_a_new_time_is_sent_as_an_update_of_the_same_event(planned, smtp_server, django_capture_on_commit_callbacks):
    _publish(planned, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(planned, time(10), time(15), planned.location, planned.number)

    update = smtp_server.inbox.to("forste@example.org")[-1]
    assert update["Subject"].strip().startswith("Endret innkalling: ")
    event = _event(_ics(update))
    assert str(_ics(update)["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == planned.calendar_uid
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == datetime.combine(planned.date, time(10), tzinfo=OSLO)
    assert "Tid: kl. 10:00–15:00 (var kl. 09:30–15:00)" in update.get_body(("plain",)).get_content()
    assert Meeting.objects.get(pk=planned.pk).calendar_sequence == 1


def test_a_new_number_only_sends_no_update(planned, smtp_server, django_capture_on_commit_callbacks):
    _publish(planned, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(planned, planned.start_time, planned.end_time, planned.location, "4/2030")
    assert len(smtp_server.inbox.messages) == 2
    assert Meeting.objects.get(pk=planned.pk).calendar_sequence == 0


def test_cancelling_sends_a_cancellation_and_shows_the_meeting_as_cancelled(
        client, planned, secretariat, smtp_server, django_capture_on_commit_callbacks):
    _publish(planned, django_capture_on_commit_callbacks)
    client.force_login(secretariat)
    url = f"{planned.get_absolute_url()}avlys/"
    asked = client.post(url, {"cancel-reason": "Lederen er syk."})
    assert asked.status_code == 200 and "Avlyse" in asked.content.decode()  # the question, nothing done
    assert not Meeting.objects.get(pk=planned.pk).is_cancelled
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"cancel-reason": "Lederen er syk.", "confirmed": "1"})
    assert response.status_code == 302

    cancellation = smtp_server.inbox.to("profil@example.org")[-1]
    assert cancellation["Subject"].strip().startswith("Avlysning: ")
    calendar = _ics(cancellation)
    event = _event(calendar)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert (str(event["UID"]), event["SEQUENCE"]) == (planned.calendar_uid, 1)
    assert "Grunn: Lederen er syk." in cancellation.get_body(("plain",)).get_content()
    page = client.get(planned.get_absolute_url()).content.decode()
    assert "Møtet er avlyst" in page and "Lederen er syk." in page
    assert "Avlyst" in client.get("/moter/?organ=nuit").content.decode()
    feed = Calendar.from_ical(client.get("/moter/nuit/kalender.ics").content)
    [cancelled] = [e for e in feed.walk("VEVENT") if str(e["UID"]) == planned.calendar_uid]
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_cancelling_without_a_reason_is_refused_with_a_message_and_sends_nothing(
        client, planned, secretariat, smtp_server, django_capture_on_commit_callbacks):
    _publish(planned, django_capture_on_commit_callbacks)
    client.force_login(secretariat)
    response = client.post(f"{planned.get_absolute_url()}avlys/", {"cancel-reason": " ", "confirmed": "1"})
    assert response.status_code == 400
    assert "Hvorfor avlyses møtet?: Skriv hvorfor møtet avlyses." in response.content.decode()
    assert not Meeting.objects.get(pk=planned.pk).is_cancelled
    assert len(smtp_server.inbox.messages) == 2


def test_publishing_succeeds_when_the_mail_server_refuses_and_the_resend_button_delivers(
        client, planned, secretariat, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.inbox.refuse = True
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(f"{planned.get_absolute_url()}publiser/", {"confirmed": "1"})
    assert published.status_code == 302
    assert Meeting.objects.get(pk=planned.pk).is_published
    page = client.get(planned.get_absolute_url()).content.decode()
    assert page.count('data-status="failed"') == 2 and "554" in page and "Send på nytt" in page

    smtp_server.inbox.refuse = False
    failed = OutgoingMail.objects.filter(status="failed", recipient="forste@example.org").get()
    client.post(f"{planned.get_absolute_url()}e-post/send-igjen/", {"mail": failed.pk})
    assert [e.rcpt_tos for e in smtp_server.inbox.envelopes] == [["forste@example.org"]]
    client.post(f"{planned.get_absolute_url()}e-post/send-igjen/")  # the rest
    assert len(smtp_server.inbox.messages) == 2
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}
    assert _attachment(smtp_server.inbox.messages[0], notice_mail.INVITATION_FILE).startswith(b"BEGIN:VCALENDAR")


def test_a_meeting_already_held_is_published_for_the_record_without_calling_anyone(
        nuit, smtp_server, django_capture_on_commit_callbacks):
    meeting = services.plan_meeting(nuit, timezone.localdate() - timedelta(days=1))
    for membership in selectors.members_on(nuit, meeting.date):
        membership.person.email = f"p{membership.person.pk}@example.org"
        membership.person.save()
    _publish(meeting, django_capture_on_commit_callbacks)
    assert smtp_server.inbox.messages == []


def test_guests_get_the_notice_and_a_wrong_address_is_named(
        client, planned, secretariat, smtp_server, django_capture_on_commit_callbacks):
    client.force_login(secretariat)
    url = f"{planned.get_absolute_url()}gjester/"
    wrong = client.post(url, {"guests-guests": "Ola Gjest <ola@example.org>\nikke-en-adresse"})
    assert wrong.status_code == 400 and "«ikke-en-adresse» er ikke en e-postadresse." in wrong.content.decode()
    assert client.post(url, {"guests-guests": "Ola Gjest <ola@example.org>"}).status_code == 302
    _publish(Meeting.objects.get(pk=planned.pk), django_capture_on_commit_callbacks)
    [guest_mail] = smtp_server.inbox.to("ola@example.org")
    assert guest_mail["To"] == "Ola Gjest <ola@example.org>"


def test_the_resend_form_sends_only_to_the_addresses_given(
        client, planned, secretariat, smtp_server, django_capture_on_commit_callbacks):
    _publish(planned, django_capture_on_commit_callbacks)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{planned.get_absolute_url()}send-innkalling/", {"resend-addresses": "kari@example.org"})
    assert [e.rcpt_tos for e in smtp_server.inbox.envelopes][-1] == ["kari@example.org"]
    assert len(smtp_server.inbox.messages) == 3


# --- calendar files -------------------------------------------------------------------------------

def test_the_body_feed_has_every_published_meeting_and_resolves_before_the_meeting_pages(client, nuit):
    assert resolve("/moter/nuit/kalender.ics").url_name == "body_calendar"
    assert resolve("/moter/nuit/2024-05-15/innkalling.ics").url_name == "meeting_calendar"
    unpublished = services.plan_meeting(nuit, timezone.localdate() + timedelta(days=60))
    response = client.get("/moter/nuit/kalender.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="nuit-moter.ics"' in response["Content-Disposition"]
    feed = Calendar.from_ical(response.content)
    assert str(feed["METHOD"]) == "PUBLISH"
    published = Meeting.objects.filter(body=nuit, notice_published_at__isnull=False)
    uids = sorted(str(e["UID"]) for e in feed.walk("VEVENT"))
    assert uids == sorted(m.calendar_uid for m in published) and len(uids) >= 2
    assert unpublished.calendar_uid not in uids
    may = Meeting.objects.get(body=nuit, date="2024-05-15")
    [event] = [e for e in feed.walk("VEVENT") if str(e["UID"]) == may.calendar_uid]
    assert str(event["SUMMARY"]) == "NUIT 2/2024"
    assert feed.walk("VTIMEZONE")[0]["TZID"] == "Europe/Oslo"


def test_one_meetings_calendar_file_is_public_once_published_and_404_before(client, nuit, member):
    response = client.get("/moter/nuit/2024-05-15/innkalling.ics")
    assert response.status_code == 200
    assert 'filename="innkalling-nuit-2024-05-15.ics"' in response["Content-Disposition"]
    event = _event(Calendar.from_ical(response.content))
    assert str(event["UID"]) == Meeting.objects.get(body=nuit, date="2024-05-15").calendar_uid
    assert "18/24" in str(event["DESCRIPTION"])  # the agenda, with case numbers

    draft = services.plan_meeting(nuit, timezone.localdate() + timedelta(days=60))
    url = f"{draft.get_absolute_url()}innkalling.ics"
    assert client.get(url).status_code == 404
    client.force_login(member)
    all_day = _event(Calendar.from_ical(client.get(url).content))
    assert all_day.decoded("DTSTART") == draft.date  # no time yet: an all-day event
    assert all_day.decoded("DTEND") == draft.date + timedelta(days=1)


def test_the_meeting_and_body_pages_link_to_the_calendar_files(client, nuit):
    assert "/moter/nuit/2024-05-15/innkalling.ics" in client.get("/moter/nuit/2024-05-15/").content.decode()
    assert "/moter/nuit/kalender.ics" in client.get("/organer/nuit/").content.decode()


# --- the console ------------------------------------------------------------------------------------

# The command commits as it goes (the mail is sent after each commit): a transactional test sees that.
def test_send_notice_sends_to_the_addresses_given_and_says_what_happened(nuit, transactional_db, smtp_server):
    out = io.StringIO()
    call_command("send_notice", "--meeting", "nuit/2024-05-15", "--to", "kari@example.org", stdout=out)
    assert out.getvalue() == "Sendt: kari@example.org\n"
    [message] = smtp_server.inbox.messages
    assert message["Subject"] == "Innkalling: NUIT 2/2024, 15. mai 2024"
    assert _attachment(message, "innkalling-nuit-2024-05-15.pdf").startswith(b"%PDF")


def test_send_notice_without_to_lists_who_has_no_address(nuit, transactional_db, smtp_server):
    Person.objects.update(email="", user=None)
    out = io.StringIO()
    call_command("send_notice", "--meeting", "nuit/2024-05-15", stdout=out)
    assert "Uten e-postadresse, ikke sendt: " in out.getvalue()
    assert "Ingen e-post sendt: ingen av mottakerne har e-postadresse." in out.getvalue()


@pytest.mark.parametrize("key, message", [
    ("nuit/2031-01-01", "--meeting: NUIT har ikke møte 2031-01-01"),
    ("ingen/2024-05-15", "--meeting: ukjent organ «ingen»"),
    ("nuit/15.05.2024", "er ikke organ/ÅÅÅÅ-MM-DD"),
])
def test_send_notice_refuses_an_unknown_meeting_with_a_clear_message(nuit, key, message):
    with pytest.raises(CommandError) as error:
        call_command("send_notice", "--meeting", key, stdout=io.StringIO())
    assert message in str(error.value)


def test_send_notice_refuses_an_unpublished_meeting(nuit):
    draft = services.plan_meeting(nuit, timezone.localdate() + timedelta(days=60))
    with pytest.raises(CommandError) as error:
        call_command("send_notice", "--meeting", draft.key, stdout=io.StringIO())
    assert "er ikke publisert" in str(error.value)
