"""Views for lay review: volunteers' "Papers to review", feedback and its answers, the "you
said, we did" log, the glossary, lay summaries, issuing papers, and expense claims."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ..errors import GovernanceError
from ..lay_forms import (
    AnswerForm,
    ChangeForm,
    ClaimDecisionForm,
    ExpenseClaimForm,
    FeedbackForm,
    GlossarySearchForm,
    IssuePapersForm,
    LaySummaryForm,
)
from ..models import ExpenseClaim, GlossaryTerm, GroupPage, LayFeedback, MeetingPage, Paper
from ..rules import can_manage_group
from ..services import expenses, lay
from ..services.expenses import ExpenseError, ReceiptRejected
from .meetings import file_kind

PER_PAGE = 20


def _page(request, items, per_page=PER_PAGE):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


# Papers to review -----------------------------------------------------------------------------


@login_required
def papers_to_review(request):
    meetings = lay.papers_to_review(request.user)
    return render(
        request,
        "governance/lay/papers_to_review.html",
        {"meetings": meetings, "is_volunteer": lay.is_volunteer(request.user)},
    )


def _paper_for(user, paper_id):
    """A current or superseded paper the user may review, or 404 (it does not exist for them)."""
    paper = get_object_or_404(
        Paper.objects.select_related("agenda_item__meeting", "file").prefetch_related(
            "named_people"
        ),
        pk=paper_id,
    )
    if not paper.agenda_item.meeting.live or not lay.may_review(user, paper):
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
                lay.give_feedback(paper, by=request.user, **form.cleaned_data)
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
    feedback = lay.visible_feedback(request.user, feedback)
    paper.kind = file_kind(paper)
    return render(
        request,
        "governance/lay/review_paper.html",
        {
            "paper": paper,
            "meeting": meeting,
            "group": meeting.group,
            "review_by": lay.review_by(meeting),
            "status": lay.review_status(request.user, paper),
            "form": form,
            "feedback": feedback,
        },
    )


@require_GET
@login_required
def open_paper(request, paper_id):
    """Open a paper from the review page: it is marked read, then the download (which checks
    the permission again and writes the audit log) streams it."""
    paper = _paper_for(request.user, paper_id)
    lay.mark_read(paper, request.user)
    return redirect("governance:paper_download", paper_id=paper.pk)


# Feedback -------------------------------------------------------------------------------------


def _feedback_for(user, feedback_id):
    feedback = get_object_or_404(
        LayFeedback.objects.select_related(
            "author", "answered_by", "paper__agenda_item__meeting", "paper__file"
        ).prefetch_related("paper__named_people"),
        pk=feedback_id,
    )
    if not lay.may_see_feedback(user, feedback):
        raise Http404("No such feedback.")
    return feedback


@login_required
def feedback_detail(request, feedback_id):
    feedback = _feedback_for(request.user, feedback_id)
    may_answer = lay.may_answer_feedback(request.user, feedback)
    form = None
    if may_answer:
        initial = {"answer": feedback.answer, "raise_at_meeting": feedback.raise_at_meeting}
        form = AnswerForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                lay.answer_feedback(feedback, by=request.user, **form.cleaned_data)
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Your answer was sent to {feedback.author}.")
                return redirect("governance:lay_feedback", feedback_id=feedback.pk)
    elif request.method == "POST":
        raise Http404("No such feedback.")
    meeting = feedback.paper.agenda_item.meeting
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
            "is_manager": can_manage_group(request.user, meeting.group),
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
    feedback = lay.group_feedback(group)
    if show == "unanswered":
        feedback = feedback.unanswered()
    page_obj = _page(request, feedback)
    return render(
        request,
        "governance/lay/group_feedback.html",
        {"group": group, "page_obj": page_obj, "show": show},
    )


# "You said, we did" ---------------------------------------------------------------------------


@login_required
def change_log(request, group_id):
    """The full log, and the form that adds to it, for those running the group."""
    group = _managed_group(request, group_id)
    choices = [
        (f.pk, f"{f.get_kind_display()} on “{f.paper.title}” ({f.created_at:%d %b %Y})")
        for f in lay.group_feedback(group)[:200]
    ]
    form = ChangeForm(
        request.POST if request.method == "POST" else None,
        feedback_choices=choices,
        initial={"feedback": request.GET.get("feedback")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = LayFeedback.objects.filter(pk=data["feedback"]).first()
        try:
            lay.record_change(
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
        {"group": group, "form": form, "page_obj": _page(request, lay.change_log(group))},
    )


@require_GET
def public_change_log(request, group_id):
    group = get_object_or_404(GroupPage.objects.live(), pk=group_id).specific
    entries = _page(request, lay.public_change_log(group))
    for entry in entries:
        entry.public_name = lay.public_name(entry)
    return render(
        request,
        "governance/lay/public_change_log.html",
        {"group": group, "page_obj": entries},
    )


# Glossary and lay summaries -------------------------------------------------------------------


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
        {"form": form, "query": query, "page_obj": _page(request, terms, 50)},
    )


@login_required
def lay_summary_edit(request, paper_id):
    paper = get_object_or_404(Paper.objects.select_related("agenda_item__meeting"), pk=paper_id)
    meeting = paper.agenda_item.meeting
    if not can_manage_group(request.user, meeting.group):
        raise Http404("No such paper.")
    report = None
    if request.method == "POST":
        form = LaySummaryForm(request.POST)
        if form.is_valid():
            try:
                paper = lay.set_lay_summary(
                    paper, form.cleaned_data["lay_summary"], by=request.user
                )
            except GovernanceError as error:
                form.add_error("lay_summary", str(error))
            else:
                messages.success(request, f"The lay summary of “{paper.title}” was saved.")
                report = lay.summary_report(paper.lay_summary)
    else:
        form = LaySummaryForm(initial={"lay_summary": paper.lay_summary})
        if paper.lay_summary:
            report = lay.summary_report(paper.lay_summary)
    return render(
        request,
        "governance/lay/lay_summary_edit.html",
        {
            "paper": paper,
            "meeting": meeting,
            "group": meeting.group,
            "form": form,
            "report": report,
            "lay_board": lay.has_lay_members(meeting.group),
        },
    )


@login_required
def issue_papers(request, meeting_id):
    meeting = get_object_or_404(MeetingPage, pk=meeting_id)
    if not can_manage_group(request.user, meeting.group):
        raise Http404("No such meeting.")
    issue = getattr(meeting, "papers_issue", None)
    missing = lay.papers_missing_lay_summary(meeting)
    form = IssuePapersForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            lay.issue_papers(
                meeting,
                by=request.user,
                without_lay_summaries=form.cleaned_data["issue_without_lay_summaries"],
            )
        except lay.LaySummariesMissing as error:
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
    reviewed, total = lay.pack_review_coverage(meeting)
    return render(
        request,
        "governance/lay/issue_papers.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "form": form,
            "issue": issue,
            "missing": missing,
            "review_by": lay.review_by(meeting),
            "lay_board": lay.has_lay_members(meeting.group),
            "reviewed": reviewed,
            "total": total,
        },
    )


# Expenses -------------------------------------------------------------------------------------


@login_required
def my_expenses(request):
    claims = ExpenseClaim.objects.filter(claimant=request.user).select_related("meeting")
    return render(
        request,
        "governance/lay/expenses_mine.html",
        {
            "page_obj": _page(request, claims),
            "can_claim": expenses.claimable_meetings(request.user).exists(),
            "is_volunteer": lay.is_volunteer(request.user),
            "is_office": expenses.may_manage_claims(request.user),
        },
    )


@login_required
def new_expense_claim(request):
    meetings = list(expenses.claimable_meetings(request.user))
    for meeting in meetings:
        meeting.start = timezone.localtime(meeting.start)
    form = ExpenseClaimForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        meetings=meetings,
        initial={"meeting": request.GET.get("meeting")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = expenses.submit_claim(
                form.chosen_meeting,
                by=request.user,
                travel_mode=data["travel_mode"],
                miles=data["miles"],
                fare=data["fare"],
                parking=data["parking"],
                receipt=data["receipt"],
                notes=data["notes"],
            )
        except ReceiptRejected as error:
            form.add_error("receipt", str(error))
        except ExpenseError as error:
            form.add_error(None, str(error))
        except GovernanceError as error:
            form.add_error("meeting", str(error))
        else:
            messages.success(
                request,
                f"Your claim for £{claim.total} was sent to the network office. We will email "
                "you when they have decided.",
            )
            return redirect("governance:expense_detail", claim_id=claim.pk)
    return render(
        request,
        "governance/lay/expense_form.html",
        {"form": form, "has_meetings": bool(meetings)},
    )


def _claim_for(user, claim_id):
    claim = get_object_or_404(
        ExpenseClaim.objects.select_related("claimant", "meeting", "receipt", "decided_by"),
        pk=claim_id,
    )
    if not expenses.may_see_claim(user, claim):
        raise Http404("No such claim.")
    return claim


@login_required
def expense_detail(request, claim_id):
    claim = _claim_for(request.user, claim_id)
    is_office = expenses.may_manage_claims(request.user)
    form = None
    if is_office and claim.status == ExpenseClaim.Status.SUBMITTED:
        form = ClaimDecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                expenses.decide_claim(
                    claim, by=request.user, approve=form.approve, note=form.cleaned_data["note"]
                )
            except GovernanceError as error:
                form.add_error("note", str(error))
            else:
                outcome = "approved" if form.approve else "rejected"
                messages.success(request, f"The claim was {outcome} and {claim.claimant} told.")
                return redirect("governance:expense_review")
    elif request.method == "POST":
        raise Http404("No such claim.")
    return _private(
        render(
            request,
            "governance/lay/expense_detail.html",
            {"claim": claim, "form": form, "is_office": is_office},
        )
    )


@require_GET
@login_required
def expense_receipt(request, claim_id):
    claim = _claim_for(request.user, claim_id)
    if claim.receipt is None:
        raise Http404("No receipt.")
    expenses.record_receipt_download(claim, request.user)
    return _private(
        FileResponse(
            claim.receipt.file.open("rb"),
            as_attachment=True,
            filename=claim.receipt.original_filename,
        )
    )


def _office_only(request):
    if not expenses.may_manage_claims(request.user):
        raise Http404("No such page.")


@login_required
def expense_review(request):
    _office_only(request)
    status = request.GET.get("status", ExpenseClaim.Status.SUBMITTED)
    if status not in ExpenseClaim.Status.values:
        status = ExpenseClaim.Status.SUBMITTED
    claims = ExpenseClaim.objects.filter(status=status).select_related("claimant", "meeting")
    return render(
        request,
        "governance/lay/expense_review.html",
        {
            "page_obj": _page(request, claims),
            "status": status,
            "statuses": ExpenseClaim.Status.choices,
        },
    )


@require_GET
@login_required
def expense_export(request):
    _office_only(request)
    claims = (
        ExpenseClaim.objects.approved()
        .select_related("claimant", "meeting", "decided_by")
        .order_by("decided_at", "pk")
    )
    out = expenses.write_approved_csv(claims, io.StringIO())
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="approved-expenses-{stamp}.csv"'
    return _private(response)


@require_POST
@login_required
def expense_decide(request, claim_id):
    """The review list's approve button posts here; rejections go through the claim page."""
    _office_only(request)
    claim = _claim_for(request.user, claim_id)
    try:
        expenses.decide_claim(claim, by=request.user, approve=True)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The claim by {claim.claimant} was approved.")
    return redirect(reverse("governance:expense_review"))


urlpatterns = [
    path("volunteers/papers/", papers_to_review, name="papers_to_review"),
    path("volunteers/papers/<int:paper_id>/", review_paper, name="lay_review_paper"),
    path("volunteers/papers/<int:paper_id>/open/", open_paper, name="lay_open_paper"),
    path("feedback/<int:feedback_id>/", feedback_detail, name="lay_feedback"),
    path("groups/<int:group_id>/feedback/", group_feedback, name="lay_group_feedback"),
    path("groups/<int:group_id>/you-said-we-did/", change_log, name="lay_change_log"),
    path(
        "groups/<int:group_id>/you-said-we-did/public/",
        public_change_log,
        name="lay_public_change_log",
    ),
    path("glossary/", glossary, name="glossary"),
    path("papers/<int:paper_id>/lay-summary/", lay_summary_edit, name="lay_summary_edit"),
    path("meetings/<int:meeting_id>/issue-papers/", issue_papers, name="issue_papers"),
    path("expenses/", my_expenses, name="my_expenses"),
    path("expenses/new/", new_expense_claim, name="expense_new"),
    path("expenses/review/", expense_review, name="expense_review"),
    path("expenses/approved.csv", expense_export, name="expense_export"),
    path("expenses/<int:claim_id>/", expense_detail, name="expense_detail"),
    path("expenses/<int:claim_id>/receipt/", expense_receipt, name="expense_receipt"),
    path("expenses/<int:claim_id>/approve/", expense_decide, name="expense_approve"),
]
