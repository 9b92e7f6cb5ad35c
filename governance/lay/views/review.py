"""Views for lay review: volunteers' "Papers to review", feedback and its answers, the "you
said, we did" log, the glossary, lay summaries and issuing papers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from governance.errors import GovernanceError
from governance.models import GroupPage, MeetingPage
from governance.pages import file_kind
from governance.rules import can_manage_group
from governance.services.meetings import papers_with_meeting
from governance.services.registers import published_groups

from .. import queries, rules
from ..errors import LaySummariesMissing
from ..forms import (
    AnswerForm,
    ChangeForm,
    FeedbackForm,
    GlossarySearchForm,
    IssuePapersForm,
    LaySummaryForm,
)
from ..models import GlossaryTerm, LayFeedback
from ..services import changes, issuing, review, summaries
from ..services import feedback as feedback_service
from . import page_of


@login_required
def papers_to_review(request):
    meetings = queries.papers_to_review(request.user)
    return render(
        request,
        "governance/lay/papers_to_review.html",
        {"meetings": meetings, "is_volunteer": rules.is_volunteer(request.user)},
    )


def _paper_for(user, paper_id):
    """A current or superseded paper the user may review, or 404 (it does not exist for them)."""
    paper = get_object_or_404(
        papers_with_meeting()
        .select_related("file")
        .defer(queries.PAPER_TEXT)
        .prefetch_related("named_people"),
        pk=paper_id,
    )
    if not paper.agenda_item.meeting.live or not rules.may_review(user, paper):
        raise Http404("No such paper.")
    return paper


@login_required
def review_paper(request, paper_id):
    paper = _paper_for(request.user, paper_id)
    meeting = paper.agenda_item.meeting
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                feedback_service.give_feedback(paper, by=request.user, **form.cleaned_data)
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    "Thank you. Your feedback was sent to the chair, the secretary and the "
                    "paper’s presenter. We will email you their answer.",
                )
                return redirect("governance:lay_review_paper", paper_id=paper.pk)
    else:
        form = FeedbackForm()
    feedback = list(LayFeedback.objects.filter(paper=paper).select_related("author", "answered_by"))
    for item in feedback:
        item.paper = paper  # one paper for every permission check, already fetched
    feedback = queries.visible_feedback(request.user, feedback)
    paper.kind = file_kind(paper)
    return render(
        request,
        "governance/lay/review_paper.html",
        {
            "paper": paper,
            "meeting": meeting,
            "group": meeting.group,
            "review_by": review.review_by(meeting),
            "status": queries.review_status(request.user, paper),
            "form": form,
            "feedback": feedback,
        },
    )


@require_GET
@login_required
def open_paper(request, paper_id):
    """Open a paper from the review page (links in older emails use this address): the
    download checks the permission again, writes the audit log, streams the file and only
    then marks the paper read."""
    paper = _paper_for(request.user, paper_id)
    return redirect("governance:paper_download", paper_id=paper.pk)


def _feedback_for(user, feedback_id):
    feedback = get_object_or_404(
        LayFeedback.objects.select_related(
            "author", "answered_by", "paper__agenda_item__meeting", "paper__file"
        )
        .defer(f"paper__{queries.PAPER_TEXT}")
        .prefetch_related("paper__named_people"),
        pk=feedback_id,
    )
    if not rules.may_see_feedback(user, feedback):
        raise Http404("No such feedback.")
    return feedback


@login_required
def feedback_detail(request, feedback_id):
    feedback = _feedback_for(request.user, feedback_id)
    may_answer = rules.may_answer_feedback(request.user, feedback)
    form = None
    if may_answer:
        initial = {"answer": feedback.answer, "raise_at_meeting": feedback.raise_at_meeting}
        form = AnswerForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                feedback_service.answer_feedback(feedback, by=request.user, **form.cleaned_data)
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Your answer was sent to {feedback.author}.")
                return redirect("governance:lay_feedback", feedback_id=feedback.pk)
    elif request.method == "POST":
        raise Http404("No such feedback.")
    meeting = feedback.paper.agenda_item.meeting
    is_manager = can_manage_group(request.user, meeting.group)
    return render(
        request,
        "governance/lay/feedback_detail.html",
        {
            "feedback": feedback,
            "paper": feedback.paper,
            "meeting": meeting,
            "group": meeting.group,
            "form": form,
            "may_answer": may_answer,
            "is_manager": is_manager,
            "changes": [
                change
                for change in changes.changes_from(feedback)
                if change.is_public or is_manager
            ],
        },
    )


def _managed_group(request, group_id):
    group = get_object_or_404(GroupPage, pk=group_id).specific
    if not can_manage_group(request.user, group):
        raise Http404("No such page.")
    return group


@login_required
def group_feedback(request, group_id):
    """All volunteers' feedback on a group's papers, for those running the group."""
    group = _managed_group(request, group_id)
    show = request.GET.get("show", "")
    feedback = feedback_service.group_feedback(group)
    if show == "unanswered":
        feedback = feedback.unanswered()
    page_obj = page_of(request, feedback)
    return render(
        request,
        "governance/lay/group_feedback.html",
        {"group": group, "page_obj": page_obj, "show": show},
    )


@login_required
def change_log(request, group_id):
    """The full log, and the form that adds to it, for those running the group."""
    group = _managed_group(request, group_id)
    choices = [
        (f.pk, f"{f.get_kind_display()} on “{f.paper.title}” ({f.created_at:%d %b %Y})")
        for f in feedback_service.group_feedback(group)[:200]
    ]
    from_feedback = None
    initial = {}
    if request.method == "GET" and request.GET.get("feedback", "").isdigit():
        from_feedback = (
            feedback_service.group_feedback(group).filter(pk=int(request.GET["feedback"])).first()
        )
        if from_feedback is not None and rules.may_see_feedback(request.user, from_feedback):
            initial = changes.draft_from_feedback(from_feedback)
        else:
            from_feedback = None
    form = ChangeForm(
        request.POST if request.method == "POST" else None,
        feedback_choices=choices,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = LayFeedback.objects.filter(pk=data["feedback"]).first()
        try:
            changes.record_change(
                group,
                by=request.user,
                you_said=data["you_said"],
                we_did=data["we_did"],
                is_public=data["is_public"],
                feedback=chosen,
            )
        except GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The change was added to the “you said, we did” log.")
            return redirect("governance:lay_change_log", group_id=group.pk)
    return render(
        request,
        "governance/lay/change_log.html",
        {
            "group": group,
            "form": form,
            "from_feedback": from_feedback,
            "page_obj": page_of(request, changes.change_log(group)),
        },
    )


@require_GET
def public_change_log(request, group_id):
    group = get_object_or_404(published_groups(), pk=group_id).specific
    entries = page_of(request, changes.public_change_log(group))
    for entry in entries:
        entry.public_name = changes.public_name(entry)
    return render(
        request,
        "governance/lay/public_change_log.html",
        {"group": group, "page_obj": entries},
    )


@require_GET
def glossary(request):
    form = GlossarySearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    terms = GlossaryTerm.objects.all()
    if query:
        terms = terms.filter(
            Q(term__icontains=query) | Q(meaning__icontains=query) | Q(definition__icontains=query)
        )
    return render(
        request,
        "governance/lay/glossary.html",
        {"form": form, "query": query, "page_obj": page_of(request, terms, 50)},
    )


@login_required
def lay_summary_edit(request, paper_id):
    paper = get_object_or_404(papers_with_meeting(), pk=paper_id)
    meeting = paper.agenda_item.meeting
    if not can_manage_group(request.user, meeting.group):
        raise Http404("No such paper.")
    report = None
    if request.method == "POST":
        form = LaySummaryForm(request.POST)
        if form.is_valid():
            try:
                paper = summaries.set_lay_summary(
                    paper, form.cleaned_data["lay_summary"], by=request.user
                )
            except GovernanceError as error:
                form.add_error("lay_summary", str(error))
            else:
                messages.success(request, f"The lay summary of “{paper.title}” was saved.")
                report = summaries.summary_report(paper.lay_summary)
    else:
        form = LaySummaryForm(initial={"lay_summary": paper.lay_summary})
        if paper.lay_summary:
            report = summaries.summary_report(paper.lay_summary)
    return render(
        request,
        "governance/lay/lay_summary_edit.html",
        {
            "paper": paper,
            "meeting": meeting,
            "group": meeting.group,
            "form": form,
            "report": report,
            "lay_board": review.has_lay_members(meeting.group),
        },
    )


@login_required
def issue_papers(request, meeting_id):
    meeting = get_object_or_404(MeetingPage, pk=meeting_id)
    if not can_manage_group(request.user, meeting.group):
        raise Http404("No such meeting.")
    issue = getattr(meeting, "papers_issue", None)
    missing = summaries.papers_missing_lay_summary(meeting)
    form = IssuePapersForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            issuing.issue_papers(
                meeting,
                by=request.user,
                without_lay_summaries=form.cleaned_data["issue_without_lay_summaries"],
            )
        except LaySummariesMissing as error:
            form.add_error("issue_without_lay_summaries", str(error))
        except GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "The papers were issued. Patient volunteers are being emailed a link to "
                "their papers to review.",
            )
            return redirect(meeting.url)
    reviewed, total = review.pack_review_coverage(meeting)
    return render(
        request,
        "governance/lay/issue_papers.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "form": form,
            "issue": issue,
            "missing": missing,
            "review_by": review.review_by(meeting),
            "lay_board": review.has_lay_members(meeting.group),
            "reviewed": reviewed,
            "total": total,
        },
    )
