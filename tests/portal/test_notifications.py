"""The one notification service: told once, in the portal and by email, as each person chose;
the daily digest; suppression; mandatory kinds; the list, the preferences page, the header."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks

from portal.notifications import services
from portal.notifications.models import Notification, NotificationDelivery
from portal.notifications.registry import Channel, Kind
from portal.notifications.tasks import send_notification_email
from portal.suppression import suppress
from tests.plugins.clock import NOW
from tests.portal.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

NEWS = Kind("test.news", "Test news", "Something happened.", group="Tests")
CANCELLED = Kind("test.cancelled", "Test cancellations", group="Tests", mandatory=True)


@pytest.fixture(autouse=True)
def test_kinds():
    with hooks.register_temporarily("register_notification_kinds", lambda: [NEWS, CANCELLED]):
        yield


@pytest.fixture
def person():
    return UserFactory(email="pat@nhs.net", first_name="Pat")


def tell(people, key="1", kind=NEWS.code, title="The agenda is out"):
    return services.notify(people, kind, title, url="/governance/board/", key=key)


def test_told_once_in_the_portal_and_by_email_however_often_the_trigger_runs(
    person, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = tell([person])
    with django_capture_on_commit_callbacks(execute=True):
        assert tell([person]) == []  # the same event again
    send_notification_email.enqueue(notification.pk)  # a retried task
    assert Notification.objects.filter(recipient=person).count() == 1
    [message] = smtp_inbox.to(person.email)
    assert len(smtp_inbox.messages) == 1
    assert message["Subject"] == "The agenda is out"
    assert "http://127.0.0.1:8000/governance/board/" in smtp_inbox.links(message)
    assert NotificationDelivery.objects.get().key == f"notification:{notification.pk}"


def test_off_means_neither_email_nor_portal(
    person, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    services.save_preferences(person, {NEWS.code: Channel.OFF})
    with django_capture_on_commit_callbacks(execute=True):
        assert tell([person]) == []
    assert not Notification.objects.exists()
    assert smtp_inbox.messages == []


def test_the_digest_gathers_a_days_notifications_into_one_email(
    person, frozen_clock, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    services.save_preferences(person, {NEWS.code: Channel.DIGEST, CANCELLED.code: Channel.DIGEST})
    other = UserFactory(email="sam@nhs.net")
    with django_capture_on_commit_callbacks(execute=True):
        tell([person, other], key="a", title="First thing")
        frozen_clock.shift(dt.timedelta(hours=5))
        tell([person], key="b", title="Second thing")
        tell([person], key="c", kind=CANCELLED.code, title="Third thing")
    assert smtp_inbox.to(person.email) == []  # nothing straight away
    assert services.send_daily_digests() == 0  # the day is not over yet
    frozen_clock.move_to(NOW.replace(hour=7) + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        tell([person], key="d", title="Next day's thing")
    assert services.send_daily_digests() == 1  # only the person who chose the digest
    assert services.send_daily_digests() == 0  # a second run sends nothing more
    [digest] = smtp_inbox.to(person.email)
    text = smtp_inbox.text(digest)
    assert digest["Subject"] == "Your daily digest: 3 notifications from 29 February 2028"
    assert "First thing" in text and "Second thing" in text and "Third thing" in text
    assert "Next day's thing" not in text
    assert len(smtp_inbox.to(other.email)) == 1  # Sam kept the default: straight away
    frozen_clock.shift(dt.timedelta(days=1))
    assert services.send_daily_digests() == 1  # the next day's digest, with the next day's
    assert "Next day's thing" in smtp_inbox.text(smtp_inbox.to(person.email)[-1])


def test_a_suppressed_address_is_not_emailed_but_still_told_in_the_portal(
    person, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    suppress(person.email, "hard_bounce", "webhook")
    with django_capture_on_commit_callbacks(execute=True):
        tell([person])
    assert smtp_inbox.messages == []
    assert Notification.objects.filter(recipient=person).count() == 1
    assert NotificationDelivery.objects.get().status == NotificationDelivery.Status.SUPPRESSED


def test_a_mandatory_kind_cannot_be_switched_off(person, client):
    with pytest.raises(services.PreferenceNotAllowed):
        services.save_preferences(person, {CANCELLED.code: Channel.OFF})
    client.force_login(person)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="test.cancelled" type="radio" value="off"' not in page
    assert 'name="test.news" type="radio" value="off"' in page
    response = client.post(
        reverse("notifications:preferences"),
        {NEWS.code: Channel.DIGEST, CANCELLED.code: Channel.OFF},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Test cancellations" in response.content.decode()
    assert not person.notification_preferences.exists()


def test_choices_are_saved_with_a_confirmation(person, client):
    client.force_login(person)
    response = client.post(
        reverse("notifications:preferences"),
        {NEWS.code: Channel.OFF, CANCELLED.code: Channel.DIGEST},
        follow=True,
    )
    assert "Your notification choices have been saved." in response.content.decode()
    assert dict(person.notification_preferences.values_list("kind", "channel")) == {
        NEWS.code: "off",
        CANCELLED.code: "digest",
    }
    page = response.content.decode()
    assert 'name="test.news" type="radio" value="off" checked' in page


def test_the_list_shows_unread_first_and_marks_read(person, client, frozen_clock):
    tell([person], key="old", title="Older")
    frozen_clock.shift(dt.timedelta(minutes=5))
    [newer] = tell([person], key="new", title="Newer")
    services.mark_read(person, newer.pk)
    client.force_login(person)
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.index("Older") < page.index("Newer")  # unread first
    assert "You have 1 unread notification." in page
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.unread().exists()
    response = client.post(reverse("notifications:mark_read", args=[newer.pk]), {"open": "1"})
    assert response["Location"] == "/governance/board/"


def test_nobody_marks_someone_elses_notification_read(person, client):
    [notification] = tell([person])
    client.force_login(UserFactory())
    client.post(reverse("notifications:mark_read", args=[notification.pk]))
    assert Notification.objects.get().read_at is None


def test_empty_list_says_what_to_do_next(person, client):
    client.force_login(person)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "You have no notifications yet." in page
    assert reverse("my_network") in page


def test_the_list_is_paginated(person, client):
    for n in range(25):
        tell([person], key=str(n), title=f"Thing {n}")
    client.force_login(person)
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.count("nhsuk-card__heading") == 20
    assert "?page=2" in page


def test_the_header_count_costs_one_query_and_none_for_anonymous(person, client):
    client.force_login(person)
    client.get("/sitemap/")  # warm the caches that the header reads
    with CaptureQueriesContext(connection) as before:
        client.get("/sitemap/")
    for n in range(5):
        tell([person], key=str(n))
    with CaptureQueriesContext(connection) as after:
        page = client.get("/sitemap/").content.decode()
    assert len(after) == len(before)
    assert "Notifications" in page and '<span aria-hidden="true">(5)</span>' in page
    assert [q for q in after if "portal_notification" in q["sql"]].__len__() == 1
    client.logout()
    with CaptureQueriesContext(connection) as anonymous:
        page = client.get("/sitemap/").content.decode()
    assert not [q for q in anonymous if "portal_notification" in q["sql"]]
    assert "Notifications" not in page


def test_inactive_people_are_not_told(person):
    person.is_active = False
    person.save()
    assert tell([person]) == []
