"""Risk registers: per group and for the network, heat maps, overdue reviews, exports, and
the forms that open, edit and review a risk. Every view asks the rules predicates first."""

import csv
import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from ..errors import GovernanceError, ReasonRequired
from ..models import GroupPage, Risk, RiskScoreChange, RiskTree
from ..risk_forms import ReviewForm, RiskFilterForm, RiskForm
from ..rules import can_edit_risk, can_manage_group, can_view_risk, can_view_risk_register
from ..services import risks as risk_services

PER_PAGE = 25


def _group_or_404(user, group_id):
    group = get_object_or_404(GroupPage, pk=group_id)
    if not can_view_risk_register(user, group):
        raise Http404("No such register")
    return group


def _risk_or_404(user, reference):
    risk = get_object_or_404(Risk.objects.select_related("group", "owner"), reference=reference)
    if not can_view_risk(user, risk):
        raise Http404("No such risk")
    return risk


def _crumbs(group=None):
    """Breadcrumbs below Home: the group's place in the tree and its register, or the
    network register."""
    if group is None:
        return [("Network risk register", reverse("governance:risk_network"))]
    ancestors = list(group.get_ancestors().filter(depth__gt=2))
    return [(page.title, page.url) for page in [*ancestors, group]] + [
        ("Risk register", reverse("governance:risk_register", args=[group.pk]))
    ]


def _network_risks(user, tree):
    """Every risk this person may see, for the network pages (404 if that is none at all)."""
    if not (tree.registers_visible_to(user) or Risk.objects.filter(owner=user).exists()):
        raise Http404("No registers")
    return Risk.objects.filter(tree.visible_risks(user))


def _register(request, risks, tree, *, group=None):
    bands = risk_services.risk_settings(request)
    owners = (
        get_user_model()
        .objects.filter(owned_risks__in=risks)
        .distinct()
        .order_by("first_name", "last_name")
    )
    visible_groups = None
    if group is None:
        visible = tree.registers_visible_to(request.user)
        visible_groups = [g for g in tree.groups if g.pk in visible]
    form = RiskFilterForm(request.GET, owners=owners, groups=visible_groups)
    filtered = form.apply(risks, bands).for_listing()
    export = request.GET.get("export")
    if export in EXPORTERS:
        rows = risk_services.risk_rows(filtered, bands=bands, tree=tree, register_group=group)
        name = f"risk-register-{group.slug if group else 'network'}-{timezone.localdate():%Y-%m-%d}"
        return EXPORTERS[export](rows, name)
    page_obj = Paginator(filtered, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "governance/risk_register.html",
        {
            "group": group,
            "crumbs": _crumbs(group),
            "form": form,
            "filtered": bool(query),
            "rows": risk_services.risk_rows(page_obj, bands=bands, tree=tree, register_group=group),
            "page_obj": page_obj,
            "query": query.urlencode(),
            "can_add": group is not None and can_manage_group(request.user, group),
            "parent": tree.parent(tree.get(group)) if group else None,
        },
    )


@login_required
def group_register(request, group_id):
    group = _group_or_404(request.user, group_id)
    tree = RiskTree()
    return _register(request, risk_services.register_for(group, tree), tree, group=group)


@login_required
def network_register(request):
    tree = RiskTree()
    return _register(request, _network_risks(request.user, tree), tree)


def _heat_map(request, risks, *, group=None):
    return render(
        request,
        "governance/risk_heat_map.html",
        {
            "group": group,
            "crumbs": _crumbs(group),
            "heat": risk_services.heat_map(risks, risk_services.risk_settings(request)),
            "consequences": Risk.CONSEQUENCES,
        },
    )


@login_required
def group_heat_map(request, group_id):
    group = _group_or_404(request.user, group_id)
    return _heat_map(request, risk_services.register_for(group, RiskTree()), group=group)


@login_required
def network_heat_map(request):
    return _heat_map(request, _network_risks(request.user, RiskTree()))


@login_required
def overdue_reviews(request):
    tree = RiskTree()
    risks = _network_risks(request.user, tree).review_overdue().for_listing()
    page_obj = Paginator(
        risks.order_by("next_review_date", "-current_score", "reference"), PER_PAGE
    ).get_page(request.GET.get("page"))
    bands = risk_services.risk_settings(request)
    return render(
        request,
        "governance/risk_overdue_reviews.html",
        {
            "crumbs": _crumbs(),
            "rows": risk_services.risk_rows(page_obj, bands=bands, tree=tree),
            "page_obj": page_obj,
        },
    )


@login_required
def risk_detail(request, reference):
    risk = _risk_or_404(request.user, reference)
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
    return render(
        request,
        "governance/risk_detail.html",
        {
            "risk": risk,
            "row": row,
            "crumbs": _crumbs(risk.group),
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
            "actions": risk.actions.select_related("owner"),
            "decisions": risk.decisions.select_related("meeting"),
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
    group = _group_or_404(request.user, group_id)
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
        {"form": form, "group": group, "crumbs": _crumbs(group), "risk": None},
    )


@login_required
def edit_risk(request, reference):
    risk = _risk_or_404(request.user, reference)
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
        {"form": form, "group": risk.group, "crumbs": _crumbs(risk.group), "risk": risk},
    )


@login_required
def review_risk(request, reference):
    risk = _risk_or_404(request.user, reference)
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
        {"form": form, "risk": risk, "crumbs": _crumbs(risk.group)},
    )


# Exports of the filtered register. Cells that a spreadsheet would run as a formula are
# written as text (CSV and formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_response(rows, name):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(risk_services.EXPORT_COLUMNS)
    for values in risk_services.export_values(rows):
        writer.writerow(
            f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
            for value in values
        )
    return response


def _xlsx_response(rows, name):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Risk register"
    sheet.append(risk_services.EXPORT_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in risk_services.export_values(rows):
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


EXPORTERS = {"csv": _csv_response, "xlsx": _xlsx_response}

urlpatterns = [
    path("risks/", network_register, name="risk_network"),
    path("risks/heat-map/", network_heat_map, name="risk_network_heat_map"),
    path("risks/overdue-reviews/", overdue_reviews, name="risk_overdue_reviews"),
    path("risks/group/<int:group_id>/", group_register, name="risk_register"),
    path("risks/group/<int:group_id>/heat-map/", group_heat_map, name="risk_heat_map"),
    path("risks/group/<int:group_id>/new/", create_risk, name="risk_create"),
    path("risks/<str:reference>/", risk_detail, name="risk_detail"),
    path("risks/<str:reference>/edit/", edit_risk, name="risk_edit"),
    path("risks/<str:reference>/review/", review_risk, name="risk_review"),
]
