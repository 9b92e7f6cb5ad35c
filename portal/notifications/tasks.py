"""Background work for notifications: thin tasks that take ids and call the service."""

from django.tasks import task

from ..scheduling import schedule_next
from ..task_priority import NOTICE
from . import services


@task(priority=NOTICE)
def send_notification_email(notification_id):
    return services.send_notification_email(notification_id)


@task()
def send_daily_digest():
    sent = services.send_daily_digests()
    schedule_next(send_daily_digest)
    return sent
