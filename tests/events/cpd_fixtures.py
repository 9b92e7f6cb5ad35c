"""Fixtures for the CPD and attendance tests: a finished event with CPD credit, an attendee
with a registration number, a recording, and a way to make uploads."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from filer.models import File

from events.cpd.models import EventRecording
from events.cpd.services.evaluation import submit_evaluation
from events.cpd.services.log import add_attended_event_to_log
from tests.portal.factories import UserFactory

from .factories import BookingFactory, EventPageFactory

OUTCOMES = "Explain the MRI safety zones\nScreen a patient with an implant"


@pytest.fixture
def finished_event(events_index, world):
    """A CPD webinar of the board's that ended yesterday: 2 hours, 3 CPD hours, 2 RCR credits."""
    start = timezone.now() - dt.timedelta(days=1, hours=3)
    return EventPageFactory(
        parent=events_index,
        organising_group=world.board,
        title="MRI safety update",
        webinar=True,
        start=start,
        end=start + dt.timedelta(hours=2),
        cpd_hours=Decimal("3.0"),
        rcr_credits=2,
        cor_outcomes="1.2\n3.4",
        learning_outcomes=OUTCOMES,
    )


@pytest.fixture
def attendee(world):
    return UserFactory(
        first_name="Priya",
        last_name="Shah",
        email="priya.shah@nhs.net",
        registration_body="HCPC",
        registration_number="RA123456",
        organisation=world.trusts[1],
    )


@pytest.fixture
def attended_booking(finished_event, attendee):
    booking = BookingFactory(event=finished_event, person=attendee, attended=True)
    add_attended_event_to_log(booking)
    return booking


EVALUATION = {
    "overall": 5,
    "outcomes_met": "fully",
    "most_useful": "The case studies of implants.",
    "improvements": "",
    "would_recommend": True,
}


@pytest.fixture
def evaluated_booking(attended_booking):
    submit_evaluation(attended_booking, dict(EVALUATION))
    attended_booking.refresh_from_db()
    return attended_booking


def private_file(name, content, owner=None):
    return File.objects.create(
        file=ContentFile(content, name=name),
        original_filename=name,
        name=name,
        is_public=False,
        owner=owner,
    )


@pytest.fixture
def recording(finished_event):
    return EventRecording.objects.create(
        event=finished_event,
        title="Recording of the webinar",
        recording_file=private_file("webinar.mp4", b"\x00\x00\x00\x18ftypmp42 video"),
        video_url="https://video.example/watch/secret-recording",
        slides=private_file("slides.pdf", b"%PDF-1.4 slides"),
        duration_minutes=115,
    )


def upload(name, text, encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
