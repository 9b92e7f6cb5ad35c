"""What an event's organisers do: see who is coming, email them, move or cancel the event."""

from functools import partial

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from portal import page_cache

from ..errors import EventAlreadyCancelled, EventsError, NothingChanged, NotOrganiser
from ..models import AttendeeMessage, Booking, EventPage
from ..rules import can_organise

TIME_AND_PLACE = ("start", "end", "venue_name", "venue_address", "online", "join_url")


def _require_organiser(user, event):
    if not can_organise(user, event):
        raise NotOrganiser("Only the event's organisers can do this.")


def attendees(event):
    """Everyone holding or waiting for a place: confirmed first, then the waiting list."""
    bookings = list(
        Booking.objects.active()
        .filter(event=event)
        .select_related("person", "person__organisation")
        .order_by("status", "waiting_since", "created_at", "pk")
    )
    position = 0
    for booking in bookings:
        booking.event = event
        if booking.status == Booking.Status.WAITING:
            position += 1
            booking.position = position
    return bookings


def answer_columns(event):
    """(key, heading) for each answer a booking may hold, in the order the form asks them."""
    columns = []
    if event.ask_dietary_needs:
        columns.append(("dietary", "Dietary needs"))
    if event.ask_access_needs:
        columns.append(("access", "Access needs"))
    columns += [(str(question.pk), question.text) for question in event.questions.all()]
    return columns


ATTENDEE_COLUMNS = ["Name", "Email", "Job title", "Organisation", "Status", "Booked at"]


def attendee_table(event):
    """(header, rows) of the attendee list, answers last, for the portal's CSV writer."""
    columns = answer_columns(event)
    header = ATTENDEE_COLUMNS + [heading for _, heading in columns]
    rows = []
    for booking in attendees(event):
        person = booking.person
        rows.append(
            [
                str(person),
                person.email,
                person.job_title,
                person.organisation.name if person.organisation else "",
                booking.get_status_display(),
                timezone.localtime(booking.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
            + [booking.answers.get(key, "") for key, _ in columns]
        )
    return header, rows


def message_attendees(event, sender, *, subject, body, include_waiting_list=False):
    """Record the message and send it to each attendee in the background, once each."""
    _require_organiser(sender, event)
    with transaction.atomic():
        message = AttendeeMessage.objects.create(
            event=event,
            sender=sender,
            subject=subject,
            body=body,
            include_waiting_list=include_waiting_list,
        )
        log(
            instance=event,
            action="events.message_attendees",
            user=sender,
            data={"subject": subject},
        )
        transaction.on_commit(partial(_enqueue_message, message.pk))
    return message


def _enqueue_message(message_id):
    from ..tasks import send_attendee_message

    send_attendee_message.enqueue(message_id)


def _enqueue_update(event_id, notice, sequence):
    from ..tasks import send_event_update

    send_event_update.enqueue(event_id, notice, sequence)


def _write_event(event, by, changes, action):
    """Save changes to the live event and to its latest revision, so the editor keeps them.

    An unpublished draft stays a draft (with these changes added); the live page changes now.
    """
    had_draft = event.has_unpublished_changes
    EventPage.objects.filter(pk=event.pk).update(**changes)
    latest = event.get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(latest, field, value)
    revision = latest.save_revision(user=by, log_action=False, clean=False)
    if not had_draft and event.live:
        revision.publish(user=by, log_action=False, skip_permission_checks=True)
    log(instance=event, action=action, user=by, data={k: str(v) for k, v in changes.items()})
    page_cache.pages_changed()  # the live page changed without a publish when it had a draft
    for field, value in changes.items():
        setattr(event, field, value)


def cancel_event(event, by, *, reason=""):
    """Cancel the event. Everyone booked or waiting is sent a calendar CANCEL for it."""
    _require_organiser(by, event)
    with transaction.atomic():
        event = EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
        if event.is_cancelled:
            raise EventAlreadyCancelled("This event has already been cancelled.")
        changes = {
            "status": EventPage.Status.CANCELLED,
            "sequence": event.sequence + 1,
            "cancellation_reason": reason,
        }
        _write_event(event, by, changes, "events.cancel")
        transaction.on_commit(partial(_enqueue_update, event.pk, "event_cancelled", event.sequence))
    return event


def change_time_or_place(event, by, **changes):
    """Move the event in time or place; attendees get the updated .ics (a higher SEQUENCE)."""
    _require_organiser(by, event)
    with transaction.atomic():
        event = EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
        if event.is_cancelled:
            raise EventAlreadyCancelled("A cancelled event cannot be moved.")
        changed = {
            field: value
            for field, value in changes.items()
            if field in TIME_AND_PLACE and getattr(event, field) != value
        }
        if not changed:
            raise NothingChanged("Nothing was changed: the time and place are as they were.")
        start, end = changed.get("start", event.start), changed.get("end", event.end)
        if end <= start:
            raise EventsError("The event must end after it starts.")
        changed["sequence"] = event.sequence + 1
        _write_event(event, by, changed, "events.change")
        transaction.on_commit(partial(_enqueue_update, event.pk, "event_changed", event.sequence))
    return event


def export_attendees(event, *, by):
    """The attendee list as (header, rows), with an audit-log row: who took a copy of whose
    details."""
    table = attendee_table(event)
    log(
        instance=event,
        action="events.attendees.export",
        user=by,
        data={"event": event.title},
    )
    return table
