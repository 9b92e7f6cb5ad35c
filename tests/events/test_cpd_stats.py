"""Figures for the network dashboard: events held, attendances and CPD hours delivered, by trust
and by staff group, over a period of London dates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from events.cpd.services import stats
from portal.models import User
from tests.portal.factories import UserFactory

from .factories import BookingFactory, EventPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(events_index, world):
    """Three past events this period (one cancelled), one before it and one still to come."""
    now = timezone.now()
    held = [
        EventPageFactory(
            parent=events_index,
            start=now - dt.timedelta(days=days),
            end=now - dt.timedelta(days=days) + dt.timedelta(hours=hours),
            cpd_hours=cpd_hours,
        )
        for days, hours, cpd_hours in [(30, 7, Decimal("6.0")), (10, 1.5, None)]
    ]
    cancelled = EventPageFactory(
        parent=events_index,
        start=now - dt.timedelta(days=5),
        status="cancelled",
        cpd_hours=Decimal("2"),
    )
    before = EventPageFactory(parent=events_index, start=now - dt.timedelta(days=400))
    upcoming = EventPageFactory(parent=events_index, start=now + dt.timedelta(days=3))
    radiographer = UserFactory(organisation=world.trusts[0])
    physicist = UserFactory(
        organisation=world.trusts[1], staff_group=User.StaffGroup.MEDICAL_PHYSICIST
    )
    unknown = UserFactory(organisation=None, staff_group="")
    for event in (*held, cancelled, before, upcoming):
        for person in (radiographer, physicist):
            BookingFactory(event=event, person=person, attended=True)
    BookingFactory(event=held[0], person=unknown, attended=True)
    BookingFactory(event=held[1], person=unknown, attended=False)
    BookingFactory(event=held[1], waiting=True, attended=True)
    today = timezone.localdate()
    return {"start": today - dt.timedelta(days=60), "end": today, "world": world}


def test_events_held_counts_past_events_not_cancelled(year):
    assert stats.events_held(year["start"], year["end"]) == 2


def test_attendees_count_confirmed_attendances(year):
    assert stats.attendees(year["start"], year["end"]) == 5
    assert stats.attendees(year["start"], year["end"], distinct_people=True) == 3


def test_the_period_includes_both_end_dates(events_index):
    start = timezone.make_aware(dt.datetime(2025, 3, 31, 23, 30))
    EventPageFactory(parent=events_index, start=start, end=start + dt.timedelta(hours=1))
    day = dt.date(2025, 3, 31)
    assert stats.events_held(day, day) == 1
    assert stats.events_held(dt.date(2025, 4, 1), dt.date(2025, 4, 30)) == 0


def test_cpd_hours_by_trust(year):
    trusts = year["world"].trusts
    rows = stats.cpd_hours_delivered(year["start"], year["end"], "trust")
    found = [(row["label"], row["attendances"], row["hours"]) for row in rows]
    assert sorted(found[:2]) == sorted(
        [(trusts[0].name, 2, Decimal("7.5")), (trusts[1].name, 2, Decimal("7.5"))]
    )
    assert found[2] == ("No trust recorded", 1, Decimal("6.0"))


def test_cpd_hours_by_staff_group(year):
    rows = stats.cpd_hours_delivered(year["start"], year["end"], "staff_group")
    assert [(row["label"], row["hours"]) for row in rows] == [
        ("Medical physicist", Decimal("7.5")),
        ("Radiographer", Decimal("7.5")),
        ("No staff group recorded", Decimal("6.0")),
    ]


def test_an_unknown_grouping_is_refused(db):
    with pytest.raises(ValueError, match="trust"):
        stats.cpd_hours_delivered(dt.date(2025, 1, 1), dt.date(2025, 2, 1), "region")
