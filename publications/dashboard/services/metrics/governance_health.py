"""Governance health: meetings held, attendance and quoracy by group and trust, actions, the
risk profile, protocol adoption and how much of each pack patient volunteers reviewed."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from governance.lay.services.review import pack_review_coverage
from governance.models import (
    Action,
    Attendance,
    GroupPage,
    MeetingPage,
    Membership,
)
from governance.risks.queries import visible_risks
from governance.risks.services import heat_map, risk_settings
from governance.services.registers import all_groups, visible_actions
from portal.models import Trust
from portal.tree import parent_path_of
from sigs.services import adoption as sig_adoption

from .periods import percent

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.DEPUTISED)
PACK_REVIEW_MEETINGS = 12


# Governance health: meetings, attendance and quoracy


def meetings_held(period):
    """Live meetings marked held whose start falls in the period."""
    return MeetingPage.objects.live().filter(
        status=MeetingPage.Status.HELD,
        start__gte=period.starts_at,
        start__lt=period.ends_before,
    )


@dataclass
class GroupHealth:
    group: GroupPage
    meetings: int = 0
    quorate: int = 0
    checked: int = 0
    recorded: int = 0
    attended: int = 0

    @property
    def attendance_percent(self):
        return percent(self.attended, self.recorded)

    @property
    def quorate_percent(self):
        return percent(self.quorate, self.checked)


def _groups_by_path():
    return {
        group.path: group
        for group in GroupPage.objects.live().order_by("path").only("title", "path", "kind")
    }


def attendance_by_group(period):
    """Per group: meetings held, how many were quorate, and the share of recorded attendance
    that was present or deputised. Quoracy comes from the stored quorum checks."""
    groups = _groups_by_path()
    rows = {path: GroupHealth(group) for path, group in groups.items()}
    meetings = (
        meetings_held(period)
        .annotate(group_path=parent_path_of("path"))
        .order_by()
        .values("group_path")
        .annotate(
            n=Count("pk"),
            checked=Count("quorum_check"),
            quorate=Count("quorum_check", filter=Q(quorum_check__is_quorate=True)),
        )
    )
    for row in meetings:
        if health := rows.get(row["group_path"]):
            health.meetings, health.checked, health.quorate = (
                row["n"],
                row["checked"],
                row["quorate"],
            )
    attendance = (
        Attendance.objects.filter(meeting__in=meetings_held(period))
        .annotate(group_path=parent_path_of("meeting__path"))
        .order_by()
        .values("group_path", "status")
        .annotate(n=Count("pk"))
    )
    for row in attendance:
        if health := rows.get(row["group_path"]):
            health.recorded += row["n"]
            if row["status"] in ATTENDED:
                health.attended += row["n"]
    return [health for health in rows.values() if health.meetings]


def meeting_rows(period, group=None):
    """The held meetings behind the attendance and quoracy figures, newest first, with their
    attendance counts and quorum check (a queryset, for paging)."""
    meetings = meetings_held(period)
    if group is not None:
        meetings = meetings.child_of(group)
    return (
        meetings.annotate(
            group_path=parent_path_of("path"),
            recorded=Count("attendance"),
            attended=Count("attendance", filter=Q(attendance__status__in=ATTENDED)),
        )
        .select_related("quorum_check")
        .order_by("-start")
    )


@dataclass
class TrustHealth:
    trust: Trust
    recorded: int = 0
    attended: int = 0
    meetings: set = field(default_factory=set)
    represented: set = field(default_factory=set)
    protocols_adopted: int | None = None

    @property
    def attendance_percent(self):
        return percent(self.attended, self.recorded)

    @property
    def represented_percent(self):
        return percent(len(self.represented), len(self.meetings))


def attendance_by_trust(period):
    """Per member trust: the attendance of the people representing it at held meetings, and
    at how many of those meetings it was represented. As on governance's trust attendance
    page, someone counts for a trust when their membership of the meeting's group names the
    trust and was current on the day."""
    trusts = {trust.pk: TrustHealth(trust) for trust in Trust.objects.network_members()}
    group_pks = {group.path: group.pk for group in _groups_by_path().values()}
    seats = defaultdict(list)
    for membership in Membership.objects.filter(trust__isnull=False).only(
        "person_id", "group_id", "trust_id", "start", "end"
    ):
        seats[(membership.person_id, membership.group_id)].append(membership)
    rows = (
        Attendance.objects.filter(meeting__in=meetings_held(period))
        .annotate(group_path=parent_path_of("meeting__path"))
        .values("person_id", "status", "meeting_id", "meeting__start", "group_path")
    )
    for row in rows:
        group_pk = group_pks.get(row["group_path"])
        day = timezone.localtime(row["meeting__start"]).date()
        for seat in seats.get((row["person_id"], group_pk), []):
            if seat.start <= day and (seat.end is None or seat.end >= day):
                health = trusts.get(seat.trust_id)
                if health is None:
                    continue
                health.recorded += 1
                health.meetings.add(row["meeting_id"])
                if row["status"] in ATTENDED:
                    health.attended += 1
                    health.represented.add(row["meeting_id"])
    adopted = protocol_adoption_by_trust()
    if adopted is not None:
        for pk, health in trusts.items():
            health.protocols_adopted = adopted.get(pk, 0)
    return sorted(trusts.values(), key=lambda health: health.trust.name)


# Governance health: actions


@dataclass
class ActionHealth:
    agreed: int
    done: int
    dropped: int
    open: int
    overdue: int

    @property
    def completion_percent(self):
        return percent(self.done, self.agreed - self.dropped)

    def summary(self):
        if not self.agreed:
            return "No actions were agreed at meetings in this period."
        return (
            f"{self.done} of {self.agreed - self.dropped} actions agreed in the period are done "
            f"({self.completion_percent}%); {self.overdue} open "
            f"action{'' if self.overdue == 1 else 's'} are past their due date."
        )


def actions_agreed(period):
    return Action.objects.filter(
        meeting__start__gte=period.starts_at, meeting__start__lt=period.ends_before
    )


def action_health(period, today=None):
    """Actions agreed at meetings in the period: done, dropped, open, and open past due."""
    today = today or timezone.localdate()
    counts = actions_agreed(period).aggregate(
        agreed=Count("pk"),
        done=Count("pk", filter=Q(status=Action.Status.DONE)),
        dropped=Count("pk", filter=Q(status=Action.Status.DROPPED)),
        open=Count("pk", filter=Q(status=Action.Status.OPEN)),
        overdue=Count("pk", filter=Q(status=Action.Status.OPEN, due__lt=today)),
    )
    return ActionHealth(**counts)


ACTION_FILTERS = {
    "all": Q(),
    "done": Q(status=Action.Status.DONE),
    "open": Q(status=Action.Status.OPEN),
    "overdue": Q(status=Action.Status.OPEN),  # and past due, applied with today's date
    "dropped": Q(status=Action.Status.DROPPED),
}


def action_rows(user, period, which="all", today=None):
    """The actions behind the figures that `user` may see (the register's own rule)."""
    today = today or timezone.localdate()
    actions = actions_agreed(period).filter(ACTION_FILTERS[which])
    if which == "overdue":
        actions = actions.filter(due__lt=today)
    return (
        visible_actions(user, all_groups(user), actions)
        .select_related("owner", "meeting")
        .order_by("due", "pk")
    )


# Governance health: risks


def risk_profile(user, request=None):
    """The heat map of the open risks this person may see, from the risk register's services."""
    return heat_map(visible_risks(user), risk_settings(request))


# Governance health: the parts other apps provide


def protocol_adoption_by_trust():
    """{trust pk: protocols adopted}, from the SIGs app."""
    return sig_adoption.adopted_count_by_trust()


@dataclass
class PackReview:
    meeting: MeetingPage
    reviewed: int
    total: int

    @property
    def percent(self):
        return percent(self.reviewed, self.total)


def pack_review(period):
    """How much of each recent pack patient volunteers reviewed, for the latest held meetings
    in the period (at most PACK_REVIEW_MEETINGS), from lay review."""
    meetings = (
        meetings_held(period)
        .filter(agenda_items__papers__isnull=False)
        .distinct()
        .order_by("-start")[:PACK_REVIEW_MEETINGS]
    )
    return [PackReview(meeting, *pack_review_coverage(meeting)) for meeting in meetings]
