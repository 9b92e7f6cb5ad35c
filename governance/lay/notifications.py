"""What lay review tells volunteers through portal's one notification service."""

from wagtail import hooks

from portal.notifications.registry import Kind
from portal.notifications.services import notify

FEEDBACK_ANSWERED = "lay.feedback_answered"


@hooks.register("register_notification_kinds")
def lay_kinds():
    return [
        Kind(
            FEEDBACK_ANSWERED,
            "Answers to your feedback",
            "When a chair or presenter answers the feedback you gave on a paper (volunteers).",
            group="Patient volunteers",
        )
    ]


def feedback_answered(feedback, answered_by, url):
    """The volunteer who gave the feedback is told each time it is answered or the answer is
    corrected (the key carries the answer's time)."""
    kind = feedback.get_kind_display().lower()
    return notify(
        [feedback.author],
        FEEDBACK_ANSWERED,
        f'Your {kind} on "{feedback.paper.title}" has been answered',
        url=url,
        key=f"{feedback.pk}:{feedback.answered_at.isoformat()}",
        context={
            "summary": f"{answered_by} answered.\n\nYou said:\n{feedback.text}\n\n"
            f"Their answer:\n{feedback.answer}"
        },
    )
