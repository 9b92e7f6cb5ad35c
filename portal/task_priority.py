"""Which waiting task a worker takes first. django-tasks-db's workers take the ready task with
the highest priority (then the one due longest), so a notice someone is waiting for goes ahead
of bulk work queued before it, and waits at most for the tasks already running.

- NOTICE: a person is waiting for it: a booking confirmation, an account email, a notification
  email, an organiser's change or message to the people booked on an event.
- BULK: long, or many at once: board packs, text extraction for search, the round-up's sending.
- Everything else keeps Django's default, between them: periodic reminders, digests and upkeep,
  and Wagtail's own tasks (search and reference index updates after each save).
"""

from django.tasks.base import DEFAULT_TASK_PRIORITY

NOTICE = DEFAULT_TASK_PRIORITY + 50
BULK = DEFAULT_TASK_PRIORITY - 50
