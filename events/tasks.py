"""Background work for events: thin tasks that take ids and call services."""

from django.tasks import task

from portal.scheduling import schedule_next
from portal.task_priority import NOTICE

from .services import notices, reminders


@task(priority=NOTICE)
def send_booking_notice(booking_id, notice, key):
    return notices.send_booking_notice(booking_id, notice, key)


@task(priority=NOTICE)
def send_event_update(event_id, notice, sequence):
    return notices.send_event_update(event_id, notice, sequence)


@task(priority=NOTICE)
def send_attendee_message(message_id):
    return notices.send_attendee_message(message_id)


@task()
def send_event_reminders():
    sent = reminders.send_due_reminders()
    schedule_next(send_event_reminders)
    return sent
