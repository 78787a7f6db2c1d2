"""`make run`'s stack on SQLite: the web process, the worker and beat share one file.

The worker (two processes, as `make run` starts it) delivers a batch while beat sweeps
every second and a third process writes to the database the way the web process does on
a busy afternoon. Each message must arrive exactly once: a delivery that cannot record
«sent» after the hand-off («database is locked») is what made the sweep send it again.

The test makes its own SQLite database, so it runs whatever database the suite uses.
"""

import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from .helpers import ROOT, Processes, mail_count, wait_for

MESSAGES = 30

CREATE = f"""
from notifications.models import OutgoingMessage
from notifications.tasks import deliver_messages
ids = [
    OutgoingMessage.objects.create(
        key=f"sqlite-once:{{n}}", to_email=f"person{{n}}@example.kg", language="ru",
        template="emails/welcome", subject="Тест", body_text="Здравствуйте",
    ).pk
    for n in range({MESSAGES})
]
for start in range(0, len(ids), 5):
    deliver_messages.delay(ids[start:start + 5])
"""

# The web process's share of the file: short write transactions, as requests make them.
BUSY_WEB = """
import time
from django.db import transaction
from notifications.models import OutgoingMessage
end = time.monotonic() + 60
while time.monotonic() < end:
    with transaction.atomic():
        row = OutgoingMessage.objects.create(
            key=f"web:{time.monotonic_ns()}", to_email="web@example.kg", language="ru",
            template="emails/welcome", subject="x", body_text="x", status="sent",
        )
        time.sleep(0.005)
        row.delete()
    time.sleep(0.02)
"""

COUNT_SENT = (
    "SELECT count(*) FROM notifications_outgoingmessage"
    " WHERE key LIKE 'sqlite-once:%' AND status = 'sent'"
)


def _shell(env, code: str, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


def test_worker_beat_and_web_on_one_sqlite_file_send_each_message_once(sqlite_env, tmp_path):
    env = sqlite_env
    celery = str(Path(sys.executable).parent / "celery")
    processes = Processes(env, tmp_path)
    try:
        web = [sys.executable, "manage.py", "shell", "--no-imports", "-c", BUSY_WEB]
        processes.start("web", web)
        _shell(env, CREATE)
        processes.start(
            "worker",
            [
                *(celery, "-A", "eged_portal", "worker", "--beat", "--concurrency=2"),
                *("--loglevel=INFO", f"--schedule={tmp_path}/beat"),
            ],
        )

        def all_sent():
            with closing(sqlite3.connect(tmp_path / "portal.sqlite3", timeout=20)) as db:
                return db.execute(COUNT_SENT).fetchone()[0] == MESSAGES

        wait_for(all_sent, 90, "every message to be sent", processes)
        time.sleep(4)  # two more sweeps: a message they would send again shows now
    finally:
        processes.stop()

    counts = mail_count(Path(env["EMAIL_FILE_PATH"]))
    assert set(counts) == {f"person{n}@example.kg" for n in range(MESSAGES)}
    assert [e for e, n in counts.items() if n != 1] == [], processes.logs()
    assert "database is locked" not in processes.logs()
