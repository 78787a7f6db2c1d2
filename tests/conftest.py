"""Shared fixtures: Celery runs tasks inline, e-mail goes to Django's outbox."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate

from eged_portal.celery import app as celery_app

# The slow ones first, so the two xdist workers end together: the integration tests (one
# group, ~2½ minutes on one worker), the browser tests, the other tests of half a minute,
# then the many quick ones fill the gaps.
SLOW_FIRST = (
    "tests/integration/",
    "tests/e2e/",
    "tests/bench/",
    "tests/portal/test_permission_matrix.py",
    "tests/portal/test_hostile_input.py",
    "tests/portal/test_backup",
)


def pytest_collection_modifyitems(config, items):
    def rank(item):
        return next((n for n, folder in enumerate(SLOW_FIRST) if folder in item.nodeid), 9)

    items.sort(key=rank)  # stable: within a folder, the order of collection


# The regions and interests a data migration installs, installed again whenever a
# transactional test empties the database (Django's flush sends post_migrate, as it does
# for content types and permissions): the tests after it find the database as migrated.
_reference_data = importlib.import_module("coalitions.migrations.0002_regions_and_interests")


def _reinstall_reference_data(sender, **kwargs):
    if sender.label == "coalitions":
        _reference_data.load(global_apps, None)


post_migrate.connect(_reinstall_reference_data, dispatch_uid="tests-reference-data")


@pytest.fixture(autouse=True, scope="session")
def _celery_runs_inline():
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Django's PBKDF2 hashes a password in about half a second of CPU, and every person a
    factory makes gets one: tests hash with MD5 (Django's advice for tests). The usual
    hashers stay listed after it, so a hash made the production way still checks."""
    from django.conf import global_settings
    from django.test import override_settings

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache_per_test(settings):
    """Each test gets its own empty cache: allauth keeps its rate limits there, and with
    REDIS_URL set a shared Redis cache would let parallel tests throttle each other."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _background_checked_once_per_test(settings):
    """The admin's banner about delayed background work is worked out at most once per
    interval per process: a fresh check at the first admin page of each test, none after,
    so a query count never depends on how long the test took (tests of the banner call
    ``background.forget()``)."""
    from eged_portal import background

    settings.BACKGROUND_CHECK_INTERVAL = 3600
    background.forget()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _russian_to_begin_with():
    """Each test starts in the portal's default language: a request made by an earlier test
    in this thread (the test client runs views in it) may have left another one active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


# Hypothesis: `make test` draws the same few examples per form on every run and every
# machine (derandomised: a test that passes once passes always); what a hunt finds is kept
# as a plain example in the tests. `make fuzz` (HYPOTHESIS_PROFILE=thorough) hunts with new
# random cases each run. The fuzz tests build one world per test and roll each example
# back, so function-scoped fixtures are meant.
def _hypothesis_profiles():
    import os

    from hypothesis import HealthCheck, Phase, settings

    common = {
        "deadline": None,
        "suppress_health_check": [
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
        "database": None,
        "print_blob": True,
    }
    quick = [Phase.explicit, Phase.generate]  # a failure is shown as found, not shrunk
    settings.register_profile("default", max_examples=6, phases=quick, derandomize=True, **common)
    settings.register_profile("thorough", max_examples=100, **common)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


_hypothesis_profiles()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file migrated once by ``manage.py migrate`` in a process of its own, for the
    tests that start a separate portal: each copies it rather than migrating again."""
    folder = tmp_path_factory.mktemp("migrated")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{folder / 'portal.sqlite3'}", VAR_DIR=str(folder))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        check=True,
    )
    return folder / "portal.sqlite3"
