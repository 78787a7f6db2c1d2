import datetime as dt

import pytest
import time_machine

from tests.applications.factories import BISHKEK


@pytest.fixture
def travel():
    """Coalitions register in May 2030, before the deadline; staff look on 1 October."""
    with time_machine.travel(dt.datetime(2030, 5, 1, 12, tzinfo=BISHKEK), tick=False) as t:
        yield t
