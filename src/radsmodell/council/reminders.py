"""The reminder digest (`radsmodell send-reminders`): one e-mail per recipient listing the open action
items and commissions they own, overdue first, then the open ones by due date.

Who gets an item: the owner person's address (their account's, else the register's); else the owner
organisation's address for follow-up. A commission goes to its receiving organisation's address. What
reaches nobody goes to the secretariat (every account in the group with an address), marked as such, so
the owner can be set. An owner outside the council sees only what the public may see: an item whose
minutes are not approved goes to the owner person only when that person has an account (their own item
is theirs to see), otherwise to the secretariat.

Idempotent per day: each digest has the key digest:<date>:<address> (core/mail.py), so a second run the
same day makes no new message. Every run first sends again what failed before (core.mail.retry).
"""
import hashlib
from dataclasses import dataclass, field
from datetime import date
from email.utils import formataddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from radsmodell.core import mail
from radsmodell.core.formatting import long_date
from radsmodell.core.models import OutgoingMail
from radsmodell.core.roles import SECRETARIAT

from .models import ActionItem, Commission

KIND = "digest"


@dataclass
class Entry:
    """One line of a digest: an action item or a commission."""
    kind: str  # as the mail names it: "Aksjonspunkt", "Oppdrag"
    reference: str  # "NUIT 9/24", "TB2024-79"
    text: str
    due: date | None
    due_text: str  # the deadline as the source writes it, when it is no date
    since: date | None  # given
    url: str
    overdue: bool
    owner: str  # as the register or the minutes name the owner
    unreachable: str = ""  # why it goes to the secretariat, for the secretariat's digest

    def sort_key(self):
        return (not self.overdue, self.due is None, self.due or date.max, self.since or date.max, self.reference)


@dataclass
class Digest:
    address: str
    name: str
    day: date
    entries: list[Entry] = field(default_factory=list)

    @property
    def key(self) -> str:
        return digest_key(self.day, self.address)

    @property
    def overdue(self) -> list[Entry]:
        return sorted((e for e in self.entries if e.overdue), key=Entry.sort_key)

    @property
    def open(self) -> list[Entry]:
        return sorted((e for e in self.entries if not e.overdue), key=Entry.sort_key)


def digest_key(day: date, address: str) -> str:
    key = f"digest:{day.isoformat()}:{address.lower()}"
    if len(key) > 200:  # OutgoingMail.key's length; an absurdly long address is still one key per day
        key = f"digest:{day.isoformat()}:{hashlib.sha256(address.lower().encode()).hexdigest()}"
    return key


def _url(name: str, pk: int) -> str:
    try:
        return settings.SITE_URL + reverse(name, args=[pk])
    except NoReverseMatch:  # a page not (yet) served: the line goes without its link
        return ""


def _item_entry(item: ActionItem, today: date) -> Entry:
    return Entry(kind=_("Aksjonspunkt"), reference=f"{item.case.body.short_name} {item.case.case_number}",
                 text=item.text, due=item.due, due_text="", since=item.created,
                 url=_url("council:action_item", item.pk), overdue=item.is_overdue(today),
                 owner=item.owner_person.name if item.owner_person else (
                     item.owner_organisation.name if item.owner_organisation else item.owner))


def _commission_entry(commission: Commission, today: date) -> Entry:
    return Entry(kind=_("Oppdrag"), reference=commission.reference or _("uten referanse"), text=commission.title,
                 due=commission.deadline, due_text=commission.deadline_text, since=commission.given,
                 url=_url("council:commission", commission.pk), overdue=commission.is_overdue(today),
                 owner=commission.receiver.name)


def _item_recipient(item: ActionItem) -> tuple[str, str] | str:
    """(address, name), or why there is none."""
    person, organisation = item.owner_person, item.owner_organisation
    public = item.case.meeting is None or item.case.meeting.minutes_locked
    if person is not None and person.address and (public or person.user_id):
        return person.address, person.name
    if organisation is not None and organisation.email and public:
        return organisation.email, organisation.name
    if not public and ((person and person.address) or (organisation and organisation.email)):
        return _("referatet er ikke godkjent, så det sendes ikke til ansvarlig ennå")
    if person is None and organisation is None:
        return _("ingen ansvarlig organisasjon eller person er satt")
    return _("ansvarlig har ingen e-postadresse")


def _commission_recipient(commission: Commission) -> tuple[str, str] | str:
    if commission.receiver.email:
        return commission.receiver.email, commission.receiver.name
    return _("mottakeren har ingen e-postadresse")


def secretariat_recipients() -> list[tuple[str, str]]:
    users = get_user_model().objects.filter(groups__name=SECRETARIAT, is_active=True).exclude(email="").order_by("id")
    return [(user.email, user.get_full_name() or user.username) for user in users]


@dataclass
class Plan:
    day: date
    digests: list[Digest]
    unsent: list[Entry]  # reaches nobody: no owner address and no secretariat address either


def plan(day: date) -> Plan:
    """Who gets what on `day`: one digest per address (case aside)."""
    digests: dict[str, Digest] = {}
    homeless: list[Entry] = []

    def add(recipient, entry: Entry):
        if isinstance(recipient, str):
            entry.unreachable = recipient
            homeless.append(entry)
            return
        address, name = recipient
        digests.setdefault(address.lower(), Digest(address=address, name=name, day=day)).entries.append(entry)

    items = ActionItem.objects.filter(closed__isnull=True).select_related(
        "case__body", "case__meeting", "owner_person__user", "owner_organisation").order_by("created", "id")
    for item in items:
        add(_item_recipient(item), _item_entry(item, day))
    commissions = Commission.objects.filter(status__in=[Commission.Status.GIVEN, Commission.Status.IN_PROGRESS]
                                            ).select_related("receiver").order_by("id")
    for commission in commissions:
        add(_commission_recipient(commission), _commission_entry(commission, day))

    secretariat = secretariat_recipients()
    if homeless:
        for address, name in secretariat:
            digests.setdefault(address.lower(), Digest(address=address, name=name, day=day)).entries.extend(homeless)
    return Plan(day, list(digests.values()), homeless if not secretariat else [])


# --- The message -------------------------------------------------------------------------------

def _lines(entry: Entry, day: date) -> list[str]:
    if entry.due:
        due = long_date(entry.due)
        if entry.overdue:
            late = (day - entry.due).days
            due += " " + ngettext("(forfalt for %(n)s dag siden)", "(forfalt for %(n)s dager siden)",
                                  late) % {"n": late}
    else:
        due = entry.due_text or _("ingen frist")
    lines = [f"- {entry.kind} {entry.reference}: {entry.text}",
             "  " + _("Frist: %(due)s") % {"due": due}]
    if entry.since:
        age = (day - entry.since).days
        lines[-1] += " · " + ngettext("Alder: %(n)s dag", "Alder: %(n)s dager", age) % {"n": age}
    if entry.unreachable:
        lines.append("  " + _("Til sekretariatet fordi %(why)s (ansvarlig: %(owner)s).") % {
            "why": entry.unreachable, "owner": entry.owner})
    if entry.url:
        lines.append("  " + entry.url)
    return lines


def message(digest: Digest) -> EmailMessage:
    day, overdue, still_open = digest.day, digest.overdue, digest.open
    subject = _("Påminnelse %(day)s: %(overdue)s forfalt, %(open)s åpne aksjonspunkter og oppdrag") % {
        "day": long_date(day), "overdue": len(overdue), "open": len(still_open)}
    body = [_("Hei %(name)s,") % {"name": digest.name}, "",
            _("Her er aksjonspunktene og oppdragene i rådsmodellen som venter på deg, per %(day)s. De forfalte "
              "står først.") % {"day": long_date(day)}]
    if any(entry.unreachable for entry in digest.entries):
        body += ["", _("Noen av dem har ingen mottaker og sendes derfor til sekretariatet. Sett ansvarlig og "
                       "e-postadresse på aksjonspunktet eller organisasjonen, så går påminnelsen dit.")]
    for heading, entries in ((_("Forfalt"), overdue), (_("Åpne"), still_open)):
        if entries:
            body += ["", f"{heading.upper()} ({len(entries)})"]
            for entry in entries:
                body += _lines(entry, day)
    body += ["", _("Oversikten over alle aksjonspunkter: %(url)s") % {
        "url": settings.SITE_URL + reverse("council:action_items")}, "",
             _("Påminnelsen sendes ukentlig fra Rådsmodell.")]
    return EmailMessage(subject, "\n".join(body) + "\n", to=[formataddr((digest.name, digest.address))])


# --- Sending -----------------------------------------------------------------------------------

@dataclass
class Report:
    retried_sent: int = 0
    retried_failed: int = 0
    sent: int = 0
    failed: int = 0
    already: int = 0
    plan: Plan | None = None


def already_sent(digests: list[Digest]) -> set[str]:
    return set(OutgoingMail.objects.filter(key__in=[d.key for d in digests]).values_list("key", flat=True))


def send(day: date, *, dry_run: bool = False) -> Report:
    """Send again what failed before, then the day's digests not yet made; `dry_run` sends nothing."""
    report = Report()
    if not dry_run:
        report.retried_sent, report.retried_failed = mail.retry()
    report.plan = plan(day)
    done = already_sent(report.plan.digests)
    report.already = len(done)
    if dry_run:
        return report
    new = [digest for digest in report.plan.digests if digest.key not in done]
    with transaction.atomic():  # stored together; sent once stored (core/mail.py)
        made = mail.queue([message(digest) for digest in new], kind=KIND, about=f"reminders:{day.isoformat()}",
                          keys=[digest.key for digest in new])
    statuses = dict(OutgoingMail.objects.filter(pk__in=[m.pk for m in made]).values_list("pk", "status"))
    report.sent = sum(1 for status in statuses.values() if status == OutgoingMail.Status.SENT)
    report.failed = len(made) - report.sent
    report.already += len(new) - len(made)  # made by a run at the same moment
    return report
