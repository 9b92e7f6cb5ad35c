"""The weekly draft: made once per issue date from the portal's content; a missing or broken
source leaves its section empty."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from governance.models import MeetingPage
from publications.roundup import tasks
from publications.roundup.models import RoundupPage
from publications.roundup.services import drafting
from sigs.models import WorkItem
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.governance.factories import MeetingPageFactory


@pytest.fixture
def content(site):
    events = EventIndexPageFactory(parent=site.home)
    EventPageFactory(
        parent=events, title="CT study day", start=timezone.now() + dt.timedelta(days=10)
    )
    EventPageFactory(parent=events, title="Too far", start=timezone.now() + dt.timedelta(weeks=8))
    MeetingPageFactory(parent=site.mri, title="MRI SIG, December")
    MeetingPageFactory(
        parent=site.ct, title="Cancelled CT meeting", status=MeetingPage.Status.CANCELLED
    )
    MeetingPageFactory(parent=site.mri.get_parent(), title="Board meeting")  # not a SIG
    WorkItem.objects.create(sig=site.ct.specific, kind="deliverable", title="Dose audit")
    return site


def titles(issue, heading):
    for block in issue.sections:
        if block.value["heading"] == heading:
            return [item["title"] for item in block.value["items"]]
    return []


def test_the_draft_collects_events_sig_meetings_and_updates(content):
    issue = drafting.draft_next_issue()

    assert issue.live is False and issue.number == 1
    assert issue.issue_date.weekday() == settings.ROUNDUP_ISSUE_WEEKDAY
    assert timezone.localdate() < issue.issue_date <= timezone.localdate() + dt.timedelta(days=7)
    assert titles(issue, "Events and training") == ["CT study day"]
    assert titles(issue, "Special interest group meetings you can join") == [
        "MRI SIG: MRI SIG, December"
    ]
    assert titles(issue, "Special interest group updates") == ["CT SIG: Dose audit"]
    sig_meeting = next(b for b in issue.sections if b.value["topic"] == "sig_news").value
    assert sig_meeting["public"] is False
    assert all(item["members_only"] for item in sig_meeting["items"])
    assert issue.get_parent().specific == content.archive


def test_the_draft_is_made_once_per_issue_date(content):
    first = drafting.draft_next_issue()
    assert drafting.draft_next_issue() is None
    later = drafting.draft_next_issue(now=timezone.now() + dt.timedelta(days=7))
    assert later.number == first.number + 1
    assert RoundupPage.objects.count() == 2


def test_nothing_is_drafted_without_an_archive_page(site):
    site.archive.delete()
    assert drafting.draft_next_issue() is None


def test_the_weekly_task_is_periodic_and_schedules_its_next_run(site):
    path = "publications.roundup.tasks.draft_weekly_issue"
    assert settings.PERIODIC_TASKS[path] == 7 * 24 * 3600

    tasks.draft_weekly_issue.call()

    assert RoundupPage.objects.count() == 1
    waiting = DBTaskResult.objects.get(task_path=path, status="READY")
    assert waiting.run_after > timezone.now() + dt.timedelta(days=6)
