"""Volunteers' feedback on papers: giving it, who is told, and answering it."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from governance.errors import NotAllowed
from governance.models import Membership
from portal.email import send_templated_email

from .. import notifications
from ..errors import LayReviewError
from ..models import LayFeedback, PaperReview
from ..rules import may_answer_feedback, may_review, may_see_feedback


def feedback_recipients(feedback):
    """Who is told of new feedback: the chair, deputy chair, secretary and the presenter (the
    person chosen on the agenda), each only if they may read it."""
    item = feedback.paper.agenda_item
    people = {
        m.person.pk: m.person
        for m in item.meeting.group.current_memberships().filter(role__in=Membership.LEADING_ROLES)
        if m.person.is_active
    }
    presenter = item.presenter_person
    if presenter is not None and presenter.is_active and may_see_feedback(presenter, feedback):
        people[presenter.pk] = presenter
    people = {pk: person for pk, person in people.items() if may_see_feedback(person, feedback)}
    people.pop(feedback.author_id, None)
    return list(people.values())


def feedback_url(feedback):
    return settings.WAGTAILADMIN_BASE_URL + reverse(
        "governance:lay_feedback", kwargs={"feedback_id": feedback.pk}
    )


@transaction.atomic
def give_feedback(
    paper,
    *,
    by,
    kind,
    text,
    ease,
    shared_with_volunteers=False,
    raise_at_meeting=False,
    name_in_public_log=False,
    submission_key=None,
):
    """Record a volunteer's feedback and tell those who answer it. The same form posted again
    (the same `submission_key`, as from a double click) gives back the first feedback and
    tells nobody twice."""
    if not may_review(by, paper):
        raise NotAllowed("Only the group's patient volunteers can give feedback on its papers.")
    if paper.is_superseded:
        raise LayReviewError("There is a newer version of this paper. Give feedback on that one.")
    if submission_key is not None:
        earlier = LayFeedback.objects.filter(author=by, submission_key=submission_key).first()
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            feedback = LayFeedback.objects.create(
                paper=paper,
                author=by,
                kind=kind,
                text=text.strip(),
                ease=ease,
                shared_with_volunteers=shared_with_volunteers,
                raise_at_meeting=raise_at_meeting,
                name_in_public_log=name_in_public_log,
                submission_key=submission_key,
            )
    except IntegrityError:
        # The same form, posted at the same moment by another request that got there first.
        return LayFeedback.objects.get(author=by, submission_key=submission_key)
    PaperReview.objects.get_or_create(paper=paper, volunteer=by)
    recipients = feedback_recipients(feedback)
    transaction.on_commit(lambda: _tell_about_feedback(feedback, recipients))
    return feedback


def _tell_about_feedback(feedback, recipients):
    for person in recipients:
        send_templated_email(
            "governance/lay/email/feedback_received",
            person.email,
            {"person": person, "feedback": feedback, "url": feedback_url(feedback)},
        )


@transaction.atomic
def answer_feedback(feedback, *, by, answer, raise_at_meeting=None):
    """Answer (or correct the answer to) a piece of feedback; its author is emailed."""
    feedback = LayFeedback.objects.select_for_update().select_related("author").get(pk=feedback.pk)
    if not may_answer_feedback(by, feedback):
        raise NotAllowed("Only the chair or the paper's presenter can answer feedback.")
    answer = answer.strip()
    if not answer:
        raise LayReviewError("Write an answer before sending it.")
    feedback.answer = answer
    feedback.answered_by = by
    feedback.answered_at = timezone.now()
    if raise_at_meeting is not None:
        feedback.raise_at_meeting = raise_at_meeting
    feedback.save()
    transaction.on_commit(
        lambda: notifications.feedback_answered(feedback, by, feedback_url(feedback))
    )
    return feedback


def group_feedback(group):
    """Every piece of feedback on the group's papers, newest first, ready to list."""
    return (
        LayFeedback.objects.for_group(group)
        .select_related("author", "answered_by", "paper__agenda_item__meeting", "paper__file")
        .prefetch_related("paper__named_people")
    )
