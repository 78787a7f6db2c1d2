import datetime as dt

import pytest
import time_machine

from .factories import BISHKEK


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def before_deadline():
    """A day in the open application period of CallFactory's calls (May 2030, Bishkek)."""
    with time_machine.travel(dt.datetime(2030, 5, 20, 12, 0, tzinfo=BISHKEK), tick=False) as t:
        yield t
