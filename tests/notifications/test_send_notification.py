"""The one notification service: rendered in the recipient's language, recorded, sent once."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications.models import OutgoingMessage
from notifications.services import (
    Attachment,
    deliver_message,
    due_message_ids,
    resend_message,
    send_notification,
)
from notifications.tasks import sweep_outgoing_mail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _welcome(user, key="welcome:test", **kwargs):
    return send_notification(
        to=user, template="emails/welcome", context={"user": user}, key=key, **kwargs
    )


def test_message_is_rendered_in_recipients_language_and_sent_after_commit(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(first_name="Айгуль", language="en")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _welcome(user)
        assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [user.email]
    assert "Welcome" in sent.subject
    assert "Hello, Айгуль!" in sent.body
    assert "/dashboard/" in sent.body
    html = sent.alternatives[0][0]
    assert "Open my dashboard" in html
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


def test_russian_is_the_default(django_capture_on_commit_callbacks):
    user = UserFactory(first_name="Бакыт", language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        _welcome(user)
    assert mail.outbox[0].subject == "EGED · Добро пожаловать на портал EGED"
    assert "Здравствуйте, Бакыт!" in mail.outbox[0].body


def test_kyrgyz_recipient_gets_kyrgyz(django_capture_on_commit_callbacks):
    user = UserFactory(first_name="Бакыт", language="ky")
    with django_capture_on_commit_callbacks(execute=True):
        _welcome(user)
    assert "Саламатсызбы, Бакыт!" in mail.outbox[0].body


def test_same_key_is_never_sent_twice(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = _welcome(user, key="decision:1")
        second = _welcome(user, key="decision:1")
    assert first.pk == second.pk
    assert OutgoingMessage.objects.count() == 1
    assert len(mail.outbox) == 1
    # Delivering the same record again (a retried task) sends nothing more.
    deliver_message(message_id=first.pk)
    assert len(mail.outbox) == 1


def test_attachments_travel_with_the_message(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _welcome(user, attachments=[Attachment("копия.pdf", b"%PDF-1.4 test", "application/pdf")])
    assert mail.outbox[0].attachments == [("копия.pdf", b"%PDF-1.4 test", "application/pdf")]


class RefusingBackend:
    """An SMTP server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.kg": (550, b"mailbox unavailable")})


def test_failure_is_recorded_and_retried_with_backoff(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.notifications.test_send_notification.RefusingBackend"
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message = _welcome(user)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.FAILED
    assert message.attempts == 1
    assert "SMTPRecipientsRefused" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert due_message_ids() == []  # back-off not over yet

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert due_message_ids() == [message.pk]
        assert sweep_outgoing_mail() == 1
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT
    assert message.attempts == 2
    assert len(mail.outbox) == 1


def test_gives_up_after_the_last_attempt_and_staff_can_resend(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_send_notification.RefusingBackend"
    settings.MAIL_MAX_ATTEMPTS = 2
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message = _welcome(user)
    deliver_message(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.GAVE_UP
    assert due_message_ids(now=timezone.now() + timedelta(days=30)) == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        resend_message(message=message)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_a_message_whose_task_was_lost_is_swept_up(django_capture_on_commit_callbacks):
    user = UserFactory()
    # The broker was down: the commit hook never reached a worker.
    with django_capture_on_commit_callbacks(execute=False):
        message = _welcome(user)
    assert due_message_ids() == []  # too fresh to call lost
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert due_message_ids() == [message.pk]
        sweep_outgoing_mail()
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT


def test_broker_down_does_not_break_the_request(monkeypatch, django_capture_on_commit_callbacks):
    from notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.deliver_message, "apply_async", broker_down)
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message = _welcome(user)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.QUEUED
    assert mail.outbox == []
