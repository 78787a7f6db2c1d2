"""The real delivery path (Django's SMTP backend) against a real SMTP server that refuses,
stays silent, then recovers: the message stays queued with its attempts, last error and
next try (back-off), the sweep retries it, it is sent exactly once, and after the last
attempt it is marked as not sent where staff see it."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from notifications.models import OutgoingMessage
from notifications.services import send_notification
from notifications.tasks import sweep_outgoing_mail
from tests.factories import UserFactory, user_with_role

from .smtp_server import ACCEPT, BUSY, FULL, SILENT, SMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with SMTPServer(mode=ACCEPT) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 1
        yield server


def _welcome(django_capture_on_commit_callbacks, user):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_notification(
            to=user, template="emails/welcome", context={"user": user}, key="welcome:faults"
        )
    message.refresh_from_db()
    return message


def _sweep_at(moment) -> OutgoingMessage:
    with time_machine.travel(moment, tick=False):
        sweep_outgoing_mail()
    return OutgoingMessage.objects.get()


def test_refused_silent_then_recovered_server_sends_the_message_exactly_once(
    smtp, django_capture_on_commit_callbacks
):
    user = UserFactory(first_name="Айгуль")
    start = timezone.now()

    # 1. Every recipient is refused for now (450): queued for a retry in a minute.
    smtp.mode = FULL
    message = _welcome(django_capture_on_commit_callbacks, user)
    assert message.status == OutgoingMessage.Status.FAILED
    assert message.attempts == 1
    assert "SMTPRecipientsRefused" in message.last_error and "450" in message.last_error
    assert timedelta(seconds=50) < message.next_attempt_at - start < timedelta(minutes=2)

    # Before the back-off is over the sweep leaves it alone.
    assert _sweep_at(start + timedelta(seconds=30)).attempts == 1

    # 2. The server refuses any service (554 on connect): next try four minutes later.
    smtp.mode = BUSY
    moment = start + timedelta(minutes=2)
    message = _sweep_at(moment)
    assert (message.status, message.attempts) == (OutgoingMessage.Status.FAILED, 2)
    assert "SMTPConnectError" in message.last_error and "554" in message.last_error
    assert message.next_attempt_at == moment + timedelta(minutes=4)

    # 3. The server takes the connection and never answers: the timeout ends the try.
    smtp.mode = SILENT
    moment = start + timedelta(minutes=7)
    began = time.monotonic()
    message = _sweep_at(moment)
    assert time.monotonic() - began < 5  # EMAIL_TIMEOUT = 1 s, not a hung worker
    assert (message.status, message.attempts) == (OutgoingMessage.Status.FAILED, 3)
    assert "timed out" in message.last_error.lower()
    assert message.next_attempt_at == moment + timedelta(minutes=16)
    assert smtp.received == []

    # 4. The server is back: the next sweep sends it, once.
    smtp.mode = ACCEPT
    message = _sweep_at(start + timedelta(minutes=24))
    assert (message.status, message.attempts) == (OutgoingMessage.Status.SENT, 4)
    assert message.last_error == "" and message.next_attempt_at is None
    for later in (timedelta(minutes=30), timedelta(days=2)):
        _sweep_at(start + later)
    assert len(smtp.received) == 1
    recipients, sent = smtp.received[0]
    assert recipients == [user.email]
    assert "Айгуль" in sent.get_payload(0).get_payload(decode=True).decode()


def test_after_the_last_attempt_staff_see_it_as_not_sent(
    smtp, settings, client, django_capture_on_commit_callbacks
):
    settings.MAIL_MAX_ATTEMPTS = 3
    smtp.mode = BUSY
    user = UserFactory()
    start = timezone.now()
    message = _welcome(django_capture_on_commit_callbacks, user)
    for minutes in (2, 10, 60, 24 * 60, 7 * 24 * 60):
        message = _sweep_at(start + timedelta(minutes=minutes))
    assert message.status == OutgoingMessage.Status.GAVE_UP
    assert message.attempts == 3  # not retried forever
    assert smtp.connections == 3

    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    url = reverse("admin:notifications_outgoingmessage_changelist")
    page = client.get(url, {"status__exact": "gave_up"}).content.decode()
    assert user.email in page
    assert "SMTPConnectError" in page
    assert user.email not in client.get(url, {"status__exact": "sent"}).content.decode()
