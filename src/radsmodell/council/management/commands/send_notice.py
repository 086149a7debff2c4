"""radsmodell send-notice --meeting nuit/2024-05-15 [--to ADDRESS …]

(Re)sends the notice of a published meeting by e-mail, with the PDF and the calendar invitation:
to every recipient (members, registered substitutes and guests), or with --to only to those
addresses. Prints each message's outcome; exits 1 when the meeting is unknown or unpublished, or
when a message could not be sent (it is kept as failed and can be sent again).
"""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from radsmodell.core import history
from radsmodell.documents.registry import SubjectNotFound

from ... import notice_mail
from ...documents import find_meeting


class Command(BaseCommand):
    help = "Send innkallingen til et publisert møte på e-post (med PDF og kalenderinvitasjon)."

    def add_arguments(self, parser):
        parser.add_argument("--meeting", required=True, help="møtet som organ/dato, for eksempel nuit/2024-05-15")
        parser.add_argument("--to", action="append", default=[], metavar="ADRESSE",
                            help="send bare til denne adressen (kan gjentas); uten: til alle mottakerne")

    def handle(self, *args, meeting, to, **options):
        try:
            found = find_meeting(meeting.strip())
        except SubjectNotFound as error:
            raise CommandError(f"--meeting: {error}") from None
        try:
            user = history.console_user()
            addresses = notice_mail.parse_addresses("\n".join(to), "to") if to else None
            with history.acting_as(user):
                sent = notice_mail.send_notice(found, addresses, by=user)
        except history.UnknownUser as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(f"{found.key}: {' '.join(error.messages)}") from None
        failed = 0
        for mail in sent.mails:
            if mail.status == mail.Status.SENT:
                self.stdout.write(f"Sendt: {mail.recipient}")
            else:
                failed += 1
                self.stdout.write(f"Feilet: {mail.recipient}: {mail.error or mail.get_status_display()}")
        for recipient in sent.without_address:
            self.stdout.write(f"Uten e-postadresse, ikke sendt: {recipient.name}")
        if not sent.mails:
            self.stdout.write("Ingen e-post sendt: ingen av mottakerne har e-postadresse.")
        if failed:
            raise CommandError(f"{failed} av {len(sent.mails)} e-poster feilet; de sendes på nytt med "
                               "«Send på nytt» på møtesiden eller neste «radsmodell send-reminders».")
