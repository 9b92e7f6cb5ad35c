"""Risk registers, per group and for the network: the filtered list (and its exports), the
heat maps and the risks overdue for review. Every view asks the rules predicates first."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from governance.rules import can_manage_group
from portal.middleware import second_factor_redirect

from .. import queries
from .. import services as risk_services
from ..forms import RiskFilterForm
from ..models import Risk, RiskTree
from .common import PER_PAGE, crumbs, group_or_404
from .exports import EXPORTERS


def _network_risks(user, tree):
    """Every risk this person may see, for the network pages (404 if that is none at all)."""
    if not queries.sees_any_risk(user, tree):
        raise Http404("No registers")
    return queries.visible_risks(user, tree)


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
        if (set_up := second_factor_redirect(request)) is not None:
            return set_up
        rows = risk_services.risk_rows(filtered, bands=bands, tree=tree, register_group=group)
        risk_services.record_export(request.user, group, export, len(rows))
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
            "crumbs": crumbs(group),
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
    group = group_or_404(request.user, group_id)
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
            "crumbs": crumbs(group),
            "heat": risk_services.heat_map(risks, risk_services.risk_settings(request)),
            "consequences": Risk.CONSEQUENCES,
        },
    )


@login_required
def group_heat_map(request, group_id):
    group = group_or_404(request.user, group_id)
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
            "crumbs": crumbs(),
            "rows": risk_services.risk_rows(page_obj, bands=bands, tree=tree),
            "page_obj": page_obj,
        },
    )
