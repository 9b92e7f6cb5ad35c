"""Context builders that the governance pages call from `get_context`: the governance tree, a
group's home page and a meeting's page. Models import this module; views may too; it imports
no views."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from portal.models import Trust

from .forms.groups import JoinDecisionForm, JoinRequestForm
from .lay.models import LayFeedback
from .lay.queries import PAPER_TEXT, raised_feedback_by_item
from .models import (
    Action,
    AgendaItem,
    Decision,
    GroupPage,
    InterestDeclaration,
    JoinRequest,
    MeetingPage,
    Membership,
    MinuteEntry,
    Minutes,
    MinutesCorrection,
    Paper,
)
from .rules import (
    PaperAccess,
    can_manage_group,
    can_read_minutes,
    can_see_join_link,
    may_see_action,
    may_see_record,
    may_view,
    visible_items,
)
from .services import packs
from .services.interests import possible_conflicts
from .services.meetings import quorum
from .visibility import Visibility

ROLE_PLURALS = {
    Membership.Role.CHAIR: "Chairs",
    Membership.Role.DEPUTY_CHAIR: "Deputy chairs",
    Membership.Role.SECRETARY: "Secretaries",
    Membership.Role.MEMBER: "Members",
    Membership.Role.PATIENT_VOLUNTEER: "Patient volunteers",
    Membership.Role.OBSERVER: "Observers",
}
PAST_MEMBERS_SHOWN = 20
UPCOMING_MEETINGS_SHOWN = 5
RECENT_MEETINGS_SHOWN = 3


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
    tree = GroupPage.objects.with_current_chairs().tree_under(index)
    return {"tree": tree, "diagram": TreeDiagram(tree)}


# A group's home page -------------------------------------------------------------------------


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


def parent_body(group):
    """The board or group this one is accountable to (None at the top of the tree)."""
    parent = group.get_parent()
    return parent if issubclass(parent.specific_class, GroupPage) else None


def group_page_context(group, request):
    """Everything a group's home page shows; what depends on the viewer is decided by rules."""
    if group.pk is None:
        # The editor's preview of a group not yet created: it has terms but no one in it yet.
        return {"parent_body": parent_body(group), "trust_coverage": _trust_coverage([])}
    user = request.user
    now = timezone.now()
    # One query for everyone who was, is or will be in the group, split here: the members by
    # name, those who left most recently first, and (below) the viewer's own row.
    today = timezone.localdate()
    roll = group.membership_roll()
    current = [m for m in roll if m.is_current(today)]
    past = sorted((m for m in roll if m.has_ended(today)), key=lambda m: m.end, reverse=True)
    coverage = _trust_coverage(current) if group.shows_trust_coverage else []
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
        "parent_body": parent_body(group),
        "members_by_role": _members_by_role(current),
        "member_count": len(current),
        "past_members": past[:PAST_MEMBERS_SHOWN],
        "more_past_members": len(past) > PAST_MEMBERS_SHOWN,
        "trust_coverage": coverage,
        "trusts_represented": sum(1 for _, reps in coverage if reps),
        "upcoming_meetings": meetings.upcoming(now).order_by("start")[:UPCOMING_MEETINGS_SHOWN],
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


# A meeting's page ----------------------------------------------------------------------------


FILE_KINDS = {
    "pdf": "PDF",
    "docx": "Word document",
    "xlsx": "Excel spreadsheet",
    "pptx": "PowerPoint presentation",
}
RAG_TAGS = {
    Action.Rag.RED: "nhsuk-tag--red",
    Action.Rag.AMBER: "nhsuk-tag--orange",
    Action.Rag.GREEN: "nhsuk-tag--green",
    Action.Rag.CLOSED: "nhsuk-tag--grey",
}
HIDDEN_ITEM_NOTES = {
    Visibility.NETWORK: "Only network members can see this item.",
    Visibility.GROUP: "Only members of the group can see this item.",
    Visibility.CONFIDENTIAL: "Only members of the group can see this item.",
}

# Declarations appear in the minutes; the include that shows them reads item.declarations.
DECLARATIONS = Prefetch(
    "declarations", queryset=InterestDeclaration.objects.select_related("person", "interest")
)


@dataclass
class AgendaEntry:
    """One numbered agenda item as this viewer may see it."""

    number: int
    item: AgendaItem
    visible: bool
    hidden_note: str = ""
    papers: list = field(default_factory=list)
    superseded: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    minute: MinuteEntry | None = None
    corrections: list = field(default_factory=list)  # of the minute
    carried_forward: list = field(default_factory=list)
    feedback: list = field(default_factory=list)
    record_decision_url: str = ""
    record_action_url: str = ""


@dataclass
class CarriedAction:
    action: Action
    visible: bool
    rag: Action.Rag
    rag_tag: str
    url: str = ""


def url_format(viewname, arity=1):
    """`reverse(viewname, args=...)` as a `str.format` template, for views whose arguments
    are ids: a page that links many rows to the same view reverses once and fills in each
    row's ids (reversing per row was a fifth of the meeting page's rendering)."""
    markers = [str(918_273_645_501 + n) for n in range(arity)]
    url = reverse(viewname, args=markers).replace("{", "{{").replace("}", "}}")
    for n, marker in enumerate(markers):
        url = url.replace(marker, f"{{{n}}}")
    return url


class MeetingLinks:
    """The links the meeting page gives every paper, record and item, each view reversed
    once for the whole page."""

    def __init__(self):
        self._formats = {}

    def __call__(self, viewname, *ids):
        if viewname not in self._formats:
            self._formats[viewname] = url_format(viewname, len(ids))
        return self._formats[viewname].format(*ids)


def file_kind(paper):
    extension = paper.file.original_filename.rsplit(".", 1)[-1].lower()
    return FILE_KINDS.get(extension, extension.upper())


def numbered(items):
    return list(enumerate(items, start=1))


def meeting_page_context(meeting, request):
    """Everything the meeting page shows, fetched in a fixed number of queries.

    Related rows are fetched once for all items and sorted into them here (not per item), and
    each visibility is decided once, so the page costs the same with 5 items or 50. Works on
    previews too, where the agenda comes from a revision rather than the database. Each part
    of the page is one function below: agenda, papers, records, minutes, carried-forward
    actions, volunteers' feedback, and who attended. The links of every row are made here
    too (`MeetingLinks`), so the template reverses no URL per row.
    """
    user = request.user
    group = meeting.group
    links = MeetingLinks()
    entries = _agenda(meeting, user)
    by_item = {entry.item.pk: entry for entry in entries if entry.visible and entry.item.pk}
    feedback_raised = _add_papers(by_item, user, links)
    other_decisions = _add_records(meeting, group, user, by_item, links)
    minutes, minutes_readable = _add_minutes(meeting, user, by_item)
    is_manager = can_manage_group(user, group)
    show_declarations = minutes_readable or is_manager
    if show_declarations:
        prefetch_related_objects([entry.item for entry in by_item.values()], DECLARATIONS)
    _add_carried_actions(meeting, group, user, entries, links)
    if meeting.pk and feedback_raised:
        _add_feedback(meeting, user, by_item)
    if is_manager:
        for item_pk, entry in by_item.items():
            entry.record_decision_url = links("governance:record_decision", meeting.pk, item_pk)
            entry.record_action_url = links("governance:record_action", meeting.pk, item_pk)
    return {
        "group": group,
        "agenda": entries,
        "other_decisions": other_decisions,
        "minutes": minutes,
        "minutes_readable": minutes_readable,
        "show_declarations": show_declarations,
        **_attendance_and_access(meeting, group, user),
        "is_manager": is_manager,
        "add_paper_url": links("governance:add_paper", meeting.pk) if is_manager else "",
        "conflicts": _conflicts(meeting, entries) if is_manager else [],
    }


def _agenda(meeting, user):
    """The numbered agenda, each item marked visible or not to this viewer."""
    items = list(meeting.agenda_items.all())
    for item in items:
        item.meeting = meeting
    # By identity: a previewed agenda's items have no primary key to compare.
    visible = {id(item) for item in visible_items(user, meeting, items)}
    return [
        AgendaEntry(
            number=number,
            item=item,
            visible=id(item) in visible,
            hidden_note="" if id(item) in visible else HIDDEN_ITEM_NOTES.get(item.visibility, ""),
        )
        for number, item in numbered(items)
    ]


def _add_papers(by_item, user, links):
    """Sort the papers this viewer may open into their items: current ones and superseded.
    Return whether volunteers raised feedback on any of these items' papers."""
    ids = list(by_item)
    if not ids:
        return False
    # A paper's text (for search) can run to megabytes and is not shown here.
    # Each item's papers are in a list of their own, so they are ordered within an item only
    # (`Paper.Meta.ordering` less the join to the items for their order).
    papers = list(
        Paper.objects.filter(agenda_item__in=ids)
        .select_related("file")
        .defer(PAPER_TEXT)
        .annotate(feedback_raised=Exists(LayFeedback.objects.raised().filter(paper=OuterRef("pk"))))
        .order_by("title", "-version")
    )
    # Only papers for named people need their names, so only theirs are fetched.
    named = [paper for paper in papers if paper.visibility == Visibility.NAMED]
    if named:
        prefetch_related_objects(named, "named_people")
    may_open = PaperAccess(user)
    for paper in papers:
        entry = by_item[paper.agenda_item_id]
        paper.agenda_item = entry.item  # so the permission check finds the cached group
        if may_open(paper):
            paper.kind = file_kind(paper)
            paper.download_url = links("governance:paper_download", paper.pk)
            paper.lay_summary_url = links("governance:lay_summary_edit", paper.pk)
            (entry.superseded if paper.is_superseded else entry.papers).append(paper)
    return any(paper.feedback_raised for paper in papers)


def _add_records(meeting, group, user, by_item, links):
    """Sort decisions and actions into their items; return the decisions made outside any
    item that this viewer may see."""
    other_decisions = []
    for decision in Decision.objects.filter(meeting=meeting).order_by("decided_on", "pk"):
        decision.detail_url = links("governance:decision_detail", decision.pk)
        decision.correct_url = links("governance:correct_decision", meeting.pk, decision.pk)
        if decision.agenda_item_id is None:
            if may_see_record(user, decision, group):
                other_decisions.append(decision)
        elif decision.agenda_item_id in by_item:
            by_item[decision.agenda_item_id].decisions.append(decision)
    ids = list(by_item)
    for action in (
        Action.objects.filter(meeting=meeting, agenda_item__in=ids).select_related("owner")
        if ids
        else []
    ):
        action.rag_value = action.rag()
        action.rag_tag = RAG_TAGS[action.rag_value]
        action.detail_url = links("governance:action_detail", action.pk)
        by_item[action.agenda_item_id].actions.append(action)
    return other_decisions


def _add_minutes(meeting, user, by_item):
    """The meeting's minutes and whether this viewer may read them; if so, each item's minute
    (with its corrections) is sorted into the item."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None:
        minutes.meeting = meeting
    readable = minutes is not None and can_read_minutes(user, minutes)
    if readable:
        # One entry per item, each put in its place below: no ordering (and no join) needed.
        # Corrections are rare: only the corrected entries' are fetched.
        entries = list(
            MinuteEntry.objects.filter(minutes=minutes)
            .annotate(corrected=Exists(MinutesCorrection.objects.filter(entry=OuterRef("pk"))))
            .order_by()
        )
        prefetch_related_objects(
            [entry for entry in entries if entry.corrected],
            Prefetch("corrections", queryset=MinutesCorrection.objects.select_related("made_by")),
        )
        for entry in entries:
            if entry.agenda_item_id in by_item:
                by_item[entry.agenda_item_id].minute = entry
                if entry.corrected:
                    by_item[entry.agenda_item_id].corrections = list(entry.corrections.all())
    return minutes, readable


def _add_carried_actions(meeting, group, user, entries, links):
    """The group's open actions from earlier meetings, under any "actions carried forward"
    item; each described only to those who may see it."""
    carried = [
        e for e in entries if e.visible and e.item.kind == AgendaItem.Kind.ACTIONS_CARRIED_FORWARD
    ]
    if not carried:
        return
    open_actions = [
        _carried_action(action, user, group, links)
        for action in Action.objects.for_group(group)
        .open()
        .filter(meeting__start__lt=meeting.start)
        .select_related("owner", "agenda_item", "meeting")
        .order_by("due", "pk")
    ]
    for entry in carried:
        entry.carried_forward = open_actions


def _add_feedback(meeting, user, by_item):
    """Patient volunteers' feedback raised at the meeting, as far as this viewer may see it,
    under each item."""
    for item_pk, found in raised_feedback_by_item(user, meeting).items():
        if item_pk in by_item:
            by_item[item_pk].feedback = found


def _attendance_and_access(meeting, group, user):
    """Who attended and whether it was quorate; the join link and full pack, if allowed."""
    attendance = list(meeting.attendance.select_related("person", "deputy"))
    full_pack_open = bool(meeting.full_pack_id) and may_view(
        user, group, packs.full_pack_visibility(meeting)
    )
    return {
        "attendance": attendance,
        "quorum": quorum(meeting) if attendance else None,
        "show_join_link": bool(meeting.join_url) and can_see_join_link(user, meeting),
        "full_pack_open": full_pack_open,
    }


def _conflicts(meeting, entries):
    """Possible conflicts of interest, by item number; titles only of items the viewer sees."""
    numbered_entries = {entry.item.pk: entry for entry in entries if entry.item.pk}
    return [
        {
            "entry": numbered_entries[item.pk],
            "person": person,
            "interest": interest,
        }
        for item, person, interest in possible_conflicts(meeting, [e.item for e in entries])
        if item.pk in numbered_entries
    ]


def _carried_action(action, user, group, links):
    """An open action from an earlier meeting, described only to those who may see it."""
    rag = action.rag()
    return CarriedAction(
        action=action,
        visible=may_see_action(user, action, group),
        rag=rag,
        rag_tag=RAG_TAGS[rag],
        url=links("governance:action_detail", action.pk),
    )
