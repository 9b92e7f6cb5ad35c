"""The demo's meeting calendar keeps to working days."""

import datetime as dt

import pytest

from governance.demo.history import _working_day


@pytest.mark.parametrize(
    ("day", "spread", "expected"),
    [
        (dt.date(2026, 12, 1), 0, dt.date(2026, 12, 1)),  # a Tuesday stays
        (dt.date(2026, 12, 5), 0, dt.date(2026, 12, 7)),  # Saturday → Monday
        (dt.date(2026, 12, 23), 0, dt.date(2027, 1, 4)),  # shutdown → first weekday back
        (dt.date(2026, 12, 23), 2, dt.date(2027, 1, 5)),  # spread over the days back
    ],
)
def test_meetings_fall_on_working_days(day, spread, expected):
    assert _working_day(day, spread) == expected
