"""radsmodell send-reminders: the weekly digest of open and overdue action items and commissions, one
e-mail per recipient (council/reminders.py). Safe to run from cron: a second run the same day sends
nothing new, and every run first sends again what failed before."""
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from radsmodell.council import reminders


class Command(BaseCommand):
    # Console help, like Django's own commands: not translated.
    help = ("Send påminnelsen om åpne og forfalte aksjonspunkter og oppdrag: én e-post per mottaker, de forfalte "
            "først. En ny kjøring samme dag sender ingenting nytt; e-post som feilet før, sendes på nytt.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="vis hvem som ville fått hva, uten å sende")
        parser.add_argument("--date", dest="day", help="dagen påminnelsen gjelder, ÅÅÅÅ-MM-DD (standard: i dag)")

    def handle(self, *args, dry_run=False, day=None, **options):
        day = self._day(day)
        report = reminders.send(day, dry_run=dry_run)
        if dry_run:
            self._show_plan(report)
            return
        if report.retried_sent or report.retried_failed:
            self.stdout.write(_("Sendt på nytt: %(sent)s av %(all)s som feilet tidligere.") % {
                "sent": report.retried_sent, "all": report.retried_sent + report.retried_failed})
        else:
            self.stdout.write(_("Ingen tidligere e-post ventet på et nytt forsøk."))
        self._warn_unsent(report)
        self.stdout.write(_("%(sent)s sendt, %(already)s allerede sendt i dag") % {
            "sent": report.sent, "already": report.already})
        if report.failed or report.retried_failed:
            raise CommandError(ngettext(
                "%(n)s e-post kunne ikke sendes; den sendes på nytt ved neste kjøring.",
                "%(n)s e-poster kunne ikke sendes; de sendes på nytt ved neste kjøring.",
                report.failed + report.retried_failed) % {"n": report.failed + report.retried_failed})

    def _day(self, text: str | None) -> date:
        if not text:
            return timezone.localdate()
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise CommandError(_("--date «%(text)s» er ikke en dato (ÅÅÅÅ-MM-DD).") % {"text": text}) from None

    def _show_plan(self, report: reminders.Report) -> None:
        plan = report.plan
        done = reminders.already_sent(plan.digests)
        self.stdout.write(_("Tørrkjøring for %(day)s: ingenting sendes.") % {"day": plan.day.isoformat()})
        if not plan.digests:
            self.stdout.write(_("Ingen har åpne aksjonspunkter eller oppdrag med en e-postadresse å sende til."))
        for digest in plan.digests:
            note = _(" (allerede sendt i dag)") if digest.key in done else ""
            self.stdout.write(_("%(name)s <%(address)s>: %(overdue)s forfalt, %(open)s åpne%(note)s") % {
                "name": digest.name, "address": digest.address, "overdue": len(digest.overdue),
                "open": len(digest.open), "note": note})
            for label, entries in ((_("forfalt"), digest.overdue), (_("åpent"), digest.open)):
                for entry in entries:
                    due = entry.due.isoformat() if entry.due else (entry.due_text or _("ingen frist"))
                    self.stdout.write(f"  - [{label}] {entry.kind} {entry.reference}: {entry.text[:80]} ({due})")
        self._warn_unsent(report)

    def _warn_unsent(self, report: reminders.Report) -> None:
        if report.plan.unsent:
            self.stderr.write(ngettext(
                "%(n)s aksjonspunkt eller oppdrag har ingen mottaker, og ingen i sekretariatet har e-postadresse.",
                "%(n)s aksjonspunkter og oppdrag har ingen mottaker, og ingen i sekretariatet har e-postadresse.",
                len(report.plan.unsent)) % {"n": len(report.plan.unsent)})
