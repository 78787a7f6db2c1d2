"""One world of objects for each fuzz module: building it (``World`` of the permission
matrix) costs seconds, and each fuzz example rolls its own changes back anyway."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from tests.applications.factories import BISHKEK


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    from tests.portal.test_permission_matrix import World

    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, ADMIN_2FA_REQUIRED=False),
        time_machine.travel(dt.datetime(2030, 5, 20, 12, 0, tzinfo=BISHKEK), tick=False),
        transaction.atomic(),
    ):
        yield World()
        transaction.set_rollback(True)
