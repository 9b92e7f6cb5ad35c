"""Drafting next week's issue from what the portal holds: one function per source, each
reading through its owner's service or QuerySet. A source with nothing new leaves no section."""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from events.services.listing import events_between
from governance.models import MeetingPage
from governance.visibility import Visibility
from portal.links import page_url
from portal.tree import parent_path
from publications.models import NewsPage, PublicationPage
from sigs.models import ProtocolPage, SigPage, WorkItem

from ..blocks import Topic
from ..models import RoundupIndexPage, RoundupPage

logger = logging.getLogger(__name__)

EVENTS_AHEAD = dt.timedelta(weeks=6)
SIG_MEETINGS_AHEAD = dt.timedelta(weeks=6)
# A draft section holds at most this many items (the soonest or newest); editors add more.
SECTION_LIMIT = 12
ARCHIVE_SLUG = "round-up"


def _when(moment):
    return date_format(timezone.localtime(moment), "D j M Y, H:i") if moment else ""


def _summary(page):
    for name in ("summary", "introduction", "lay_summary", "search_description"):
        text = getattr(page, name, "")
        if isinstance(text, str) and text.strip():
            return text.strip()[:600]
    return ""


def _item(page, *, when="", sig_id=None, summary=None, members_only=False):
    return {
        "title": page.title,
        "link": page_url(page),
        "when": when,
        "summary": _summary(page) if summary is None else summary,
        "sig": sig_id,
        "members_only": members_only,
    }


def _sig_ids():
    return set(SigPage.objects.live().values_list("pk", flat=True))


def upcoming_events(start, end):
    return [_item(event, when=_when(event.start)) for event in events_between(start, end)]


def news_since(since, until):
    sig_ids = _sig_ids()
    return [
        _item(page, sig_id=page.group_id if page.group_id in sig_ids else None)
        for page in NewsPage.objects.published_between(since, until)
    ]


def publications_since(since, until):
    return [
        _item(page, members_only=page.visibility != Visibility.PUBLIC)
        for page in PublicationPage.objects.published_between(since, until)
    ]


def approved_protocols(since, until):
    sig_paths = {sig.path: sig.pk for sig in SigPage.objects.live().only("pk", "path")}
    return [
        _item(
            page,
            sig_id=sig_paths.get(parent_path(page)),
            members_only=page.visibility != Visibility.PUBLIC,
        )
        for page in ProtocolPage.objects.approved_between(since, until)
    ]


def sig_updates(since, until):
    return [
        {
            "title": f"{work_item.sig.title}: {work_item.title}",
            "link": page_url(work_item.sig),
            "when": "",
            "summary": f"{work_item.get_kind_display()}, {work_item.get_status_display().lower()}",
            "sig": work_item.sig_id,
            "members_only": True,
        }
        for work_item in WorkItem.objects.updated_between(since, until)
    ]


def open_sig_meetings(start, end):
    """Scheduled meetings of SIGs in the window: SIG meetings are open to any member to join."""
    sigs = {sig.path: sig for sig in SigPage.objects.live()}
    meetings = (
        MeetingPage.objects.live()
        .filter(status=MeetingPage.Status.SCHEDULED, start__gte=start, start__lt=end)
        .order_by("start")
    )
    items = []
    for meeting in meetings:
        sig = sigs.get(parent_path(meeting))
        if sig is None:
            continue
        items.append(
            {
                "title": f"{sig.title}: {meeting.title}",
                "link": page_url(sig),
                "when": _when(meeting.start),
                "summary": "Members are welcome to join. Ask to join the group from its page.",
                "sig": sig.pk,
                "members_only": True,
            }
        )
    return items


def _section(heading, topic, public, items):
    return {
        "type": "section",
        "value": {"heading": heading, "topic": topic, "public": public, "items": items},
    }


def draft_sections(since, now):
    """Sections for an issue covering `since`…`now`, plus what is coming up; empty ones left out."""
    plan = [
        (
            "Events and training",
            Topic.EVENTS,
            True,
            upcoming_events(now, now + EVENTS_AHEAD),
        ),
        ("Network news", Topic.GOVERNANCE, True, news_since(since, now)),
        ("New publications", Topic.GOVERNANCE, True, publications_since(since, now)),
        (
            "Newly approved protocols",
            Topic.PROTOCOLS,
            True,
            approved_protocols(since, now),
        ),
        ("Special interest group updates", Topic.SIG_NEWS, False, sig_updates(since, now)),
        (
            "Special interest group meetings you can join",
            Topic.SIG_NEWS,
            False,
            open_sig_meetings(now, now + SIG_MEETINGS_AHEAD),
        ),
    ]
    return [_section(h, t, p, items[:SECTION_LIMIT]) for h, t, p, items in plan if items]


def next_issue_date(today):
    """The next issue day (ROUNDUP_ISSUE_WEEKDAY, Monday=0) after today."""
    days = (settings.ROUNDUP_ISSUE_WEEKDAY - today.weekday()) % 7 or 7
    return today + dt.timedelta(days=days)


def draft_next_issue(now=None):
    """Create next week's draft issue, once; returns it, or None if it exists already."""
    now = now or timezone.now()
    issue_date = next_issue_date(timezone.localdate(now))
    with transaction.atomic():
        archive = RoundupIndexPage.objects.select_for_update().filter(slug=ARCHIVE_SLUG).first()
        if archive is None:
            logger.warning("No round-up archive page (slug %r): nothing drafted", ARCHIVE_SLUG)
            return None
        issues = RoundupPage.objects.child_of(archive)
        if issues.filter(issue_date=issue_date).exists():
            return None
        last = issues.archived().order_by("-number").first()
        since = last.send.started_at if last else now - dt.timedelta(days=7)
        number = (
            RoundupPage.objects.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        issue = RoundupPage(
            title=f"Round-up {number}: {date_format(issue_date, 'j F Y')}",
            slug=f"issue-{number}",
            number=number,
            issue_date=issue_date,
            introduction=(
                "Here is what is happening across the network this week: events to book, "
                "news, and what our special interest groups have been working on."
            ),
            sections=draft_sections(since, now),
            live=False,
        )
        archive.add_child(instance=issue)
        issue.save_revision()
    return issue
