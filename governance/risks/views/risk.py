"""One risk: its page, and the forms that open, edit and review it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from governance.errors import GovernanceError
from governance.rules import can_manage_group

from .. import queries
from .. import services as risk_services
from ..errors import ReasonRequired
from ..forms import ReviewForm, RiskForm
from ..models import Risk, RiskScoreChange, RiskTree
from ..rules import can_edit_risk
from .common import crumbs, group_or_404, risk_or_404


@login_required
def risk_detail(request, reference):
    risk = risk_or_404(request.user, reference)
    risk = (
        Risk.objects.select_related("group", "owner")
        .prefetch_related(
            Prefetch("score_changes", RiskScoreChange.objects.select_related("changed_by"))
        )
        .get(pk=risk.pk)
    )
    tree = RiskTree()
    bands = risk_services.risk_settings(request)
    (row,) = risk_services.risk_rows([risk], bands=bands, tree=tree)
    actions, decisions = queries.linked_records(request.user, risk)
    return render(
        request,
        "governance/risk_detail.html",
        {
            "risk": risk,
            "row": row,
            "crumbs": crumbs(risk.group),
            "scores": [
                (
                    label,
                    consequence,
                    Risk.CONSEQUENCES[consequence],
                    likelihood,
                    Risk.LIKELIHOODS[likelihood],
                    score,
                    bands.band(score),
                )
                for label, consequence, likelihood, score in (
                    (
                        "Initial",
                        risk.initial_consequence,
                        risk.initial_likelihood,
                        risk.initial_score,
                    ),
                    (
                        "Current",
                        risk.current_consequence,
                        risk.current_likelihood,
                        risk.current_score,
                    ),
                    ("Target", risk.target_consequence, risk.target_likelihood, risk.target_score),
                )
            ],
            "review_days": risk.review_interval(bands).days,
            "history": risk.history(),
            "actions": actions.shown,
            "restricted_actions": actions.restricted,
            "decisions": decisions.shown,
            "restricted_decisions": decisions.restricted,
            "threshold": risk.group.risk_escalation_threshold,
            "can_edit": can_edit_risk(request.user, risk),
        },
    )


def _save_error(form, error, *, closing):
    """Put a service's refusal beside the field it is about."""
    if isinstance(error, ReasonRequired):
        form.add_error("closure_reason" if closing else "reason", str(error))
    else:
        form.add_error(None, str(error))


@login_required
def create_risk(request, group_id):
    group = group_or_404(request.user, group_id)
    if not can_manage_group(request.user, group):
        messages.error(request, "Only the group's chair, deputy or secretary can add risks.")
        return redirect("governance:risk_register", group.pk)
    form = RiskForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            risk = risk_services.open_risk(group, by=request.user, **form.service_fields())
        except GovernanceError as error:
            _save_error(form, error, closing=False)
        else:
            messages.success(request, f"Risk {risk.reference} added to the register.")
            return redirect("governance:risk_detail", risk.reference)
    return render(
        request,
        "governance/risk_form.html",
        {"form": form, "group": group, "crumbs": crumbs(group), "risk": None},
    )


@login_required
def edit_risk(request, reference):
    risk = risk_or_404(request.user, reference)
    if not can_edit_risk(request.user, risk):
        messages.error(request, "Only the risk's owner or the group's officers can edit it.")
        return redirect("governance:risk_detail", risk.reference)
    form = RiskForm(
        request.POST or None,
        instance=Risk.objects.select_related("group").get(pk=risk.pk),
        group=risk.group,
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        closing = risk.is_open and fields["status"] == Risk.Status.CLOSED
        try:
            risk_services.update_risk(risk, by=request.user, **fields)
        except GovernanceError as error:
            _save_error(form, error, closing=closing)
        else:
            messages.success(request, f"Risk {risk.reference} saved.")
            return redirect("governance:risk_detail", risk.reference)
    return render(
        request,
        "governance/risk_form.html",
        {"form": form, "group": risk.group, "crumbs": crumbs(risk.group), "risk": risk},
    )


@login_required
def review_risk(request, reference):
    risk = risk_or_404(request.user, reference)
    if not can_edit_risk(request.user, risk):
        messages.error(request, "Only the risk's owner or the group's officers can review it.")
        return redirect("governance:risk_detail", risk.reference)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            risk = risk_services.record_review(
                risk, by=request.user, reviewed_on=form.cleaned_data["reviewed_on"]
            )
        except GovernanceError as error:
            form.add_error("reviewed_on", str(error))
        else:
            messages.success(
                request,
                f"Review recorded. The next review of {risk.reference} is due "
                f"{risk.next_review_date:%-d %B %Y}.",
            )
            return redirect("governance:risk_detail", risk.reference)
    return render(
        request,
        "governance/risk_review_form.html",
        {"form": form, "risk": risk, "crumbs": crumbs(risk.group)},
    )
