"""Views for groups: asking to join and deciding, past versions of the terms of reference,
and "My groups". The tree and a group's home page are built in pages.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST
from wagtail.models import PageLogEntry

from ..errors import GovernanceError
from ..forms.groups import JoinDecisionForm, JoinRequestForm
from ..models import GovernanceIndexPage, GroupPage, JoinRequest, Membership
from ..pages import parent_body
from ..services.memberships import decide_join_request, request_to_join

# The fields that make up a group's terms of reference, in the order they are shown.
TERMS_OF_REFERENCE_FIELDS = [
    "purpose",
    "meeting_frequency",
    "delegated_powers",
    "quorum_voting_members",
    "quorum_requires_chair",
    "quorum_trusts",
    "lay_members_see_confidential",
    "risk_escalation_threshold",
    "tor_review_date",
]
VERSIONS_PER_PAGE = 20


def _live_group(group_id):
    return get_object_or_404(GroupPage.objects.live(), pk=group_id).specific


def _group_page_response(request, group, context):
    """Show the group's page again, with a form that needs correcting in place of a blank one."""
    return TemplateResponse(request, group.get_template(request), context)


@require_POST
def ask_to_join(request, group_id):
    group = _live_group(group_id)
    if not request.user.is_authenticated:
        return redirect_to_login(group.get_url(request))
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        context = group.get_context(request)
        context["join_form"] = context["form"] = form
        return _group_page_response(request, group, context)
    try:
        request_to_join(group, request.user, form.cleaned_data["message"])
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Request sent. The chair of {group.title} will reply by email.")
    return redirect(f"{group.get_url(request)}#join")


@require_POST
def decide_join(request, request_id):
    join_request = get_object_or_404(JoinRequest.objects.select_related("person"), pk=request_id)
    group = join_request.group.specific
    if not request.user.is_authenticated:
        return redirect_to_login(group.get_url(request))
    form = JoinDecisionForm(request.POST, join_request=join_request)
    if not form.is_valid():
        context = group.get_context(request)
        context["form"] = form
        context["join_requests"] = [
            (jr, form if jr.pk == join_request.pk else blank)
            for jr, blank in context["join_requests"]
        ]
        return _group_page_response(request, group, context)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        decide_join_request(
            join_request, approve=approve, decided_by=request.user, note=form.cleaned_data["note"]
        )
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        person = join_request.person
        if approve:
            messages.success(request, f"{person} is now a member. We have emailed them.")
        else:
            messages.success(request, f"You declined {person}'s request. We have emailed them.")
    return redirect(f"{group.get_url(request)}#join-requests")


# Terms of reference history ------------------------------------------------------------------


def viewable_group(request, group_id):
    """A live group this person may open as a page (its view restrictions apply here too)."""
    group = _live_group(group_id)
    for restriction in group.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return group


def _publications(group):
    """Each publication of the group's page, newest first: the versions of its terms."""
    return (
        PageLogEntry.objects.filter(page=group, action="wagtail.publish", revision__isnull=False)
        .select_related("revision", "user")
        .order_by("-timestamp", "-pk")
    )


def _changed_terms(content, earlier):
    """The terms that differ between two revisions, compared as stored (no deserialising)."""
    return [
        GroupPage._meta.get_field(name).verbose_name
        for name in TERMS_OF_REFERENCE_FIELDS
        if content.get(name) != earlier.get(name)
    ]


def terms_of_reference_history(request, group_id):
    group = viewable_group(request, group_id)
    publications = _publications(group)
    page = Paginator(publications, VERSIONS_PER_PAGE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    # One more (older) publication than is shown, to say what the oldest shown one changed.
    older = [publications[page.end_index()]] if page.has_next() else []
    contents = [entry.revision.content for entry in entries + older]
    versions = [
        {
            "entry": entry,
            "is_current": entry.revision_id == group.live_revision_id,
            "changes": (
                _changed_terms(contents[i], contents[i + 1]) if i + 1 < len(contents) else None
            ),
        }
        for i, entry in enumerate(entries)
    ]
    return TemplateResponse(
        request,
        "governance/group_tor_history.html",
        {"page": group, "versions": versions, "page_obj": page},
    )


def terms_of_reference_version(request, group_id, revision_id):
    group = viewable_group(request, group_id)
    entry = _publications(group).filter(revision_id=revision_id).first()
    if entry is None:
        raise Http404
    return TemplateResponse(
        request,
        "governance/group_tor_version.html",
        {
            "page": group,
            "entry": entry,
            "terms": entry.revision.as_object(),
            "parent_body": parent_body(group),
            "is_current": entry.revision_id == group.live_revision_id,
        },
    )


# My groups -----------------------------------------------------------------------------------


@login_required
def my_groups(request):
    user = request.user
    memberships = list(
        Membership.objects.current()
        .filter(person=user)
        .select_related("group", "trust")
        .order_by("group__path")
    )
    leading = [m.group_id for m in memberships if m.is_leading]
    waiting = dict(
        JoinRequest.objects.filter(group__in=leading, status=JoinRequest.Status.PENDING)
        .order_by()
        .values("group")
        .annotate(count=Count("pk"))
        .values_list("group", "count")
    )
    for membership in memberships:
        membership.join_requests_waiting = waiting.get(membership.group_id, 0)
    return TemplateResponse(
        request,
        "governance/group_my_groups.html",
        {
            "memberships": memberships,
            "pending_requests": JoinRequest.objects.filter(
                person=user, status=JoinRequest.Status.PENDING
            ).select_related("group"),
            "past_memberships": Membership.objects.ended()
            .filter(person=user)
            .select_related("group")
            .order_by("-end"),
            "tree_page": GovernanceIndexPage.objects.live().first(),
        },
    )


urlpatterns = [
    path("groups/<id:group_id>/join/", ask_to_join, name="group_join"),
    path("join-requests/<id:request_id>/decide/", decide_join, name="join_request_decide"),
    path(
        "groups/<id:group_id>/terms-of-reference/",
        terms_of_reference_history,
        name="group_tor_history",
    ),
    path(
        "groups/<id:group_id>/terms-of-reference/<id:revision_id>/",
        terms_of_reference_version,
        name="group_tor_version",
    ),
    path("my-groups/", my_groups, name="my_groups"),
]
