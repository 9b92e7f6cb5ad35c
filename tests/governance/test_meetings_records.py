"""Recording decisions and actions against an agenda item, from the meeting page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from governance.models import Action, Decision
from governance.visibility import Visibility

from .factories import AgendaItemFactory, MeetingPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world):
    return AgendaItemFactory(
        meeting=world.meeting, title="New MRI protocol", visibility=Visibility.PUBLIC
    )


@pytest.fixture(autouse=True)
def meeting_under_way(world, clock_after):
    """Decisions and actions are recorded once the meeting has started."""
    clock_after(world.meeting)


def decision_url(meeting, item):
    return reverse("governance:record_decision", args=[meeting.pk, item.pk])


def action_url(meeting, item):
    return reverse("governance:record_action", args=[meeting.pk, item.pk])


def test_the_chair_records_a_decision_with_a_vote(world, item, client):
    client.force_login(world.chair)
    url = decision_url(world.meeting, item)
    meeting_day = timezone.localtime(world.meeting.start).date()
    # The date is the meeting's, said on the form and not asked for.
    html = client.get(url).content.decode()
    assert f"dated {meeting_day.day} {meeting_day:%B %Y}, the day of the meeting" in html
    assert 'name="decided_on"' not in html
    response = client.post(
        url,
        {
            "text": "The protocol was adopted.",
            "votes_for": "6",
            "votes_against": "1",
            "abstentions": "0",
        },
    )
    decision = Decision.objects.get()
    assert response["Location"] == f"{world.meeting.url}#item-{item.pk}"
    assert (decision.meeting, decision.agenda_item) == (world.meeting, item)
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (6, 1, 0)
    assert decision.decided_on == meeting_day
    html = client.get(world.meeting.url).content.decode()
    assert f"{decision.reference}</a>: The protocol was adopted." in html
    assert "(for 6, against 1, abstentions 0)" in html


def test_a_decision_without_a_vote_and_with_mistakes(world, item, client):
    client.force_login(world.secretary)
    url = decision_url(world.meeting, item)
    response = client.post(url, {"text": "", "votes_against": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    assert "Enter the votes for, or leave all the vote counts empty." in html
    assert 'value="2"' in html
    assert not Decision.objects.exists()
    client.post(url, {"text": "Noted."})
    assert Decision.objects.get().votes_for is None


def test_an_action_is_owned_by_a_current_member(world, item, client):
    client.force_login(world.chair)
    url = action_url(world.meeting, item)
    html = client.get(url).content.decode()
    assert escape(world.member.get_full_name()) in html
    assert escape(world.non_member.get_full_name()) not in html
    due = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        url,
        {"description": "Draft the patient leaflet", "owner": world.non_member.pk, "due": f"{due}"},
    )
    assert "Select a valid choice." in response.content.decode()
    assert not Action.objects.exists()

    client.post(
        url, {"description": "Draft the patient leaflet", "owner": world.member.pk, "due": f"{due}"}
    )
    action = Action.objects.get()
    assert (action.owner, action.due, action.agenda_item) == (world.member, due, item)
    html = client.get(world.meeting.url).content.decode()
    assert "Draft the patient leaflet" in html
    assert "Due soon" in html  # within 14 days: amber


def test_items_of_another_meeting_are_not_found(world, item, client):
    other = MeetingPageFactory(parent=world.board)
    client.force_login(world.chair)
    assert client.get(decision_url(other, item)).status_code == 404
    assert client.get(action_url(other, item)).status_code == 404


@pytest.mark.parametrize("who", ["member", "lay_member", "other_chair"])
def test_only_those_running_the_group_record_decisions_and_actions(world, item, client, who):
    client.force_login(world.people()[who])
    assert client.post(decision_url(world.meeting, item), {"text": "x"}).status_code == 403
    assert client.post(action_url(world.meeting, item), {"description": "x"}).status_code == 403
    assert not Decision.objects.exists() and not Action.objects.exists()
