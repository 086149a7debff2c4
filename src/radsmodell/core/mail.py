"""Outgoing e-mail. Every message is stored (`OutgoingMail`, one per recipient) in the transaction
that makes it and sent only after that transaction commits: publishing a notice never fails, and
never rolls back, because the mail server is down. A message the server refuses is kept as failed,
with the error, and is sent again as it was made by `retry()` (the resend button, and every run of
`radsmodell send-reminders`).

Senders build ordinary `EmailMessage`s, one recipient each, and hand them to `queue()`. A `key`
makes a message idempotent: a second message with a key already stored is not made (one reminder
digest per owner per day).
"""
import logging
from datetime import timedelta
from email.utils import formatdate, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutgoingMail

logger = logging.getLogger("radsmodell.mail")

# A message still pending this long after it was made lost its sender (the process stopped
# between the commit and the send): `retry()` sends it.
STALE_PENDING = timedelta(minutes=10)


def queue(messages, *, kind: str, about: str = "", keys=None, by=None) -> list[OutgoingMail]:
    """Store the messages and send them once the current transaction commits (at once outside one).

    Each message has exactly one address in `to`. `keys`, when given, runs parallel to `messages`;
    a message whose key is already stored is skipped. Returns the stored messages made now.
    """
    messages = list(messages)
    keys = list(keys) if keys is not None else [""] * len(messages)
    made: list[tuple[OutgoingMail, EmailMessage]] = []
    for message, key in zip(messages, keys, strict=True):
        if len(message.to) != 1 or message.cc or message.bcc:
            raise ValueError("one recipient per message: the log says who got what")
        if key and OutgoingMail.objects.filter(key=key).exists():
            continue
        name, address = _split(message.to[0])
        message.from_email = message.from_email or settings.DEFAULT_FROM_EMAIL
        # Fixed now, so the stored copy and the message sent are the same message.
        message.extra_headers.setdefault("Message-ID", make_msgid(domain=DNS_NAME))
        message.extra_headers.setdefault("Date", formatdate(localtime=True))
        mail = OutgoingMail(
            kind=kind, about=about, recipient=address, recipient_name=name, subject=message.subject[:300],
            raw=message.message().as_bytes(), from_address=message.from_email, key=key,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        try:
            with transaction.atomic():
                mail.save()
        except IntegrityError:  # the same key made by a run at the same moment
            continue
        made.append((mail, message))
    if made:
        transaction.on_commit(lambda: _deliver(made))
    return [mail for mail, _message in made]


def retry(mails=None) -> tuple[int, int]:
    """Send the failed messages again (and those left pending by a stopped process); (sent, failed)."""
    if mails is None:
        stale = timezone.now() - STALE_PENDING
        mails = OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED) | OutgoingMail.objects.filter(
            status=OutgoingMail.Status.PENDING, created__lt=stale)
    return _deliver([(mail, _Stored(mail)) for mail in mails if mail.status != OutgoingMail.Status.SENT])


def _deliver(pairs) -> tuple[int, int]:
    """Send over one connection; record each message's outcome, whatever happens to the others."""
    sent = failed = 0
    try:
        connection = get_connection()
        connection.open()
    except Exception as error:  # noqa: BLE001 - any failure to reach the server is recorded, not raised
        for mail, _message in pairs:
            _record(mail, error)
        return 0, len(pairs)
    try:
        for mail, message in pairs:
            message.connection = connection
            try:
                delivered = connection.send_messages([message])
            except Exception as error:  # noqa: BLE001
                _record(mail, error)
                failed += 1
                continue
            if delivered:
                _record(mail, None)
                sent += 1
            else:
                _record(mail, RuntimeError("the mail backend did not send the message"))
                failed += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - the messages are already recorded
            logger.warning("closing the mail connection failed", exc_info=True)
    return sent, failed


def _record(mail: OutgoingMail, error: Exception | None) -> None:
    mail.attempts += 1
    if error is None:
        mail.status, mail.error, mail.sent_at = OutgoingMail.Status.SENT, "", timezone.now()
    else:
        mail.status, mail.error = OutgoingMail.Status.FAILED, f"{type(error).__name__}: {error}"[:2000]
        logger.warning("e-mail to %s (%s) failed: %s", mail.recipient, mail.kind, mail.error)
    mail.save(update_fields=["attempts", "status", "error", "sent_at"])


def _split(address: str) -> tuple[str, str]:
    return parseaddr(address)


class _RawMIME:
    """A stored message as the mail backends read one: its bytes, with the line endings asked for."""

    def __init__(self, raw: bytes):
        self._raw = raw

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self._raw.replace(b"\r\n", b"\n").replace(b"\n", linesep.encode())

    def get_charset(self):
        return None


class _Stored(EmailMessage):
    """A stored message sent again: the envelope from the log, the content byte for byte as made."""

    def __init__(self, mail: OutgoingMail):
        super().__init__(subject=mail.subject, from_email=mail.from_address, to=[mail.recipient])
        self._raw = bytes(mail.raw)

    def message(self, *, policy=None):
        return _RawMIME(self._raw)
