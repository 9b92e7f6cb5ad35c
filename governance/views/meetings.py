"""Views for meetings: downloads of papers and board packs, calendar files, and the pages a
chair, deputy or secretary uses to run a meeting. The meeting page is built in pages.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal import links
from portal.downloads import private, stream_file
from portal.middleware import privileged

from .. import calendar
from ..errors import DeputyClash, GovernanceError, MeetingNotStarted, PaperRejected
from ..forms.meetings import (
    ActionForm,
    AddPaperForm,
    ApproveMinutesForm,
    AttendanceForm,
    CorrectDecisionForm,
    CorrectionForm,
    DecisionForm,
    MinutesForm,
)
from ..lay.services import review as lay_review
from ..lay.services.summaries import lay_summary_message
from ..models import (
    AgendaItem,
    Attendance,
    Decision,
    GroupPage,
    MeetingPage,
    MinuteEntry,
    Minutes,
    MinutesCorrection,
    Paper,
)
from ..pages import DECLARATIONS, numbered
from ..rules import (
    can_manage_group,
    can_open_meeting,
    can_see_join_link,
    can_view_paper,
    may_view,
)
from ..services import packs, records
from ..services.meetings import (
    add_paper,
    quorum,
    record_attendance_sheet,
    record_download,
    require_started,
)
from ..visibility import Visibility
from .groups import viewable_group


def _managed_meeting(request, meeting_id):
    meeting = get_object_or_404(MeetingPage, pk=meeting_id)
    if not can_manage_group(request.user, meeting.group):
        raise PermissionDenied("Only the chair, deputy or secretary can do this.")
    return meeting


@privileged
@require_GET
def paper_download(request, paper_id):
    """Stream a paper to someone allowed to open it; to anyone else it does not exist."""
    paper = get_object_or_404(
        Paper.objects.select_related("agenda_item__meeting", "file"), pk=paper_id
    )
    if not can_view_paper(request.user, paper):
        raise Http404("No such paper.")
    record_download(paper, request.user)
    public = paper.visibility == Visibility.PUBLIC == paper.agenda_item.visibility
    response = stream_file(paper.file, is_private=not public)
    # Opening the file, not the review page, is what makes a paper "Read" for a volunteer.
    lay_review.mark_read(paper, request.user)
    return response


@privileged
@require_GET
def pack_download(request, meeting_id, audience):
    meeting = get_object_or_404(MeetingPage, pk=meeting_id)
    if audience not in ("public", "full") or not can_open_meeting(request.user, meeting):
        raise Http404("No such board pack.")
    if audience == "public":
        pack = meeting.public_pack
    elif may_view(request.user, meeting.group, packs.full_pack_visibility(meeting)):
        pack = meeting.full_pack
    else:
        pack = None
    if pack is None:
        raise Http404("No such board pack.")
    packs.record_pack_download(meeting, audience, request.user)
    return stream_file(
        pack, filename=f"{meeting.slug}-{audience}-pack.pdf", is_private=audience != "public"
    )


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _base_url(request):
    """Links in calendar files start with the configured address, whatever host was asked."""
    return links.base_url()


@require_GET
def meeting_calendar(request, meeting_id):
    meeting = get_object_or_404(MeetingPage.objects.live(), pk=meeting_id)
    body = calendar.calendar_for(
        [meeting],
        name=f"{meeting.group.title}: {meeting.title}",
        base_url=_base_url(request),
        include_join_link=lambda m: can_see_join_link(request.user, m),
    )
    return private(_ics_response(body, f"{meeting.slug}.ics"))


PAST_MEETINGS_PER_PAGE = 20


@require_GET
def group_past_meetings(request, group_id):
    """Every past meeting of a group, newest first, a page at a time: the group's page shows
    only the latest few. The same queries however many meetings."""
    group = viewable_group(request, group_id)
    past = (
        MeetingPage.objects.child_of(group)
        .live()
        .filter(end__lt=timezone.now())
        .order_by("-start", "-pk")
    )
    page_obj = Paginator(past, PAST_MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "governance/meeting_past_list.html",
        {"page": group, "meetings": page_obj.object_list, "page_obj": page_obj},
    )


@require_GET
def group_meetings_calendar(request, group_id):
    """A feed of the group's meetings for calendar apps to subscribe to."""
    group = get_object_or_404(GroupPage.objects.live(), pk=group_id).specific
    meetings = list(MeetingPage.objects.live().child_of(group).order_by("start"))
    for meeting in meetings:
        meeting.__dict__["group"] = group  # prime MeetingPage.group: one parent for all
    body = calendar.calendar_for(
        meetings,
        name=f"{group.title} meetings",
        base_url=_base_url(request),
        include_join_link=lambda m: can_see_join_link(request.user, m),
    )
    response = _ics_response(body, f"{group.slug}-meetings.ics")
    return response if not request.user.is_authenticated else private(response)


def _not_started(meeting, what):
    """The time rule's words when `what` cannot be recorded yet, or "" once it can."""
    try:
        require_started(meeting, what)
    except MeetingNotStarted as error:
        return str(error)
    return ""


def _meeting_anchor(meeting, item=None):
    return meeting.url + (f"#item-{item.pk}" if item is not None else "")


@login_required
def add_paper_view(request, meeting_id):
    meeting = _managed_meeting(request, meeting_id)
    items = numbered(meeting.agenda_items.all())
    current = list(
        Paper.objects.current()
        .filter(agenda_item__meeting=meeting)
        .order_by("agenda_item__sort_order", "title")
    )
    form_kwargs = {"items": items, "papers": current}
    if request.method == "POST":
        form = AddPaperForm(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            try:
                paper = add_paper(
                    form.item,
                    form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    visibility=form.paper_visibility,
                    uploaded_by=request.user,
                    replaces=form.replaced_paper,
                    lay_summary=form.cleaned_data["lay_summary"],
                )
            except PaperRejected as error:
                form.add_error("file", str(error))
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"“{paper.title}” (version {paper.version}) was added. "
                    "The board packs are being rebuilt.",
                )
                if paper.lay_summary:
                    messages.info(request, lay_summary_message(paper.lay_summary))
                return redirect(_meeting_anchor(meeting, form.item))
    else:
        form = AddPaperForm(initial={"agenda_item": request.GET.get("item")}, **form_kwargs)
    return render(
        request,
        "governance/meeting_add_paper.html",
        {"meeting": meeting, "form": form, "has_items": bool(items)},
    )


def _membership_order(membership):
    return (list(type(membership).Role).index(membership.role), membership.person.last_name)


@login_required
def attendance_view(request, meeting_id):
    meeting = _managed_meeting(request, meeting_id)
    on = timezone.localtime(meeting.start).date()
    memberships = sorted(meeting.group.current_memberships(on), key=_membership_order)
    recorded = {
        row.person_id: row
        for row in Attendance.objects.filter(meeting=meeting).select_related("deputy")
    }
    form_kwargs = {"memberships": memberships, "recorded": recorded}
    not_started = _not_started(meeting, "attendance")
    locked = Minutes.objects.filter(meeting=meeting, status=Minutes.Status.APPROVED).exists()
    if request.method == "POST":
        form = AttendanceForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                record_attendance_sheet(
                    meeting,
                    list(form.recorded()),
                    recorded_by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except DeputyClash as error:
                form.add_error(f"{error.field}_{error.person_id}", str(error))
            except GovernanceError as error:
                form.add_error("reason" if locked else None, str(error))
            else:
                messages.success(request, f"Attendance saved. {quorum(meeting).summary()}")
                return redirect("governance:attendance", meeting_id=meeting.pk)
    else:
        form = AttendanceForm(**form_kwargs)
    return render(
        request,
        "governance/meeting_attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "quorum": quorum(meeting) if recorded else None,
            "started": not not_started,
            "not_started": not_started,
            "locked": locked,
        },
    )


MINUTES_SAVE_ACTIONS = ("save", "circulate")


@login_required
def minutes_view(request, meeting_id):
    """Write the minute of each item, circulate them, approve them at a later meeting, and
    once they are approved and locked, correct a minute with a reason."""
    meeting = _managed_meeting(request, meeting_id)
    items = numbered(meeting.agenda_items.all())
    minutes = Minutes.objects.filter(meeting=meeting).first() or Minutes(meeting=meeting)
    entries = {
        entry.agenda_item_id: entry
        for entry in MinuteEntry.objects.filter(agenda_item__meeting=meeting).prefetch_related(
            Prefetch("corrections", queryset=MinutesCorrection.objects.select_related("made_by"))
        )
    }
    later = records.meetings_that_may_approve(meeting)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if action else None
    form = MinutesForm(
        data if action in MINUTES_SAVE_ACTIONS else None,
        items=items,
        entries=entries,
        locked=minutes.is_approved,
    )
    approve_form = ApproveMinutesForm(data if action == "approve" else None, later_meetings=later)
    correction_forms = {
        entry.pk: CorrectionForm(
            data if action == f"correct-{entry.pk}" else None,
            prefix=f"correct-{entry.pk}",
            initial={"text": entry.text},
        )
        for entry in entries.values()
    }
    if action:
        try:
            done = _act_on_minutes(
                request, meeting, minutes, action, form, approve_form, entries, correction_forms
            )
        except GovernanceError as error:
            messages.error(request, str(error))
        else:
            if done:
                messages.success(request, done)
                return redirect("governance:minutes", meeting_id=meeting.pk)
    prefetch_related_objects([item for _, item in items], DECLARATIONS)
    rows = []
    for number, item in items:
        entry = entries.get(item.pk)
        rows.append(
            {
                "number": number,
                "item": item,
                "field": form[f"minute_{item.pk}"],
                "entry": entry,
                "correction_form": correction_forms[entry.pk] if entry else None,
            }
        )
    return render(
        request,
        "governance/meeting_minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "rows": rows,
            "form": form,
            "approve_form": approve_form,
            "later_meetings": later,
            "action": action,
            "not_started": _not_started(meeting, "minutes"),
        },
    )


def _act_on_minutes(request, meeting, minutes, action, form, approve_form, entries, corrections):
    """Carry out the button pressed on the minutes page: a success message, or None when the
    form it sent has errors to show."""
    user = request.user
    if action in MINUTES_SAVE_ACTIONS:
        if not form.is_valid():
            return None
        with transaction.atomic():
            for item, text in form.changed_minutes(entries):
                records.write_minute(item, text, by=user)
            if action == "circulate":
                records.circulate_minutes(meeting, by=user)
                return "The minutes were circulated to members."
        return "The minutes were saved."
    if action == "approve":
        if not approve_form.is_valid():
            return None
        records.approve_minutes(minutes, at_meeting=approve_form.meeting, by=user)
        return f"The minutes were approved at {approve_form.meeting.title}."
    for entry in entries.values():
        correction = corrections[entry.pk]
        if action == f"correct-{entry.pk}":
            if not correction.is_valid():
                return None
            records.correct_minute(
                entry,
                correction.cleaned_data["text"],
                reason=correction.cleaned_data["reason"],
                by=user,
            )
            return "The correction was saved with its reason."
    return None


def _item_of(meeting, item_id):
    return get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)


@login_required
def record_decision_view(request, meeting_id, item_id):
    meeting = _managed_meeting(request, meeting_id)
    item = _item_of(meeting, item_id)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                decision = records.record_decision(
                    meeting, agenda_item=item, by=request.user, **form.cleaned_data
                )
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Decision {decision.reference} was recorded.")
                return redirect(_meeting_anchor(meeting, item))
    else:
        form = DecisionForm()
    return render(
        request,
        "governance/meeting_record.html",
        {
            "meeting": meeting,
            "item": item,
            "number": _number_of(meeting, item),
            "form": form,
            "heading": "Record a decision",
            "button": "Record the decision",
            "dated": records.decision_date(meeting),
            "not_started": _not_started(meeting, "decisions"),
        },
    )


@login_required
def correct_decision_view(request, meeting_id, decision_id):
    """Correct a recorded decision's wording or vote, with a reason kept in the history."""
    meeting = _managed_meeting(request, meeting_id)
    decision = get_object_or_404(
        Decision.objects.select_related("agenda_item"), pk=decision_id, meeting=meeting
    )
    if request.method == "POST":
        form = CorrectDecisionForm(request.POST)
        if form.is_valid():
            try:
                records.correct_decision(
                    decision,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    **form.corrected,
                )
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Decision {decision.reference} was corrected. The correction and its "
                    "reason are kept in the meeting's history.",
                )
                return redirect(_meeting_anchor(meeting, decision.agenda_item))
    else:
        form = CorrectDecisionForm(
            initial={name: getattr(decision, name) for name in records.DECISION_FIELDS}
        )
    return render(
        request,
        "governance/meeting_correct_decision.html",
        {"meeting": meeting, "decision": decision, "form": form},
    )


@login_required
def record_action_view(request, meeting_id, item_id):
    meeting = _managed_meeting(request, meeting_id)
    item = _item_of(meeting, item_id)
    memberships = sorted(meeting.group.current_memberships(), key=_membership_order)
    if request.method == "POST":
        form = ActionForm(request.POST, memberships=memberships)
        if form.is_valid():
            try:
                action = records.record_action(
                    meeting,
                    agenda_item=item,
                    description=form.cleaned_data["description"],
                    owner=form.owner_person,
                    due=form.cleaned_data["due"],
                    by=request.user,
                )
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Action {action.reference} was recorded.")
                return redirect(_meeting_anchor(meeting, item))
    else:
        form = ActionForm(memberships=memberships)
    return render(
        request,
        "governance/meeting_record.html",
        {
            "meeting": meeting,
            "item": item,
            "number": _number_of(meeting, item),
            "form": form,
            "heading": "Record an action",
            "button": "Record the action",
            "not_started": _not_started(meeting, "actions"),
        },
    )


def _number_of(meeting, item):
    return list(meeting.agenda_items.values_list("pk", flat=True)).index(item.pk) + 1


urlpatterns = [
    path("papers/<id:paper_id>/download/", paper_download, name="paper_download"),
    path(
        "meetings/<id:meeting_id>/packs/<str:audience>.pdf",
        pack_download,
        name="pack_download",
    ),
    path("meetings/<id:meeting_id>/calendar.ics", meeting_calendar, name="meeting_calendar"),
    path("groups/<id:group_id>/meetings/past/", group_past_meetings, name="group_past_meetings"),
    path(
        "groups/<id:group_id>/meetings.ics",
        group_meetings_calendar,
        name="group_meetings_calendar",
    ),
    path("meetings/<id:meeting_id>/papers/add/", add_paper_view, name="add_paper"),
    path("meetings/<id:meeting_id>/attendance/", attendance_view, name="attendance"),
    path("meetings/<id:meeting_id>/minutes/", minutes_view, name="minutes"),
    path(
        "meetings/<id:meeting_id>/items/<id:item_id>/decision/",
        record_decision_view,
        name="record_decision",
    ),
    path(
        "meetings/<id:meeting_id>/decisions/<id:decision_id>/correct/",
        correct_decision_view,
        name="correct_decision",
    ),
    path(
        "meetings/<id:meeting_id>/items/<id:item_id>/action/",
        record_action_view,
        name="record_action",
    ),
]
