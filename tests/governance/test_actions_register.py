"""Actions: RAG at its edges, "My actions", each group's action log, updates and closing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import Action, ActionUpdate
from governance.visibility import Visibility
from tests.portal.factories import UserFactory
from tests.portal.html import error_summary, field_error, soup, text

from .factories import ActionFactory, AgendaItemFactory, MeetingPageFactory
from .fixtures_registers import sign_in

pytestmark = pytest.mark.django_db

MY_ACTIONS = "/governance/my-actions/"


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def tag_text(response, action):
    """The RAG tag shown in the row that links to `action`."""
    link = soup(response).find("a", href=f"/governance/actions/{action.pk}/")
    return link.find_parent("tr").select_one(".nhsuk-tag").get_text(strip=True)


@pytest.mark.parametrize(
    ("due_in", "status", "rag", "words"),
    [
        (-1, Action.Status.OPEN, Action.Rag.RED, "Overdue"),
        (0, Action.Status.OPEN, Action.Rag.AMBER, "Due soon"),
        (14, Action.Status.OPEN, Action.Rag.AMBER, "Due soon"),
        (15, Action.Status.OPEN, Action.Rag.GREEN, "On track"),
        (-30, Action.Status.DONE, Action.Rag.CLOSED, "Done"),
        (-30, Action.Status.DROPPED, Action.Rag.CLOSED, "Dropped"),
    ],
)
def test_rag_at_its_boundaries_is_shown_in_words(client, world, due_in, status, rag, words):
    action = ActionFactory(
        meeting=world.meeting, owner=world.member, due=days(due_in), status=status
    )
    assert action.rag() == rag
    sign_in(client, world.member)
    assert tag_text(client.get(MY_ACTIONS), action) == words
    assert (
        tag_text(client.get(f"/governance/groups/{world.board.pk}/actions/?status=all"), action)
        == words
    )
    detail = client.get(f"/governance/actions/{action.pk}/")
    assert soup(detail).select_one(".nhsuk-summary-list .nhsuk-tag").get_text(strip=True) == words


def test_my_actions_needs_sign_in(client, world):
    response = client.get(MY_ACTIONS)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={MY_ACTIONS}"


def test_my_actions_lists_open_by_due_date_then_closed_with_group_meeting_and_latest_update(
    client, world
):
    sub_meeting = MeetingPageFactory(parent=world.subgroup, title="MRI SIG, June")
    later = ActionFactory(meeting=world.meeting, owner=world.member, due=days(40))
    sooner = ActionFactory(meeting=sub_meeting, owner=world.member, due=days(3))
    done = ActionFactory(
        meeting=world.meeting,
        owner=world.member,
        due=days(-5),
        status=Action.Status.DONE,
        closed_at=timezone.now(),
        closure_noted_at=world.meeting,
    )
    ActionFactory(meeting=world.meeting, owner=world.chair)  # someone else's
    ActionUpdate.objects.create(
        action=sooner,
        text="Draft shared",
        author=world.member,
        created_at=timezone.now() - dt.timedelta(days=2),
    )
    ActionUpdate.objects.create(action=sooner, text="Final version sent", author=world.member)
    sign_in(client, world.member)

    response = client.get(MY_ACTIONS)

    open_rows = soup(response).find(id="open-heading").find_next("table").select("tbody tr")
    assert [row.a.get_text() for row in open_rows] == [sooner.reference, later.reference]
    first = " ".join(open_rows[0].get_text(" ").split())
    assert "MRI SIG: MRI SIG, June" in first
    assert "Final version sent" in first and "Draft shared" not in first
    assert "None yet" in open_rows[1].get_text()
    closed_rows = soup(response).find(id="closed-heading").find_next("table").select("tbody tr")
    assert [row.a.get_text() for row in closed_rows] == [done.reference]
    assert f"noted at {world.meeting.title}" in " ".join(closed_rows[0].get_text(" ").split())


def test_my_actions_has_empty_states(client, world):
    sign_in(client, world.member)
    page = text(client.get(MY_ACTIONS))
    assert "You have no open actions." in page
    assert "None of your actions has been closed yet." in page


def _queries(client, url):
    client.get(url)  # warm the per-process caches (site root paths, sessions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_actions(world, n):
    for i in range(n):
        item = AgendaItemFactory(meeting=world.meeting, visibility=Visibility.GROUP)
        action = ActionFactory(
            meeting=world.meeting, agenda_item=item, owner=world.member, due=days(i - 5)
        )
        ActionUpdate.objects.create(action=action, text=f"Update {i}", author=world.member)
        ActionFactory(
            meeting=world.meeting,
            owner=world.member,
            status=Action.Status.DONE,
            closed_at=timezone.now(),
            closure_noted_at=world.meeting,
        )


@pytest.mark.parametrize(
    "url",
    [
        MY_ACTIONS,
        "/governance/groups/{board}/actions/",
        "/governance/groups/{board}/actions/?status=all",
    ],
)
def test_action_listings_make_the_same_number_of_queries_with_3_and_30_actions(
    client, world, url, django_assert_num_queries
):
    url = url.format(board=world.board.pk)
    sign_in(client, world.member)
    _add_actions(world, 3)
    few = _queries(client, url)
    _add_actions(world, 27)
    with django_assert_num_queries(few):
        client.get(url)
    assert few <= 14


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("non_member", 403),
        ("other_chair", 403),
        ("member", 200),
        ("lay_member", 200),
        ("secretary", 200),
        ("chair", 200),
        ("admin", 200),
    ],
)
def test_action_log_is_for_group_members_and_those_running_it(client, world, who, status):
    sign_in(client, world.people()[who])
    assert client.get(f"/governance/groups/{world.board.pk}/actions/").status_code == status


def test_action_log_sends_anonymous_visitors_to_sign_in(client, world):
    url = f"/governance/groups/{world.board.pk}/actions/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_action_log_filters_by_status_and_shows_owner(client, world):
    open_action = ActionFactory(meeting=world.meeting, owner=world.deputy, due=days(2))
    done = ActionFactory(meeting=world.meeting, owner=world.member, status=Action.Status.DONE)
    dropped = ActionFactory(meeting=world.meeting, owner=world.member, status=Action.Status.DROPPED)
    elsewhere = ActionFactory(meeting=MeetingPageFactory(parent=world.subgroup))
    sign_in(client, world.member)
    url = f"/governance/groups/{world.board.pk}/actions/"

    def shown(status=None):
        response = client.get(url, {"status": status} if status else {})
        return {a.get_text() for a in soup(response).select("tbody a[href*='/actions/']")}

    assert shown() == {open_action.reference}
    assert shown("done") == {done.reference}
    assert shown("dropped") == {dropped.reference}
    assert shown("all") == {open_action.reference, done.reference, dropped.reference}
    assert elsewhere.reference not in shown("all")
    page = text(client.get(url))
    assert "Open (1)" in page and "Done (1)" in page and "All (3)" in page
    assert world.deputy.get_full_name() in page


def test_action_log_hides_actions_on_confidential_items_from_lay_members_but_not_their_own(
    client, world
):
    secret = AgendaItemFactory(meeting=world.meeting, visibility=Visibility.CONFIDENTIAL)
    hidden = ActionFactory(meeting=world.meeting, agenda_item=secret, owner=world.member)
    own = ActionFactory(meeting=world.meeting, agenda_item=secret, owner=world.lay_member)
    sign_in(client, world.lay_member)
    page = client.get(f"/governance/groups/{world.board.pk}/actions/").content.decode()
    assert hidden.description not in page
    assert own.description in page
    assert client.get(f"/governance/actions/{hidden.pk}/").status_code == 404
    detail = client.get(f"/governance/actions/{own.pk}/")
    assert detail.status_code == 200
    assert secret.title not in detail.content.decode()  # the action, not the item's title


def test_action_detail_shows_dated_updates_and_links(client, world):
    action = ActionFactory(meeting=world.meeting, owner=world.member, description="Audit waits")
    ActionUpdate.objects.create(
        action=action,
        text="Data requested from trusts",
        author=world.member,
        created_at=timezone.make_aware(dt.datetime(2025, 3, 4, 9, 30)),
    )
    sign_in(client, world.secretary)
    page = text(client.get(f"/governance/actions/{action.pk}/"))
    assert "Audit waits" in page
    assert "4 March 2025, 09:30" in page
    assert "Data requested from trusts" in page
    assert "Operational Board action log" in page


def test_non_member_cannot_open_a_group_action(client, world):
    action = ActionFactory(meeting=world.meeting)
    sign_in(client, world.non_member)
    assert client.get(f"/governance/actions/{action.pk}/").status_code == 404
    client.logout()
    response = client.get(f"/governance/actions/{action.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_owner_adds_an_update(client, world):
    action = ActionFactory(meeting=world.meeting, owner=world.member)
    sign_in(client, world.member)
    response = client.post(
        f"/governance/actions/{action.pk}/updates/", {"text": "Met the supplier."}, follow=True
    )
    assert "Your update has been added." in text(response)
    assert action.updates.get().text == "Met the supplier."
    assert action.updates.get().author == world.member


def test_an_empty_update_is_refused_beside_the_field(client, world):
    action = ActionFactory(meeting=world.meeting, owner=world.member)
    sign_in(client, world.member)
    response = client.post(f"/governance/actions/{action.pk}/updates/", {"text": " "})
    assert response.status_code == 400
    assert field_error(response, "text") == "Error: This field is required."
    assert error_summary(response) == ["Progress update: This field is required."]
    assert not action.updates.exists()


@pytest.mark.parametrize(("who", "allowed"), [("member", False), ("secretary", True)])
def test_only_the_owner_or_leaders_may_update(client, world, who, allowed):
    action = ActionFactory(meeting=world.meeting, owner=world.deputy)
    sign_in(client, world.people()[who])
    detail = client.get(f"/governance/actions/{action.pk}/")
    assert ("Add an update" in text(detail)) is allowed
    response = client.post(
        f"/governance/actions/{action.pk}/updates/", {"text": "Progress"}, follow=True
    )
    assert action.updates.exists() is allowed
    if not allowed:
        assert "Only the action's owner or the group's officers can update it." in text(response)


def test_leader_closes_an_action_choosing_the_meeting_that_noted_it(client, world):
    held = MeetingPageFactory(
        parent=world.board,
        title="Operational Board, April",
        start=timezone.now() - dt.timedelta(days=20),
    )
    MeetingPageFactory(parent=world.other_group, title="Digital Board, April")
    action = ActionFactory(meeting=held, owner=world.member)
    sign_in(client, world.secretary)

    detail = client.get(f"/governance/actions/{action.pk}/")
    options = [o.get_text() for o in soup(detail).select("select[name=meeting] option")]
    assert options[1:] == [
        f"Operational Board, May ({timezone.localtime(world.meeting.start):%-d %B %Y})",
        f"Operational Board, April ({timezone.localtime(held.start):%-d %B %Y})",
    ]
    chosen = soup(detail).select_one("select[name=meeting] option[selected]")
    assert chosen["value"] == str(held.pk)  # the latest meeting already held

    response = client.post(
        f"/governance/actions/{action.pk}/close/",
        {"status": "done", "meeting": held.pk},
        follow=True,
    )
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.closure_noted_at == held
    page = text(response)
    assert f"{action.reference} is closed as done." in page
    assert "noted at Operational Board, April" in page
    assert "Close the action" not in page


def test_closing_needs_a_status_and_a_meeting_of_the_group(client, world):
    action = ActionFactory(meeting=world.meeting, owner=world.member)
    other = MeetingPageFactory(parent=world.other_group)
    sign_in(client, world.chair)
    response = client.post(
        f"/governance/actions/{action.pk}/close/", {"status": "", "meeting": other.pk}
    )
    assert response.status_code == 400
    assert field_error(response, "status") == "Error: This field is required."
    assert "Select a valid choice" in field_error(response, "meeting")
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_members_cannot_close_actions(client, world):
    action = ActionFactory(meeting=world.meeting, owner=world.member)
    sign_in(client, world.member)
    assert "Close the action" not in text(client.get(f"/governance/actions/{action.pk}/"))
    response = client.post(
        f"/governance/actions/{action.pk}/close/",
        {"status": "done", "meeting": world.meeting.pk},
        follow=True,
    )
    assert "Only the chair, deputy or secretary can do this." in text(response)
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_closing_twice_says_it_is_already_closed(client, world):
    action = ActionFactory(meeting=world.meeting, owner=world.member)
    sign_in(client, world.chair)
    data = {"status": "dropped", "meeting": world.meeting.pk}
    client.post(f"/governance/actions/{action.pk}/close/", data)
    response = client.post(f"/governance/actions/{action.pk}/close/", data, follow=True)
    assert "This action is already closed." in text(response)


def test_someone_elses_actions_are_not_in_my_actions(client, world):
    stranger = UserFactory()
    ActionFactory(meeting=world.meeting, owner=stranger, description="Private errand")
    sign_in(client, world.member)
    assert "Private errand" not in text(client.get(MY_ACTIONS))
