"""Background work for CPD: thin tasks that take ids and call the CPD services."""

from django.tasks import task

from portal.scheduling import schedule_next

from .services import evaluation


@task()
def send_evaluation_requests():
    """Hourly: ask the attendees of events that have just finished for their evaluation."""
    sent = evaluation.send_evaluation_requests()
    schedule_next(send_evaluation_requests)
    return sent
