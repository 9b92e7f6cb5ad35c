"""Reads about patient volunteers that depend on who is asking: the papers a volunteer reviews
and their status, the feedback a person may read, and the meetings a volunteer may claim for."""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from governance.models import Attendance, MeetingPage, Membership, Paper
from governance.rules import can_view_paper
from portal.tree import parent_path

from .models import ExpenseClaim, LayFeedback, PaperReview, PapersIssue, PublicNameConsent
from .rules import is_volunteer, may_see_feedback
from .services.review import lay_membership_q, review_by

# A paper's text, read from its file for the site search, can run to megabytes: no page here
# shows it, so it is never read.
PAPER_TEXT = "extracted_text"


class ReviewStatus(StrEnum):
    UNREAD = "unread"
    READ = "read"
    FEEDBACK_GIVEN = "feedback"

    @property
    def label(self):
        return {"unread": "Unread", "read": "Read", "feedback": "Feedback given"}[self.value]

    @property
    def tag(self):
        return {"unread": "nhsuk-tag--grey", "read": "nhsuk-tag--blue", "feedback": ""}[self.value]


@dataclass
class PaperForReview:
    paper: Paper
    status: ReviewStatus


@dataclass
class MeetingForReview:
    meeting: MeetingPage
    group: object
    review_by: object
    papers: list = field(default_factory=list)
    issued: bool = False

    @property
    def overdue(self):
        return self.review_by < timezone.localdate()

    @property
    def unread(self):
        return sum(1 for p in self.papers if p.status == ReviewStatus.UNREAD)


def upcoming_meetings_of(groups):
    """Live, not cancelled meetings of `groups` that have not ended, soonest first."""
    if not groups:
        return []
    under = Q()
    for group in groups:
        under |= MeetingPage.objects.child_of_q(group)
    meetings = list(
        MeetingPage.objects.live()
        .upcoming()
        .filter(under)
        .exclude(status=MeetingPage.Status.CANCELLED)
        .annotate(issued=Exists(PapersIssue.objects.filter(meeting=OuterRef("pk"))))
        .order_by("start")
    )
    by_path = {group.path: group for group in groups}
    for meeting in meetings:
        meeting.__dict__["group"] = by_path[parent_path(meeting)]
    return meetings


def _volunteer_groups(user):
    memberships = (
        Membership.objects.current()
        .filter(person=user)
        .filter(lay_membership_q())
        .select_related("group", "person")
    )
    groups = []
    for membership in memberships:
        group = membership.group
        group.__dict__.setdefault("_membership_cache", {})[user.pk] = membership
        groups.append(group)
    return groups


def papers_to_review(user):
    """For each upcoming meeting of the volunteer's groups, the current papers they may open,
    each marked unread, read or feedback given. A fixed number of queries however many."""
    groups = _volunteer_groups(user)
    meetings = upcoming_meetings_of(groups)
    if not meetings:
        return []
    papers = list(
        Paper.objects.current()
        .filter(agenda_item__meeting__in=meetings)
        .select_related("agenda_item", "file")
        .defer(PAPER_TEXT)
        .prefetch_related("named_people")
        .order_by("agenda_item__sort_order", "title")
    )
    ids = [paper.pk for paper in papers]
    read = set(
        PaperReview.objects.filter(volunteer=user, paper__in=ids).values_list("paper", flat=True)
    )
    answered = set(
        LayFeedback.objects.filter(author=user, paper__in=ids).values_list("paper", flat=True)
    )
    rows = {
        meeting.pk: MeetingForReview(
            meeting=meeting,
            group=meeting.group,
            review_by=review_by(meeting),
            issued=meeting.issued,
        )
        for meeting in meetings
    }
    by_id = {meeting.pk: meeting for meeting in meetings}
    for paper in papers:
        paper.agenda_item.meeting = by_id[paper.agenda_item.meeting_id]
        if not (can_view_paper(user, paper)):
            continue
        status = (
            ReviewStatus.FEEDBACK_GIVEN
            if paper.pk in answered
            else ReviewStatus.READ
            if paper.pk in read
            else ReviewStatus.UNREAD
        )
        rows[paper.agenda_item.meeting_id].papers.append(PaperForReview(paper, status))
    return list(rows.values())


def review_status(user, paper):
    if LayFeedback.objects.filter(author=user, paper=paper).exists():
        return ReviewStatus.FEEDBACK_GIVEN
    if PaperReview.objects.filter(volunteer=user, paper=paper).exists():
        return ReviewStatus.READ
    return ReviewStatus.UNREAD


def visible_papers(user, meeting):
    """The current papers of `meeting` that `user` may open with their agenda items."""
    papers = (
        Paper.objects.current()
        .filter(agenda_item__meeting=meeting)
        .select_related("agenda_item")
        .defer(PAPER_TEXT)
        .prefetch_related("named_people")
    )
    shown = []
    for paper in papers:
        paper.agenda_item.meeting = meeting
        if can_view_paper(user, paper):
            shown.append(paper)
    return shown


def visible_feedback(user, feedbacks):
    return [feedback for feedback in feedbacks if may_see_feedback(user, feedback)]


def raised_feedback_by_item(user, meeting):
    """Feedback raised at `meeting`, by agenda item id, as far as `user` may see it."""
    found = {}
    for feedback in (
        LayFeedback.objects.raised_at(meeting)
        .select_related("author", "answered_by", "paper__agenda_item")
        .defer(f"paper__{PAPER_TEXT}")
        .prefetch_related("paper__named_people")
    ):
        feedback.paper.agenda_item.meeting = meeting
        if may_see_feedback(user, feedback):
            found.setdefault(feedback.paper.agenda_item_id, []).append(feedback)
    return found


ATTENDED = (Attendance.Status.PRESENT,)


def attended_meetings(user):
    """Meetings that have started which `user` attended as a patient volunteer."""
    return (
        MeetingPage.objects.filter(
            attendance__person=user,
            attendance__status__in=ATTENDED,
            start__lte=timezone.now(),
        )
        .exclude(status=MeetingPage.Status.CANCELLED)
        .order_by("-start")
    )


def claimable_meetings(user):
    """Attended meetings with no claim waiting or approved (a rejected claim may be redone)."""
    if not is_volunteer(user):
        return MeetingPage.objects.none()
    claimed = ExpenseClaim.objects.filter(claimant=user).exclude(
        status=ExpenseClaim.Status.REJECTED
    )
    return attended_meetings(user).exclude(pk__in=claimed.values("meeting"))


@dataclass
class NamingFacts:
    """Who of a group's people are patient volunteers, and which of them agreed to be named on
    public pages: two queries for a whole members list or attendance list."""

    lay: set
    consenting: set


def naming_facts(group):
    roll = group.loaded_membership_roll()
    if roll is not None:  # the group's page has every membership in hand already
        lay = {membership.person_id for membership in roll if membership.is_lay}
    else:
        lay = set(
            group.memberships.filter(lay_membership_q()).values_list("person", flat=True).distinct()
        )
    consenting = set(
        PublicNameConsent.objects.filter(person__in=lay).values_list("person", flat=True)
    )
    return NamingFacts(lay=lay, consenting=consenting)
