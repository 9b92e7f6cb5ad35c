"""The minutes lifecycle: draft → circulated → approved at a later meeting → corrected with a
reason; through the minutes page a secretary uses, and the services beneath it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from governance.errors import MinutesLocked, MinutesWrongState
from governance.models import AgendaItem, Decision, MinuteEntry, Minutes, MinutesCorrection
from governance.services import records
from governance.visibility import Visibility

from .factories import AgendaItemFactory, MeetingPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world):
    return [
        AgendaItemFactory(meeting=world.meeting, title="Welcome", visibility=Visibility.PUBLIC),
        AgendaItemFactory(meeting=world.meeting, title="Budget", visibility=Visibility.GROUP),
    ]


@pytest.fixture
def later(world):
    """The board's next meeting, with the standard first item where approvals are recorded."""
    meeting = MeetingPageFactory(
        parent=world.board,
        title="Operational Board, July",
        start=world.meeting.start + dt.timedelta(days=60),
    )
    AgendaItemFactory(
        meeting=meeting, kind=AgendaItem.Kind.PREVIOUS_MINUTES, title="Minutes of the last meeting"
    )
    return meeting


@pytest.fixture(autouse=True)
def after_both_meetings(world, later, clock_after):
    """The May meeting has been held and July's is under way: minutes are written, circulated
    and approved then."""
    clock_after(world.meeting, later)


def minutes_url(meeting):
    return reverse("governance:minutes", args=[meeting.pk])


def test_a_secretary_writes_circulates_and_approves_the_minutes(world, items, later, client):
    client.force_login(world.secretary)
    url = minutes_url(world.meeting)
    assert "Draft" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action": "save",
            f"minute_{items[0].pk}": "The chair welcomed everyone.",
            f"minute_{items[1].pk}": "",
        },
        follow=True,
    )
    assert "The minutes were saved." in response.content.decode()
    minutes = Minutes.objects.get(meeting=world.meeting)
    assert minutes.status == Minutes.Status.DRAFT
    # an untouched, empty minute is not stored
    assert list(MinuteEntry.objects.values_list("agenda_item", "text")) == [
        (items[0].pk, "The chair welcomed everyone.")
    ]

    response = client.post(
        url,
        {
            "action": "circulate",
            f"minute_{items[0].pk}": "The chair welcomed everyone.",
            f"minute_{items[1].pk}": "The budget was noted.",
        },
        follow=True,
    )
    assert "The minutes were circulated to members." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.quorum_note.startswith("Not quorate")  # no attendance was recorded
    assert MinuteEntry.objects.get(agenda_item=items[1]).text == "The budget was noted."

    response = client.post(url, {"action": "approve", "at_meeting": later.pk}, follow=True)
    assert "The minutes were approved at Operational Board, July." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    decision = minutes.approved_by_decision
    assert decision.meeting == later
    assert decision.agenda_item.kind == AgendaItem.Kind.PREVIOUS_MINUTES
    # the page is now locked: read-only minutes and a correction form instead
    html = response.content.decode()
    assert "readonly" in html
    assert "Save the minutes" not in html
    assert "Correct this minute" in html


def test_minutes_are_approved_only_at_a_later_meeting_of_the_same_group(world, items, later):
    records.write_minute(items[0], "Text", by=world.chair)
    minutes = records.circulate_minutes(world.meeting, by=world.chair)
    earlier = MeetingPageFactory(
        parent=world.board, start=world.meeting.start - dt.timedelta(days=30)
    )
    with pytest.raises(MinutesWrongState, match="later meeting"):
        records.approve_minutes(minutes, at_meeting=earlier, by=world.chair)
    with pytest.raises(MinutesWrongState, match="later meeting"):
        records.approve_minutes(minutes, at_meeting=world.meeting, by=world.chair)
    elsewhere = MeetingPageFactory(
        parent=world.subgroup, start=world.meeting.start + dt.timedelta(days=7)
    )
    with pytest.raises(MinutesWrongState, match="same group"):
        records.approve_minutes(minutes, at_meeting=elsewhere, by=world.admin)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.CIRCULATED
    assert not Decision.objects.exists()


def test_the_approve_form_offers_only_later_meetings_of_the_group(world, items, later, client):
    records.write_minute(items[0], "Text", by=world.chair)
    records.circulate_minutes(world.meeting, by=world.chair)
    earlier = MeetingPageFactory(
        parent=world.board,
        title="Operational Board, March",
        start=world.meeting.start.replace(year=world.meeting.start.year - 1),
    )
    client.force_login(world.chair)
    url = minutes_url(world.meeting)
    html = client.get(url).content.decode()
    assert "Operational Board, July" in html
    assert "Operational Board, March" not in html
    response = client.post(url, {"action": "approve", "at_meeting": earlier.pk})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert Minutes.objects.get(meeting=world.meeting).status == Minutes.Status.CIRCULATED


def test_draft_minutes_cannot_be_approved(world, items, later):
    records.write_minute(items[0], "Text", by=world.chair)
    minutes = Minutes.objects.get(meeting=world.meeting)
    with pytest.raises(MinutesWrongState, match="circulated"):
        records.approve_minutes(minutes, at_meeting=later, by=world.chair)


def test_circulating_twice_is_refused_with_a_message(world, items, client):
    records.write_minute(items[0], "Text", by=world.chair)
    records.circulate_minutes(world.meeting, by=world.chair)
    with pytest.raises(MinutesWrongState):
        records.circulate_minutes(world.meeting, by=world.chair)
    client.force_login(world.chair)
    response = client.post(
        minutes_url(world.meeting),
        {"action": "circulate", f"minute_{items[0].pk}": "Changed", f"minute_{items[1].pk}": ""},
    )
    assert response.status_code == 200
    assert "Only draft minutes can be circulated." in response.content.decode()
    # the change typed with it was not saved either: the whole press is one transaction
    assert MinuteEntry.objects.get(agenda_item=items[0]).text == "Text"


@pytest.fixture
def approved(world, items, later):
    records.write_minute(items[0], "The chair welcomed everyone.", by=world.chair)
    minutes = records.circulate_minutes(world.meeting, by=world.chair)
    return records.approve_minutes(minutes, at_meeting=later, by=world.chair)


def test_approved_minutes_refuse_changes(world, items, approved):
    with pytest.raises(MinutesLocked):
        records.write_minute(items[0], "Rewritten history", by=world.chair)
    assert MinuteEntry.objects.get(agenda_item=items[0]).text == "The chair welcomed everyone."


def test_a_correction_needs_a_reason_and_keeps_the_old_text(world, items, approved, client):
    entry = MinuteEntry.objects.get(agenda_item=items[0])
    client.force_login(world.secretary)
    url = minutes_url(world.meeting)
    prefix = f"correct-{entry.pk}"
    response = client.post(
        url,
        {
            "action": prefix,
            f"{prefix}-text": "The vice-chair welcomed everyone.",
            f"{prefix}-reason": " ",
        },
    )
    html = response.content.decode()
    assert "Give a reason for the correction." in html
    assert "The vice-chair welcomed everyone." in html  # what was typed is kept
    assert not MinutesCorrection.objects.exists()

    response = client.post(
        url,
        {
            "action": prefix,
            f"{prefix}-text": "The vice-chair welcomed everyone.",
            f"{prefix}-reason": "The chair sent apologies; the vice-chair presided.",
        },
        follow=True,
    )
    assert "The correction was saved with its reason." in response.content.decode()
    correction = MinutesCorrection.objects.get()
    assert correction.previous_text == "The chair welcomed everyone."
    assert correction.new_text == "The vice-chair welcomed everyone."
    assert correction.made_by == world.secretary
    entry.refresh_from_db()
    assert entry.text == "The vice-chair welcomed everyone."
    assert Minutes.objects.get(pk=approved.pk).status == Minutes.Status.APPROVED
    html = response.content.decode()
    assert "Reason: The chair sent apologies; the vice-chair presided." in html
    assert escape(world.secretary.get_full_name()) in html
    # and the public meeting page says the minute was corrected, and why
    client.logout()
    page = client.get(world.meeting.url).content.decode()
    assert "The vice-chair welcomed everyone." in page
    assert "the vice-chair presided" in page


def test_only_those_running_the_group_write_minutes(world, items, client):
    client.force_login(world.member)
    response = client.post(
        minutes_url(world.meeting), {"action": "save", f"minute_{items[0].pk}": "Sneaky"}
    )
    assert response.status_code == 403
    assert not MinuteEntry.objects.exists()


def test_members_are_emailed_when_the_minutes_are_circulated(
    world, items, client, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    records.write_minute(items[0], "Text", by=world.chair)
    with django_capture_on_commit_callbacks(execute=True):
        records.circulate_minutes(world.meeting, by=world.secretary)
    members = [world.chair, world.deputy, world.secretary, world.member, world.lay_member]
    assert sorted(m["To"] for m in smtp_inbox.messages) == sorted(p.email for p in members)
    (message,) = smtp_inbox.to(world.member.email)
    assert message["Subject"] == "Draft minutes to read: Operational Board, Operational Board, May"
    assert f"http://127.0.0.1:8000{world.meeting.url}" in smtp_inbox.links(message)
    assert world.non_member.email not in [m["To"] for m in smtp_inbox.messages]
