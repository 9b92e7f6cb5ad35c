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


@pytest.fixture
def clock_after():
    """`clock_after(meeting, ...)` sets the clock (running on) to an hour after the latest of
    these meetings starts, until the test ends: what a secretary does once a meeting is under way
    (attendance, minutes, decisions; approvals at a later meeting) needs its meetings started."""
    travellers = []

    def move(*meetings, later=dt.timedelta(hours=1)):
        traveller = time_machine.travel(max(m.start for m in meetings) + later)
        traveller.start()
        travellers.append(traveller)

    yield move
    for traveller in reversed(travellers):
        traveller.stop()
