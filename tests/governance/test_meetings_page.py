"""The meeting page: numbered agenda, papers, carried-forward actions, decisions, quorum,
possible conflicts of interest; and a query count that does not grow with the agenda."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from governance.models import AgendaItem, Attendance, InterestDeclaration, Paper
from governance.services import records
from governance.services.meetings import add_paper, record_attendance
from governance.visibility import Visibility

from .factories import (
    ActionFactory,
    AgendaItemFactory,
    DecisionFactory,
    InterestFactory,
    MeetingPageFactory,
)
from .fixtures_meetings import item_title, upload

pytestmark = pytest.mark.django_db


def html_of(client, meeting):
    response = client.get(meeting.url)
    assert response.status_code == 200
    return response.content.decode()


def test_agenda_is_numbered_in_order_with_purpose_presenter_and_time(world, agenda, client):
    client.force_login(world.member)
    html = html_of(client, agenda.meeting)
    headings = [
        "1. Minutes of the last meeting",
        "2. Matters arising",
        "3. Actions carried forward",
        f"4. {item_title(Visibility.PUBLIC)}",
        f"5. {item_title(Visibility.NETWORK)}",
        f"6. {item_title(Visibility.GROUP)}",
        f"7. {item_title(Visibility.CONFIDENTIAL)}",
    ]
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "Presented by Dr Jo Bloggs" in html
    assert "For discussion" in html
    assert "Confidential (Part B)" in html


def test_hidden_items_keep_their_number_but_not_their_title(agenda, client):
    html = html_of(client, agenda.meeting)
    assert "5. Confidential item" in html
    assert "7. Confidential item" in html
    assert "Only members of the group can see this item." in html
    assert "Presented by" in html  # the public item's presenter still shows


def test_when_where_and_add_to_calendar(world, agenda, client):
    meeting = agenda.meeting
    meeting.start = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.UTC)  # 10:30 in London (BST)
    meeting.end = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    meeting.save()
    html = html_of(client, meeting)
    assert "Wednesday 1 July 2026, 10:30 to 13:00 (UK time)" in html
    assert "Board room, Birmingham" in html
    assert reverse("governance:meeting_calendar", args=[meeting.pk]) in html
    assert reverse("governance:group_meetings_calendar", args=[world.board.pk]) in html
    assert "sign in</a> as a group member to see the join link" in html


def test_superseded_versions_are_listed_as_superseded_and_still_download(world, agenda, client):
    old = agenda.papers[Visibility.PUBLIC]
    new = add_paper(
        old.agenda_item,
        upload("public-v2.pdf", "Second version"),
        title=old.title,
        visibility=Visibility.PUBLIC,
        uploaded_by=world.chair,
        replaces=old,
    )
    html = html_of(client, agenda.meeting)
    assert f"{old.title}, version 1</a>" in html
    assert "Superseded" in html
    assert reverse("governance:paper_download", args=[new.pk]) in html
    assert client.get(reverse("governance:paper_download", args=[old.pk])).status_code == 200


def test_open_actions_from_earlier_meetings_are_carried_forward(world, agenda, client):
    earlier = MeetingPageFactory(
        parent=world.board, title="March", start=agenda.meeting.start - dt.timedelta(days=60)
    )
    public_item = AgendaItemFactory(meeting=earlier, visibility=Visibility.PUBLIC)
    secret_item = AgendaItemFactory(meeting=earlier, visibility=Visibility.CONFIDENTIAL)
    today = timezone.localdate()

    def action(description, item=public_item, **fields):
        return ActionFactory(meeting=earlier, agenda_item=item, description=description, **fields)

    overdue = action("Chase the MRI contract", due=today - dt.timedelta(days=1))
    action("Due soon action", due=today + dt.timedelta(days=14))
    action("On track action", due=today + dt.timedelta(days=15))
    action("Negotiate the secret tender", secret_item, owner=world.lay_member)
    action("Any other business action", None)
    action("Already done action", status="done")
    later = MeetingPageFactory(
        parent=world.board, start=agenda.meeting.start + dt.timedelta(days=9)
    )
    ActionFactory(meeting=later, description="Action from a later meeting")
    elsewhere = MeetingPageFactory(parent=world.other_group, start=earlier.start)
    ActionFactory(meeting=elsewhere, description="Another group's action")

    html = html_of(client, agenda.meeting)
    carried = html[html.index("3. Actions carried forward") : html.index("4. ")]
    assert "Chase the MRI contract" in carried
    assert "Overdue" in carried
    assert "Due soon action" in carried and "Due soon" in carried
    assert "On track action" in carried and "On track" in carried
    assert f"From {earlier.title}" in carried
    assert carried.index("Chase the MRI contract") < carried.index("Due soon action")
    for hidden in (
        "Already done action",
        "Action from a later meeting",
        "Another group's action",
        "Negotiate the secret tender",
        "Any other business action",  # no item: for group members only
    ):
        assert hidden not in html
    assert carried.count("confidential action") == 2

    client.force_login(world.member)
    html = html_of(client, agenda.meeting)
    assert "Negotiate the secret tender" in html
    assert "Any other business action" in html
    # a lay member does not see Part B, except the actions they own
    client.force_login(world.lay_member)
    assert "Negotiate the secret tender" in html_of(client, agenda.meeting)
    overdue.status = "done"
    overdue.save()
    assert "Chase the MRI contract" not in html_of(client, agenda.meeting)


def test_decisions_and_actions_recorded_against_items_are_shown(world, agenda, client):
    public_item = agenda.items[Visibility.PUBLIC]
    secret_item = agenda.items[Visibility.CONFIDENTIAL]
    decision = DecisionFactory(
        meeting=agenda.meeting, agenda_item=public_item, text="Adopt the new protocol", votes_for=7
    )
    DecisionFactory(meeting=agenda.meeting, agenda_item=secret_item, text="Award the tender")
    ActionFactory(
        meeting=agenda.meeting, agenda_item=public_item, description="Publish the protocol"
    )
    html = html_of(client, agenda.meeting)
    assert f"{decision.reference}</a>: Adopt the new protocol" in html
    assert "(for 7" in html
    assert "Publish the protocol" in html
    assert "Award the tender" not in html


def test_quorum_is_shown_once_attendance_is_recorded(world, agenda, client, clock_after):
    clock_after(agenda.meeting)
    assert "quorate" not in html_of(client, agenda.meeting).lower()
    for person in (world.chair, world.deputy, world.member):
        record_attendance(
            agenda.meeting, person, Attendance.Status.PRESENT, recorded_by=world.secretary
        )
    html = html_of(client, agenda.meeting)
    assert "Quorate: 3 voting members present from 3 trusts." in html


def test_possible_conflicts_of_interest_are_flagged_to_those_running_the_meeting(
    world, agenda, client
):
    InterestFactory(
        person=world.member, organisation="ACME  pacs ltd", kind="financial", description="Adviser"
    )
    InterestFactory(person=world.non_member, organisation="Acme PACS Ltd")  # not in the group
    client.force_login(world.chair)
    html = html_of(client, agenda.meeting)
    assert "Possible conflicts of interest" in html
    flagged = html[html.index("Possible conflicts of interest") :]
    assert escape(world.member.get_full_name()) in flagged
    assert escape(world.non_member.get_full_name()) not in flagged
    assert f"Item 7, “{item_title(Visibility.CONFIDENTIAL)}”" in flagged
    client.force_login(world.member)
    assert "Possible conflicts of interest" not in html_of(client, agenda.meeting)


def test_manage_panel_links_to_the_pages_that_run_the_meeting(world, agenda, client):
    client.force_login(world.secretary)
    html = html_of(client, agenda.meeting)
    meeting = agenda.meeting
    for url in (
        reverse("governance:add_paper", args=[meeting.pk]),
        reverse("governance:attendance", args=[meeting.pk]),
        reverse("governance:minutes", args=[meeting.pk]),
        reverse("wagtailadmin_pages:edit", args=[meeting.pk]),
        reverse("governance:record_decision", args=[meeting.pk, agenda.opening[0].pk]),
        reverse("governance:record_action", args=[meeting.pk, agenda.opening[0].pk]),
    ):
        assert url in html
        if not url.startswith("/admin/"):
            assert client.get(url).status_code == 200, url


def test_a_preview_with_an_unsaved_item_renders(world, agenda):
    page = agenda.meeting.get_latest_revision_as_object()
    page.agenda_items.add(AgendaItem(title="Brand new item", visibility=Visibility.PUBLIC))
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "Brand new item" in response.content.decode()


def add_items(world, meeting, start, count):
    """Items at every visibility, each with a paper, a superseded version, a decision, an
    action, a minute and a declaration; some papers for named people only."""
    visibilities = [
        Visibility.PUBLIC,
        Visibility.NETWORK,
        Visibility.GROUP,
        Visibility.CONFIDENTIAL,
    ]
    for n in range(start, start + count):
        visibility = visibilities[n % 4]
        item = AgendaItemFactory(
            meeting=meeting, visibility=visibility, sort_order=n, organisations_named="Acme"
        )
        first = add_paper(
            item,
            upload("p.pdf", "paper"),
            title=f"Paper {n}",
            visibility=visibility,
            uploaded_by=world.chair,
        )
        add_paper(
            item,
            upload("p.pdf", "paper"),
            title=f"Paper {n}",
            visibility=visibility,
            uploaded_by=world.chair,
            replaces=first,
        )
        named = add_paper(
            item,
            upload("n.pdf", "named"),
            title=f"Named {n}",
            visibility=Visibility.NAMED,
            uploaded_by=world.chair,
        )
        named.named_people.add(world.member)
        DecisionFactory(meeting=meeting, agenda_item=item)
        ActionFactory(meeting=meeting, agenda_item=item, owner=world.member)
        records.write_minute(item, f"Minute {n}", by=world.chair)
        InterestDeclaration.objects.create(agenda_item=item, person=world.member)


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "member", "lay_member", "chair"])
def test_the_page_makes_the_same_number_of_queries_with_5_items_and_with_50(
    world, who, client, clock_after
):
    meeting = world.meeting
    clock_after(meeting)  # attendance and minutes are recorded once the meeting has started
    AgendaItemFactory(
        meeting=meeting, kind=AgendaItem.Kind.ACTIONS_CARRIED_FORWARD, visibility="public"
    )
    earlier = MeetingPageFactory(parent=world.board, start=meeting.start - dt.timedelta(days=60))
    for _ in range(3):
        ActionFactory(meeting=earlier, owner=world.member)
    for person in (world.chair, world.member):
        record_attendance(meeting, person, Attendance.Status.PRESENT, recorded_by=world.chair)
    InterestFactory(person=world.member, organisation="Acme")
    add_items(world, meeting, 1, 4)
    records.circulate_minutes(meeting, by=world.chair)
    person = world.people()[who]
    if person is not None:
        client.force_login(person)

    with_5 = count_queries(client, meeting.url)
    add_items(world, meeting, 5, 45)
    assert Paper.objects.filter(agenda_item__meeting=meeting).count() == 49 * 3
    with_50 = count_queries(client, meeting.url)
    assert with_5 == with_50
    assert with_50 <= 41, f"{with_50} queries"  # the escalated-risks part adds a few
