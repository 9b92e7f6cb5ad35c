"""A set clock for tests about dates: the same answer at any hour, on any day of the year.

Modules whose expectations are worked out from "today" use `frozen_clock` (usually for every
test: `pytestmark = pytest.mark.usefixtures("frozen_clock")`) and take TODAY from here, never
from the real clock at import. The instant is a leap day, mid-morning in London.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = dt.datetime(2028, 2, 29, 10, 30, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()


@pytest.fixture
def frozen_clock():
    """The test starts at NOW and the clock runs on from there (Python's clocks: the database's
    own now() is not moved). `frozen_clock.shift(...)` or `.move_to(...)` moves it."""
    with time_machine.travel(NOW) as traveller:
        yield traveller
