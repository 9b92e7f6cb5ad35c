"""The network office's approval queue for people who signed up without an NHS address."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from .errors import MembershipDecisionError
from .models import User
from .services import decide_application


def _require_reviewer(request):
    if not request.user.has_perm("portal.review_applicants"):
        raise PermissionDenied


def applicant_index(request):
    _require_reviewer(request)
    queue = (
        User.objects.awaiting_approval()
        .select_related("organisation")
        .order_by("network_status_changed_at")
    )
    page = Paginator(queue, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "portal/admin/applicants.html", {"page_obj": page, "applicants": page.object_list}
    )


@require_POST
def applicant_decide(request, pk):
    _require_reviewer(request)
    applicant = get_object_or_404(User, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        decide_application(
            applicant,
            approve=approve,
            decided_by=request.user,
            reason=request.POST.get("reason", "").strip(),
        )
    except MembershipDecisionError as error:
        messages.error(request, str(error))
    else:
        verb = "approved" if approve else "declined"
        messages.success(request, f"{applicant} has been {verb} and told by email.")
    return redirect("portal_applicants:index")
