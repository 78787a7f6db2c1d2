"""The reminder job under the production processes: beat schedules it, the worker runs it
on Redis and PostgreSQL; the worker is killed (SIGKILL) halfway through recording a
batch of reminders and started again, and every recipient ends up with exactly one
e-mail.

The worker runs the docker-compose command with one process, so that the kill lands in
the reminder job itself rather than between an SMTP hand-off and its record (no mail
system can make that one exactly-once).
"""

import datetime as dt
import os
import signal
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from coalitions.models import Coalition, Membership
from notifications.models import OutgoingMessage
from tests.applications.factories import CallFactory
from tests.notifications.factories import ReminderRuleFactory

from .helpers import Processes, mail_count, wait_for
from .test_production_processes import _compose_command

VENV_BIN = Path(sys.executable).parent
# Four batches of 25: the kill lands once 25 are recorded, with most batches still to
# record and send, which proves exactly-once as a thousand people did, for a tenth of the mail.
PEOPLE = 100

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker_env(tmp_path):
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    redis_url = os.environ["REDIS_URL"]
    redis.Redis.from_url(redis_url).flushdb()
    return {
        **os.environ,
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "DEBUG": "false",
        "SECRET_KEY": "integration-" + "k" * 60,
        "MFA_ENCRYPTION_KEY": "integration-mfa-" + "m" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "tests.integration.slow_mail.SlowFileBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "SLOW_MAIL_SECONDS": "0.01",
        "REMINDER_INTERVAL": "2",
        "REMINDER_BATCH_SIZE": "25",
        "MAIL_SWEEP_INTERVAL": "2",
        "MAIL_REQUEUE_AFTER": "10",
    }


def _drafts_due_now() -> list[str]:
    """A call whose deadline is two days away, a -3/-1/0 rule, and PEOPLE draft owners."""
    deadline = timezone.localtime() + dt.timedelta(days=2)
    call = CallFactory(application_deadline=deadline, info_session_at=None)
    ReminderRuleFactory(call=call, offsets="-3, -1, 0")
    emails = [f"owner{n}@example.kg" for n in range(PEOPLE)]
    users = User.objects.bulk_create(
        User(email=e, password="!", first_name="Айгуль") for e in emails
    )
    coalitions = Coalition.objects.bulk_create(
        Coalition(name=f"Коалиция {n}", kind=Coalition.Kind.CIVIC) for n in range(PEOPLE)
    )
    Membership.objects.bulk_create(
        Membership(coalition=c, user=u, role=Membership.Role.OWNER)
        for c, u in zip(coalitions, users, strict=True)
    )
    Application.objects.bulk_create(Application(call=call, coalition=c) for c in coalitions)
    return emails


def test_worker_killed_mid_batch_every_recipient_gets_exactly_one_reminder(worker_env, tmp_path):
    emails = _drafts_due_now()
    processes = Processes(worker_env, tmp_path)
    worker = _compose_command("worker")
    worker[worker.index("--concurrency=2")] = "--concurrency=1"
    beat = [
        arg if not arg.startswith("--schedule=") else f"--schedule={tmp_path}/beat"
        for arg in _compose_command("beat")
    ]
    try:
        processes.start("beat", beat)
        first = processes.start("worker", worker)

        # Kill the worker while the job is half-way through recording the reminders.
        deadline = time.monotonic() + 90
        recorded = 0
        while time.monotonic() < deadline:
            recorded = OutgoingMessage.objects.count()
            if recorded >= 25:
                break
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        recorded_at_kill = OutgoingMessage.objects.count()
        assert 0 < recorded_at_kill < PEOPLE, (recorded, recorded_at_kill, processes.logs())

        time.sleep(3)  # beat goes on ticking while no worker listens
        processes.start("worker-again", worker)

        def everyone_sent():
            return (
                OutgoingMessage.objects.filter(status=OutgoingMessage.Status.SENT).count() >= PEOPLE
            )

        wait_for(everyone_sent, 240, "every reminder to be sent after the restart", processes)
        time.sleep(4)  # let any duplicate delivery that would happen, happen
    finally:
        processes.stop()

    assert OutgoingMessage.objects.count() == PEOPLE
    counts = mail_count(Path(worker_env["EMAIL_FILE_PATH"]))
    assert set(counts) == set(emails)
    assert set(counts.values()) == {1}, [e for e, n in counts.items() if n != 1][:10]
    message = OutgoingMessage.objects.get(to_email="owner0@example.kg")
    assert "(время Бишкека)" in message.subject
    assert "/applications/" in message.body_text
