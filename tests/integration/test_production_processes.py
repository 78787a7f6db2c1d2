"""The production processes — gunicorn, a Celery worker and beat, started with the very
commands of docker-compose.yml — run against the real PostgreSQL and Redis.

Docker has no engine on this machine, so the containers themselves cannot run here; this
test runs what they would run.
"""

import os
import re
import shlex
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
import yaml
from django.db import connection
from django.utils import timezone

from notifications.models import OutgoingMessage

from .helpers import ROOT, Processes, request, wait_for

VENV_BIN = Path(sys.executable).parent

pytestmark = pytest.mark.django_db(transaction=True)


def _compose_command(service: str) -> list[str]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"][service]["command"]
    if command[:2] == ["sh", "-c"]:
        command = shlex.split(command[2])
        # The web container migrates and collects static files first; take gunicorn itself.
        command = command[command.index("exec") + 1 :]
    return command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _isolated_redis(url: str) -> str:
    """The same Redis server, on a database of its own so nothing else's queue interferes."""
    parsed = urlparse(url)
    return parsed._replace(path="/13").geturl()


@pytest.fixture
def production_env(tmp_path, production_static):
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    redis_url = _isolated_redis(os.environ["REDIS_URL"])
    subprocess.run(
        [
            str(VENV_BIN / "python"),
            "-c",
            f"import redis; redis.Redis.from_url('{redis_url}').flushdb()",
        ],
        check=True,
    )
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "DEBUG": "false",
        "SECRET_KEY": "integration-" + "k" * 60,
        "MFA_ENCRYPTION_KEY": "integration-mfa-" + "m" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": "",
        "VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(production_static),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "MAIL_SWEEP_INTERVAL": "2",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    return env


@pytest.fixture
def processes(production_env, tmp_path):
    running = Processes(production_env, tmp_path)
    yield running
    running.stop()


def test_gunicorn_worker_and_beat_run_the_portal(processes, production_env):
    port = _free_port()
    web = _compose_command("web")
    web[web.index("--bind") + 1] = f"127.0.0.1:{port}"
    web[web.index("--workers") + 1] = "2"
    processes.start("web", web)
    processes.start("worker", _compose_command("worker"))
    beat = [
        arg if not arg.startswith("--schedule=") else f"--schedule={processes.tmp_path}/beat"
        for arg in _compose_command("beat")
    ]
    processes.start("beat", beat)

    wait_for(lambda: request(port, "GET", "/healthz")[0].status == 200, 60, "/healthz", processes)
    response, body = request(port, "GET", "/healthz")
    assert '"database": "ok"' in body and '"broker": "ok"' in body

    # The production home page renders in Russian, with its static files.
    response, body = request(port, "GET", "/")
    assert response.status == 200
    assert '<html lang="ru">' in body
    css = re.search(r'href="(/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]+\.css)"', body)
    assert css, "manifest static files are served by WhiteNoise"
    assert request(port, "GET", css.group(1))[0].status == 200

    # Web → Redis → worker: signing up queues the confirmation e-mail for the worker.
    response, body = request(port, "GET", "/accounts/signup/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "first_name": "Айгуль",
        "last_name": "Садыкова",
        "email": "aigul@example.kg",
        "password1": "Tunduk-2022-kg",
        "password2": "Tunduk-2022-kg",
    }
    response, _ = request(
        port,
        "POST",
        "/accounts/signup/",
        body=urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        },
    )
    assert response.status == 302, response.status

    def confirmation_sent():
        return OutgoingMessage.objects.filter(
            to_email="aigul@example.kg", status=OutgoingMessage.Status.SENT
        ).exists()

    wait_for(confirmation_sent, 60, "the worker to send the confirmation", processes)
    mail_dir = Path(production_env["EMAIL_FILE_PATH"])
    assert any("aigul@example.kg" in f.read_text() for f in mail_dir.iterdir())

    # Beat → worker: a message whose task was lost (broker down at the time) is swept up.
    lost = OutgoingMessage.objects.create(
        key="integration:lost",
        to_email="lost@example.kg",
        language="ru",
        template="emails/welcome",
        subject="EGED · потерянное письмо",
        body_text="Проверка доставки после сбоя брокера.",
    )
    OutgoingMessage.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    def lost_message_sent():
        lost.refresh_from_db()
        return lost.status == OutgoingMessage.Status.SENT

    wait_for(lost_message_sent, 60, "beat's sweep to resend the lost message", processes)
    assert lost.attempts == 1
