"""Lay review: which papers a patient volunteer reviews and by when, their feedback and who
sees it, the "you said, we did" log, lay summaries, and issuing a meeting's papers."""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

import rules
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from portal.email import send_templated_email
from portal.rules import is_network_office

from ..errors import GovernanceError, NotAllowed
from ..models import (
    GlossaryTerm,
    LayFeedback,
    LayNotice,
    MeetingPage,
    Membership,
    Paper,
    PaperReview,
    PapersIssue,
    YouSaidWeDid,
)
from ..readability import LAY_SUMMARY_MAX_WORDS, lay_summary_report, word_count
from ..rules import can_manage_group, can_view_paper
from ..visibility import may_view

REMINDER_DAYS_BEFORE_REVIEW_BY = 2
ANSWERING_ROLES = (Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR)
HONORIFICS = re.compile(r"^(dr|mr|mrs|ms|miss|mx|prof|professor|sir|dame)\.?\s+", re.IGNORECASE)


class LayReviewError(GovernanceError):
    """Something about lay review that the rules refuse; the message says what to do."""


class LaySummaryTooLong(LayReviewError):
    pass


class LaySummariesMissing(LayReviewError):
    """The chair tried to issue papers of a lay board while some have no lay summary."""

    def __init__(self, papers):
        self.papers = papers
        count = len(papers)
        super().__init__(
            f"{count} paper{'s have' if count != 1 else ' has'} no lay summary. Add "
            f"{'them' if count != 1 else 'one'}, or confirm that you want to issue the papers "
            "without."
        )


class PapersAlreadyIssued(LayReviewError):
    pass


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


def _is_admin(user):
    return user.is_authenticated and (user.is_superuser or is_network_office(user))


# Who is a volunteer, and where ---------------------------------------------------------------


def lay_membership_q(prefix=""):
    return Q(**{f"{prefix}role": Membership.Role.PATIENT_VOLUNTEER}) | Q(
        **{f"{prefix}person__is_lay_member": True}
    )


def has_lay_members(group):
    """Whether a group's current members include patient volunteers (a "lay board")."""
    return group.memberships.current().filter(lay_membership_q()).exists()


def is_volunteer_in(user, group):
    membership = group.current_membership_of(user)
    return membership is not None and membership.is_lay


def current_volunteers(group):
    return [
        m.person
        for m in group.current_memberships().filter(lay_membership_q())
        if m.person.is_active
    ]


def is_volunteer(user):
    """Anyone who is a patient volunteer in at least one group, or flagged as one."""
    if not user.is_authenticated:
        return False
    return (
        user.is_lay_member
        or Membership.objects.current()
        .filter(person=user, role=Membership.Role.PATIENT_VOLUNTEER)
        .exists()
    )


# Review-by dates and the "Papers to review" page ----------------------------------------------


def review_by(meeting):
    """The date volunteers should have read a meeting's papers by: the meeting's (London) date
    less LAY_REVIEW_DAYS_BEFORE days."""
    days = getattr(settings, "LAY_REVIEW_DAYS_BEFORE", 5)
    return timezone.localtime(meeting.start).date() - timedelta(days=days)


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
        .filter(under, end__gte=timezone.now())
        .exclude(status=MeetingPage.Status.CANCELLED)
        .annotate(issued=Exists(PapersIssue.objects.filter(meeting=OuterRef("pk"))))
        .order_by("start")
    )
    by_path = {group.path: group for group in groups}
    for meeting in meetings:
        meeting.__dict__["group"] = by_path[meeting.path[: -meeting.steplen]]
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
        if not (may_view_item(user, paper.agenda_item) and can_view_paper(user, paper)):
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


def may_view_item(user, item):
    return may_view(user, item.meeting.group, item.visibility)


def may_review(user, paper):
    """A volunteer of the paper's group who may open the paper and its agenda item."""
    group = paper.agenda_item.meeting.group
    return (
        is_volunteer_in(user, group)
        and may_view_item(user, paper.agenda_item)
        and can_view_paper(user, paper)
    )


def review_status(user, paper):
    if LayFeedback.objects.filter(author=user, paper=paper).exists():
        return ReviewStatus.FEEDBACK_GIVEN
    if PaperReview.objects.filter(volunteer=user, paper=paper).exists():
        return ReviewStatus.READ
    return ReviewStatus.UNREAD


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


# Lay summaries --------------------------------------------------------------------------------


def glossary():
    return list(GlossaryTerm.objects.all())


def check_lay_summary(text):
    words = word_count(text)
    if words > LAY_SUMMARY_MAX_WORDS:
        raise LaySummaryTooLong(
            f"The lay summary has {words} words. Keep it to {LAY_SUMMARY_MAX_WORDS} or fewer."
        )


def summary_report(text):
    """Reading ease and glossary terms of a lay summary, shown to its author on saving."""
    return lay_summary_report(text, glossary())


def lay_summary_message(text):
    """One sentence for the author on saving: reading ease, length and glossary terms used."""
    report = summary_report(text)
    ease = f"{report.ease} ({report.ease_label.lower()})" if report.ease is not None else "–"
    terms = ", ".join(term.term for term in report.terms) or "none"
    return (
        f"Lay summary: reading ease {ease}, {report.words} words. Glossary terms it uses: {terms}."
    )


@transaction.atomic
def set_lay_summary(paper, text, *, by):
    if not can_manage_group(by, paper.agenda_item.meeting.group):
        raise NotAllowed("Only the chair, deputy or secretary can write a paper's lay summary.")
    text = text.strip()
    check_lay_summary(text)
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    paper.lay_summary = text
    paper.save(update_fields=["lay_summary"])
    return paper


def papers_missing_lay_summary(meeting):
    """Current papers with no lay summary, for a group with patient volunteers (else none)."""
    if not has_lay_members(meeting.group):
        return []
    return list(
        Paper.objects.current()
        .filter(agenda_item__meeting=meeting, lay_summary="")
        .select_related("agenda_item")
        .order_by("agenda_item__sort_order", "title")
    )


# Issuing a meeting's papers -------------------------------------------------------------------


@transaction.atomic
def issue_papers(meeting, *, by, without_lay_summaries=False):
    """Issue a meeting's papers: volunteers are emailed and their review begins. The chair
    must confirm first if a lay board's papers lack lay summaries."""
    if not can_manage_group(by, meeting.group):
        raise NotAllowed("Only the chair, deputy or secretary can issue the papers.")
    MeetingPage.objects.select_for_update().filter(pk=meeting.pk).first()
    if PapersIssue.objects.filter(meeting=meeting).exists():
        raise PapersAlreadyIssued("The papers for this meeting have already been issued.")
    missing = papers_missing_lay_summary(meeting)
    if missing and not without_lay_summaries:
        raise LaySummariesMissing(missing)
    issue = PapersIssue.objects.create(
        meeting=meeting, issued_by=by, papers_without_lay_summary=len(missing)
    )
    transaction.on_commit(lambda: _enqueue_papers_published(meeting.pk))
    return issue


def _enqueue_papers_published(meeting_id):
    from ..tasks import tell_volunteers_papers_published

    tell_volunteers_papers_published.enqueue(meeting_id)


def _papers_url(meeting=None):
    url = settings.WAGTAILADMIN_BASE_URL + reverse("governance:papers_to_review")
    return url + (f"#meeting-{meeting.pk}" if meeting else "")


def _send_notice_once(meeting, volunteer, kind, template, context):
    """Send one notice unless it was sent before; the row's unique key makes retries safe."""
    notice, _ = LayNotice.objects.get_or_create(meeting=meeting, volunteer=volunteer, kind=kind)
    if notice.sent_at is not None:
        return False
    send_templated_email(template, volunteer.email, context)
    LayNotice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
    return True


def _visible_papers(user, meeting):
    papers = (
        Paper.objects.current()
        .filter(agenda_item__meeting=meeting)
        .select_related("agenda_item")
        .prefetch_related("named_people")
    )
    shown = []
    for paper in papers:
        paper.agenda_item.meeting = meeting
        if may_view_item(user, paper.agenda_item) and can_view_paper(user, paper):
            shown.append(paper)
    return shown


def tell_volunteers_papers_published(meeting_id):
    """Email each volunteer of the group the papers they may open. Safe to run twice."""
    meeting = MeetingPage.objects.get(pk=meeting_id)
    sent = 0
    for volunteer in current_volunteers(meeting.group):
        papers = _visible_papers(volunteer, meeting)
        if not papers:
            continue
        sent += _send_notice_once(
            meeting,
            volunteer,
            LayNotice.Kind.PAPERS_PUBLISHED,
            "governance/lay/email/papers_published",
            {
                "volunteer": volunteer,
                "meeting": meeting,
                "group": meeting.group,
                "papers": papers,
                "review_by": review_by(meeting),
                "papers_url": _papers_url(meeting),
            },
        )
    return sent


def send_review_reminders(today=None):
    """Remind volunteers with unread papers, from two days before the review-by date until
    it passes. One reminder per volunteer and meeting, however often this runs."""
    today = today or timezone.localdate()
    sent = 0
    meetings = (
        MeetingPage.objects.live()
        .filter(papers_issue__isnull=False, end__gte=timezone.now())
        .exclude(status=MeetingPage.Status.CANCELLED)
    )
    for meeting in meetings:
        due = review_by(meeting)
        if not (due - timedelta(days=REMINDER_DAYS_BEFORE_REVIEW_BY) <= today <= due):
            continue
        for volunteer in current_volunteers(meeting.group):
            papers = _visible_papers(volunteer, meeting)
            read = set(
                PaperReview.objects.filter(volunteer=volunteer, paper__in=papers).values_list(
                    "paper", flat=True
                )
            )
            unread = [paper for paper in papers if paper.pk not in read]
            if not unread:
                continue
            sent += _send_notice_once(
                meeting,
                volunteer,
                LayNotice.Kind.REVIEW_REMINDER,
                "governance/lay/email/review_reminder",
                {
                    "volunteer": volunteer,
                    "meeting": meeting,
                    "group": meeting.group,
                    "unread": unread,
                    "review_by": due,
                    "papers_url": _papers_url(meeting),
                },
            )
    return sent


# Feedback -------------------------------------------------------------------------------------


def _normalised_name(text):
    text = re.split(r"[,(]", text or "", maxsplit=1)[0]
    text = HONORIFICS.sub("", text.strip())
    return " ".join(text.split()).casefold()


def is_presenter(user, agenda_item):
    """Whether `user` presents the item. The presenter is free text on the agenda, so a person
    matches when it names them: their full name (titles such as "Dr" and anything after a
    comma or bracket ignored) or their email address."""
    if not user.is_authenticated or not agenda_item.presenter:
        return False
    presenter = agenda_item.presenter.strip()
    if presenter.casefold() == user.email.casefold():
        return True
    name = " ".join(user.get_full_name().split()).casefold()
    return bool(name) and _normalised_name(presenter) == name


def may_answer_feedback(user, feedback):
    """The chair (or deputy chair) of the group, the paper's presenter and the network office."""
    if _is_admin(user):
        return True
    item = feedback.paper.agenda_item
    membership = item.meeting.group.current_membership_of(user)
    if membership is not None and membership.role in ANSWERING_ROLES:
        return True
    return is_presenter(user, item)


def may_see_feedback(user, feedback):
    """The one rule for who reads a piece of feedback.

    Its author; the chair, deputy chair and secretary; the paper's presenter; the network
    office. Other volunteers of the group only if the author shared it, and group members who
    may see the item once it is raised at the meeting. Nobody who may not open the paper,
    except its author (who may have lost access since) and those who answer it.
    """
    if not user.is_authenticated:
        return False
    if user.pk == feedback.author_id or _is_admin(user):
        return True
    paper = feedback.paper
    group = paper.agenda_item.meeting.group
    membership = group.current_membership_of(user)
    if membership is not None and membership.is_leading:
        return True
    if is_presenter(user, paper.agenda_item):
        return True
    if membership is None or not (
        may_view_item(user, paper.agenda_item) and can_view_paper(user, paper)
    ):
        return False
    if feedback.raise_at_meeting:
        return True
    return feedback.shared_with_volunteers and membership.is_lay


def visible_feedback(user, feedbacks):
    return [feedback for feedback in feedbacks if may_see_feedback(user, feedback)]


def feedback_recipients(feedback):
    """Who is told of new feedback: the chair, deputy chair, secretary and presenter."""
    item = feedback.paper.agenda_item
    people = {
        m.person.pk: m.person
        for m in item.meeting.group.current_memberships().filter(role__in=Membership.LEADING_ROLES)
        if m.person.is_active
    }
    if item.presenter:
        for m in item.meeting.group.current_memberships():
            if is_presenter(m.person, item):
                people[m.person.pk] = m.person
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
):
    if not may_review(by, paper):
        raise NotAllowed("Only the group's patient volunteers can give feedback on its papers.")
    if paper.is_superseded:
        raise LayReviewError("There is a newer version of this paper. Give feedback on that one.")
    feedback = LayFeedback.objects.create(
        paper=paper,
        author=by,
        kind=kind,
        text=text.strip(),
        ease=ease,
        shared_with_volunteers=shared_with_volunteers,
        raise_at_meeting=raise_at_meeting,
        name_in_public_log=name_in_public_log,
    )
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
        lambda: send_templated_email(
            "governance/lay/email/feedback_answered",
            feedback.author.email,
            {"feedback": feedback, "answered_by": by, "url": feedback_url(feedback)},
        )
    )
    return feedback


def group_feedback(group):
    """Every piece of feedback on the group's papers, newest first, ready to list."""
    return (
        LayFeedback.objects.for_group(group)
        .select_related("author", "answered_by", "paper__agenda_item__meeting", "paper__file")
        .prefetch_related("paper__named_people")
    )


def raised_feedback_by_item(user, meeting):
    """Feedback raised at `meeting`, by agenda item id, as far as `user` may see it."""
    found = {}
    for feedback in (
        LayFeedback.objects.raised_at(meeting)
        .select_related("author", "answered_by", "paper__agenda_item")
        .prefetch_related("paper__named_people")
    ):
        feedback.paper.agenda_item.meeting = meeting
        if may_see_feedback(user, feedback):
            found.setdefault(feedback.paper.agenda_item_id, []).append(feedback)
    return found


# "You said, we did" ---------------------------------------------------------------------------


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


# Permissions, for views and templates ---------------------------------------------------------

rules.add_perm("governance.see_lay_feedback", rules.predicate(may_see_feedback))
rules.add_perm("governance.answer_lay_feedback", rules.predicate(may_answer_feedback))
rules.add_perm("governance.review_paper", rules.predicate(may_review))

# The network office keeps the glossary (a snippet) without needing Django model permissions.
for _action in ("add", "change", "delete", "view"):
    rules.add_perm(f"governance.{_action}_glossaryterm", rules.is_superuser | is_network_office)
