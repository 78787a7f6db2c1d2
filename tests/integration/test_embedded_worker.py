"""`make run`'s worker: Celery with beat on kombu's filesystem transport and SQLite.

No server is needed; beat's sweep must reach the worker and the worker must send mail.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from eged_portal.run import _commands as run_commands
from notifications.models import OutgoingMessage

from .helpers import Processes, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded defaults use SQLite")
def test_make_runs_worker_with_beat_sends_what_the_sweep_finds(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "MAIL_SWEEP_INTERVAL": "1",
    }
    assert "$(PY) -m eged_portal.run" in Path("Makefile").read_text()
    worker = [
        arg if not arg.startswith("--schedule=") else f"--schedule={tmp_path}/beat"
        for arg in run_commands(port=0)["worker"]
    ]

    message = OutgoingMessage.objects.create(
        key="embedded:lost",
        to_email="aigul@example.kg",
        language="ru",
        template="emails/welcome",
        subject="EGED · проверка",
        body_text="Письмо, задача которого потерялась.",
    )
    OutgoingMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    processes = Processes(env, tmp_path)
    processes.start("worker", worker)
    try:

        def sent():
            message.refresh_from_db()
            return message.status == OutgoingMessage.Status.SENT

        wait_for(sent, 60, "beat and the worker on the filesystem broker", processes)
    finally:
        processes.stop()
    assert any("aigul@example.kg" in f.read_text() for f in (tmp_path / "mail").iterdir())
