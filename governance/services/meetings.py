"""Meetings: the standard opening of an agenda, papers, attendance and quorum."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from filer.models import File, Folder
from wagtail.log_actions import log

from ..errors import NotAllowed
from ..lay.services.summaries import check_lay_summary
from ..models import AgendaItem, Attendance, Membership, Paper
from ..papers import check_upload
from ..rules import can_manage_group
from ..visibility import Visibility

STANDARD_OPENING = [
    (AgendaItem.Kind.PREVIOUS_MINUTES, "Minutes of the last meeting", AgendaItem.Purpose.DECISION),
    (AgendaItem.Kind.MATTERS_ARISING, "Matters arising", AgendaItem.Purpose.DISCUSSION),
    (
        AgendaItem.Kind.ACTIONS_CARRIED_FORWARD,
        "Actions carried forward",
        AgendaItem.Purpose.ASSURANCE,
    ),
]


def add_standard_opening(meeting, user=None):
    """Start a new meeting's agenda with the items every meeting opens with.

    The open actions of the group are listed under "Actions carried forward" from live data,
    so they are never copied and never out of date. Works on the latest revision so that an
    editor's draft keeps the items.
    """
    page = meeting.get_latest_revision_as_object()
    present = {item.kind for item in page.agenda_items.all()}
    existing = list(page.agenda_items.all())
    opening = [
        AgendaItem(
            kind=kind,
            title=title,
            purpose=purpose,
            minutes_allotted=5,
            visibility=Visibility.PUBLIC,
        )
        for kind, title, purpose in STANDARD_OPENING
        if kind not in present
    ]
    if not opening:
        return meeting
    page.agenda_items = opening + existing
    for order, item in enumerate(page.agenda_items.all()):
        item.sort_order = order
    revision = page.save_revision(user=user, log_action=False)
    if meeting.live:
        revision.publish(user=user, log_action=False)
    return meeting


def group_folder(group, *subfolders):
    """The group's folder in filer (and subfolders of it), created on first use."""
    folder, _ = Folder.objects.get_or_create(name="Groups", parent=None)
    folder, _ = Folder.objects.get_or_create(name=f"{group.title} (#{group.pk})", parent=folder)
    for name in subfolders:
        folder, _ = Folder.objects.get_or_create(name=name, parent=folder)
    return folder


@transaction.atomic
def add_paper(
    agenda_item, uploaded_file, *, title, visibility, uploaded_by, replaces=None, lay_summary=""
):
    """Store a paper privately in the group's folder; a re-issue supersedes the old version."""
    meeting = agenda_item.meeting
    group = meeting.group
    if not can_manage_group(uploaded_by, group):
        raise NotAllowed("Only the chair, deputy or secretary can add papers.")
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

    build_board_packs.enqueue(meeting_id)


def _enqueue_text_extraction(paper_id):
    from ..tasks import extract_paper_text

    extract_paper_text.enqueue(paper_id)


def record_download(paper, user):
    """Every download of a non-public paper goes into the audit log."""
    if paper.visibility != Visibility.PUBLIC:
        log(
            instance=paper.agenda_item.meeting,
            action="governance.paper.download",
            user=user if user.is_authenticated else None,
            data={"paper": paper.pk, "title": paper.title, "version": paper.version},
        )


@transaction.atomic
def record_attendance(meeting, person, status, *, recorded_by, deputy=None):
    if not can_manage_group(recorded_by, meeting.group):
        raise NotAllowed("Only the chair, deputy or secretary can record attendance.")
    row, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "status": status,
            "deputy": deputy if status == Attendance.Status.DEPUTISED else None,
        },
    )
    return row


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
                f"Quorate: {self.voting_present} voting members present from "
                f"{self.trusts_present} trusts."
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
        shortfalls.append(f"{len(trusts)} of {group.quorum_trusts} trusts needed are represented")
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
