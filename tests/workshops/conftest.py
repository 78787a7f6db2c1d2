import datetime as dt

import pytest
import time_machine

from tests.applications.factories import BISHKEK


@pytest.fixture
def before_workshop():
    """Early June 2030: selection is over, the workshop (13–17 June) is ahead."""
    with time_machine.travel(dt.datetime(2030, 6, 1, 12, 0, tzinfo=BISHKEK), tick=False) as t:
        yield t
