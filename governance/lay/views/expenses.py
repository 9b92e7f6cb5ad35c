"""Views for patient volunteers' expense claims: their own claims, a new claim, and the network
office's review, decisions and export for finance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from governance.errors import GovernanceError
from portal.downloads import private, stream_file
from portal.exports import csv_response
from portal.middleware import privileged

from .. import queries, rules
from ..errors import ExpenseError, ReceiptRejected
from ..forms import ClaimDecisionForm, ExpenseClaimForm, ReceiptReplaceForm
from ..models import ExpenseClaim
from ..services import expenses
from . import page_of


@login_required
def my_expenses(request):
    claims = ExpenseClaim.objects.filter(claimant=request.user).select_related("meeting")
    return render(
        request,
        "governance/lay/expenses_mine.html",
        {
            "page_obj": page_of(request, claims),
            "can_claim": queries.claimable_meetings(request.user).exists(),
            "is_volunteer": rules.is_volunteer(request.user),
            "is_office": rules.may_manage_claims(request.user),
        },
    )


@login_required
def new_expense_claim(request):
    meetings = list(queries.claimable_meetings(request.user))
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
    if not rules.may_see_claim(user, claim):
        raise Http404("No such claim.")
    return claim


@privileged
@login_required
def expense_detail(request, claim_id):
    claim = _claim_for(request.user, claim_id)
    is_office = rules.may_manage_claims(request.user)
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
    return private(
        render(
            request,
            "governance/lay/expense_detail.html",
            {
                "claim": claim,
                "form": form,
                "is_office": is_office,
                "receipt_form": (
                    ReceiptReplaceForm() if rules.may_replace_receipt(request.user, claim) else None
                ),
            },
        )
    )


@require_POST
@login_required
def expense_receipt_replace(request, claim_id):
    """The claimant replaces the receipt of a claim still waiting for a decision."""
    claim = _claim_for(request.user, claim_id)
    if not rules.may_replace_receipt(request.user, claim):
        raise Http404("No such claim.")
    form = ReceiptReplaceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            expenses.replace_receipt(claim, form.cleaned_data["receipt"], by=request.user)
        except GovernanceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your receipt was replaced.")
    else:
        messages.error(request, "Choose the receipt file to upload.")
    return redirect("governance:expense_detail", claim_id=claim.pk)


@privileged
@require_GET
@login_required
def expense_receipt(request, claim_id):
    claim = _claim_for(request.user, claim_id)
    if claim.receipt is None:
        raise Http404("No receipt.")
    expenses.record_receipt_download(claim, request.user)
    return stream_file(claim.receipt)


def _office_only(request):
    if not rules.may_manage_claims(request.user):
        raise Http404("No such page.")


@privileged
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
            "page_obj": page_of(request, claims),
            "status": status,
            "statuses": ExpenseClaim.Status.choices,
        },
    )


@privileged
@require_GET
@login_required
def expense_export(request):
    _office_only(request)
    claims = (
        ExpenseClaim.objects.approved()
        .select_related("claimant", "meeting", "decided_by")
        .order_by("decided_at", "pk")
    )
    claims = list(claims)
    expenses.record_export(claims, request.user)
    stamp = timezone.localdate().isoformat()
    return csv_response(
        f"approved-expenses-{stamp}.csv", expenses.CSV_COLUMNS, expenses.approved_claim_rows(claims)
    )


@privileged
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
