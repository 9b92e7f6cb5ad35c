"""Who reviews a meeting's papers and by when: a group's patient volunteers, the review-by
date, papers marked read, and how much of a pack volunteers reviewed."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from governance.models import Membership, Paper

from ..models import LayFeedback, PaperReview
from ..rules import is_volunteer_in


def lay_membership_q(prefix=""):
    return Q(**{f"{prefix}role": Membership.Role.PATIENT_VOLUNTEER}) | Q(
        **{f"{prefix}person__is_lay_member": True}
    )


def has_lay_members(group):
    """Whether a group's current members include patient volunteers (a "lay board")."""
    return group.memberships.current().filter(lay_membership_q()).exists()


def current_volunteers(group):
    return [
        m.person
        for m in group.current_memberships().filter(lay_membership_q())
        if m.person.is_active
    ]


def review_by(meeting):
    """The date volunteers should have read a meeting's papers by: the meeting's (London) date
    less LAY_REVIEW_DAYS_BEFORE days."""
    days = getattr(settings, "LAY_REVIEW_DAYS_BEFORE", 5)
    return timezone.localtime(meeting.start).date() - timedelta(days=days)


def mark_read(paper, user):
    """Record that a volunteer opened a paper (once; later opens change nothing)."""
    if not is_volunteer_in(user, paper.agenda_item.meeting.group):
        return None
    review, _ = PaperReview.objects.get_or_create(paper=paper, volunteer=user)
    return review


def pack_review_coverage(meeting):
    """(current papers read or given feedback by at least one volunteer, current papers)."""
    papers = Paper.objects.current().filter(agenda_item__meeting=meeting)
    reviewed = papers.filter(
        Exists(PaperReview.objects.filter(paper=OuterRef("pk")))
        | Exists(LayFeedback.objects.filter(paper=OuterRef("pk")))
    )
    return reviewed.count(), papers.count()
