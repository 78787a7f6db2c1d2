"""A wrong or missing production setting stops start-up with one line saying what to set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "s3cr3t-" + "x" * 60
UNSET = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DOMAIN",
    "SITE_URL",
    "CSRF_TRUSTED_ORIGINS",
    "TRUSTED_PROXIES",
    "SECURE_PROXY_SSL_HEADER",
    "ALLAUTH_TRUSTED_PROXY_COUNT",
)


def _start(tmp_path, **env_overrides) -> subprocess.CompletedProcess:
    # Empty, not absent: the worktree's .env must not fill them in.
    env = {**os.environ, **dict.fromkeys(UNSET, "")}
    env.update(DEBUG="false", VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/db")
    env.update(MFA_ENCRYPTION_KEY="m" * 40)  # refused alone in tests/accounts
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


SHOW = (
    "from django.conf import settings as s; "
    "print(s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.SITE_URL, s.SECURE_PROXY_SSL_HEADER, "
    "s.ALLAUTH_TRUSTED_PROXY_COUNT)"
)


def _one_line_refusal(result, *words):
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line, not a traceback
    assert lines[0].startswith("EGED cannot start: ")
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    "domain", ["https://eged.dpi.kg", "eged.dpi.kg/", "eged.dpi.kg:443", "eged dpi kg", "eged"]
)
def test_a_wrong_domain_stops_start_up_saying_what_to_set(tmp_path, domain):
    result = _start(tmp_path, SECRET_KEY=GOOD_KEY, DOMAIN=domain)
    _one_line_refusal(result, "DOMAIN", "eged.dpi.kg")


def test_a_missing_domain_and_hosts_stop_start_up(tmp_path):
    _one_line_refusal(_start(tmp_path, SECRET_KEY=GOOD_KEY), "set DOMAIN", "ALLOWED_HOSTS")


@pytest.mark.parametrize("key", ["", "short", "django-insecure-eged-portal-development-only-key"])
def test_a_missing_secret_key_stops_start_up(tmp_path, key):
    result = _start(tmp_path, SECRET_KEY=key, DOMAIN="eged.dpi.kg")
    _one_line_refusal(result, "SECRET_KEY", "set SECRET_KEY in .env")


def test_the_domain_gives_hosts_origins_and_links(tmp_path):
    result = _start(tmp_path, SECRET_KEY=GOOD_KEY, DOMAIN="EGED.dpi.kg")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "['eged.dpi.kg'] ['https://eged.dpi.kg'] https://eged.dpi.kg None 0"
    )


def test_the_proxy_settings_come_from_the_environment(tmp_path):
    result = _start(
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        DOMAIN="eged.dpi.kg",
        TRUSTED_PROXIES="172.30.80.0/24",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        ALLAUTH_TRUSTED_PROXY_COUNT="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("('HTTP_X_FORWARDED_PROTO', 'https') 1")


@pytest.mark.parametrize(
    ("proxy_env", "words"),
    [
        ({"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, ["TRUSTED_PROXIES"]),
        ({"ALLAUTH_TRUSTED_PROXY_COUNT": "1"}, ["TRUSTED_PROXIES"]),
        ({"TRUSTED_PROXIES": "nginx"}, ["TRUSTED_PROXIES", "'nginx'"]),
        ({"ALLAUTH_TRUSTED_PROXY_COUNT": "one"}, ["ALLAUTH_TRUSTED_PROXY_COUNT", "'one'"]),
        (
            {"TRUSTED_PROXIES": "10.0.0.2", "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https"},
            ["SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto"],
        ),
    ],
)
def test_wrong_proxy_settings_stop_start_up(tmp_path, proxy_env, words):
    result = _start(tmp_path, SECRET_KEY=GOOD_KEY, DOMAIN="eged.dpi.kg", **proxy_env)
    _one_line_refusal(result, *words)


def test_gunicorn_stops_instead_of_booting_workers_again_and_again(tmp_path):
    env = {**os.environ, **dict.fromkeys(UNSET, "")}
    env.update(DEBUG="false", DOMAIN="eged.dpi.kg", VAR_DIR=str(tmp_path))
    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = subprocess.run(
        [str(gunicorn), "eged_portal.wsgi:application", "--bind", "127.0.0.1:0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3  # gunicorn: "Worker failed to boot."
    assert result.stderr.count("EGED cannot start: SECRET_KEY must be set") == 1


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"EMAIL_HOST_USER": "portal@dpi.kg"}, "EMAIL_HOST_PASSWORD"),
        ({"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE"}, "AWS_SECRET_ACCESS_KEY"),
    ],
)
def test_a_name_without_its_secret_stops_start_up(tmp_path, given, missing):
    emptied = {"EMAIL_HOST_PASSWORD": "", "AWS_SECRET_ACCESS_KEY": ""}
    result = _start(tmp_path, SECRET_KEY=GOOD_KEY, DOMAIN="eged.dpi.kg", **emptied, **given)
    _one_line_refusal(result, f"set {missing} in .env")
