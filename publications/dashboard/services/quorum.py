"""Quorum checks: governance's quorum rule, asked once per held meeting and kept for the
dashboard, so its quoracy figures read one row per meeting."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.models import MeetingPage
from governance.services.meetings import quorum

from ..models import QuorumCheck

# Attendance can be corrected after a meeting; the nightly run looks back this far.
RECHECK_DAYS = 400


def _check(meeting):
    result = quorum(meeting)
    values = {
        "is_quorate": result.is_quorate,
        "voting_present": result.voting_present,
        "voting_needed": result.voting_needed,
        "trusts_present": result.trusts_present,
        "trusts_needed": result.trusts_needed,
        "summary": result.summary()[:500],
        "checked_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            QuorumCheck.objects.update_or_create(meeting=meeting, defaults=values)
    except IntegrityError:  # another request checked the same meeting a moment ago
        QuorumCheck.objects.filter(meeting=meeting).update(**values)


def check_unchecked_meetings():
    """Check every held meeting that has no quorum check yet; returns how many were checked."""
    meetings = MeetingPage.objects.filter(status=MeetingPage.Status.HELD, quorum_check__isnull=True)
    checked = 0
    for meeting in meetings.iterator():
        _check(meeting)
        checked += 1
    return checked


def recheck_recent_meetings():
    """Re-check held meetings of the last RECHECK_DAYS days (and any never checked)."""
    since = timezone.now() - timedelta(days=RECHECK_DAYS)
    meetings = MeetingPage.objects.filter(status=MeetingPage.Status.HELD, start__gte=since)
    checked = 0
    for meeting in meetings.iterator():
        _check(meeting)
        checked += 1
    return checked + check_unchecked_meetings()
