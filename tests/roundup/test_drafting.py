"""The weekly draft: made once per issue date, carrying only what is new or changed since the
last sent issue (events newly bookable or filling up, news, changed work items, one compact
line of meetings per SIG), with no duplicates; pinned items survive a re-draft."""

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from governance.models import MeetingPage
from publications.roundup import tasks
from publications.roundup.errors import SendNotAllowed
from publications.roundup.models import RoundupPage
from publications.roundup.services import drafting, sending
from sigs.models import WorkItem
from tests.events.factories import BookingFactory, EventIndexPageFactory, EventPageFactory
from tests.governance.factories import MeetingPageFactory
from tests.publications.factories import NewsIndexPageFactory, NewsPageFactory

from .fixtures import run_send

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def titles(issue, heading):
    for block in issue.sections:
        if block.value["heading"] == heading:
            return [item["title"] for item in block.value["items"]]
    return []


def items(issue):
    return [(b.value["heading"], item) for b in issue.sections for item in b.value["items"]]


def send_now(issue):
    return run_send(sending.request_send(issue))


@pytest.fixture
def content(site):
    events = EventIndexPageFactory(parent=site.home)
    EventPageFactory(
        parent=events, title="CT study day", start=timezone.now() + dt.timedelta(days=10)
    )
    MeetingPageFactory(parent=site.mri, title="MRI SIG, December")
    MeetingPageFactory(
        parent=site.ct, title="Cancelled CT meeting", status=MeetingPage.Status.CANCELLED
    )
    MeetingPageFactory(parent=site.mri.get_parent(), title="Board meeting")  # not a SIG
    WorkItem.objects.create(
        sig=site.ct.specific, kind="deliverable", title="Dose audit", status="in_progress"
    )
    WorkItem.objects.create(sig=site.ct.specific, kind="benefit", title="Fewer repeat scans")
    return site


def test_the_first_draft_collects_what_is_new(content):
    issue = drafting.draft_next_issue()

    assert issue.live is False and issue.number == 1
    assert issue.issue_date.weekday() == settings.ROUNDUP_ISSUE_WEEKDAY
    assert timezone.localdate() < issue.issue_date <= timezone.localdate() + dt.timedelta(days=7)
    assert titles(issue, "Events and training") == ["CT study day"]
    [meetings_line] = titles(issue, "Special interest group meetings you can join")
    assert meetings_line.startswith("MRI SIG: ") and "December" not in meetings_line
    # A new plan or expected benefit is not news; work under way is.
    assert titles(issue, "Special interest group updates") == ["CT SIG: Dose audit"]
    sig_meeting = next(b for b in issue.sections if b.value["topic"] == "sig_news").value
    assert sig_meeting["public"] is False
    assert all(item["members_only"] for item in sig_meeting["items"])
    assert issue.get_parent().specific == content.archive


def test_between_two_sends_the_draft_carries_only_new_things_once(site, time_machine):
    time_machine.move_to(london(2026, 12, 4, 8, 0), tick=False)
    events = EventIndexPageFactory(parent=site.home)
    news = NewsIndexPageFactory(parent=site.home)
    yesterday = timezone.now() - dt.timedelta(days=1)
    filling = EventPageFactory(
        parent=events,
        title="MRI safety course",
        start=london(2027, 1, 20, 9, 0),
        capacity=10,
        first_published_at=yesterday,
    )
    BookingFactory.create_batch(2, event=filling)
    NewsPageFactory(parent=news, title="New network chair", date=dt.date(2026, 12, 3))
    dose = WorkItem.objects.create(
        sig=site.ct.specific, kind="deliverable", title="Dose audit", status="in_progress"
    )
    WorkItem.objects.create(sig=site.ct.specific, kind="benefit", title="Fewer repeat scans")
    for day in (7, 21):
        MeetingPageFactory(
            parent=site.mri,
            title=f"MRI SIG – {day} December 2026",
            start=london(2026, 12, day, 14, 0),
        )

    time_machine.move_to(london(2026, 12, 4, 9, 0), tick=False)
    first = drafting.draft_next_issue()
    assert first.issue_date == dt.date(2026, 12, 10)
    assert titles(first, "Events and training") == ["MRI safety course"]
    assert titles(first, "Network news") == ["New network chair"]
    assert titles(first, "Special interest group updates") == ["CT SIG: Dose audit"]
    assert titles(first, "Special interest group meetings you can join") == [
        "MRI SIG: 7 Dec, 21 Dec"
    ]

    time_machine.move_to(london(2026, 12, 5, 10, 0), tick=False)
    send_now(first)

    # The week after: a new event, the first one filling up, news, a status change, a new plan,
    # and a new CT SIG meeting (the MRI SIG's meetings are unchanged).
    time_machine.move_to(london(2026, 12, 7, 11, 0), tick=False)
    EventPageFactory(
        parent=events,
        title="CT webinar",
        start=london(2027, 1, 12, 12, 30),
        first_published_at=timezone.now(),
    )
    EventPageFactory(
        parent=events,
        title="Event without places",
        start=london(2027, 1, 14, 9, 0),
        capacity=1,
        first_published_at=timezone.now(),
    )
    BookingFactory(event=EventPageFactory._meta.model.objects.get(title="Event without places"))
    BookingFactory.create_batch(5, event=filling)
    NewsPageFactory(parent=news, title="Annual report published", date=dt.date(2026, 12, 7))
    WorkItem.objects.filter(pk=dose.pk).update(status="done", updated_at=timezone.now())
    WorkItem.objects.create(sig=site.mri.specific, kind="benefit", title="Shorter waits")
    MeetingPageFactory(
        parent=site.ct, title="CT SIG – 8 January 2027", start=london(2027, 1, 8, 10, 0)
    )

    time_machine.move_to(london(2026, 12, 11, 9, 0), tick=False)
    second = drafting.draft_next_issue()

    assert titles(second, "Events and training") == ["CT webinar", "MRI safety course"]
    webinar, filling_item = [i for h, i in items(second) if h == "Events and training"]
    assert webinar["summary"].startswith("Booking is open.")
    assert filling_item["summary"].startswith("Only 3 places left.")
    assert titles(second, "Network news") == ["Annual report published"]
    updates = [i for h, i in items(second) if h == "Special interest group updates"]
    assert [(i["title"], i["summary"]) for i in updates] == [
        ("CT SIG: Dose audit", "Deliverable, now done (was in progress)")
    ]
    assert titles(second, "Special interest group meetings you can join") == ["CT SIG: 8 Jan"]
    keys = [(i["title"], i["link"], i["summary"]) for _, i in items(second)]
    assert len(keys) == len(set(keys))
    assert not any(i["title"].count("SIG") > 1 for _, i in items(second))


def test_an_event_already_said_to_be_filling_up_is_not_repeated(site, time_machine):
    time_machine.move_to(london(2026, 12, 4, 9, 0), tick=False)
    events = EventIndexPageFactory(parent=site.home)
    event = EventPageFactory(
        parent=events,
        title="Cardiac CT masterclass",
        start=london(2027, 1, 20, 9, 0),
        capacity=6,
        first_published_at=london(2026, 11, 1, 9, 0),
    )
    BookingFactory.create_batch(2, event=event)  # 4 left: few

    first = drafting.draft_next_issue()
    assert titles(first, "Events and training") == ["Cardiac CT masterclass"]
    time_machine.move_to(london(2026, 12, 5, 10, 0), tick=False)
    send_now(first)

    time_machine.move_to(london(2026, 12, 11, 9, 0), tick=False)
    assert titles(drafting.draft_next_issue(), "Events and training") == []


def test_a_redraft_keeps_pinned_items_first_and_drops_the_rest(content):
    issue = drafting.draft_next_issue()
    draft = issue.get_latest_revision_as_object()
    sections = drafting._stream_data(draft.sections)
    sig_updates = next(s for s in sections if s["value"]["heading"].startswith("Special"))
    sig_updates["value"]["items"][0]["pinned"] = True
    sections.append(
        {
            "type": "section",
            "value": {
                "heading": "From the comms team",
                "topic": "general",
                "public": True,
                "items": [
                    {
                        "title": "Survey closes Friday",
                        "link": "",
                        "when": "",
                        "summary": "",
                        "sig": None,
                        "members_only": False,
                        "pinned": True,
                    }
                ],
            },
        }
    )
    draft.sections = sections
    draft.save_revision()

    redrafted = drafting.redraft_issue(issue)

    headings = [block.value["heading"] for block in redrafted.sections]
    assert headings[:2] == ["Special interest group updates", "From the comms team"]
    assert titles(redrafted, "Special interest group updates") == ["CT SIG: Dose audit"]
    assert titles(redrafted, "From the comms team") == ["Survey closes Friday"]
    assert "Events and training" in headings
    assert RoundupPage.objects.get(pk=issue.pk).get_latest_revision_as_object().sections


def test_a_sent_issue_cannot_be_redrafted(content, send_issue):
    issue = drafting.draft_next_issue()
    send_issue(issue)
    with pytest.raises(SendNotAllowed):
        drafting.redraft_issue(issue)


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


def test_the_archive_shows_the_day_the_issue_went_out(client, site, time_machine):
    time_machine.move_to(london(2026, 12, 4, 9, 0), tick=False)
    MeetingPageFactory(parent=site.mri, start=london(2026, 12, 20, 10, 0))
    issue = drafting.draft_next_issue()
    assert issue.issue_date == dt.date(2026, 12, 10)
    time_machine.move_to(london(2026, 12, 5, 0, 30), tick=False)
    send_now(issue)

    page = client.get("/round-up/").content.decode()
    assert "Issue 1, sent 5 December 2026" in page
    assert "sent 10 December" not in page
    assert "sent 5 December 2026" in client.get(issue.url).content.decode()


def test_the_archive_date_is_the_london_date_in_summer(client, site, time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 3, 9, 0, tzinfo=dt.UTC), tick=False)
    MeetingPageFactory(parent=site.mri, start=dt.datetime(2026, 7, 20, 9, 0, tzinfo=dt.UTC))
    issue = drafting.draft_next_issue()
    time_machine.move_to(dt.datetime(2026, 7, 4, 23, 30, tzinfo=dt.UTC), tick=False)
    send_now(issue)

    assert "Issue 1, sent 5 July 2026" in client.get("/round-up/").content.decode()
