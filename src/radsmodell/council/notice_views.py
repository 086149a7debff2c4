"""The notice's calendar files and e-mail: the .ics of one meeting and the feed per body (public,
with the same visibility as the meeting pages), and the secretariat's sending, resending,
guests and cancellation on the meeting page (notice_mail.py does the work)."""
from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core import confirm
from radsmodell.core.forms import StyledForm, submit
from radsmodell.core.models import OutgoingMail
from radsmodell.core.roles import Role, access, secretariat_action

from . import calendar, notice_mail, selectors
from .models import AgendaItem, Body, Meeting

# --- forms ------------------------------------------------------------------------------------


class ResendForm(StyledForm):
    addresses = forms.CharField(
        label=gettext_lazy("Bare til disse adressene"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Én adresse per linje, som «Kari Nordmann <kari@example.org>». Tomt: alle "
                               "mottakerne over."),
    )


class GuestsForm(StyledForm):
    guests = forms.CharField(
        label=gettext_lazy("Gjester som får innkallingen"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Én per linje, som «Kari Nordmann <kari@example.org>»."),
    )


class CancelForm(StyledForm):
    reason = forms.CharField(label=gettext_lazy("Hvorfor avlyses møtet?"), max_length=300,
                             help_text=gettext_lazy("Står i avlysningen som sendes, og på møtesiden."),
                             error_messages={"required": gettext_lazy("Skriv hvorfor møtet avlyses.")})


def guests_text(meeting: Meeting) -> str:
    return "\n".join(f"{g.get('name')} <{g.get('email')}>" if g.get("name") else g.get("email", "")
                     for g in meeting.notice_guests or [])


def panel_forms(meeting: Meeting) -> dict:
    """The unbound forms of the notice panel (the templatetag gives them to _mail_log.html)."""
    return {
        "resend": ResendForm(prefix="resend"),
        "guests": GuestsForm(prefix="guests", initial={"guests": guests_text(meeting)}),
        "cancel": CancelForm(prefix="cancel"),
    }


# --- calendar files ---------------------------------------------------------------------------

def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _with_agenda(meetings):
    return meetings.select_related("body").prefetch_related(
        "body__later_names",
        Prefetch("agenda", queryset=AgendaItem.objects.select_related("case").order_by("position")),
    )


@access(read=Role.PUBLIC, scope="published meetings")
def body_calendar(request, body):
    """Every published meeting of the body, cancelled ones as cancelled: a feed to subscribe to."""
    found = get_object_or_404(Body, slug=body)
    meetings = _with_agenda(Meeting.objects.filter(body=found, notice_published_at__isnull=False).order_by("date"))
    return _ics_response(calendar.calendar(meetings, calendar.PUBLISH), f"{found.slug}-moter.ics")


@access(read=Role.PUBLIC, scope="the meeting's visibility")
def meeting_calendar(request, body, day):
    """One meeting; 404 while the notice is unpublished, except for those who may see drafts."""
    meeting = selectors.get_meeting(request.user, body, day)
    meeting = _with_agenda(Meeting.objects.filter(pk=meeting.pk)).get()
    return _ics_response(calendar.calendar([meeting], calendar.PUBLISH),
                         f"innkalling-{meeting.body.slug}-{meeting.date.isoformat()}.ics")


# --- sending ----------------------------------------------------------------------------------

def _sent_message(request, sent: notice_mail.Sent) -> None:
    """What came of the sending (it is over once the change committed): sent, failed, not reached."""
    statuses = [m.status for m in sent.mails]
    failed = statuses.count(OutgoingMail.Status.FAILED)
    if failed:
        messages.error(request, _("%(failed)s av %(count)s e-poster kunne ikke sendes; se feilen i loggen og send "
                                  "dem på nytt.") % {"failed": failed, "count": len(statuses)})
    elif sent.mails:
        messages.success(request, _("Sendt til %(count)s mottakere.") % {"count": len(statuses)})
    else:
        messages.warning(request, _("Ingen e-post ble sendt: ingen av mottakerne har e-postadresse."))
    if sent.without_address:
        messages.warning(request, _("Uten e-postadresse: %(names)s.") % {
            "names": ", ".join(r.name for r in sent.without_address)})


def _meeting_page(request, meeting: Meeting, **bound):
    """The meeting page again with a bound form of the notice panel and its errors."""
    from .views import _meeting_context

    return render(request, "council/meeting.html", _meeting_context(request, meeting, notice_forms=bound), status=400)


@secretariat_action
def notice_resend(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    form = ResendForm(request.POST, prefix="resend")

    def send(data):
        to = notice_mail.parse_addresses(data["addresses"]) or None
        _sent_message(request, notice_mail.send_notice(meeting, to, by=request.user))

    return submit(request, form, send, "", f"{meeting.get_absolute_url()}#innkalling-epost",
                  lambda: _meeting_page(request, meeting, resend=form))


@secretariat_action
def notice_guests(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    form = GuestsForm(request.POST, prefix="guests")
    return submit(request, form, lambda data: notice_mail.set_notice_guests(meeting, data["guests"]),
                  _("Gjestene er lagret. De får innkallingen når den sendes."),
                  f"{meeting.get_absolute_url()}#innkalling-epost",
                  lambda: _meeting_page(request, meeting, guests=form))


@secretariat_action
def mail_retry(request, body, day):
    """Send the meeting's failed messages again: the one named by `mail`, or all of them."""
    meeting = selectors.get_meeting(request.user, body, day)
    chosen = request.POST.get("mail", "").strip()
    if chosen and not chosen.isdigit():
        messages.error(request, _("«%(value)s» er ikke en melding i loggen.") % {"value": chosen})
        return redirect(f"{meeting.get_absolute_url()}#innkalling-epost")
    sent, failed = notice_mail.retry(meeting, [int(chosen)] if chosen else None)
    if sent + failed == 0:
        messages.info(request, _("Ingen meldinger som feilet, å sende på nytt."))
    elif failed:
        messages.error(request, _("Sendt: %(sent)s. Feilet igjen: %(failed)s (se feilen i loggen).") % {
            "sent": sent, "failed": failed})
    else:
        messages.success(request, _("Sendt på nytt: %(sent)s.") % {"sent": sent})
    return redirect(f"{meeting.get_absolute_url()}#innkalling-epost")


@secretariat_action
def meeting_cancel(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    form = CancelForm(request.POST, prefix="cancel")
    if form.is_valid():  # asked only once there is a reason: what is wrong is said first
        question = confirm.ask(
            request, _("Avlyse %(meeting)s? Alle som er innkalt, får en avlysning, og møtet fjernes fra "
                       "kalenderne deres.") % {"meeting": meeting.title},
            action=_("Avlys møtet"), back=meeting.get_absolute_url())
        if question is not None:
            return question

    def cancel(data):
        sent = notice_mail.cancel_meeting(meeting, data["reason"], by=request.user)
        messages.success(request, _("Møtet er avlyst."))
        if sent.mails or sent.without_address:
            _sent_message(request, sent)

    return submit(request, form, cancel, "", meeting, lambda: _meeting_page(request, meeting, cancel=form))
