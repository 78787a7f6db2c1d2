"""Shared fixtures: Celery runs tasks inline, e-mail goes to Django's outbox."""

import pytest

from eged_portal.celery import app as celery_app


@pytest.fixture(autouse=True, scope="session")
def _celery_runs_inline():
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True)
def _fresh_cache_per_test(settings):
    """Each test gets its own empty cache: allauth keeps its rate limits there, and with
    REDIS_URL set a shared Redis cache would let parallel tests throttle each other."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


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
