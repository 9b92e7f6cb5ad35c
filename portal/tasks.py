"""Background tasks of the site core: sending a queued email, retried while the relay is down;
putting tasks stranded by a dead worker back in the queue."""

import logging
import smtplib
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from . import stranded_tasks
from .email import message_from_data
from .scheduling import schedule_next
from .task_priority import NOTICE

logger = logging.getLogger(__name__)

# Tries, and the wait before each retry: about a day in all before the message is given up.
EMAIL_ATTEMPTS = 8
EMAIL_FIRST_RETRY = timedelta(minutes=1)


def retry_delay(attempt):
    """The wait after failed attempt `attempt` (1, 2, …): doubling from a minute."""
    return EMAIL_FIRST_RETRY * 2 ** (attempt - 1)


@task(priority=NOTICE)
def send_email(message, attempt=1):
    """Send one message built by `portal.email.queue_message`. If the relay cannot be reached
    the task enqueues itself again for later, a few times, before it fails for good."""
    try:
        message_from_data(message).send()
    except (OSError, smtplib.SMTPException) as error:
        if attempt >= EMAIL_ATTEMPTS:
            raise
        wait = retry_delay(attempt)
        logger.warning(
            "Email to %s not sent (%s); trying again in %s (attempt %d of %d)",
            ", ".join(message["to"]),
            error,
            wait,
            attempt + 1,
            EMAIL_ATTEMPTS,
        )
        send_email.using(run_after=timezone.now() + wait).enqueue(message, attempt + 1)
        return "retry"
    return "sent"


@task()
def requeue_stranded_tasks():
    """Periodic: re-queue tasks left RUNNING by a worker that died (see portal.stranded_tasks)."""
    recovered = stranded_tasks.recover_stranded_tasks()
    schedule_next(requeue_stranded_tasks)
    return recovered
