"""Issue 15 leaks 2 and 6, double submits, and issue 19's "you said, we did" from feedback:
the presenter is a person, not a name; volunteers are named publicly only with consent;
feedback posted twice is one piece of feedback; a log entry starts from feedback."""

import datetime as dt
import importlib
import uuid

import pytest
from django.apps import apps
from django.forms.models import apply_limit_choices_to_to_formfield
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from governance.lay import rules as lay_rules
from governance.lay.models import LayFeedback, PublicNameConsent, YouSaidWeDid
from governance.lay.services import feedback as lay_feedback
from governance.models import AgendaItem, Attendance
from governance.services.meetings import record_attendance
from governance.visibility import Visibility
from tests.governance.factories import AgendaItemFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def feedback_on(paper, author, **extra):
    return lay_feedback.give_feedback(
        paper, by=author, kind="question", text="What does a 6-week wait mean?", ease=2, **extra
    )


def detail(client, feedback):
    return client.get(reverse("governance:lay_feedback", args=[feedback.pk]))


# The presenter is a person ----------------------------------------------------------------


def test_a_presenter_who_may_not_open_the_paper_does_not_see_its_feedback(world, agenda, client):
    """Being chosen as presenter is not access to the paper: both are needed."""
    item = agenda.items[Visibility.GROUP]
    item.presenter_person = world.non_member
    item.save(update_fields=["presenter_person"])
    feedback = feedback_on(agenda.papers[Visibility.GROUP], world.lay_member)
    assert lay_rules.is_presenter(world.non_member, item)
    assert not lay_rules.may_see_feedback(world.non_member, feedback)
    assert not lay_rules.may_answer_feedback(world.non_member, feedback)
    assert world.non_member not in lay_feedback.feedback_recipients(feedback)
    client.force_login(world.non_member)
    assert detail(client, feedback).status_code == 404


def test_the_chosen_presenter_is_told_and_answers(
    world, agenda, client, smtp_inbox, django_capture_on_commit_callbacks
):
    item = agenda.items[Visibility.GROUP]
    item.presenter_person = world.member
    item.save(update_fields=["presenter_person"])
    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_on(agenda.papers[Visibility.GROUP], world.lay_member)
    assert len(smtp_inbox.to(world.member.email)) == 1
    client.force_login(world.member)
    response = client.post(
        reverse("governance:lay_feedback", args=[feedback.pk]), {"answer": "Six weeks or less."}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.answered_by == world.member


def test_existing_presenters_are_matched_by_email_only_where_unambiguous(world):
    migration = importlib.import_module("governance.migrations.0008_agenda_item_presenter_person")
    by_email = AgendaItemFactory(meeting=world.meeting, presenter=world.member.email.upper())
    in_text = AgendaItemFactory(meeting=world.meeting, presenter=f"Jo Chair <{world.chair.email}>")
    by_name = AgendaItemFactory(meeting=world.meeting, presenter=str(world.secretary))
    unknown = AgendaItemFactory(meeting=world.meeting, presenter="nobody@example.org")
    migration.match_presenters_by_email(apps, None)
    for item in (by_email, in_text, by_name, unknown):
        item.refresh_from_db()
    assert by_email.presenter_person == world.member and by_email.presenter == ""
    assert by_email.presenter_name == world.member.get_full_name()
    assert in_text.presenter_person == world.chair and in_text.presenter.startswith("Jo Chair")
    assert by_name.presenter_person is None and by_name.presenter == str(world.secretary)
    assert unknown.presenter_person is None


def test_the_presenter_is_chosen_from_network_members(world):
    field = AgendaItem._meta.get_field("presenter_person").formfield()
    apply_limit_choices_to_to_formfield(field)
    choices = field.queryset
    applicant = UserFactory(applicant=True)
    assert world.member in choices and applicant not in choices


# Volunteers' names ------------------------------------------------------------------------


VIEWERS = ["anonymous", "non_member", "lay_member", "other_volunteer", "member", "office"]
SEES_NAME = {"lay_member", "other_volunteer", "member", "office"}


def viewer(world, who, second_volunteer):
    return {
        "anonymous": None,
        "non_member": world.non_member,
        "lay_member": world.lay_member,
        "other_volunteer": second_volunteer,
        "member": world.member,
        "office": UserFactory(network_office=True),
    }[who]


@pytest.fixture
def held(world):
    """The world's meeting, held yesterday, with the volunteer present."""
    meeting = world.meeting
    meeting.start = timezone.now() - dt.timedelta(days=1)
    meeting.end = meeting.start + dt.timedelta(hours=2)
    meeting.save()
    for person in (world.chair, world.member, world.lay_member):
        record_attendance(meeting, person, Attendance.Status.PRESENT, recorded_by=world.chair)
    return meeting


@pytest.mark.parametrize("who", VIEWERS)
def test_a_volunteers_name_is_shown_only_to_the_group_unless_they_agree(
    world, held, second_volunteer, client, who
):
    name = escape(world.lay_member.get_full_name())  # as the page writes it: O&#x27;Brien
    person = viewer(world, who, second_volunteer)
    if person is not None:
        client.force_login(person)
    for url in (world.board.url, held.url):
        html = client.get(url).content.decode()
        assert escape(world.chair.get_full_name()) in html  # staff are named as before
        assert (name in html) is (who in SEES_NAME), url
        assert ("Patient volunteer" in html) or who in SEES_NAME

    PublicNameConsent.objects.create(person=world.lay_member)
    for url in (world.board.url, held.url):
        assert name in client.get(url).content.decode()


def test_a_volunteer_gives_and_withdraws_consent_on_their_induction_page(world, client):
    client.force_login(world.lay_member)
    client.post(reverse("volunteer_name_consent"), {"public": "on"})
    assert PublicNameConsent.objects.filter(person=world.lay_member).exists()
    client.post(reverse("volunteer_name_consent"), {})
    assert not PublicNameConsent.objects.filter(person=world.lay_member).exists()
    client.force_login(world.member)
    assert client.post(reverse("volunteer_name_consent"), {"public": "on"}).status_code == 404


# Double submits ---------------------------------------------------------------------------


def test_feedback_posted_eight_times_is_one_piece_of_feedback_and_one_email(
    world, agenda, client, smtp_inbox, django_capture_on_commit_callbacks
):
    paper = agenda.papers[Visibility.GROUP]
    url = reverse("governance:lay_review_paper", args=[paper.pk])
    client.force_login(world.lay_member)
    form = client.get(url).content.decode()
    assert 'name="submission_key"' in form
    data = {
        "kind": "question",
        "text": "Why are there two waiting lists?",
        "ease": "3",
        "submission_key": str(uuid.uuid4()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(url, data) for _ in range(8)]
    assert all(r.status_code == 302 for r in responses)
    assert LayFeedback.objects.filter(author=world.lay_member).count() == 1
    assert len(smtp_inbox.to(world.chair.email)) == 1
    page = client.get(url).content.decode()
    assert "Thank you. Your feedback was sent" in page

    data["submission_key"] = str(uuid.uuid4())  # a new form: a second piece of feedback
    client.post(url, data)
    assert LayFeedback.objects.filter(author=world.lay_member).count() == 2


# "You said, we did" from feedback ---------------------------------------------------------


def test_the_chair_starts_a_log_entry_from_feedback_prefilled_and_linked(world, agenda, client):
    paper = agenda.papers[Visibility.GROUP]
    feedback = lay_feedback.give_feedback(
        paper,
        by=world.lay_member,
        kind="suggestion",
        text="Put a map of the scanner sites in the paper. " + "Detail " * 80,
        ease=3,
    )
    client.force_login(world.chair)
    page = detail(client, feedback).content.decode()
    start = reverse("governance:lay_change_log", args=[world.board.pk]) + f"?feedback={feedback.pk}"
    assert start in page

    form = client.get(start).context["form"]
    assert form.initial["feedback"] == feedback.pk
    assert paper.title in form.initial["you_said"]
    assert "Put a map of the scanner sites" in form.initial["you_said"]
    assert len(form.initial["you_said"]) < 400
    assert form.initial["is_public"] is False  # the paper is for group members only

    response = client.post(
        reverse("governance:lay_change_log", args=[world.board.pk]),
        {
            "feedback": feedback.pk,
            "you_said": "Capacity papers were hard to follow without a map.",
            "we_did": "Every capacity paper now has a map.",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    entry = YouSaidWeDid.objects.get()
    assert entry.feedback == feedback
    assert "Every capacity paper now has a map." in detail(client, feedback).content.decode()
    client.force_login(world.lay_member)  # the author sees where their feedback led
    assert "Every capacity paper now has a map." in detail(client, feedback).content.decode()


@pytest.mark.parametrize("who", ["non_member", "member", "other_chair"])
def test_only_those_running_the_board_start_an_entry_from_feedback(world, agenda, client, who):
    feedback = feedback_on(agenda.papers[Visibility.GROUP], world.lay_member)
    client.force_login(world.people()[who])
    url = reverse("governance:lay_change_log", args=[world.board.pk])
    assert client.get(url + f"?feedback={feedback.pk}").status_code == 404
