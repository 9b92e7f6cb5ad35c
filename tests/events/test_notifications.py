"""Bookings appear in the person's notifications beside the booking emails, never as a second
email; changes to one's place cannot be switched off."""

import pytest

from events.services.booking import book_place
from portal.notifications.models import Notification
from portal.notifications.registry import get_kind
from tests.portal.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def test_a_booking_is_in_the_portal_and_emailed_once(
    event, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        book_place(event, person, {})
    [message] = smtp_inbox.to(person.email)  # the booking email only, not a second one
    [notification] = Notification.objects.filter(recipient=person)
    assert notification.kind == "events.booking"
    assert notification.title == message["Subject"]
    assert notification.url == event.url
    assert notification.delivery is None  # emailed by the booking service


def test_booking_changes_cannot_be_switched_off():
    kind = get_kind("events.booking")
    assert kind.mandatory and not kind.choosable
    assert "off" not in [value for value, _ in kind.choices]
