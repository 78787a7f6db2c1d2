import datetime as dt

import pytest
import time_machine

from tests.applications.factories import BISHKEK


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def support_open():
    """20 June 2030: the workshop (13–17 June) is over, requests are taken until 30 June."""
    with time_machine.travel(dt.datetime(2030, 6, 20, 12, 0, tzinfo=BISHKEK), tick=False) as t:
        yield t
