"""A board's "you said, we did" log: changes made because of volunteers' feedback."""

from django.db import transaction

from governance.errors import NotAllowed
from governance.rules import can_manage_group
from governance.visibility import Visibility

from ..errors import LayReviewError
from ..models import LayFeedback, YouSaidWeDid


@transaction.atomic
def record_change(group, *, by, you_said, we_did, is_public=True, feedback=None):
    if not can_manage_group(by, group):
        raise NotAllowed("Only the chair, deputy or secretary can add to the log.")
    if feedback is not None and not LayFeedback.objects.for_group(group).filter(pk=feedback.pk):
        raise LayReviewError("That feedback is about another group's papers.")
    return YouSaidWeDid.objects.create(
        group=group,
        feedback=feedback,
        you_said=you_said.strip(),
        we_did=we_did.strip(),
        is_public=is_public,
        recorded_by=by,
    )


GIST_CHARACTERS = 240
KIND_VERBS = {
    LayFeedback.Kind.QUESTION: "asked",
    LayFeedback.Kind.CONCERN: "raised a concern",
    LayFeedback.Kind.SUGGESTION: "suggested",
}


def gist(text, limit=GIST_CHARACTERS):
    """The feedback's first words, cut at a word boundary, for the chair to rewrite."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def draft_from_feedback(feedback):
    """What a new log entry starts with when the chair starts it from a piece of feedback:
    the feedback's gist and its paper, public only if the paper and its item are."""
    paper = feedback.paper
    verb = KIND_VERBS.get(feedback.kind, "said")
    public = paper.visibility == Visibility.PUBLIC and (
        paper.agenda_item.visibility == Visibility.PUBLIC
    )
    return {
        "feedback": feedback.pk,
        "you_said": f"A patient volunteer {verb} about “{paper.title}”: {gist(feedback.text)}",
        "is_public": public,
    }


def changes_from(feedback):
    """The log entries a piece of feedback led to."""
    return YouSaidWeDid.objects.filter(feedback=feedback).select_related("group")


def change_log(group):
    return YouSaidWeDid.objects.filter(group=group).select_related("feedback__author")


def public_change_log(group):
    """The public version: public entries only; names only where the volunteer agreed."""
    return change_log(group).filter(is_public=True)


def public_name(entry):
    feedback = entry.feedback
    if feedback is not None and feedback.name_in_public_log:
        return str(feedback.author)
    return ""
