"""Issuing a meeting's papers: volunteers are told once, and reminded once before the review-by
date, however often the tasks run."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from governance import notifications
from governance.errors import NotAllowed
from governance.models import MeetingPage
from governance.rules import can_manage_group
from portal.email import send_templated_email

from ..errors import LaySummariesMissing, PapersAlreadyIssued
from ..models import LayNotice, PaperReview, PapersIssue
from ..queries import visible_papers
from .review import current_volunteers, review_by
from .summaries import papers_missing_lay_summary

REMINDER_DAYS_BEFORE_REVIEW_BY = 2


@transaction.atomic
def issue_papers(meeting, *, by, without_lay_summaries=False):
    """Issue a meeting's papers: volunteers are emailed and their review begins. The chair
    must confirm first if a lay board's papers lack lay summaries."""
    if not can_manage_group(by, meeting.group):
        raise NotAllowed("Only the chair, deputy or secretary can issue the papers.")
    MeetingPage.objects.select_for_update().filter(pk=meeting.pk).first()
    if PapersIssue.objects.filter(meeting=meeting).exists():
        raise PapersAlreadyIssued("The papers for this meeting have already been issued.")
    missing = papers_missing_lay_summary(meeting)
    if missing and not without_lay_summaries:
        raise LaySummariesMissing(missing)
    issue = PapersIssue.objects.create(
        meeting=meeting, issued_by=by, papers_without_lay_summary=len(missing)
    )
    transaction.on_commit(lambda: _enqueue_papers_published(meeting.pk))
    transaction.on_commit(
        lambda: notifications.papers_issued(meeting, exclude=current_volunteers(meeting.group))
    )
    return issue


def _enqueue_papers_published(meeting_id):
    from ..tasks import tell_volunteers_papers_published

    tell_volunteers_papers_published.enqueue(meeting_id)


def _papers_url(meeting=None):
    url = settings.WAGTAILADMIN_BASE_URL + reverse("governance:papers_to_review")
    return url + (f"#meeting-{meeting.pk}" if meeting else "")


def _send_notice_once(meeting, volunteer, kind, template, context):
    """Send one notice unless it was sent before; the row's unique key makes retries safe."""
    notice, _ = LayNotice.objects.get_or_create(meeting=meeting, volunteer=volunteer, kind=kind)
    if notice.sent_at is not None:
        return False
    send_templated_email(template, volunteer.email, context)
    LayNotice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
    return True


def tell_volunteers_papers_published(meeting_id):
    """Email each volunteer of the group the papers they may open. Safe to run twice."""
    meeting = MeetingPage.objects.get(pk=meeting_id)
    sent = 0
    for volunteer in current_volunteers(meeting.group):
        papers = visible_papers(volunteer, meeting)
        if not papers:
            continue
        sent += _send_notice_once(
            meeting,
            volunteer,
            LayNotice.Kind.PAPERS_PUBLISHED,
            "governance/lay/email/papers_published",
            {
                "volunteer": volunteer,
                "meeting": meeting,
                "group": meeting.group,
                "papers": papers,
                "review_by": review_by(meeting),
                "papers_url": _papers_url(meeting),
            },
        )
    return sent


def send_review_reminders(today=None):
    """Remind volunteers with unread papers, from two days before the review-by date until
    it passes. One reminder per volunteer and meeting, however often this runs."""
    today = today or timezone.localdate()
    sent = 0
    meetings = (
        MeetingPage.objects.live()
        .upcoming()
        .filter(papers_issue__isnull=False)
        .exclude(status=MeetingPage.Status.CANCELLED)
    )
    for meeting in meetings:
        due = review_by(meeting)
        if not (due - timedelta(days=REMINDER_DAYS_BEFORE_REVIEW_BY) <= today <= due):
            continue
        for volunteer in current_volunteers(meeting.group):
            papers = visible_papers(volunteer, meeting)
            read = set(
                PaperReview.objects.filter(volunteer=volunteer, paper__in=papers).values_list(
                    "paper", flat=True
                )
            )
            unread = [paper for paper in papers if paper.pk not in read]
            if not unread:
                continue
            sent += _send_notice_once(
                meeting,
                volunteer,
                LayNotice.Kind.REVIEW_REMINDER,
                "governance/lay/email/review_reminder",
                {
                    "volunteer": volunteer,
                    "meeting": meeting,
                    "group": meeting.group,
                    "unread": unread,
                    "review_by": due,
                    "papers_url": _papers_url(meeting),
                },
            )
    return sent
