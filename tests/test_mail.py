"""Outgoing e-mail (core/mail.py) against a real SMTP server: stored, sent after the commit, never
sent for a rolled-back change, kept as failed when refused and sent again as it was made."""
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from radsmodell.core import mail
from radsmodell.core.models import OutgoingMail

pytestmark = pytest.mark.django_db(transaction=True)


def _message(to="Kari Nordmann <kari@example.org>", subject="Innkalling: NUIT 2/2024"):
    return EmailMessage(subject, "Velkommen til møtet 15. mai.", to=[to])


def test_a_message_is_sent_only_when_the_transaction_commits(smtp_server):
    with transaction.atomic():
        mail.queue([_message()], kind="notice", about="meeting:nuit/2024-05-15")
        assert smtp_server.inbox.messages == []
        assert OutgoingMail.objects.get().status == OutgoingMail.Status.PENDING
    [arrived] = smtp_server.inbox.messages
    assert arrived["Subject"] == "Innkalling: NUIT 2/2024"
    assert arrived["To"] == "Kari Nordmann <kari@example.org>"
    logged = OutgoingMail.objects.get()
    assert (logged.status, logged.recipient, logged.recipient_name, logged.attempts) == (
        "sent", "kari@example.org", "Kari Nordmann", 1)
    assert logged.sent_at is not None


def test_a_rolled_back_change_sends_nothing_and_logs_nothing(smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.queue([_message()], kind="notice")
        raise RuntimeError("the publishing failed")
    assert smtp_server.inbox.messages == []
    assert not OutgoingMail.objects.exists()


def test_a_refused_message_is_kept_as_failed_and_sent_again_unchanged(smtp_server):
    smtp_server.inbox.refuse = True
    mail.queue([_message()], kind="notice")
    failed = OutgoingMail.objects.get()
    assert failed.status == "failed"
    assert "554" in failed.error
    smtp_server.inbox.refuse = False

    assert mail.retry() == (1, 0)
    [arrived] = smtp_server.inbox.messages
    assert arrived["Message-ID"] in bytes(failed.raw).decode()
    assert arrived.get_content().strip() == "Velkommen til møtet 15. mai."
    assert OutgoingMail.objects.get().status == "sent"
    assert OutgoingMail.objects.get().attempts == 2
    assert mail.retry() == (0, 0)  # nothing left to send


def test_a_server_that_cannot_be_reached_fails_every_message_without_raising(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    mail.queue([_message(), _message(to="ola@example.org")], kind="notice")
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"failed"}


def test_a_key_already_sent_makes_no_second_message(smtp_server):
    key = "digest:2026-12-07:kari@example.org"
    assert len(mail.queue([_message()], kind="digest", keys=[key])) == 1
    assert mail.queue([_message()], kind="digest", keys=[key]) == []
    assert len(smtp_server.inbox.messages) == 1


def test_a_message_left_pending_by_a_stopped_process_is_sent_by_the_next_retry(smtp_server):
    smtp_server.inbox.refuse = True
    mail.queue([_message()], kind="notice")
    OutgoingMail.objects.update(status="pending", created=timezone.now() - timedelta(hours=1))
    smtp_server.inbox.refuse = False
    assert mail.retry() == (1, 0)
    assert len(smtp_server.inbox.messages) == 1


def test_one_recipient_per_message_so_the_log_says_who_got_what():
    with pytest.raises(ValueError):
        mail.queue([EmailMessage("x", "y", to=["a@example.org", "b@example.org"])], kind="notice")
