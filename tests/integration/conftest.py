import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT


# tryfirst: xdist reads the group marks in its own hook of the same name; added after it,
# they would not group anything. The processes these tests start share the machine's
# Redis (one flushes it) and ports, so they run one after another on one worker.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    real_servers = os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get(
        "REDIS_URL"
    )
    for item in items:
        if "integration" in item.nodeid:
            item.add_marker(pytest.mark.integration)
            item.add_marker(pytest.mark.xdist_group("integration"))
            if "test_production_" in item.nodeid and not real_servers:
                item.add_marker(
                    pytest.mark.skip(
                        reason="Needs DATABASE_URL (PostgreSQL) and REDIS_URL; CI sets both"
                    )
                )


def _embedded_env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "tests.integration.slow_mail.SlowFileBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "SLOW_MAIL_SECONDS": "0.05",
        "MAIL_SWEEP_INTERVAL": "1",
        "MAIL_REQUEUE_AFTER": "2",
    }


@pytest.fixture
def sqlite_env(tmp_path, migrated_sqlite):
    """`make run`'s embedded defaults on a SQLite file of the test's own, migrated."""
    shutil.copyfile(migrated_sqlite, tmp_path / "portal.sqlite3")
    return _embedded_env(tmp_path)


@pytest.fixture(autouse=True)
def _production_password_hashing(settings):
    """The processes these tests start check passwords with the production hashers, so a
    person the test makes gets a hash they know (not the suite's fast MD5)."""
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture(scope="session")
def production_static(tmp_path_factory) -> Path:
    """The static files as the image collects them at build (manifest, compressed), once for
    the tests that start the production processes; they only read them."""
    root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "integration-" + "s" * 60,
        "MFA_ENCRYPTION_KEY": "integration-mfa-" + "s" * 40,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{root / 'unused.sqlite3'}",
        "REDIS_URL": "",
        "VAR_DIR": str(root),
        "STATIC_ROOT": str(root),
        "AWS_STORAGE_BUCKET_NAME": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return root
