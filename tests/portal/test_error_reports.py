"""Staff hear of errors: Sentry when SENTRY_DSN is set, else mail to ADMINS; logs are JSON
lines with LOG_FORMAT=json, with times in Asia/Bishkek in every process (the worker too)."""

import json
import logging.config
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.urls import include, path

from core.logs import logging_config, parse_admins

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def broken_view(request):
    raise RuntimeError("the printer caught fire")


urlpatterns = [path("broken/", broken_view), path("", include("eged_portal.urls"))]


def test_admins_are_read_from_the_environment():
    assert parse_admins("Айгуль Асанова <aigul@ipr.kg>, ops@ipr.kg") == [
        ("Айгуль Асанова", "aigul@ipr.kg"),
        ("ops@ipr.kg", "ops@ipr.kg"),
    ]
    assert parse_admins("") == []


@pytest.fixture
def logging_with(settings):
    def configure(**options):
        logging.config.dictConfig(logging_config(log_format="plain", level="INFO", **options))

    yield configure
    logging.config.dictConfig(settings.LOGGING)


@pytest.mark.parametrize("mail_admins", [True, False])
def test_a_server_error_is_mailed_to_admins_unless_sentry_has_it(
    client, settings, logging_with, mail_admins
):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("Айгуль", "aigul@ipr.kg")]
    logging_with(mail_admins=mail_admins)
    client.raise_request_exception = False
    assert client.get("/broken/").status_code == 500
    if mail_admins:
        [message] = mail.outbox
        assert message.to == ["aigul@ipr.kg"]
        assert "the printer caught fire" in message.body
    else:
        assert mail.outbox == []


def _settings_in(**env) -> dict:
    code = (
        "import json, django, sentry_sdk; django.setup();"
        "from django.conf import settings as s;"
        "client = sentry_sdk.get_client();"
        "print(json.dumps({'admins': s.ADMINS, 'active': client.is_active(),"
        "'integrations': sorted(getattr(client, 'integrations', {})),"
        "'django_handlers': s.LOGGING['loggers']['django']['handlers']}))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "ADMINS"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "eged_portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sentry_dsn_turns_on_sentry_for_django_and_celery_and_admins_mail_otherwise():
    admins = "Айгуль Асанова <aigul@ipr.kg>"
    with_sentry = _settings_in(SENTRY_DSN="https://key@sentry.example.invalid/1", ADMINS=admins)
    assert with_sentry["active"]
    assert {"django", "celery"} <= set(with_sentry["integrations"])
    assert "mail_admins" not in with_sentry["django_handlers"]
    without = _settings_in(ADMINS=admins)
    assert not without["active"]
    assert without["admins"] == [["Айгуль Асанова", "aigul@ipr.kg"]]
    assert "mail_admins" in without["django_handlers"]


def test_json_log_lines_in_bishkek_time_from_the_celery_worker(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "LOG_FORMAT": "json",
        "TZ": "UTC",  # the process's own zone must not matter
        "VAR_DIR": str(tmp_path),
        "CELERY_BROKER_URL": "filesystem://",
    }
    worker = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "eged_portal", "worker", "--pool=solo", "-l", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = worker.stderr.readline()
            if not line:
                break
            lines.append(line)
            if " ready." in line:
                break
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert any(r["message"].endswith(" ready.") for r in records), lines
    assert all(r["time"].endswith("+06:00") for r in records)
    assert len(records) >= 2 and any(r["logger"] == "celery.apps.worker" for r in records)
