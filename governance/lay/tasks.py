"""Background work for patient volunteers: thin tasks that take ids and call services."""

from django.tasks import task

from portal.scheduling import schedule_next

from .services import issuing


@task()
def tell_volunteers_papers_published(meeting_id):
    return issuing.tell_volunteers_papers_published(meeting_id)


@task()
def send_lay_review_reminders():
    reminded = issuing.send_review_reminders()
    schedule_next(send_lay_review_reminders)
    return reminded
