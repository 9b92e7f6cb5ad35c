"""Drafting next week's issue from what the portal holds: one function per source, each
reading through its owner's service or QuerySet. A draft carries only what is new or changed
since the last sent issue; a source with nothing new leaves no section."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from events.services.booking import booking_closed_reason, places_left
from events.services.listing import events_between
from governance.models import MeetingPage
from governance.visibility import Visibility
from portal.links import page_url
from portal.tree import parent_path
from publications.models import NewsPage, PublicationPage
from sigs.models import ProtocolPage, SigPage, WorkItem

from ..blocks import Topic
from ..errors import SendNotAllowed
from ..models import IssueSend, RoundupIndexPage, RoundupPage

logger = logging.getLogger(__name__)

# Events are announced when booking opens, however far ahead they are.
EVENTS_AHEAD = dt.timedelta(weeks=26)
SIG_MEETINGS_AHEAD = dt.timedelta(weeks=6)
# An event with this many places or fewer left is worth telling readers about (once).
FEW_PLACES_LEFT = 5
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


def titled(group_name, title):
    """ "Group: title", unless the title already names the group (no "CT SIG: CT SIG …")."""
    if group_name and group_name.casefold() not in title.casefold():
        return f"{group_name}: {title}"
    return title


def _item(page, *, when="", sig_id=None, summary=None, members_only=False):
    return {
        "title": page.title,
        "link": page_url(page),
        "when": when,
        "summary": _summary(page) if summary is None else summary,
        "sig": sig_id,
        "members_only": members_only,
        "pinned": False,
    }


def _sig_ids():
    return set(SigPage.objects.live().values_list("pk", flat=True))


def _bookable(now):
    """Upcoming, live, not cancelled events with a free place (the events app's one rule)."""
    return events_between(now, now + EVENTS_AHEAD).with_places()


def event_news(since, now, seen_filling):
    """Events newly open for booking since `since`, and events with few places left that the
    last issue did not already say were filling up. Returns (items, ids now filling up)."""
    items, filling = [], set()
    for event in _bookable(now):
        if booking_closed_reason(event, now):
            continue
        left = places_left(event)
        # Booking opened when it was set to, or when the event was published if later.
        moments = [m for m in (event.booking_opens, event.first_published_at) if m]
        newly_open = not moments or max(moments) >= since
        if left is not None and left <= FEW_PLACES_LEFT:
            filling.add(event.pk)
            if event.pk in seen_filling and not newly_open:
                continue
            state = f"Only {left} place{'s' if left != 1 else ''} left."
        elif newly_open:
            state = "Booking is open."
        else:
            continue
        summary = f"{state} {_summary(event)}".strip()[:600]
        items.append(_item(event, when=_when(event.start), summary=summary))
    return items, filling


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


def work_item_statuses():
    return {str(pk): status for pk, status in WorkItem.objects.values_list("pk", "status")}


def sig_updates(since, until, seen_statuses=None):
    """Work items whose status changed since the last issue's draft saw them. A new item counts
    only once it is under way or done: a new plan or expected benefit is not news."""
    seen_statuses = seen_statuses or {}
    labels = dict(WorkItem.Status.choices)
    items = []
    for work_item in WorkItem.objects.updated_between(since, until):
        before = seen_statuses.get(str(work_item.pk))
        if before == work_item.status:
            continue
        if before is None and work_item.status == WorkItem.Status.PLANNED:
            continue
        now_label = work_item.get_status_display().lower()
        change = (
            f"now {now_label} (was {labels.get(before, before).lower()})" if before else now_label
        )
        items.append(
            {
                "title": titled(work_item.sig.title, work_item.title),
                "link": page_url(work_item.sig),
                "when": "",
                "summary": f"{work_item.get_kind_display()}, {change}",
                "sig": work_item.sig_id,
                "members_only": True,
                "pinned": False,
            }
        )
    return items


def _short_date(moment):
    return date_format(timezone.localtime(moment), "j M")


def open_sig_meetings(start, end, seen_meetings=()):
    """One line per SIG with a meeting in the window that the last issue did not list:
    "Digital SIG: 7 Jan, 4 Mar". Returns (items, ids of every meeting in the window)."""
    sigs = {sig.path: sig for sig in SigPage.objects.live()}
    meetings = (
        MeetingPage.objects.live()
        .filter(status=MeetingPage.Status.SCHEDULED, start__gte=start, start__lt=end)
        .order_by("start")
    )
    by_sig, listed = {}, set()
    for meeting in meetings:
        sig = sigs.get(parent_path(meeting))
        if sig is None:
            continue
        listed.add(meeting.pk)
        by_sig.setdefault(sig, []).append(meeting)
    seen = set(seen_meetings)
    items = []
    for sig, sig_meetings in sorted(by_sig.items(), key=lambda pair: pair[0].title):
        if all(meeting.pk in seen for meeting in sig_meetings):
            continue
        dates = ", ".join(dict.fromkeys(_short_date(m.start) for m in sig_meetings))
        items.append(
            {
                "title": f"{sig.title}: {dates}",
                "link": page_url(sig),
                "when": "",
                "summary": "Members are welcome to join. Ask to join the group from its page.",
                "sig": sig.pk,
                "members_only": True,
                "pinned": False,
            }
        )
    return items, listed


def _section(heading, topic, public, items):
    return {
        "type": "section",
        "value": {"heading": heading, "topic": topic, "public": public, "items": items},
    }


def _key(item):
    return (item["title"].strip().casefold(), item["link"] or "", item["summary"] or "")


def _sent_keys(issue):
    """What an issue carried when it was sent, so the next draft repeats none of it."""
    if issue is None:
        return set()
    content = issue.sent_content or {}
    return {_key(item) for s in content.get("sections", []) for item in s.get("items", [])}


@dataclass
class Draft:
    sections: list
    baseline: dict


def draft_sections(since, now, last_sent=None):
    """What is new or changed since `since` (the last sent issue went out), as sections, with
    the baseline the next draft compares against; empty sections left out, no duplicates."""
    baseline = (last_sent.draft_baseline if last_sent else None) or {}
    taken_at = baseline.get("taken_at")
    # A status changed after the last draft but before its send is still news next time.
    work_since = min(since, dt.datetime.fromisoformat(taken_at)) if taken_at else since
    events, filling = event_news(since, now, set(baseline.get("filling", [])))
    meetings, listed = open_sig_meetings(
        now, now + SIG_MEETINGS_AHEAD, baseline.get("meetings", [])
    )
    plan = [
        ("Events and training", Topic.EVENTS, True, events),
        ("Network news", Topic.GOVERNANCE, True, news_since(since, now)),
        ("New publications", Topic.GOVERNANCE, True, publications_since(since, now)),
        ("Newly approved protocols", Topic.PROTOCOLS, True, approved_protocols(since, now)),
        (
            "Special interest group updates",
            Topic.SIG_NEWS,
            False,
            sig_updates(work_since, now, baseline.get("work_items")),
        ),
        ("Special interest group meetings you can join", Topic.SIG_NEWS, False, meetings),
    ]
    seen = _sent_keys(last_sent)
    sections = []
    for heading, topic, public, items in plan:
        kept = []
        for item in items:
            if _key(item) not in seen:
                seen.add(_key(item))
                kept.append(item)
        if kept:
            sections.append(_section(heading, topic, public, kept[:SECTION_LIMIT]))
    return Draft(
        sections=sections,
        baseline={
            "taken_at": now.isoformat(),
            "work_items": work_item_statuses(),
            "filling": sorted(filling),
            "meetings": sorted(listed),
        },
    )


def _stream_data(sections):
    """Sections as plain data (from a StreamField value or from draft_sections)."""
    data = []
    for block in sections:
        if isinstance(block, dict):
            data.append(block)
            continue
        value = block.value
        data.append(
            _section(
                value["heading"],
                value["topic"],
                bool(value["public"]),
                [
                    {
                        "title": item["title"],
                        "link": item["link"] or "",
                        "when": item["when"] or "",
                        "summary": item["summary"] or "",
                        "sig": item["sig"].pk if item["sig"] else None,
                        "members_only": bool(item["members_only"]),
                        "pinned": bool(item.get("pinned")),
                    }
                    for item in value["items"]
                ],
            )
        )
    return data


def merge_pinned(current, fresh):
    """A re-draft: sections holding pinned items come first (pins first within them), then the
    fresh sections; a fresh item that repeats a pinned one is left out."""
    pinned_sections = []
    for section in _stream_data(current):
        pins = [item for item in section["value"]["items"] if item.get("pinned")]
        if pins:
            pinned_sections.append((section, pins))
    pinned_keys = {_key(item) for _, pins in pinned_sections for item in pins}
    fresh_by_heading = {s["value"]["heading"]: s for s in fresh}
    merged = []
    for section, pins in pinned_sections:
        heading = section["value"]["heading"]
        extra = fresh_by_heading.pop(heading, None)
        items = list(pins)
        if extra:
            items += [i for i in extra["value"]["items"] if _key(i) not in pinned_keys]
        value = section["value"]
        merged.append(_section(heading, value["topic"], value["public"], items))
    for section in fresh:
        if section["value"]["heading"] in fresh_by_heading:
            items = [i for i in section["value"]["items"] if _key(i) not in pinned_keys]
            if items:
                merged.append({**section, "value": {**section["value"], "items": items}})
    return merged


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
        last, since = last_sent_issue(issues, now)
        draft = draft_sections(since, now, last)
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
            sections=draft.sections,
            draft_baseline=draft.baseline,
            live=False,
        )
        archive.add_child(instance=issue)
        issue.save_revision()
    return issue


def last_sent_issue(issues, now, *, before=None):
    """The last issue that went out (optionally numbered below `before`) and when it started
    going out; without one, a week ago."""
    sent = issues.archived().select_related("send").order_by("-number")
    if before is not None:
        sent = sent.filter(number__lt=before)
    last = sent.first()
    return last, (last.send.started_at if last else now - dt.timedelta(days=7))


def redraft_issue(issue, *, by=None, now=None):
    """Draft an unsent issue again from what is new now; items comms pinned stay, first."""
    now = now or timezone.now()
    with transaction.atomic():
        issue = RoundupPage.objects.select_for_update().get(pk=issue.pk)
        if IssueSend.objects.filter(issue=issue).exists():
            raise SendNotAllowed("This issue has been scheduled or sent: it cannot be redrafted.")
        issues = RoundupPage.objects.child_of(issue.get_parent())
        last, since = last_sent_issue(issues, now, before=issue.number)
        draft = draft_sections(since, now, last)
        latest = issue.get_latest_revision_as_object()
        latest.sections = merge_pinned(latest.sections, draft.sections)
        latest.draft_baseline = draft.baseline
        latest.save_revision(user=by, log_action=True)
        RoundupPage.objects.filter(pk=issue.pk).update(draft_baseline=draft.baseline)
    return latest
