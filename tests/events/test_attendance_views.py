"""The organisers' check-in page (door, ticking, search, query count), the code and QR code
shown in the room, the Teams or Zoom import page, and self check-in for attendees."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from events.cpd.models import EventCheckIn
from events.cpd.services import attendance
from events.models import Booking
from tests.portal.factories import UserFactory

from .cpd_fixtures import upload
from .factories import BookingFactory, EventPageFactory
from .test_attendance_services import ZOOM

pytestmark = pytest.mark.django_db


def check_in_list(event):
    return reverse("cpd:check_in_list", args=[event.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("non_member", 403),
        ("member", 403),
        ("lay_member", 403),
        ("other_chair", 403),
        ("secretary", 200),
        ("chair", 200),
        ("admin", 200),
    ],
)
def test_the_organiser_pages_are_for_organisers(client, world, finished_event, who, status):
    person = world.people()[who]
    if person:
        client.force_login(person)
    for name in ("cpd:check_in_list", "cpd:check_in_code", "cpd:import_attendance"):
        assert client.get(reverse(name, args=[finished_event.pk])).status_code == status


@pytest.mark.parametrize("count", [4, 60])
def test_the_check_in_list_costs_the_same_whatever_its_length(
    client, world, finished_event, count, django_assert_num_queries
):
    Booking.objects.bulk_create(
        Booking(event=finished_event, person=UserFactory(), status=Booking.Status.CONFIRMED)
        for _ in range(count)
    )
    client.force_login(world.chair)
    client.get(check_in_list(finished_event))
    # session, user, event, its group, membership, count, page of bookings, the places tally
    # (services.booking.places) and those attended; the site header and the user bar
    with django_assert_num_queries(17):  # +1: the header's unread count
        response = client.get(check_in_list(finished_event))
    assert response.status_code == 200
    assert response.content.decode().count('type="checkbox"') == min(count, 50)


def test_ticking_people_records_their_attendance(client, world, finished_event, attendee):
    booking = BookingFactory(event=finished_event, person=attendee)
    absent = BookingFactory(event=finished_event)
    client.force_login(world.chair)
    response = client.post(
        check_in_list(finished_event), {f"attended_{booking.pk}": "on"}, follow=True
    )
    html = response.content.decode()
    assert "Attendance saved: 2 changes." in html
    assert "1 of 2 people with a confirmed place has been marked as attended." in html
    booking.refresh_from_db()
    absent.refresh_from_db()
    assert booking.attended is True and absent.attended is False


def test_saving_an_open_page_keeps_people_who_checked_themselves_in(
    client, world, finished_event, attendee
):
    booking = BookingFactory(event=finished_event, person=attendee)
    client.force_login(world.chair)
    html = client.get(check_in_list(finished_event)).content.decode()
    assert f'name="shown_{booking.pk}" value="False"' in html
    Booking.objects.filter(pk=booking.pk).update(attended=True)  # checked in meanwhile
    client.post(check_in_list(finished_event), {f"shown_{booking.pk}": "False"})
    booking.refresh_from_db()
    assert booking.attended is True


def test_the_list_can_be_searched(client, world, finished_event, attendee):
    BookingFactory(event=finished_event, person=attendee)
    BookingFactory(event=finished_event, person=UserFactory(last_name="Jones"))
    client.force_login(world.chair)
    html = client.get(check_in_list(finished_event), {"q": "shah"}).content.decode()
    assert "Priya Shah" in html and "Jones" not in html
    html = client.get(check_in_list(finished_event), {"q": "nobody"}).content.decode()
    assert "Nobody with a confirmed place matches “nobody”." in html


def test_the_code_page_shows_the_code_and_a_qr_code(client, world, finished_event):
    client.force_login(world.chair)
    html = client.get(reverse("cpd:check_in_code", args=[finished_event.pk])).content.decode()
    code = EventCheckIn.objects.get(event=finished_event).code
    assert code in html
    assert "<svg" in html
    assert f"/cpd/check-in/{code}/" in html


def test_the_import_page_reports_unmatched_rows(client, world, finished_event, attendee):
    BookingFactory(event=finished_event, person=attendee)
    client.force_login(world.chair)
    response = client.post(
        reverse("cpd:import_attendance", args=[finished_event.pk]),
        {"report": upload("participants.csv", ZOOM)},
    )
    html = response.content.decode()
    assert "Attendance imported: 1 person marked as attended." in html
    assert "guest@example.com" in html
    assert "No booking with this email address" in html


def test_a_rejected_file_is_explained_beside_the_field(client, world, finished_event):
    client.force_login(world.chair)
    response = client.post(
        reverse("cpd:import_attendance", args=[finished_event.pk]),
        {"report": upload("report.pdf", "%PDF-1.4")},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_report-error"' in html
    assert "The file must be a CSV file" in html


# Self check-in


@pytest.fixture
def running_event(events_index, world):
    start = timezone.now() - dt.timedelta(minutes=10)
    return EventPageFactory(
        parent=events_index,
        organising_group=world.board,
        start=start,
        end=start + dt.timedelta(hours=1),
    )


def test_checking_in_with_the_code(client, running_event, attendee):
    BookingFactory(event=running_event, person=attendee)
    code = attendance.check_in_code(running_event).code
    client.force_login(attendee)
    response = client.post(reverse("cpd:check_in"), {"code": code.lower()}, follow=True)
    assert f"You are checked in to {running_event.title}." in response.content.decode()
    assert Booking.objects.get(person=attendee).attended is True


def test_a_wrong_code_is_shown_beside_the_field(client, running_event, attendee):
    client.force_login(attendee)
    response = client.post(reverse("cpd:check_in"), {"code": "12"})
    assert "Enter the 6-character code shown in the room." in response.content.decode()
    response = client.post(reverse("cpd:check_in"), {"code": "ZZZZZY"})
    html = response.content.decode()
    assert "That code is not right." in html and 'value="ZZZZZY"' in html


def test_the_qr_code_leads_to_a_one_button_check_in(client, running_event, attendee):
    BookingFactory(event=running_event, person=attendee)
    code = attendance.check_in_code(running_event).code
    url = reverse("cpd:check_in_with_code", args=[code])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(attendee)
    assert f"Check in to {running_event.title}" in client.get(url).content.decode()
    client.post(url)
    assert Booking.objects.get(person=attendee).attended is True


def test_the_qr_code_explains_why_someone_cannot_check_in(client, running_event):
    code = attendance.check_in_code(running_event).code
    client.force_login(UserFactory())
    response = client.post(reverse("cpd:check_in_with_code", args=[code]))
    assert "You do not have a confirmed place" in response.content.decode()
