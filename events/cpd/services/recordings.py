"""Recordings of past events: logging a watched recording in the person's CPD log."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ..errors import RecordingNotAvailable
from ..models import CpdEntry, EventRecording
from ..rules import can_watch_recording
from .log import organiser_name, to_quarter_hours


@transaction.atomic
def log_watched_recording(person, recording, minutes, reflection=""):
    """Add (or update) "watched recording" in the person's CPD log, for the minutes they
    confirm."""
    recording = EventRecording.objects.select_related("event").get(pk=recording.pk)
    if not can_watch_recording(person, recording):
        raise RecordingNotAvailable("This recording is not available to you.")
    event = recording.event
    entry, created = CpdEntry.objects.select_for_update(of=("self",)).get_or_create(
        person=person,
        recording=recording,
        defaults={
            "source": CpdEntry.Source.RECORDING,
            "activity_type": CpdEntry.ActivityType.SELF_DIRECTED,
            "title": f"Watched recording: {event.title}",
            "provider": organiser_name(event),
            "start_date": timezone.localdate(),
            "hours": to_quarter_hours(Decimal(minutes) / 60),
            "outcomes": event.learning_outcomes,
            "reflection": reflection,
        },
    )
    if not created:
        entry.hours = to_quarter_hours(Decimal(minutes) / 60)
        if reflection:
            entry.reflection = reflection
        entry.save(update_fields=["hours", "reflection", "updated_at"])
    return entry, created
