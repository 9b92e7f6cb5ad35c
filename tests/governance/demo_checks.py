"""Checks of the demo network's governance: the report's tree, people, a year of meetings.
Run by tests/test_demo_network.py against the one whole-demo load."""

import datetime as dt

from django.utils import timezone
from filer.models import File
from wagtail.models import Page, Revision

from governance.models import (
    Action,
    ActionUpdate,
    Attendance,
    Decision,
    GovernanceIndexPage,
    GroupPage,
    Interest,
    InterestDeclaration,
    MeetingPage,
    Membership,
    MinuteEntry,
    Minutes,
    Paper,
)
from governance.services.interests import possible_conflicts
from governance.visibility import Visibility
from portal.models import User
from sigs.models import SigPage

SIGS = {
    "Digital SIG",
    "Data & Information SIG",
    "Workforce SIG",
    "Medical Physics SIG",
    "Commercial & Assets SIG",
    "Research & Innovation SIG",
    "MRI SIG",
    "Nuclear Medicine SIG",
    "Paediatric SIG",
    "Musculoskeletal SIG",
    "Gynaecology SIG",
    "Patient & Public Involvement SIG",
}
COUNTED = [
    Page,
    Revision,
    User,
    Membership,
    MeetingPage,
    Paper,
    File,
    Attendance,
    Minutes,
    MinuteEntry,
    Decision,
    Action,
    ActionUpdate,
    Interest,
    InterestDeclaration,
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def group(slug):
    return GroupPage.objects.get(slug=slug).specific


def children(page, model=GroupPage):
    return model.objects.child_of(page)


def current_role(group, email):
    membership = group.memberships.current().filter(person__email=email).first()
    return membership and membership.role


def check_tree():
    index = GovernanceIndexPage.objects.get(slug="how-we-are-governed")
    assert index.live
    assert [g.slug for g in children(index)] == ["executive-board"]
    executive = group("executive-board")
    assert [g.slug for g in children(executive)] == ["operational-board"]
    operational = group("operational-board")
    assert {s.title for s in children(operational, SigPage)} == SIGS
    assert {"Digital (Directors) Board", "Clinical Directors Forum", "Quality Forum"} <= {
        g.title for g in children(operational)
    }
    ai = group("ai-sub-group")
    assert ai.kind == GroupPage.Kind.SUB_GROUP
    assert ai.get_parent().specific == group("research-and-innovation-sig")
    groups = list(GroupPage.objects.all())
    assert len(groups) == 18
    assert all(g.live and g.purpose and g.delegated_powers for g in groups)
    assert all(g.risk_escalation_threshold == 15 for g in groups)
    assert any(g.tor_review_overdue for g in groups)
    assert operational.revisions.count() == 2  # a past version of its terms of reference


def check_people():
    mri = group("mri-sig")
    assert current_role(mri, "chair.mri@demo.example") == Membership.Role.CHAIR
    assert mri.editors_group.user_set.filter(email="chair.mri@demo.example").exists()
    assert current_role(mri, "member@demo.example") == Membership.Role.MEMBER
    assert current_role(group("musculoskeletal-sig"), "member@demo.example")
    assert not Membership.objects.filter(person__email="admin@demo.example").exists()

    volunteers = (
        group("operational-board")
        .memberships.current()
        .filter(role=Membership.Role.PATIENT_VOLUNTEER, voting=True, person__is_lay_member=True)
    )
    assert volunteers.filter(person__email="volunteer@demo.example").exists()
    assert volunteers.count() >= 2

    for g in GroupPage.objects.all():
        current = g.memberships.current()
        assert current.exclude(trust=None).values("trust").distinct().count() >= 3, g.title
        roles = set(current.values_list("role", flat=True))
        assert set(Membership.LEADING_ROLES) <= roles, g.title
    # Someone has left a group: the row stays as history.
    assert Membership.objects.exclude(end=None).exists()


def check_meetings():
    now = timezone.now()
    for board in GroupPage.objects.filter(kind=GroupPage.Kind.BOARD):
        meetings = list(children(board, MeetingPage))
        held = [m for m in meetings if m.start < now]
        upcoming = [m for m in meetings if m.start > now]
        assert len(held) == 3 and len(upcoming) == 1, board.title
        assert all(m.status == MeetingPage.Status.HELD for m in held)
        assert upcoming[0].status == MeetingPage.Status.SCHEDULED
        assert upcoming[0].start < now + dt.timedelta(weeks=6)
        assert held[0].start > now - dt.timedelta(days=9 * 31)
        assert all(m.agenda_items.count() >= 6 for m in meetings)  # opening + 3 to 5 items
    sigs_with_history = [s for s in SigPage.objects.all() if children(s, MeetingPage).count() == 4]
    assert len(sigs_with_history) >= 9

    assert Attendance.objects.filter(status=Attendance.Status.DEPUTISED).exists()
    assert Attendance.objects.filter(status=Attendance.Status.APOLOGIES).exists()
    assert Decision.objects.exclude(votes_for=None).exists()
    approved = Minutes.objects.filter(status=Minutes.Status.APPROVED)
    assert approved.count() >= 20
    assert all(m.approved_by_decision.meeting.start > m.meeting.start for m in approved)
    assert Minutes.objects.filter(status=Minutes.Status.CIRCULATED).exists()
    # No impossible record: nothing recorded of a meeting before it started, approvals only
    # at meetings already held, each approval dated by the meeting that made it.
    assert not Attendance.objects.filter(meeting__start__gt=now).exists()
    assert not Minutes.objects.filter(meeting__start__gt=now).exclude(entries=None).exists()
    assert all(m.approved_by_decision.meeting.start <= now for m in approved)
    for minutes in approved.select_related("approved_by_decision__meeting"):
        decision = minutes.approved_by_decision
        assert decision.decided_on == timezone.localtime(decision.meeting.start).date()


def check_papers():
    assert Paper.objects.filter(visibility=Visibility.CONFIDENTIAL).exists()
    assert Paper.objects.filter(visibility=Visibility.PUBLIC).exists()
    superseded = Paper.objects.exclude(superseded_at=None).get()
    assert superseded.next_version.version == 2
    assert Paper.objects.exclude(lay_summary="").exists()
    assert not File.objects.filter(is_public=True).exists()
    with Paper.objects.first().file.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with_papers = MeetingPage.objects.filter(agenda_items__papers__isnull=False).distinct()
    assert with_papers.exists()
    assert not with_papers.filter(full_pack=None).exists()
    assert not with_papers.filter(public_pack=None).exists()


def check_actions():
    rags = {action.rag() for action in Action.objects.all()}
    assert rags == set(Action.Rag)
    assert Action.objects.filter(status=Action.Status.DONE).exists()
    assert Action.objects.filter(status=Action.Status.DROPPED).exists()
    assert not Action.objects.exclude(status=Action.Status.OPEN).filter(closure_noted_at=None)
    assert ActionUpdate.objects.filter(action__status=Action.Status.OPEN).exists()


def check_interests():
    assert InterestDeclaration.objects.exists()
    upcoming = MeetingPage.objects.filter(status=MeetingPage.Status.SCHEDULED)
    flagged = [m for m in upcoming if possible_conflicts(m)]
    assert flagged  # an item names an organisation in a member's register


def check(client):
    check_tree()
    check_people()
    check_meetings()
    check_papers()
    check_actions()
    check_interests()
