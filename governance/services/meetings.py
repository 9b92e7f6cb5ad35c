"""Meetings: the standing items of an agenda, papers, attendance and quorum, and the one rule
that nothing is recorded of a meeting before it has started."""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone
from filer.models import File, Folder
from wagtail.log_actions import log

from portal.models import User
from portal.tree import parent_path

from ..errors import (
    AgendaRepeatsItem,
    CorrectionRefused,
    DeputyClash,
    MeetingNotStarted,
    NotAllowed,
    PaperWiderThanItem,
)
from ..lay.services.summaries import check_lay_summary
from ..models import AgendaItem, Attendance, MeetingPage, Membership, Minutes, Paper
from ..papers import check_upload
from ..rules import can_manage_group
from ..visibility import Visibility, paper_wider_than_item, wider_than_item_message

STANDARD_OPENING = [
    (AgendaItem.Kind.PREVIOUS_MINUTES, "Minutes of the last meeting", AgendaItem.Purpose.DECISION),
    (AgendaItem.Kind.MATTERS_ARISING, "Matters arising", AgendaItem.Purpose.DISCUSSION),
    (
        AgendaItem.Kind.ACTIONS_CARRIED_FORWARD,
        "Actions carried forward",
        AgendaItem.Purpose.ASSURANCE,
    ),
]
STANDING_TITLES = {kind: title for kind, title, _ in STANDARD_OPENING}


def _normalised(title):
    """ "Minutes of the last meeting.", "MINUTES of the last  meeting" → one form to compare."""
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())


def standing_kind(item):
    """Which standing item this agenda item is, by its kind or, if a chair typed it as an
    ordinary item, by its title; None for an ordinary item."""
    if item.kind != AgendaItem.Kind.STANDARD:
        return item.kind
    title = _normalised(item.title or "")
    for kind, standing_title in STANDING_TITLES.items():
        if title == _normalised(standing_title):
            return kind
    return None


def standing_items(present=()):
    """New (unsaved) agenda items for the standing items not already among `present`."""
    have = {standing_kind(item) for item in present}
    return [
        AgendaItem(
            kind=kind,
            title=title,
            purpose=purpose,
            minutes_allotted=5,
            visibility=Visibility.PUBLIC,
        )
        for kind, title, purpose in STANDARD_OPENING
        if kind not in have
    ]


def check_agenda(items):
    """The one rule for an agenda's standing items: each appears at most once, whether it came
    from the standing items or the chair typed it."""
    seen = {}
    for number, item in enumerate(items, start=1):
        kind = standing_kind(item)
        if kind is None:
            continue
        if kind in seen:
            raise AgendaRepeatsItem(
                f"Item {number} (“{item.title}”) repeats item {seen[kind]}: "
                f"an agenda has “{STANDING_TITLES[kind]}” once. Remove one of them."
            )
        seen[kind] = number


def prefill_standing_items(meeting):
    """A new meeting starts with the standing items in the editor, where the chair sees, edits
    or removes them before anything is saved or published."""
    if not meeting.pk and not list(meeting.agenda_items.all()):
        meeting.agenda_items = standing_items()
    return meeting


def add_standard_opening(meeting, user=None):
    """Put the standing items missing from a meeting's agenda at its top (for meetings made
    outside the editor, such as the demo's); never a second copy of one the chair added.

    The open actions of the group are listed under "Actions carried forward" from live data,
    so they are never copied and never out of date. Works on the latest revision so that an
    editor's draft keeps the items.
    """
    page = meeting.get_latest_revision_as_object()
    existing = list(page.agenda_items.all())
    opening = standing_items(existing)
    if not opening:
        return meeting
    page.agenda_items = opening + existing
    for order, item in enumerate(page.agenda_items.all()):
        item.sort_order = order
    revision = page.save_revision(user=user, log_action=False)
    if meeting.live:
        revision.publish(user=user, log_action=False)
    return meeting


def require_started(meeting, what, *, now=None):
    """The one time rule for a meeting's records: `what` (attendance, minutes, decisions,
    actions) is recorded only once the meeting has started, and never for a cancelled one."""
    if meeting.status == MeetingPage.Status.CANCELLED:
        raise MeetingNotStarted(f"{meeting.title} was cancelled, so no {what} can be recorded.")
    now = now or timezone.now()
    if now < meeting.start:
        starts = timezone.localtime(meeting.start)
        raise MeetingNotStarted(
            f"{what[:1].upper()}{what[1:]} can be recorded only once the meeting has started, "
            f"at {starts:%H:%M} on {starts.day} {starts:%B %Y}."
        )


def has_started(meeting, *, now=None):
    try:
        require_started(meeting, "records", now=now)
    except MeetingNotStarted:
        return False
    return True


def next_meetings(groups):
    """{group path: its next live meeting that is going ahead}, in one query for all `groups`
    (the direct children of each group: its own meetings)."""
    if not groups:
        return {}
    depths = {group.depth + 1 for group in groups}
    found = {}
    upcoming = (
        MeetingPage.objects.live()
        .upcoming()
        .filter(depth__in=depths)
        .exclude(status=MeetingPage.Status.CANCELLED)
        .order_by("start")
    )
    paths = {group.path for group in groups}
    for meeting in upcoming:
        parent = parent_path(meeting)
        if parent in paths:
            found.setdefault(parent, meeting)
    return found


def group_folder(group, *subfolders):
    """The group's folder in filer (and subfolders of it), created on first use."""
    folder, _ = Folder.objects.get_or_create(name="Groups", parent=None)
    folder, _ = Folder.objects.get_or_create(name=f"{group.title} (#{group.pk})", parent=folder)
    for name in subfolders:
        folder, _ = Folder.objects.get_or_create(name=name, parent=folder)
    return folder


def papers_with_meeting():
    """Every paper, superseded ones too, with the agenda item and meeting that the paper rules
    read (`rules.can_view_paper`) fetched in the same query: where a paper is looked up by id."""
    return Paper.objects.select_related("agenda_item__meeting")


@transaction.atomic
def add_paper(
    agenda_item, uploaded_file, *, title, visibility, uploaded_by, replaces=None, lay_summary=""
):
    """Store a paper privately in the group's folder; a re-issue supersedes the old version."""
    meeting = agenda_item.meeting
    group = meeting.group
    if not can_manage_group(uploaded_by, group):
        raise NotAllowed("Only the chair, deputy or secretary can add papers.")
    if paper_wider_than_item(visibility, agenda_item.visibility):
        raise PaperWiderThanItem(wider_than_item_message(agenda_item))
    check_lay_summary(lay_summary)
    checked = check_upload(uploaded_file)
    stored = File.objects.create(
        file=uploaded_file,
        original_filename=checked.name,
        name=title,
        folder=group_folder(group, "Papers"),
        is_public=False,
        owner=uploaded_by,
    )
    version = 1
    if replaces is not None:
        replaces = Paper.objects.select_for_update().get(pk=replaces.pk)
        replaces.superseded_at = timezone.now()
        replaces.save(update_fields=["superseded_at"])
        version = replaces.version + 1
    paper = Paper.objects.create(
        agenda_item=agenda_item,
        title=title,
        file=stored,
        visibility=visibility,
        version=version,
        previous_version=replaces,
        uploaded_by=uploaded_by,
        lay_summary=lay_summary,
    )
    log(
        instance=meeting,
        action="governance.paper.add",
        user=uploaded_by,
        data={"paper": paper.pk, "title": title, "version": version},
    )
    transaction.on_commit(lambda: _enqueue_pack_build(meeting.pk))
    transaction.on_commit(lambda: _enqueue_text_extraction(paper.pk))
    return paper


def _enqueue_pack_build(meeting_id):
    from ..tasks import build_board_packs
    from .packs import database_now

    build_board_packs.enqueue(meeting_id, requested_at=database_now().isoformat())


def _enqueue_text_extraction(paper_id):
    from ..tasks import extract_paper_text

    extract_paper_text.enqueue(paper_id)


def record_download(paper, user):
    """Every download of a paper that is not public (or sits under an item that is not) goes
    into the audit log."""
    if paper.visibility != Visibility.PUBLIC or paper.agenda_item.visibility != Visibility.PUBLIC:
        log(
            instance=paper.agenda_item.meeting,
            action="governance.paper.download",
            user=user if user.is_authenticated else None,
            data={"paper": paper.pk, "title": paper.title, "version": paper.version},
        )


def _name(person):
    return person.get_full_name() or person.email


def check_deputies(sheet, people, changed=()):
    """The one deputy rule, on a meeting's whole attendance as it would be saved: someone
    recorded as present is not also a member's deputy, nor anyone the deputy of two members.

    `sheet` maps each member's id to (status, deputy id); `people` maps ids to users; the
    message goes on the row the person just changed (`changed`), where they can put it right.
    """
    present = {pid for pid, (status, _) in sheet.items() if status == Attendance.Status.PRESENT}
    deputising = {}
    for pid, (status, deputy_id) in sorted(sheet.items()):
        if status != Attendance.Status.DEPUTISED or deputy_id is None:
            continue
        member, deputy = _name(people[pid]), _name(people[deputy_id])
        if deputy_id in present:
            if deputy_id in changed and pid not in changed:
                raise DeputyClash(
                    f"{deputy} is recorded as {member}’s deputy, so cannot also be recorded "
                    "as present. Record who deputised for them instead.",
                    person_id=deputy_id,
                    field="status",
                )
            raise DeputyClash(
                f"{deputy} is recorded as present, so cannot also be {member}’s deputy.",
                person_id=pid,
            )
        if deputy_id in deputising:
            other = _name(people[deputising[deputy_id]])
            raise DeputyClash(
                f"{deputy} is already recorded as {other}’s deputy; "
                "a person deputises for one member at a meeting.",
                person_id=pid,
            )
        deputising[deputy_id] = pid


def _attendance_locked(meeting):
    return Minutes.objects.filter(meeting=meeting, status=Minutes.Status.APPROVED).exists()


@transaction.atomic
def record_attendance_sheet(meeting, rows, *, recorded_by, reason=""):
    """Record (person, status, deputy) rows of a meeting's attendance in one go.

    Only once the meeting has started. Once its minutes are approved the attendance is part
    of the record: a change is a correction, which needs a reason and is logged with what it
    changed. Every change is written to the meeting's log either way.
    """
    if not can_manage_group(recorded_by, meeting.group):
        raise NotAllowed("Only the chair, deputy or secretary can record attendance.")
    require_started(meeting, "attendance")
    existing = {
        row.person_id: row for row in Attendance.objects.select_for_update().filter(meeting=meeting)
    }
    wanted = {}
    for person, status, deputy in rows:
        deputy = deputy if status == Attendance.Status.DEPUTISED else None
        row = existing.get(person.pk)
        if row is None or row.status != status or row.deputy_id != (deputy and deputy.pk):
            wanted[person.pk] = (person, status, deputy)
    if not wanted:
        return []
    correcting = _attendance_locked(meeting)
    if correcting and not reason.strip():
        raise CorrectionRefused(
            "The minutes of this meeting are approved, so its attendance is part of the record. "
            "Give a reason for the correction."
        )
    sheet = {pid: (row.status, row.deputy_id) for pid, row in existing.items()}
    sheet.update(
        {pid: (status, deputy and deputy.pk) for pid, (_, status, deputy) in wanted.items()}
    )
    ids = set(sheet) | {deputy_id for _, deputy_id in sheet.values() if deputy_id}
    check_deputies(sheet, User.objects.in_bulk(ids), changed=set(wanted))
    saved, changes = [], []
    for pid, (person, status, deputy) in wanted.items():
        before = existing.get(pid)
        row, _ = Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"status": status, "deputy": deputy}
        )
        saved.append(row)
        changes.append(
            {
                "person": _name(person),
                "from": _attendance_words(before.status, before.deputy) if before else "",
                "to": _attendance_words(status, deputy),
            }
        )
    if correcting:
        log_correction(meeting, "attendance", changes, reason=reason, by=recorded_by)
    else:
        log(
            instance=meeting,
            action="governance.attendance.record",
            user=recorded_by,
            data={"changes": changes},
        )
    return saved


def _attendance_words(status, deputy):
    words = Attendance.Status(status).label
    return f"{words} ({_name(deputy)})" if deputy else words


def record_attendance(meeting, person, status, *, recorded_by, deputy=None, reason=""):
    """One member's attendance: the sheet's rules apply to it alike."""
    record_attendance_sheet(
        meeting, [(person, status, deputy)], recorded_by=recorded_by, reason=reason
    )
    return Attendance.objects.get(meeting=meeting, person=person)


def log_correction(meeting, record, changes, *, reason, by):
    """Every correction of a settled record is logged on its meeting: who, when (the log
    entry's time), which record, what changed from what to what, and why."""
    log(
        instance=meeting,
        action="governance.record.correct",
        user=by,
        data={"record": record, "changes": changes, "reason": reason.strip()},
    )


@dataclass
class Quorum:
    is_quorate: bool
    voting_present: int
    voting_needed: int
    trusts_present: int
    trusts_needed: int
    chair_needed: bool
    chair_present: bool
    shortfalls: list = field(default_factory=list)

    def summary(self):
        if self.is_quorate:
            return (
                f"Quorate: {self.voting_present} voting member{pluralize(self.voting_present)} "
                f"present from {self.trusts_present} trust{pluralize(self.trusts_present)}."
            )
        return "Not quorate: " + "; ".join(self.shortfalls) + "."


def quorum(meeting):
    """The one quorum rule, from the group's terms of reference and the recorded attendance.

    Voting members who attended, or sent a named deputy, count as present. The trusts counted
    are those the present voting members represent.
    """
    group = meeting.group
    on = timezone.localtime(meeting.start).date()
    voting = {m.person_id: m for m in group.memberships.current(on).filter(voting=True)}
    present_ids = set(
        meeting.attendance.filter(
            status__in=[Attendance.Status.PRESENT, Attendance.Status.DEPUTISED]
        ).values_list("person_id", flat=True)
    )
    present = [voting[pid] for pid in present_ids if pid in voting]
    trusts = {m.trust_id for m in present if m.trust_id}
    chair_present = any(
        m.role in (Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR) for m in present
    )
    shortfalls = []
    if len(present) < group.quorum_voting_members:
        shortfalls.append(
            f"{len(present)} of {group.quorum_voting_members} voting members needed are present"
        )
    if group.quorum_requires_chair and not chair_present:
        shortfalls.append("neither the chair nor the deputy chair is present")
    if len(trusts) < group.quorum_trusts:
        shortfalls.append(
            f"{len(trusts)} of {group.quorum_trusts} trust{pluralize(group.quorum_trusts)} "
            f"needed {pluralize(len(trusts), 'is,are')} represented"
        )
    return Quorum(
        is_quorate=not shortfalls,
        voting_present=len(present),
        voting_needed=group.quorum_voting_members,
        trusts_present=len(trusts),
        trusts_needed=group.quorum_trusts,
        chair_needed=group.quorum_requires_chair,
        chair_present=chair_present,
        shortfalls=shortfalls,
    )
