"""The worker killed (SIGKILL) in the middle of its work, under the production processes
on Redis and PostgreSQL, then started again:

- a batch of e-mails being delivered: every message is sent exactly once (the unacked
  batch is not lost: the beat sweep re-finds the messages still queued, and the
  database's status guard keeps a message from going twice);
- a programme report being built: the beat sweep sees the job has no heartbeat, hands it
  over again, and it is built once, with one «report ready» e-mail.
"""

import os
import signal
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from openpyxl import load_workbook

from accounts.models import User
from applications.models import Application
from coalitions.models import Coalition
from eged_portal.celery import app as celery_app
from notifications.models import OutgoingMessage
from reports.models import ReportJob
from tests.applications.factories import CallFactory

from .helpers import Processes, mail_count, wait_for
from .test_production_processes import _compose_command
from .test_production_reminders import worker_env  # noqa: F401 — the same environment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The tasks are sent to the real broker on purpose (the test process runs tasks inline).
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

MESSAGES = 20


@pytest.fixture
def env(worker_env, tmp_path):  # noqa: F811
    return {
        **worker_env,
        "EMAIL_BACKEND": "tests.integration.slow_mail.MarkedSlowFileBackend",
        "SLOW_MAIL_SECONDS": "0.25",
        "MAIL_SWEEP_INTERVAL": "1",
        "MAIL_REQUEUE_AFTER": "6",
        "REPORT_REQUEUE_AFTER": "4",
    }


def _start(processes, tmp_path):
    worker = _compose_command("worker")
    worker[worker.index("--concurrency=2")] = "--concurrency=1"
    beat = [
        arg if not arg.startswith("--schedule=") else f"--schedule={tmp_path}/beat"
        for arg in _compose_command("beat")
    ]
    processes.start("beat", beat)
    return worker, processes.start("worker", worker)


def _kill(process) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_worker_killed_mid_delivery_every_message_is_sent_exactly_once(env, tmp_path):
    emails = [f"person{n}@example.kg" for n in range(MESSAGES)]
    messages = OutgoingMessage.objects.bulk_create(
        OutgoingMessage(
            key=f"kill-test:{n}",
            to_email=email,
            language="ru",
            template="emails/welcome",
            subject="Тест",
            body_text="Здравствуйте",
        )
        for n, email in enumerate(emails)
    )
    # One task for the batch, as a reminder run sends it.
    celery_app.send_task("notifications.tasks.deliver_messages", args=[[m.pk for m in messages]])
    mail_dir = Path(env["EMAIL_FILE_PATH"])
    marker = Path(f"{os.path.normpath(mail_dir)}.sending")
    processes = Processes(env, tmp_path)
    try:
        worker, first = _start(processes, tmp_path)

        # Kill the worker inside a delivery once five messages are out.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            sent = mail_count(mail_dir)
            if len(sent) >= 5 and marker.exists() and marker.read_text() not in sent:
                break
            time.sleep(0.02)
        _kill(first)
        sent_at_kill = sum(mail_count(mail_dir).values())
        assert 5 <= sent_at_kill < MESSAGES, processes.logs()

        processes.start("worker-again", worker)

        def all_sent():
            return (
                OutgoingMessage.objects.filter(status=OutgoingMessage.Status.SENT).count()
                == MESSAGES
            )

        wait_for(all_sent, 120, "every message to be sent after the restart", processes)
        time.sleep(3)  # let any duplicate delivery that would happen, happen
    finally:
        processes.stop()

    counts = mail_count(mail_dir)
    assert set(counts) == set(emails)
    assert set(counts.values()) == {1}, [e for e, n in counts.items() if n != 1]
    assert set(OutgoingMessage.objects.values_list("attempts", flat=True)) == {1}


def test_worker_killed_mid_report_the_report_is_built_once(env, tmp_path):
    call = CallFactory()
    coalitions = Coalition.objects.bulk_create(
        Coalition(name=f"Коалиция {n}", kind=Coalition.Kind.CIVIC) for n in range(20)
    )
    Application.objects.bulk_create(Application(call=call, coalition=c) for c in coalitions)
    staff = User.objects.create(email="staff@example.kg", password="!", is_staff=True)
    job = ReportJob.objects.create(call=call, requested_by=staff)
    # The build waits on this lock while the job is «running»: the kill lands mid-build.
    db = connection.settings_dict
    blocker = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    blocker.cursor().execute("LOCK TABLE applications_application IN ACCESS EXCLUSIVE MODE")
    celery_app.send_task("reports.tasks.build_report", args=[job.pk])
    processes = Processes(env, tmp_path)
    try:
        worker, first = _start(processes, tmp_path)

        def running():
            return ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING).exists()

        wait_for(running, 90, "the report to start", processes)
        time.sleep(0.5)
        _kill(first)
        blocker.rollback()
        job.refresh_from_db()
        assert job.status == ReportJob.Status.RUNNING, processes.logs()
        killed_run = job.started_at

        processes.start("worker-again", worker)

        def built():
            return ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.DONE).exists()

        wait_for(built, 120, "the report to be built after the restart", processes)

        def mailed():
            return OutgoingMessage.objects.filter(
                key=f"report-ready:{job.pk}", status=OutgoingMessage.Status.SENT
            ).exists()

        wait_for(mailed, 60, "the report's e-mail to be sent", processes)
        time.sleep(3)  # a second build or e-mail would show now
    finally:
        blocker.close()
        processes.stop()

    job.refresh_from_db()
    assert job.started_at > killed_run  # built again, from the start
    assert (job.progress, job.error) == (100, "")
    workbook = load_workbook(Path(env["VAR_DIR"]) / "media" / job.file.name)
    assert len(workbook.sheetnames) >= 2
    ready = OutgoingMessage.objects.filter(key=f"report-ready:{job.pk}")
    assert ready.count() == 1 and ready.get().status == OutgoingMessage.Status.SENT
    assert mail_count(Path(env["EMAIL_FILE_PATH"]))["staff@example.kg"] == 1
