"""`make run`'s worker: Celery with beat on kombu's filesystem transport and SQLite.

No server is needed; beat's sweep must reach the worker and the worker must send mail.
The test makes its own SQLite file (``sqlite_env``), so it runs whatever database the
suite uses.
"""

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from eged_portal.run import _commands as run_commands

from .helpers import ROOT, Processes, wait_for

# A message whose task was lost: queued ten minutes ago, never handed to a worker.
LOST = """
from datetime import timedelta
from django.utils import timezone
from notifications.models import OutgoingMessage
message = OutgoingMessage.objects.create(
    key="embedded:lost", to_email="aigul@example.kg", language="ru",
    template="emails/welcome", subject="EGED · проверка",
    body_text="Письмо, задача которого потерялась.",
)
OutgoingMessage.objects.filter(pk=message.pk).update(
    created_at=timezone.now() - timedelta(minutes=10)
)
"""


def test_make_runs_worker_with_beat_sends_what_the_sweep_finds(sqlite_env, tmp_path):
    env = {**sqlite_env, "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}
    assert "$(PY) -m eged_portal.run" in (ROOT / "Makefile").read_text()
    worker = [
        arg if not arg.startswith("--schedule=") else f"--schedule={tmp_path}/beat"
        for arg in run_commands(port=0)["worker"]
    ]
    shell = [sys.executable, "manage.py", "shell", "--no-imports", "-c", LOST]
    subprocess.run(shell, cwd=ROOT, env=env, check=True, capture_output=True)

    processes = Processes(env, tmp_path)
    processes.start("worker", worker)
    try:

        def sent():
            with closing(sqlite3.connect(tmp_path / "portal.sqlite3", timeout=20)) as db:
                query = "SELECT status FROM notifications_outgoingmessage WHERE key = ?"
                return db.execute(query, ["embedded:lost"]).fetchone()[0] == "sent"

        wait_for(sent, 60, "beat and the worker on the filesystem broker", processes)
    finally:
        processes.stop()
    mail = Path(env["EMAIL_FILE_PATH"])
    assert any("aigul@example.kg" in f.read_text() for f in mail.iterdir())
