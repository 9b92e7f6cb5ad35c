"""The network's registers: decisions, actions, declarations of interest and attendance history.

Each view asks the rules (through governance.services.registers for listings) before it
serves anything, and leaves every write to a service.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.exports import csv_streaming_response
from portal.models import Trust
from portal.services import member_trusts
from portal.tree import parent_path

from ..errors import GovernanceError, InterestError
from ..forms.registers import (
    ActionUpdateForm,
    CloseActionForm,
    DecisionFilterForm,
    DeclarationForm,
    InterestForm,
)
from ..models import (
    Action,
    ActionUpdate,
    Decision,
    GroupPage,
    Interest,
    InterestDeclaration,
    MeetingPage,
    Minutes,
)
from ..rules import (
    can_manage_group,
    can_update_action,
    may_see_action,
    may_see_action_log,
    may_see_record,
    may_see_trust_attendance,
)
from ..services import interests as interest_services
from ..services import records
from ..services import registers as register_services
from ..services.registers import all_groups

PAGE_SIZE = 25
DECISION_COLUMNS = [
    "Reference",
    "Decided on",
    "Group",
    "Meeting",
    "Agenda item",
    "Decision",
    "Votes for",
    "Votes against",
    "Abstentions",
    "Link",
]


def _page(request, items, per_page=PAGE_SIZE):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _not_visible(request):
    """Someone signed out is asked to sign in; anyone else is told there is no such page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def _register_crumbs(*crumbs):
    return [("Decision register", reverse("governance:decision_register")), *crumbs]


# Decisions


def _filtered_decisions(request):
    """The decisions the viewer may see, narrowed by the register's filters."""
    groups = all_groups(request.user)
    form = DecisionFilterForm(
        request.GET or None, groups=[group for group in groups.values() if group.live]
    )
    if form.is_bound:
        form.is_valid()  # fields with errors are left out of cleaned_data; the rest still apply
    filters = getattr(form, "cleaned_data", {})
    decisions = register_services.visible_decisions(request.user, groups)
    if filters.get("group"):
        decisions = decisions.filter(group_path=filters["group"].path)
    if filters.get("date_from"):
        decisions = decisions.filter(decided_on__gte=filters["date_from"])
    if filters.get("date_to"):
        decisions = decisions.filter(decided_on__lte=filters["date_to"])
    for word in (filters.get("q") or "").split():
        decisions = decisions.filter(text__icontains=word)
    return form, groups, decisions


def decision_register(request):
    form, groups, decisions = _filtered_decisions(request)
    page_obj = _page(request, decisions)
    for decision in page_obj:
        decision.group = groups.get(decision.group_path)
    filtered = any(request.GET.get(name) for name in form.fields)
    return render(
        request,
        "governance/decision_register.html",
        {"form": form, "page_obj": page_obj, "filtered": filtered},
    )


def decision_export(request):
    """The filtered register as CSV, with the same permission filter as the page."""
    _, groups, decisions = _filtered_decisions(request)

    def rows():
        for decision in decisions.iterator(chunk_size=500):
            group = groups.get(decision.group_path)
            yield [
                decision.reference,
                decision.decided_on.isoformat(),
                group.title if group else "",
                decision.meeting.title,
                decision.agenda_item.title if decision.agenda_item_id else "",
                decision.text,
                decision.votes_for,
                decision.votes_against,
                decision.abstentions,
                request.build_absolute_uri(
                    reverse("governance:decision_detail", args=[decision.pk])
                ),
            ]

    return csv_streaming_response(
        f"decision-register-{timezone.localdate():%Y-%m-%d}.csv", DECISION_COLUMNS, rows()
    )


def decision_detail(request, pk):
    decision = get_object_or_404(
        Decision.objects.select_related("meeting", "agenda_item"), pk=pk, meeting__live=True
    )
    group = decision.meeting.group
    if not may_see_record(request.user, decision, group):
        return _not_visible(request)
    approved_minutes = Minutes.objects.filter(approved_by_decision=decision).select_related(
        "meeting"
    )
    return render(
        request,
        "governance/decision_detail.html",
        {
            "decision": decision,
            "group": group,
            "approved_minutes": approved_minutes,
            "breadcrumbs": _register_crumbs(),
        },
    )


# Actions


def _with_latest_update(actions):
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-created_at", "-pk")
    return actions.annotate(
        latest_update_text=Subquery(latest.values("text")[:1]),
        latest_update_at=Subquery(latest.values("created_at")[:1]),
    )


def _attach_groups(actions, groups):
    for action in actions:
        action.group = groups.get(parent_path(action.meeting))
    return actions


@login_required
def my_actions(request):
    """The signed-in person's actions: open ones by due date, then those closed."""
    groups = all_groups()
    mine = _with_latest_update(
        Action.objects.filter(owner=request.user).select_related("meeting", "closure_noted_at")
    )
    open_actions = _attach_groups(list(mine.open().order_by("due", "pk")), groups)
    closed = _page(request, mine.exclude(status=Action.Status.OPEN).order_by("-closed_at", "-pk"))
    _attach_groups(closed, groups)
    return render(
        request,
        "governance/action_my_list.html",
        {"open_actions": open_actions, "closed_page": closed},
    )


ACTION_LOG_FILTERS = {
    "open": ("Open", Q(status=Action.Status.OPEN), ["due", "pk"]),
    "done": ("Done", Q(status=Action.Status.DONE), ["-closed_at", "-pk"]),
    "dropped": ("Dropped", Q(status=Action.Status.DROPPED), ["-closed_at", "-pk"]),
    "all": ("All", Q(), ["due", "pk"]),
}


def _group_or_404(pk):
    return get_object_or_404(GroupPage, pk=pk)


@login_required
def group_actions(request, group_pk):
    """A group's action log, for its members and those running it."""
    group = _group_or_404(group_pk)
    if not may_see_action_log(request.user, group):
        raise PermissionDenied("Only members of this group can see its action log.")
    shown = request.GET.get("status", "open")
    if shown not in ACTION_LOG_FILTERS:
        shown = "open"
    actions = register_services.visible_actions(
        request.user, {group.path: group}, Action.objects.for_group(group)
    )
    counts = actions.aggregate(
        **{
            key: Count("pk", filter=condition)
            for key, (_, condition, _) in ACTION_LOG_FILTERS.items()
        }
    )
    _, condition, ordering = ACTION_LOG_FILTERS[shown]
    page_obj = _page(
        request,
        actions.filter(condition)
        .select_related("owner", "meeting", "closure_noted_at")
        .order_by(*ordering),
    )
    return render(
        request,
        "governance/action_group_log.html",
        {
            "group": group,
            "page_obj": page_obj,
            "shown": shown,
            "filters": [
                (key, label, counts[key]) for key, (label, _, _) in ACTION_LOG_FILTERS.items()
            ],
            "is_leader": can_manage_group(request.user, group),
            "breadcrumbs": [(group.title, group.get_url(request))],
        },
    )


def _closing_meetings(group):
    return list(MeetingPage.objects.child_of(group).order_by("-start"))


def _action_or_refusal(request, pk):
    action = get_object_or_404(
        Action.objects.select_related("meeting", "agenda_item", "owner", "closure_noted_at"), pk=pk
    )
    action.group = action.meeting.group
    if not may_see_action(request.user, action, action.group):
        return action, _not_visible(request)
    return action, None


def _render_action(request, action, update_form=None, close_form=None, status=200):
    group = action.group
    may_close = action.status == Action.Status.OPEN and can_manage_group(request.user, group)
    if may_close and close_form is None:
        meetings = _closing_meetings(group)
        held = [meeting for meeting in meetings if meeting.start <= timezone.now()]
        close_form = CloseActionForm(
            meetings=meetings,
            initial={"meeting": str(held[0].pk)} if held else None,
        )
    may_update = can_update_action(request.user, action)
    may_see_log = may_see_action_log(request.user, group)
    if may_see_log:
        crumbs = [
            (group.title, group.get_url(request)),
            ("Action log", reverse("governance:group_actions", args=[group.pk])),
        ]
    else:
        crumbs = [("My actions", reverse("governance:my_actions"))]
    invalid = [form for form in (update_form, close_form) if form is not None and form.errors]
    return render(
        request,
        "governance/action_detail.html",
        {
            "action": action,
            "group": group,
            "updates": action.updates.select_related("author").order_by("-created_at", "-pk"),
            "update_form": (update_form or ActionUpdateForm()) if may_update else None,
            "close_form": close_form if may_close else None,
            "item_visible": action.agenda_item_id and may_see_record(request.user, action, group),
            "may_see_log": may_see_log,
            "breadcrumbs": crumbs,
            "form": invalid[0] if invalid else None,
        },
        status=status,
    )


def action_detail(request, pk):
    action, refusal = _action_or_refusal(request, pk)
    return refusal or _render_action(request, action)


@require_POST
@login_required
def action_update(request, pk):
    action, refusal = _action_or_refusal(request, pk)
    if refusal:
        return refusal
    form = ActionUpdateForm(request.POST)
    if not form.is_valid():
        return _render_action(request, action, update_form=form, status=400)
    try:
        records.add_action_update(action, form.cleaned_data["text"], by=request.user)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your update has been added.")
    return redirect("governance:action_detail", pk=action.pk)


@require_POST
@login_required
def action_close(request, pk):
    action, refusal = _action_or_refusal(request, pk)
    if refusal:
        return refusal
    form = CloseActionForm(request.POST, meetings=_closing_meetings(action.group))
    if not form.is_valid():
        return _render_action(request, action, close_form=form, status=400)
    try:
        records.close_action(
            action,
            status=form.cleaned_data["status"],
            noted_at=form.cleaned_data["meeting"],
            by=request.user,
        )
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{action.reference} is closed as {form.cleaned_data['status']}.")
    return redirect("governance:action_detail", pk=action.pk)


# Declarations of interest


@login_required
def my_interests(request):
    """A person's own register of interests: what is current, what has ended, and a form."""
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interest_services.add_interest(request.user, **form.cleaned_data)
        except InterestError as error:
            form.add_error("end", str(error))
        else:
            messages.success(request, "The interest has been added to your register.")
            return redirect("governance:my_interests")
    today = timezone.localdate()
    mine = Interest.objects.filter(person=request.user)
    return render(
        request,
        "governance/interest_my_register.html",
        {
            "form": form,
            # Interest.objects decides: ended on its end date (what "End today" asked for).
            "current": mine.not_ended(today),
            "past": mine.ended(today).order_by("-end"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def end_interest(request, pk):
    interest = get_object_or_404(Interest, pk=pk, person=request.user)
    try:
        interest_services.end_interest(interest, by=request.user)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Your interest in {interest.organisation} has ended today.")
    return redirect("governance:my_interests")


@login_required
def group_interests(request, group_pk):
    """The register of interests of a group's current members, for those running the group."""
    group = _group_or_404(group_pk)
    if not can_manage_group(request.user, group):
        raise PermissionDenied("Only the chair, deputy or secretary can see this register.")
    return render(
        request,
        "governance/interest_group_register.html",
        {
            "group": group,
            "register": interest_services.group_register(group),
            "breadcrumbs": [(group.title, group.get_url(request))],
        },
    )


def _declarations_context(meeting, form):
    declarations = list(
        InterestDeclaration.objects.filter(agenda_item__meeting=meeting)
        .select_related("agenda_item", "person", "interest")
        .order_by("agenda_item__sort_order", "person__last_name", "pk")
    )
    declared = {(d.agenda_item_id, d.person_id) for d in declarations}
    conflicts = [
        {"item": item, "person": person, "interest": interest}
        | {"declared": (item.pk, person.pk) in declared}
        for item, person, interest in interest_services.possible_conflicts(meeting)
    ]
    return {
        "meeting": meeting,
        "form": form,
        "declarations": declarations,
        "conflicts": conflicts,
        "locked": interest_services.declarations_locked(meeting),
    }


@login_required
def meeting_declarations(request, meeting_pk):
    """Declarations of interest at one meeting: record them, and see the possible conflicts."""
    meeting = get_object_or_404(MeetingPage, pk=meeting_pk)
    group = meeting.group
    if not can_manage_group(request.user, group):
        raise PermissionDenied("Only the chair, deputy or secretary can record declarations.")
    members = list(interest_services.members_at(meeting))
    day = interest_services.meeting_day(meeting)
    form = DeclarationForm(
        request.POST or None,
        initial={name: request.GET.get(name) for name in ("person", "item", "interest")},
        members=members,
        items=list(meeting.agenda_items.order_by("sort_order")),
        interests=Interest.objects.current(day)
        .filter(person__in=[member.person_id for member in members])
        .order_by("organisation"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            interest_services.record_declaration(
                form.cleaned_data["item"],
                form.cleaned_data["person"],
                by=request.user,
                interest=form.cleaned_data["interest"],
                note=form.cleaned_data["note"],
            )
        except GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The declaration has been recorded.")
            return redirect("governance:meeting_declarations", meeting_pk=meeting.pk)
    context = _declarations_context(meeting, form) | {
        "breadcrumbs": [
            (group.title, group.get_url(request)),
            (meeting.title, meeting.get_url(request)),
        ]
    }
    return render(
        request,
        "governance/interest_declarations.html",
        context,
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def remove_declaration(request, meeting_pk, pk):
    declaration = get_object_or_404(
        InterestDeclaration.objects.select_related("agenda_item__meeting", "person"),
        pk=pk,
        agenda_item__meeting_id=meeting_pk,
    )
    try:
        interest_services.remove_declaration(declaration, by=request.user)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The declaration by {declaration.person} has been removed.")
    return redirect("governance:meeting_declarations", meeting_pk=meeting_pk)


# Attendance history


@login_required
def person_attendance(request, user_pk):
    person = get_object_or_404(get_user_model(), pk=user_pk)
    scope = register_services.attendance_scope(request.user, person)
    if scope is not None and not scope:
        raise PermissionDenied("You cannot see this person’s attendance.")
    history, rates = register_services.person_attendance(person, scope)
    return render(
        request,
        "governance/attendance_person.html",
        {
            "person": person,
            "is_self": person.pk == request.user.pk,
            "partial": scope is not None,
            "rates": rates,
            "page_obj": _page(request, history),
        },
    )


def _require_network_member(user):
    if not may_see_trust_attendance(user):
        raise PermissionDenied("Attendance by trust is for network members.")


@login_required
def trust_list(request):
    _require_network_member(request.user)
    return render(
        request,
        "governance/attendance_trust_list.html",
        {"trusts": member_trusts()},
    )


@login_required
def trust_attendance(request, trust_pk):
    _require_network_member(request.user)
    trust = get_object_or_404(Trust, pk=trust_pk)
    history = register_services.trust_attendance(trust)
    return render(
        request,
        "governance/attendance_trust.html",
        {
            "trust": trust,
            "history": history,
            "page_obj": _page(request, history.meetings),
            "breadcrumbs": [("Attendance by trust", reverse("governance:trust_list"))],
        },
    )


urlpatterns = [
    path("decisions/", decision_register, name="decision_register"),
    path("decisions/export.csv", decision_export, name="decision_export"),
    path("decisions/<id:pk>/", decision_detail, name="decision_detail"),
    path("my-actions/", my_actions, name="my_actions"),
    path("groups/<id:group_pk>/actions/", group_actions, name="group_actions"),
    path("actions/<id:pk>/", action_detail, name="action_detail"),
    path("actions/<id:pk>/updates/", action_update, name="action_update"),
    path("actions/<id:pk>/close/", action_close, name="action_close"),
    path("my-interests/", my_interests, name="my_interests"),
    path("my-interests/<id:pk>/end/", end_interest, name="end_interest"),
    path("groups/<id:group_pk>/interests/", group_interests, name="group_interests"),
    path(
        "meetings/<id:meeting_pk>/declarations/",
        meeting_declarations,
        name="meeting_declarations",
    ),
    path(
        "meetings/<id:meeting_pk>/declarations/<id:pk>/remove/",
        remove_declaration,
        name="remove_declaration",
    ),
    path("attendance/people/<id:user_pk>/", person_attendance, name="person_attendance"),
    path("attendance/trusts/", trust_list, name="trust_list"),
    path("attendance/trusts/<id:trust_pk>/", trust_attendance, name="trust_attendance"),
]
