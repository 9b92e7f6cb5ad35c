"""Views for groups: the governance tree, a group's home page, asking to join and deciding,
past versions of the terms of reference, and "My groups"."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_POST
from wagtail.models import PageLogEntry

from portal.models import Trust

from ..errors import GovernanceError
from ..models import GovernanceIndexPage, GroupPage, JoinRequest, MeetingPage, Membership
from ..rules import can_manage_group
from ..services.memberships import decide_join_request, request_to_join

ROLE_PLURALS = {
    Membership.Role.CHAIR: "Chairs",
    Membership.Role.DEPUTY_CHAIR: "Deputy chairs",
    Membership.Role.SECRETARY: "Secretaries",
    Membership.Role.MEMBER: "Members",
    Membership.Role.PATIENT_VOLUNTEER: "Patient volunteers",
    Membership.Role.OBSERVER: "Observers",
}
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
PAST_MEMBERS_SHOWN = 20
UPCOMING_MEETINGS_SHOWN = 5
RECENT_MEETINGS_SHOWN = 3
VERSIONS_PER_PAGE = 20


# The tree ------------------------------------------------------------------------------------


class TreeDiagram:
    """The governance tree laid out as an indented organisation chart, in SVG user units.

    Each group is a box one row below the last, indented under its parent body, with a line
    from the parent's box down and across to it. The layout is computed from the same tree as
    the list, so the diagram changes whenever a group is added or moved.
    """

    INDENT = 40
    ROW = 64
    BOX_WIDTH = 340
    BOX_HEIGHT = 52
    STEM = 20  # where a parent's line leaves its box, from the box's left edge
    TITLE_CHARS = 36
    KIND_COLOURS = {  # (fill, outline, text): NHS identity colours with AA contrast
        GroupPage.Kind.BOARD: ("#005eb8", "#003087", "#ffffff"),
        GroupPage.Kind.FORUM: ("#330072", "#330072", "#ffffff"),
        GroupPage.Kind.SIG: ("#ffffff", "#005eb8", "#212b32"),
        GroupPage.Kind.SUB_GROUP: ("#f0f4f5", "#768692", "#212b32"),
    }

    def __init__(self, tree):
        self.boxes = []
        self._place(tree, depth=0, parent=None)
        self.width = max((box["x"] for box in self.boxes), default=0) + self.BOX_WIDTH + 2
        self.height = max(len(self.boxes) * self.ROW - (self.ROW - self.BOX_HEIGHT), 0) + 2

    def _place(self, branch, depth, parent):
        for group, children in branch:
            fill, outline, text = self.KIND_COLOURS.get(
                group.kind, self.KIND_COLOURS[GroupPage.Kind.BOARD]
            )
            box = {
                "group": group,
                "x": 1 + depth * self.INDENT,
                "y": 1 + len(self.boxes) * self.ROW,
                "title": Truncator(group.title).chars(self.TITLE_CHARS),
                "fill": fill,
                "outline": outline,
                "text": text,
                "line": "",
            }
            if parent:
                box["line"] = (
                    f"M{parent['x'] + self.STEM} {parent['y'] + self.BOX_HEIGHT} "
                    f"V{box['y'] + self.BOX_HEIGHT // 2} H{box['x']}"
                )
            self.boxes.append(box)
            self._place(children, depth + 1, box)


def governance_tree_context(index):
    """The live tree under the "How we are governed" page, with each group's chairs."""
    chairs = Prefetch(
        "memberships",
        queryset=Membership.objects.current()
        .filter(role=Membership.Role.CHAIR)
        .select_related("person"),
        to_attr="current_chairs",
    )
    tree = GroupPage.objects.prefetch_related(chairs).tree_under(index)
    return {"tree": tree, "diagram": TreeDiagram(tree)}


# A group's home page -------------------------------------------------------------------------


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label="Message to the chair",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say why you would like to join or what you would bring.",
    )


class JoinDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="We include it in the email that tells them your decision.",
    )

    def __init__(self, *args, join_request, **kwargs):
        super().__init__(*args, prefix=f"request-{join_request.pk}", **kwargs)
        person = join_request.person
        self.fields["note"].label = f"Note to {person.first_name or person}"


def _members_by_role(memberships):
    by_role = []
    for role, label in Membership.Role.choices:
        members = [m for m in memberships if m.role == role]
        if members:
            by_role.append((label if len(members) == 1 else ROLE_PLURALS[role], members))
    return by_role


def _trust_coverage(memberships):
    """Each acute and community trust in the network, with who represents it in the group."""
    representatives = {}
    for membership in memberships:
        representatives.setdefault(membership.trust_id, []).append(membership)
    trusts = (
        Trust.objects.network_members()
        .filter(kind__in=[Trust.Kind.ACUTE, Trust.Kind.COMMUNITY])
        .order_by("kind", "name")
    )
    return [(trust, representatives.get(trust.pk, [])) for trust in trusts]


def _parent_body(group):
    """The board or group this one is accountable to (None at the top of the tree)."""
    parent = group.get_parent()
    return parent if issubclass(parent.specific_class, GroupPage) else None


def group_page_context(group, request):
    """Everything a group's home page shows; what depends on the viewer is decided by rules."""
    if group.pk is None:
        # The editor's preview of a group not yet created: it has terms but no one in it yet.
        return {"parent_body": _parent_body(group), "trust_coverage": _trust_coverage([])}
    user = request.user
    now = timezone.now()
    current = list(group.current_memberships().order_by("person__last_name", "person__first_name"))
    past = list(
        group.memberships.ended()
        .select_related("person", "trust")
        .order_by("-end", "person__last_name")[: PAST_MEMBERS_SHOWN + 1]
    )
    coverage = _trust_coverage(current)
    meetings = MeetingPage.objects.child_of(group).live()

    membership = group.current_membership_of(user)
    is_leader = can_manage_group(user, group)
    pending_request = None
    if user.is_authenticated and membership is None:
        pending_request = group.join_requests.filter(
            person=user, status=JoinRequest.Status.PENDING
        ).first()
    join_requests = []
    if is_leader:
        waiting = (
            group.join_requests.filter(status=JoinRequest.Status.PENDING)
            .select_related("person", "person__organisation")
            .order_by("created_at")
        )
        join_requests = [(jr, JoinDecisionForm(join_request=jr)) for jr in waiting]

    return {
        "parent_body": _parent_body(group),
        "members_by_role": _members_by_role(current),
        "member_count": len(current),
        "past_members": past[:PAST_MEMBERS_SHOWN],
        "more_past_members": len(past) > PAST_MEMBERS_SHOWN,
        "trust_coverage": coverage,
        "trusts_represented": sum(1 for _, reps in coverage if reps),
        "upcoming_meetings": meetings.filter(end__gte=now).order_by("start")[
            :UPCOMING_MEETINGS_SHOWN
        ],
        "recent_meetings": meetings.filter(end__lt=now).order_by("-start")[:RECENT_MEETINGS_SHOWN],
        "sub_groups": GroupPage.objects.child_of(group).live().order_by("path"),
        "membership": membership,
        "is_leader": is_leader,
        "show_tor_overdue": is_leader and group.tor_review_overdue,
        "pending_request": pending_request,
        "can_ask_to_join": (
            user.is_authenticated
            and user.is_network_member
            and membership is None
            and pending_request is None
        ),
        "join_form": JoinRequestForm(),
        "join_requests": join_requests,
    }


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


def _viewable_group(request, group_id):
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
    group = _viewable_group(request, group_id)
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
    group = _viewable_group(request, group_id)
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
            "parent_body": _parent_body(group),
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
    path("groups/<int:group_id>/join/", ask_to_join, name="group_join"),
    path("join-requests/<int:request_id>/decide/", decide_join, name="join_request_decide"),
    path(
        "groups/<int:group_id>/terms-of-reference/",
        terms_of_reference_history,
        name="group_tor_history",
    ),
    path(
        "groups/<int:group_id>/terms-of-reference/<int:revision_id>/",
        terms_of_reference_version,
        name="group_tor_version",
    ),
    path("my-groups/", my_groups, name="my_groups"),
]
