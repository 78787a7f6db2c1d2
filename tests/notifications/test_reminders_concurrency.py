"""Two reminder jobs at the same moment on PostgreSQL send each reminder once — with the
advisory lock, and even without it (the unique message key alone)."""

import contextlib
import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection

from notifications import reminder_services
from notifications.models import OutgoingMessage
from tests.applications.factories import BISHKEK, ApplicationFactory, CallFactory, member_of

from .factories import ReminderRuleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL); CI sets it"
    ),
]

PEOPLE = 24


@pytest.fixture
def audience(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call = CallFactory()
    ReminderRuleFactory(call=call)
    for _ in range(PEOPLE):
        member_of(ApplicationFactory(call=call).coalition)


def _run_twice_at_once() -> list:
    barrier = threading.Barrier(2)
    reports, errors = [], []

    def job():
        try:
            barrier.wait(timeout=10)
            reports.append(reminder_services.send_due_reminders(batch_size=4))
        except Exception as exc:  # reported below, with the thread's traceback lost otherwise
            errors.append(exc)
        finally:
            connection.close()

    with time_machine.travel(dt.datetime(2030, 5, 22, 10, 0, tzinfo=BISHKEK), tick=False):
        threads = [threading.Thread(target=job) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    return reports


def _assert_each_person_once():
    assert OutgoingMessage.objects.count() == PEOPLE
    assert OutgoingMessage.objects.filter(status=OutgoingMessage.Status.SENT).count() == PEOPLE
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert len(recipients) == PEOPLE
    assert len(set(recipients)) == PEOPLE


def test_two_jobs_at_once_send_each_reminder_once(audience):
    reports = _run_twice_at_once()
    assert sum(r.created for r in reports) == PEOPLE
    _assert_each_person_once()


def test_without_the_lock_the_unique_key_still_sends_once(audience, monkeypatch):
    @contextlib.contextmanager
    def no_lock():
        yield True

    monkeypatch.setattr(reminder_services, "_exclusive_run", no_lock)
    reports = _run_twice_at_once()
    assert all(r.ran for r in reports)
    _assert_each_person_once()
