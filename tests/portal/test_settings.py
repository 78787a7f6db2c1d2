"""Production refuses to start without a real secret key and host names."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(**env_overrides) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "eged_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = _check(DEBUG="false", ALLOWED_HOSTS="eged.dpi.kg", SECRET_KEY="short")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = _check(DEBUG="false", SECRET_KEY="x" * 64, ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_with_both_starts():
    result = _check(
        DEBUG="false", SECRET_KEY="k" * 64, ALLOWED_HOSTS="eged.dpi.kg", MFA_ENCRYPTION_KEY="m" * 40
    )
    assert result.returncode == 0, result.stderr


def test_bishkek_time_and_russian_first(settings):
    assert settings.TIME_ZONE == "Asia/Bishkek"
    assert settings.LANGUAGE_CODE == "ru"
    assert [code for code, _ in settings.LANGUAGES] == ["ru", "ky", "en"]
