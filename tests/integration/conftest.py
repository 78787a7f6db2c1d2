import os
import subprocess
import sys

import pytest

from .helpers import ROOT


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


@pytest.fixture
def sqlite_env(tmp_path):
    """`make run`'s embedded defaults on a SQLite file of the test's own, migrated."""
    env = {
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
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env


@pytest.fixture(autouse=True)
def _production_password_hashing(settings):
    """The processes these tests start check passwords with the production hashers, so a
    person the test makes gets a hash they know (not the suite's fast MD5)."""
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
