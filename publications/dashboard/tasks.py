"""Background work for the dashboard: thin tasks that call its services."""

from django.tasks import task

from portal.scheduling import schedule_next

from .services import quorum


@task()
def recheck_meeting_quorum():
    """Nightly: the quorum of recent held meetings, in case attendance was corrected."""
    checked = quorum.recheck_recent_meetings()
    schedule_next(recheck_meeting_quorum)
    return checked
