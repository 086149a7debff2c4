"""Meetings as iCalendar (RFC 5545): the invitation sent with the notice, the download of one
meeting and the feed a calendar subscribes to per body.

One event per meeting, its UID fixed for the life of the meeting (`Meeting.calendar_uid`) and its
SEQUENCE raised with every update or cancellation sent, so a calendar replaces the event it has
instead of adding a second one. Times are Oslo times, with the zone's VTIMEZONE in the file.
The texts are the council's Norwegian, whatever language the reader's interface uses.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from .models import AgendaItem, Meeting

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//Rådsmodell//Møtekalender//NB"
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"
# A meeting with a start time and no end time is shown as three hours long: a council meeting
# rarely takes less, and a calendar shows an event without an end as a moment.
DEFAULT_LENGTH = timedelta(hours=3)
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Attendee:
    name: str
    address: str


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + meeting.get_absolute_url()


def _agenda_lines(meeting: Meeting) -> list[str]:
    lines = []
    for item in meeting.agenda.all():  # prefetched by the feed
        if item.case_id:
            lines.append(f"{item.case.case_number} {item.case.title}")
        elif item.kind == AgendaItem.Kind.ITEM:
            lines.append(item.label)
    return lines


def description(meeting: Meeting) -> str:
    parts = []
    if meeting.is_cancelled:
        parts.append("Møtet er avlyst." + (f" {meeting.cancel_reason}" if meeting.cancel_reason else ""))
    agenda = _agenda_lines(meeting)
    if agenda:
        parts.append("Dagsorden:\n" + "\n".join(agenda))
    parts.append(f"Møtesiden: {meeting_url(meeting)}")
    return "\n\n".join(parts)


def _times(meeting: Meeting) -> tuple[date | datetime, date | datetime]:
    """Start and end: Oslo times on the meeting's date; the whole day when no time is known."""
    if meeting.start_time is None:
        return meeting.date, meeting.date + timedelta(days=1)  # an all-day event ends the next day
    start = datetime.combine(meeting.date, meeting.start_time, tzinfo=OSLO)
    if meeting.end_time is not None and meeting.end_time > meeting.start_time:
        return start, datetime.combine(meeting.date, meeting.end_time, tzinfo=OSLO)
    return start, start + DEFAULT_LENGTH


def _address(text: str) -> vCalAddress:
    name, address = parseaddr(text)
    value = vCalAddress(f"mailto:{address}")
    if name:
        value.params["CN"] = vText(name)
    return value


def meeting_event(meeting: Meeting, *, attendees: list[Attendee] = (), method: str = PUBLISH) -> Event:
    """The meeting as one VEVENT; `attendees` are the recipients of an invitation (each invitation
    names only its own recipient, so no member sees another's address)."""
    with translation.override("nb"):
        event = Event()
        event.add("uid", meeting.calendar_uid)
        event.add("sequence", meeting.calendar_sequence)
        event.add("dtstamp", timezone.now())
        start, end = _times(meeting)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", meeting.title)
        if meeting.location:
            event.add("location", meeting.location)
        event.add("description", description(meeting))
        event.add("url", meeting_url(meeting))
        cancelled = meeting.is_cancelled or method == CANCEL
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("organizer", _address(settings.DEFAULT_FROM_EMAIL))
        for attendee in attendees:
            value = vCalAddress(f"mailto:{attendee.address}")
            if attendee.name:
                value.params["CN"] = vText(attendee.name)
            value.params["ROLE"] = vText("REQ-PARTICIPANT")
            value.params["PARTSTAT"] = vText("NEEDS-ACTION")
            # Replies would go to the sender's no-reply address: absence is registered on the meeting page.
            value.params["RSVP"] = vText("FALSE")
            event.add("attendee", value, encode=0)
        return event


def calendar(meetings, method: str = PUBLISH, *, attendees: list[Attendee] = ()) -> bytes:
    """A VCALENDAR with one event per meeting and the Europe/Oslo VTIMEZONE its times refer to."""
    meetings = list(meetings)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if meetings:
        # The zone's rules over the years the meetings are in, from the time zone database.
        first = min(m.date for m in meetings)
        last = max(m.date for m in meetings)
        cal.add_component(Timezone.from_tzinfo(OSLO, tzid="Europe/Oslo", first_date=date(first.year, 1, 1),
                                               last_date=date(last.year + 1, 1, 1)))
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, attendees=attendees, method=method))
    return cal.to_ical()
