"""Background work for the risk register: thin tasks that take ids and call services."""

from django.tasks import task

from portal.scheduling import schedule_next

from .services import reviews


@task()
def send_overdue_risk_review_reminders():
    reminded = reviews.send_overdue_review_reminders()
    schedule_next(send_overdue_risk_review_reminders)
    return reminded
