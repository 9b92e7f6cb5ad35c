"""A SIG's workspace: the SIG index, the work programme, trust leads and the list of
protocols overdue for review. The SIG's page itself is built in pages.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance.errors import GovernanceError
from governance.services.meetings import next_meetings

from ..forms import SigFilterForm, TrustLeadForm, WorkItemForm
from ..models import SigPage, TrustLead, WorkItem
from ..pages import work_programme
from ..rules import (
    can_appoint_trust_leads,
    can_manage_work_programme,
)
from ..services import protocols as protocol_services
from ..services import workspace as services

SIGS_PER_PAGE = 20


def _live_sig(sig_id):
    return get_object_or_404(SigPage.objects.live(), pk=sig_id)


# The SIG index -----------------------------------------------------------------------------


def sig_index(request):
    """Every live SIG, filtered by category, with its chair and next meeting."""
    form = SigFilterForm(request.GET or None)
    sigs = SigPage.objects.live().order_by("title")
    category = form.cleaned_data["category"] if form.is_valid() else ""
    if category:
        sigs = sigs.filter(category=category)
    page = Paginator(sigs.with_current_chairs(), SIGS_PER_PAGE).get_page(request.GET.get("page"))
    upcoming = next_meetings(list(page.object_list))
    for sig in page.object_list:
        sig.next_meeting = upcoming.get(sig.path)
    return TemplateResponse(
        request,
        "sigs/sig_index.html",
        {"form": form, "page_obj": page, "category": category, "filtered": bool(category)},
    )


# Work programme ----------------------------------------------------------------------------


def _managed_sig(request, sig_id):
    sig = _live_sig(sig_id)
    if not can_manage_work_programme(request.user, sig):
        raise Http404
    return sig


@login_required
def work_programme_view(request, sig_id, item_id=None):
    """Add a work item, or change one (the chair, deputy and secretary)."""
    sig = _managed_sig(request, sig_id)
    item = get_object_or_404(WorkItem, pk=item_id, sig=sig) if item_id else None
    form = WorkItemForm(request.POST or None, instance=item, sig=sig)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.save_work_item(sig, request.user, item, **values)
        except GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Work programme item saved." if item else "Work programme item added."
            )
            return redirect("sigs:work_programme", sig_id=sig.pk)
    return TemplateResponse(
        request,
        "sigs/work_programme.html",
        {"sig": sig, "form": form, "item": item, "work_programme": work_programme(sig)},
    )


@login_required
@require_POST
def work_item_delete(request, sig_id, item_id):
    sig = _managed_sig(request, sig_id)
    item = get_object_or_404(WorkItem, pk=item_id, sig=sig)
    services.delete_work_item(sig, request.user, item)
    messages.success(request, f"Removed “{item.title}” from the work programme.")
    return redirect("sigs:work_programme", sig_id=sig.pk)


# Trust leads -------------------------------------------------------------------------------


@login_required
def trust_leads_view(request, sig_id):
    """The SIG's trust leads, and (for the chair) choosing them."""
    sig = _live_sig(sig_id)
    if sig.current_membership_of(request.user) is None and not can_appoint_trust_leads(
        request.user, sig
    ):
        raise Http404
    may_appoint = can_appoint_trust_leads(request.user, sig)
    form = TrustLeadForm(request.POST or None, sig=sig) if may_appoint else None
    if request.method == "POST":
        if not may_appoint:
            raise Http404
        if form.is_valid():
            try:
                lead = services.appoint_trust_lead(
                    sig, request.user, form.cleaned_data["person"], form.cleaned_data["trust"]
                )
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{lead.person} is now trust lead for {lead.trust}.")
                return redirect("sigs:trust_leads", sig_id=sig.pk)
    leads = TrustLead.objects.filter(sig=sig).select_related("person", "trust")
    return TemplateResponse(
        request,
        "sigs/trust_leads.html",
        {"sig": sig, "leads": leads, "form": form, "may_appoint": may_appoint},
    )


@login_required
@require_POST
def trust_lead_remove(request, sig_id, lead_id):
    sig = _live_sig(sig_id)
    lead = get_object_or_404(TrustLead.objects.select_related("person", "trust"), pk=lead_id)
    try:
        services.remove_trust_lead(sig, request.user, lead)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{lead.person} is no longer trust lead for {lead.trust}.")
    return redirect("sigs:trust_leads", sig_id=sig.pk)


# Reviews overdue ---------------------------------------------------------------------------


@login_required
def reviews_overdue_view(request, sig_id):
    """The SIG's protocols past their review date, oldest first (for those running it)."""
    sig = _managed_sig(request, sig_id)
    versions = protocol_services.reviews_overdue(sig)
    page = Paginator(versions, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for version in page.object_list:
        version.days_overdue = (today - version.review_date).days
    return TemplateResponse(
        request, "sigs/reviews_overdue.html", {"sig": sig, "page_obj": page, "today": today}
    )


urlpatterns = [
    path("", sig_index, name="index"),
    path("<id:sig_id>/work-programme/", work_programme_view, name="work_programme"),
    path(
        "<id:sig_id>/work-programme/<id:item_id>/",
        work_programme_view,
        name="work_item_edit",
    ),
    path(
        "<id:sig_id>/work-programme/<id:item_id>/delete/",
        work_item_delete,
        name="work_item_delete",
    ),
    path("<id:sig_id>/trust-leads/", trust_leads_view, name="trust_leads"),
    path(
        "<id:sig_id>/trust-leads/<id:lead_id>/remove/",
        trust_lead_remove,
        name="trust_lead_remove",
    ),
    path("<id:sig_id>/reviews-overdue/", reviews_overdue_view, name="reviews_overdue"),
]
