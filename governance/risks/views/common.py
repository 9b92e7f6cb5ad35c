"""What every risk register view shares: finding a register or a risk the person may open
(404 otherwise), and the breadcrumbs."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from governance.models import GroupPage

from ..models import Risk
from ..rules import can_view_risk, can_view_risk_register

PER_PAGE = 25


def group_or_404(user, group_id):
    group = get_object_or_404(GroupPage, pk=group_id)
    if not can_view_risk_register(user, group):
        raise Http404("No such register")
    return group


def risk_or_404(user, reference):
    risk = get_object_or_404(Risk.objects.select_related("group", "owner"), reference=reference)
    if not can_view_risk(user, risk):
        raise Http404("No such risk")
    return risk


def crumbs(group=None):
    """Breadcrumbs below Home: the group's place in the tree and its register, or the
    network register."""
    if group is None:
        return [("Network risk register", reverse("governance:risk_network"))]
    ancestors = list(group.get_ancestors().filter(depth__gt=2))
    return [(page.title, page.url) for page in [*ancestors, group]] + [
        ("Risk register", reverse("governance:risk_register", args=[group.pk]))
    ]
