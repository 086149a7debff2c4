"""The notice by e-mail: who gets it, what it says, and when it is sent.

Recipients are the body's members on the meeting day in the roles that take part (leader,
member, observer: the secretariat sends the notice and is not called), the substitutes already
registered for this meeting (a substitute stands in for one meeting, so there is no standing
list of them: DOMAIN.md), and the meeting's guests (`Meeting.notice_guests`). A recipient
without an address is kept in the list, so the meeting page can say who was not reached.

Each recipient gets one message (core/mail.py): the notice in plain text, the notice PDF as the
documents app renders it, and the calendar entry twice, as the `text/calendar` alternative that
Outlook and Gmail show as an invitation and as an `invitation.ics` attachment. Kinds:

- "notice": when the notice is published (only for a meeting still to come), or sent again;
- "notice-update": the date, time or place of a published meeting changed (SEQUENCE raised);
- "cancellation": the meeting is cancelled (METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE raised).

Updates and cancellations also go to everyone an earlier notice of the meeting went to, so no
calendar keeps an event its owner was never told about. Messages are made in the transaction of
the change and sent after it commits: publishing never fails because the mail server is down.
"""
import logging
from dataclasses import dataclass
from email import charset as email_charset
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import getaddresses

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from radsmodell.core import history, mail
from radsmodell.core.formatting import clock, long_date, weekday_date
from radsmodell.core.models import OutgoingMail

from . import calendar, selectors
from .documents import meeting_label, secretariat_of
from .models import AgendaItem, Attendance, Meeting, Membership

logger = logging.getLogger("radsmodell.mail")

NOTICE, UPDATE, CANCELLATION = "notice", "notice-update", "cancellation"
KIND_LABELS = {NOTICE: "Innkalling", UPDATE: "Endret innkalling", CANCELLATION: "Avlysning"}
CALLED_ROLES = (Membership.Role.LEADER, Membership.Role.MEMBER, Membership.Role.OBSERVER)
INVITATION_FILE = "invitation.ics"

_QP = email_charset.Charset("utf-8")
_QP.body_encoding = email_charset.QP  # readable text in the raw message, safe on any server


@dataclass(frozen=True)
class Recipient:
    name: str
    address: str  # "" when none is known
    why: str  # "medlem", "stedfortreder", "gjest", "tidligere mottaker", "adresse"

    @property
    def to(self) -> str:
        if not self.name:
            return self.address
        quoted = self.name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{quoted}" <{self.address}>'


def about(meeting: Meeting) -> str:
    return f"meeting:{meeting.key}"


# --- who --------------------------------------------------------------------------------------

def recipients(meeting: Meeting) -> list[Recipient]:
    """Members (leader, member, observer) on the day, registered substitutes and guests, each once;
    those without an address too (`address` empty)."""
    found: list[Recipient] = []
    for membership in selectors.members_on(meeting.body, meeting.date):
        if membership.role in CALLED_ROLES:
            found.append(Recipient(membership.person.name, membership.person.address, "medlem"))
    substitutes = meeting.attendance.filter(status=Attendance.Status.SUBSTITUTE).select_related("person__user")
    for row in substitutes:
        found.append(Recipient(row.person.name, row.person.address, "stedfortreder"))
    for guest in meeting.notice_guests or []:
        found.append(Recipient((guest.get("name") or "").strip(), (guest.get("email") or "").strip(), "gjest"))
    return _unique(found)


def _unique(found: list[Recipient]) -> list[Recipient]:
    seen, unique = set(), []
    for recipient in found:
        key = recipient.address.casefold() if recipient.address else f"name:{recipient.name.casefold()}"
        if key not in seen:
            seen.add(key)
            unique.append(recipient)
    return unique


def _earlier_recipients(meeting: Meeting) -> list[Recipient]:
    """Everyone a notice or update of the meeting was made for, whatever became of the message."""
    rows = OutgoingMail.objects.filter(about=about(meeting), kind__in=[NOTICE, UPDATE]).order_by("created", "id")
    return [Recipient(row.recipient_name, row.recipient, "tidligere mottaker") for row in rows]


def parse_addresses(text: str, field: str = "addresses") -> list[Recipient]:
    """«Kari Nordmann <kari@example.org>» or «kari@example.org», one a line or separated by commas;
    a wrong one is named in the error."""
    found = []
    for line in text.replace(";", "\n").splitlines():
        if not line.strip():
            continue
        for name, address in getaddresses([line]):
            if not address.strip() and not name.strip():
                continue
            try:
                validate_email(address.strip())
            except ValidationError:
                raise ValidationError({field: _("«%(text)s» er ikke en e-postadresse.") % {
                    "text": (name or address or line).strip()}}) from None
            found.append(Recipient(name.strip(), address.strip(), "adresse"))
    return _unique(found)


# --- what -------------------------------------------------------------------------------------

def _time_text(meeting: Meeting) -> str:
    if meeting.start_time and meeting.end_time:
        return f"kl. {clock(meeting.start_time)}–{clock(meeting.end_time)}"
    if meeting.start_time:
        return f"kl. {clock(meeting.start_time)}"
    return "ikke fastsatt"


def _notice_pdf_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("documents:notice", args=[meeting.body.slug, meeting.date.isoformat(), "pdf"])


def subject(meeting: Meeting, kind: str) -> str:
    return f"{KIND_LABELS[kind]}: {meeting_label(meeting)}"


def body_text(meeting: Meeting, kind: str, changes: list[str] = (), pdf_attached: bool = True) -> str:
    """The message in plain text (Norwegian: the council's language, whatever the sender's interface)."""
    name = meeting.body.display_name(meeting.date)
    if kind == CANCELLATION:
        lines = [f"Møtet i {name} {long_date(meeting.date)} ({meeting.title}) er avlyst."]
        if meeting.cancel_reason:
            lines += ["", f"Grunn: {meeting.cancel_reason}"]
        lines += ["", "Kalenderoppføringen fjernes med vedlagte avlysning (invitation.ics).",
                  "", f"Møtesiden: {calendar.meeting_url(meeting)}"]
    else:
        heading = f"Innkalling til møte i {name}"
        lines = [f"Endret innkalling til møte i {name}" if kind == UPDATE else heading, ""]
        if changes:
            lines += ["Dette er endret siden forrige innkalling:", *[f"- {c}" for c in changes], ""]
        lines += [
            f"Møte: {meeting.title}",
            f"Dato: {weekday_date(meeting.date)}",
            f"Tid: {_time_text(meeting)}",
            f"Sted: {meeting.location or 'ikke fastsatt'}",
        ]
        agenda = [
            f"{item.case.case_number} {item.case.title}" if item.case_id else item.label
            for item in selectors.agenda(meeting)
            if item.case_id or item.kind == AgendaItem.Kind.ITEM
        ]
        if agenda:
            lines += ["", "Dagsorden:", *[f"  {line}" for line in agenda]]
        lines += [
            "",
            f"Møtesiden: {calendar.meeting_url(meeting)}",
            f"Innkallingen som PDF: {_notice_pdf_url(meeting)}" + (" (også vedlagt)" if pdf_attached else ""),
            "Kalenderinvitasjonen er vedlagt (invitation.ics).",
        ]
    lines += ["", "Med vennlig hilsen", secretariat_of(meeting.body, meeting.date), "",
              "Denne e-posten er sendt automatisk og kan ikke besvares. Meld forfall på møtesiden."]
    return "\n".join(lines) + "\n"


def notice_pdf(meeting: Meeting) -> tuple[str, bytes] | None:
    """(file name, bytes) of the notice PDF as the documents app renders it; None if it cannot be
    made, so the notice still goes out (with the link) and the publishing is not undone."""
    from radsmodell.documents import render

    try:
        context = render.build_context("notice", meeting, AnonymousUser())
        return render.filename(context, "pdf"), render.render(context, "pdf")
    except Exception:  # noqa: BLE001 - the message carries the link to the PDF instead
        logger.exception("the notice PDF of %s could not be made for the e-mail", meeting.key)
        return None


def build_message(meeting: Meeting, recipient: Recipient, kind: str, *, pdf: tuple[str, bytes] | None = None,
                  changes: list[str] = ()) -> EmailMessage:
    """One message to one recipient: text and calendar as alternatives, the PDF and invitation.ics attached."""
    method = calendar.CANCEL if kind == CANCELLATION else calendar.REQUEST
    ics = calendar.calendar([meeting], method, attendees=[calendar.Attendee(recipient.name, recipient.address)])
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText(body_text(meeting, kind, changes, pdf is not None), "plain", _QP))
    invitation = MIMEText(ics.decode("utf-8"), "calendar", _QP)
    invitation.set_param("method", method)
    alternative.attach(invitation)
    message = EmailMessage(subject(meeting, kind), "", to=[recipient.to])
    message.attach(alternative)  # the text and the invitation, before the attachments
    if pdf is not None:
        message.attach(pdf[0], pdf[1], "application/pdf")
    message.attach(INVITATION_FILE, ics, "application/ics")
    return message


# --- sending ----------------------------------------------------------------------------------

@dataclass
class Sent:
    """What a send made: the messages (one per recipient with an address) and who has no address."""
    mails: list[OutgoingMail]
    without_address: list[Recipient]


def _send(meeting: Meeting, kind: str, to: list[Recipient], changes: list[str] = (), by=None) -> Sent:
    with translation.override("nb"):
        reachable = [r for r in to if r.address]
        missing = [r for r in to if not r.address]
        if not reachable:
            return Sent([], missing)
        pdf = notice_pdf(meeting) if kind != CANCELLATION else None
        messages = [build_message(meeting, r, kind, pdf=pdf, changes=changes) for r in reachable]
        made = mail.queue(messages, kind=kind, about=about(meeting), by=by if by is not None else history.acting_user())
        return Sent(made, missing)


def send_notice(meeting: Meeting, to: list[Recipient] | None = None, by=None) -> Sent:
    """(Re)send the notice of a published meeting: to every recipient, or only to `to`."""
    if not meeting.is_published:
        raise ValidationError({"meeting": _("Innkallingen til %(meeting)s er ikke publisert.") % {
            "meeting": meeting.title}})
    if meeting.is_cancelled:
        raise ValidationError({"meeting": _("%(meeting)s er avlyst; innkallingen sendes ikke.") % {
            "meeting": meeting.title}})
    return _send(meeting, NOTICE, recipients(meeting) if to is None else to, by=by)


def notice_published(meeting: Meeting) -> Sent | None:
    """Called by services.publish_notice: the notice goes out to a meeting still to come (a past
    meeting published for the record calls no one)."""
    if meeting.date < timezone.localdate():
        return None
    return send_notice(meeting)


def _change_lines(meeting: Meeting, before: dict) -> list[str]:
    lines = []
    if before["date"] != meeting.date:
        lines.append(f"Dato: {long_date(meeting.date)} (var {long_date(before['date'])})")
    old_time = (before["start_time"], before["end_time"])
    if old_time != (meeting.start_time, meeting.end_time):
        was = Meeting(date=before["date"], start_time=before["start_time"], end_time=before["end_time"])
        lines.append(f"Tid: {_time_text(meeting)} (var {_time_text(was)})")
    if before["location"] != meeting.location:
        lines.append(f"Sted: {meeting.location or 'ikke fastsatt'} (var {before['location'] or 'ikke fastsatt'})")
    return lines


def details_before(meeting: Meeting) -> dict:
    """What a change is compared with (`meeting_changed`): read before the meeting is changed."""
    return {"date": meeting.date, "start_time": meeting.start_time, "end_time": meeting.end_time,
            "location": meeting.location}


def meeting_changed(meeting: Meeting, before: dict) -> Sent | None:
    """Called by services.update_meeting: a new date, time or place of a published meeting still to
    come is sent as an update of the same calendar event (same UID, SEQUENCE raised)."""
    changes = _change_lines(meeting, before)
    if not changes or not meeting.is_published or meeting.is_cancelled or meeting.date < timezone.localdate():
        return None
    # Bookkeeping of what calendars were sent, updated past the change log (the change itself is in it).
    Meeting.objects.filter(pk=meeting.pk).update(calendar_sequence=F("calendar_sequence") + 1)
    meeting.refresh_from_db(fields=["calendar_sequence"])
    return _send(meeting, UPDATE, _unique(recipients(meeting) + _earlier_recipients(meeting)), changes)


@transaction.atomic
def cancel_meeting(meeting: Meeting, reason: str, by=None) -> Sent:
    """Cancel a published meeting still to come; everyone called gets the cancellation."""
    from .services import ensure_agenda_open

    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    ensure_agenda_open(meeting)
    if meeting.is_cancelled:
        raise ValidationError({"reason": _("%(meeting)s er allerede avlyst.") % {"meeting": meeting.title}})
    if not meeting.is_published:
        raise ValidationError({"reason": _(
            "Innkallingen er ikke publisert; et møte ingen er innkalt til, avlyses ikke.")})
    if meeting.date < timezone.localdate():
        raise ValidationError({"reason": _("Møtet %(day)s er allerede holdt.") % {"day": long_date(meeting.date)}})
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor møtet avlyses.")})
    meeting.cancelled_at = timezone.now()
    meeting.cancel_reason = reason.strip()
    meeting.calendar_sequence += 1
    meeting.full_clean(validate_unique=False, validate_constraints=False)
    meeting.save()
    return _send(meeting, CANCELLATION, _unique(recipients(meeting) + _earlier_recipients(meeting)), by=by)


@transaction.atomic
def set_notice_guests(meeting: Meeting, text: str) -> Meeting:
    """The guests who get the notice besides the members: «Navn <adresse>», one a line."""
    guests = parse_addresses(text, "guests")
    meeting.notice_guests = [{"name": g.name, "email": g.address} for g in guests]
    meeting.save(update_fields=["notice_guests"])
    return meeting


# --- the log ----------------------------------------------------------------------------------

def mail_log(meeting: Meeting):
    return OutgoingMail.objects.filter(about=about(meeting)).order_by("-created", "-id")


def retry(meeting: Meeting, ids: list[int] | None = None) -> tuple[int, int]:
    """Send the meeting's failed messages again (those named by `ids`, else all): (sent, failed)."""
    failed = mail_log(meeting).filter(status=OutgoingMail.Status.FAILED)
    if ids is not None:
        failed = failed.filter(pk__in=ids)
    return mail.retry(list(failed))
