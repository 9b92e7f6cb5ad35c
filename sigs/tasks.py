"""Background work for SIGs: thin tasks that take ids and call services."""

from django.tasks import task

from portal.scheduling import schedule_next

from .services import adoption, protocols


@task()
def tell_trust_leads_of_new_version(version_id):
    return adoption.tell_trust_leads_of_new_version(version_id)


@task()
def send_protocol_review_reminders():
    sent = protocols.send_review_reminders()
    schedule_next(send_protocol_review_reminders)
    return sent
