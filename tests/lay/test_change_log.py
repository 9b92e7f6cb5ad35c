"""The "you said, we did" log: kept by those running a board, with a public version on the
board's page that names a volunteer only if they agreed."""

import pytest
from django.urls import reverse

from governance.errors import NotAllowed
from governance.lay import errors as lay_errors
from governance.lay.services import changes as lay_changes
from governance.lay.services import feedback as lay_feedback
from governance.visibility import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback(world, agenda):
    return lay_feedback.give_feedback(
        agenda.papers[Visibility.GROUP],
        by=world.lay_member,
        kind="suggestion",
        text="Put a map of scanner sites in the paper.",
        ease=3,
        name_in_public_log=True,
    )


def public_log_section(client, board):
    html = client.get(board.url).content.decode()
    start = html.index('id="you-said-we-did"')
    return html[start : html.index('id="terms-of-reference"')]


def test_the_chair_records_a_change_and_it_shows_on_the_boards_page(world, feedback, client):
    client.force_login(world.chair)
    response = client.post(
        reverse("governance:lay_change_log", args=[world.board.pk]),
        {
            "feedback": feedback.pk,
            "you_said": "Papers about sites were hard to follow without a map.",
            "we_did": "Every capacity paper now has a map.",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    client.logout()
    html = public_log_section(client, world.board)
    assert "Every capacity paper now has a map." in html
    assert str(world.lay_member) in html  # they agreed to be named


def test_names_are_left_out_unless_the_volunteer_agreed(world, agenda, client):
    quiet = lay_feedback.give_feedback(
        agenda.papers[Visibility.PUBLIC], by=world.lay_member, kind="concern", text="x", ease=2
    )
    lay_changes.record_change(
        world.board, by=world.chair, you_said="Too long.", we_did="Shorter.", feedback=quiet
    )
    html = public_log_section(client, world.board)
    assert "Shorter." in html and str(world.lay_member) not in html


def test_entries_that_are_not_public_stay_off_the_public_page(world, client):
    lay_changes.record_change(
        world.board, by=world.chair, you_said="Part B zzsecret", we_did="y", is_public=False
    )
    assert "zzsecret" not in client.get(world.board.url).content.decode()
    assert (
        "zzsecret"
        not in client.get(
            reverse("governance:lay_public_change_log", args=[world.board.pk])
        ).content.decode()
    )
    client.force_login(world.chair)
    assert (
        "zzsecret"
        in client.get(reverse("governance:lay_change_log", args=[world.board.pk])).content.decode()
    )


@pytest.mark.parametrize("who", ["member", "lay_member", "other_chair", "non_member"])
def test_only_those_running_the_board_keep_the_log(world, client, who):
    client.force_login(world.people()[who])
    assert (
        client.get(reverse("governance:lay_change_log", args=[world.board.pk])).status_code == 404
    )
    with pytest.raises(NotAllowed):
        lay_changes.record_change(world.board, by=world.people()[who], you_said="a", we_did="b")


def test_feedback_from_another_boards_papers_cannot_be_linked(world, feedback):
    with pytest.raises(lay_errors.LayReviewError):
        lay_changes.record_change(
            world.other_group, by=world.other_chair, you_said="a", we_did="b", feedback=feedback
        )
