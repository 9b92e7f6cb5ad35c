"""Who sees a volunteer's feedback, who answers it, the emailed answer, and feedback raised
at the meeting under its agenda item."""

import pytest
from django.urls import reverse

from governance.errors import NotAllowed
from governance.lay import rules as lay_rules
from governance.lay.models import LayFeedback
from governance.lay.services import feedback as lay_feedback
from governance.visibility import Visibility
from portal.notifications.models import Notification
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def feedback_on(paper, author, **extra):
    return lay_feedback.give_feedback(
        paper,
        by=author,
        kind="question",
        text="What does a waiting list of 6 weeks mean?",
        ease=2,
        **extra,
    )


@pytest.fixture
def presenter(world, agenda):
    """The group member chosen as the presenter of every item with a paper."""
    person = UserFactory(first_name="Jo", last_name="Bloggs")
    from tests.governance.factories import MembershipFactory

    MembershipFactory(group=world.board, person=person)
    for item in agenda.items.values():
        item.presenter_person = person
        item.save(update_fields=["presenter_person"])
    return person


def detail(client, feedback):
    return client.get(reverse("governance:lay_feedback", args=[feedback.pk]))


SEES_PRIVATE = {"lay_member", "secretary", "chair", "admin"}


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "non_member",
        "member",
        "lay_member",
        "secretary",
        "chair",
        "other_chair",
        "admin",
    ],
)
def test_who_sees_feedback_that_is_not_shared(world, agenda, client, who, second_volunteer):
    feedback = feedback_on(agenda.papers[Visibility.GROUP], world.lay_member)
    person = world.people()[who]
    if person is not None:
        client.force_login(person)
    response = detail(client, feedback)
    if who == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if who in SEES_PRIVATE else 404)
    client.force_login(second_volunteer)
    assert detail(client, feedback).status_code == 404


def test_the_presenter_sees_and_answers_feedback_on_their_paper(world, agenda, presenter, client):
    feedback = feedback_on(agenda.papers[Visibility.GROUP], world.lay_member)
    assert lay_rules.is_presenter(presenter, agenda.items[Visibility.GROUP])
    assert lay_rules.may_see_feedback(presenter, feedback)
    assert lay_rules.may_answer_feedback(presenter, feedback)


@pytest.mark.parametrize("name", ["Dr Jo Bloggs", "jo bloggs, Clinical Director"])
def test_a_name_matching_the_presenter_text_grants_nothing(world, agenda, client, name):
    """Anyone may call themselves what the agenda's free text says (even an applicant)."""
    first, last = name.replace("Dr ", "").split(",")[0].split()
    impostor = UserFactory(applicant=True, first_name=first, last_name=last)
    feedback = feedback_on(agenda.papers[Visibility.GROUP], world.lay_member)
    assert agenda.items[Visibility.GROUP].presenter == "Dr Jo Bloggs"
    assert not lay_rules.is_presenter(impostor, agenda.items[Visibility.GROUP])
    assert not lay_rules.may_see_feedback(impostor, feedback)
    client.force_login(impostor)
    assert detail(client, feedback).status_code == 404


def test_shared_feedback_is_seen_by_other_volunteers_but_not_by_members(
    world, agenda, client, second_volunteer
):
    feedback = feedback_on(
        agenda.papers[Visibility.GROUP], world.lay_member, shared_with_volunteers=True
    )
    client.force_login(second_volunteer)
    assert detail(client, feedback).status_code == 200
    client.force_login(world.member)
    assert detail(client, feedback).status_code == 404


def test_feedback_raised_at_the_meeting_shows_under_its_item_to_those_who_see_it(
    world, agenda, client
):
    item = agenda.items[Visibility.GROUP]
    raised = feedback_on(agenda.papers[Visibility.GROUP], world.lay_member, raise_at_meeting=True)
    quiet = lay_feedback.give_feedback(
        agenda.papers[Visibility.GROUP],
        by=world.lay_member,
        kind="concern",
        text="Private worry zzquiet",
        ease=3,
    )
    client.force_login(world.member)
    html = client.get(world.meeting.url).content.decode()
    section = html[html.index(f'id="item-{item.pk}"') :]
    assert "Patient volunteers’ feedback raised for this item" in section
    assert raised.text in section
    assert "zzquiet" not in html
    assert detail(client, raised).status_code == 200
    assert detail(client, quiet).status_code == 404
    client.force_login(world.non_member)
    assert raised.text not in client.get(world.meeting.url).content.decode()


def test_the_chair_answers_and_the_volunteer_is_emailed_the_answer(
    world, agenda, client, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_on(agenda.papers[Visibility.GROUP], world.lay_member)
    told = {m["To"] for m in smtp_inbox.messages}
    assert {world.chair.email, world.deputy.email, world.secretary.email} <= told
    assert world.lay_member.email not in told

    client.force_login(world.chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("governance:lay_feedback", args=[feedback.pk]),
            {"answer": "It means most people wait less than six weeks.", "raise_at_meeting": "on"},
        )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.answered_by == world.chair and feedback.raise_at_meeting
    [email] = smtp_inbox.to(world.lay_member.email)
    assert "has been answered" in email["Subject"]
    assert "most people wait less than six weeks" in smtp_inbox.text(email)
    told = Notification.objects.get(recipient=world.lay_member, kind="lay.feedback_answered")
    assert told.title == email["Subject"]  # the same message in the portal


def test_the_secretary_sees_but_does_not_answer(world, agenda, client):
    feedback = feedback_on(agenda.papers[Visibility.GROUP], world.lay_member)
    client.force_login(world.secretary)
    response = detail(client, feedback)
    assert response.status_code == 200 and b"Send the answer" not in response.content
    assert (
        client.post(
            reverse("governance:lay_feedback", args=[feedback.pk]), {"answer": "x"}
        ).status_code
        == 404
    )
    with pytest.raises(NotAllowed):
        lay_feedback.answer_feedback(feedback, by=world.secretary, answer="x")


def test_an_empty_answer_is_shown_beside_the_field(world, agenda, client):
    feedback = feedback_on(agenda.papers[Visibility.GROUP], world.lay_member)
    client.force_login(world.chair)
    response = client.post(reverse("governance:lay_feedback", args=[feedback.pk]), {"answer": ""})
    assert response.status_code == 200
    assert b"This field is required" in response.content


def test_only_the_groups_volunteers_give_feedback(world, agenda, client):
    paper = agenda.papers[Visibility.GROUP]
    for person in (world.member, world.chair, world.non_member):
        with pytest.raises(NotAllowed):
            feedback_on(paper, person)
    client.force_login(world.member)
    response = client.post(
        reverse("governance:lay_review_paper", args=[paper.pk]),
        {"kind": "question", "text": "x", "ease": "3"},
    )
    assert response.status_code == 404
    assert not LayFeedback.objects.exists()


def test_a_volunteer_gives_feedback_through_the_form(world, agenda, client):
    paper = agenda.papers[Visibility.GROUP]
    client.force_login(world.lay_member)
    url = reverse("governance:lay_review_paper", args=[paper.pk])
    response = client.post(url, {"kind": "suggestion", "text": ""})
    assert response.status_code == 200
    assert b"This field is required" in response.content
    response = client.post(
        url, {"kind": "suggestion", "text": "Add a map.", "ease": "4", "name_in_public_log": "on"}
    )
    assert response.status_code == 302
    feedback = LayFeedback.objects.get()
    assert (feedback.kind, feedback.ease, feedback.name_in_public_log) == ("suggestion", 4, True)
    assert not feedback.shared_with_volunteers


def test_the_groups_feedback_list_is_for_those_running_it(
    world, agenda, client, django_assert_num_queries
):
    url = reverse("governance:lay_group_feedback", args=[world.board.pk])
    for who in ("member", "lay_member", "non_member", "other_chair"):
        client.force_login(world.people()[who])
        assert client.get(url).status_code == 404
    client.force_login(world.secretary)
    feedback_on(agenda.papers[Visibility.GROUP], world.lay_member)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(15):
        feedback_on(agenda.papers[Visibility.PUBLIC], world.lay_member)
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert response.content.decode().count("Waiting for an answer") >= 16
