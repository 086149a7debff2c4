"""{% notice_mail_panel meeting as panel %}: what the secretariat's notice panel on the meeting page
shows (council/_mail_log.html): the recipients, those without an address, the log of every message
and the forms; None for anyone else, who sees no addresses."""
from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from radsmodell.core.models import OutgoingMail
from radsmodell.core.roles import is_secretariat

from .. import notice_mail, notice_views

register = template.Library()

KINDS = {notice_mail.NOTICE: _("Innkalling"), notice_mail.UPDATE: _("Endret innkalling"),
         notice_mail.CANCELLATION: _("Avlysning")}
WHY = {"medlem": _("medlem"), "stedfortreder": _("stedfortreder"), "gjest": _("gjest")}


@register.simple_tag(takes_context=True)
def notice_mail_panel(context, meeting):
    request = context.get("request")
    if request is None or not is_secretariat(request.user):
        return None
    forms = notice_views.panel_forms(meeting)
    forms.update(context.get("notice_forms") or {})
    recipients = notice_mail.recipients(meeting)
    log = list(notice_mail.mail_log(meeting).defer("raw").select_related("created_by"))
    for row in log:
        row.kind_label = KINDS.get(row.kind, row.kind)
        row.local_created = timezone.localtime(row.created)  # the Oslo day, not the stored UTC one
    return {
        "recipients": [(r, WHY.get(r.why, r.why)) for r in recipients],
        "reachable": sum(1 for r in recipients if r.address),
        "without_address": [r for r in recipients if not r.address],
        "log": log,
        "failed": [row for row in log if row.status == OutgoingMail.Status.FAILED],
        "forms": forms,
        "upcoming": meeting.date >= timezone.localdate(),
        "may_send": meeting.is_published and not meeting.is_cancelled,
        "may_cancel": (meeting.is_published and not meeting.is_cancelled and not meeting.minutes_locked
                       and meeting.date >= timezone.localdate()),
    }
