"""The reads behind the network's registers: its groups, which decisions and actions a person
may see, and attendance history per person and per trust.

Decisions and actions take the visibility of the agenda item they were recorded against, and
`rules.may_view` decides, as for the item itself (`visibility.record_visibility`).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.rules import is_network_admin
from portal.tree import parent_path, parent_path_of

from ..models import Action, Attendance, Decision, GroupPage, Membership
from ..visibility import UNLINKED_RECORD_VISIBILITY, visible_condition

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.DEPUTISED)


def all_groups(user=None):
    """Every group by page path, in tree order; with `user`, their memberships read in one go."""
    groups = list(GroupPage.objects.order_by("path"))
    if user is not None:
        GroupPage.prime_membership_cache(groups, user)
    return {group.path: group for group in groups}


def published_groups():
    """The live groups: those whose pages answer, looked up by id."""
    return GroupPage.objects.live()


def _with_group_and_visibility(queryset):
    return queryset.annotate(
        record_visibility=Coalesce("agenda_item__visibility", Value(UNLINKED_RECORD_VISIBILITY)),
        group_path=parent_path_of("meeting__path"),
    )


def _visible(user, groups):
    """A filter for the records whose visibility `may_view` grants `user` in their group."""
    return visible_condition(user, groups, field="record_visibility")


def visible_decisions(user, groups):
    """Decisions of published meetings that `user` may see, newest first."""
    decisions = _with_group_and_visibility(Decision.objects.filter(meeting__live=True))
    return decisions.filter(_visible(user, groups)).for_register()


def visible_actions(user, groups, actions=None):
    """Actions `user` may see: those on items they may see, and always their own."""
    actions = _with_group_and_visibility(Action.objects.all() if actions is None else actions)
    condition = _visible(user, groups)
    if user.is_authenticated:
        condition |= Q(owner=user)
    return actions.filter(condition)


# Attendance history


@dataclass
class AttendanceRate:
    group: GroupPage
    counts: Counter = field(default_factory=Counter)

    @property
    def recorded(self):
        return sum(self.counts.values())

    @property
    def attended(self):
        return sum(self.counts[status] for status in ATTENDED)

    @property
    def percent(self):
        return round(100 * self.attended / self.recorded) if self.recorded else None

    def count(self, status):
        return self.counts[status]


def attendance_scope(viewer, person):
    """The groups whose attendance by `person` the viewer may see: None for all of them.

    A person sees their own history, the network office everyone's; the chair, deputy or
    secretary of a group the person belongs to sees the person's attendance at that group.
    An empty list means the viewer may see none of it.
    """
    if viewer.is_authenticated and (viewer.pk == person.pk or is_network_admin(viewer)):
        return None
    if not viewer.is_authenticated:
        return []
    led = Membership.objects.current().leading().filter(person=viewer).values("group")
    return list(
        Membership.objects.current()
        .filter(person=person, group__in=led)
        .values_list("group_id", flat=True)
        .distinct()
    )


def person_attendance(person, group_ids=None):
    """A person's attendance rows (newest first) and their rates by group."""
    groups = all_groups()
    rows = (
        Attendance.objects.filter(person=person)
        .select_related("meeting", "deputy")
        .order_by("-meeting__start")
    )
    history, rates = [], {}
    for row in rows:
        group = groups.get(parent_path(row.meeting))
        if group is None or (group_ids is not None and group.pk not in group_ids):
            continue
        row.group = group
        history.append(row)
        rates.setdefault(group.pk, AttendanceRate(group)).counts[row.status] += 1
    return history, sorted(rates.values(), key=lambda rate: rate.group.path)


@dataclass
class TrustMeeting:
    """One meeting at which a trust had representatives, and how each was recorded."""

    meeting: object
    group: GroupPage
    rows: list = field(default_factory=list)

    @property
    def represented(self):
        return any(row.status in ATTENDED for row in self.rows)


@dataclass
class TrustRate:
    group: GroupPage
    meetings: int = 0
    represented: int = 0

    @property
    def percent(self):
        return round(100 * self.represented / self.meetings) if self.meetings else None


@dataclass
class TrustHistory:
    meetings: list
    rates: list
    groups_now: list


def trust_attendance(trust):
    """Meetings where someone represented `trust`, the rates by group, and the groups where it
    has a representative now.

    A person counts for the trust at a meeting when their membership of the meeting's group
    names the trust and was current on the day.
    """
    groups = all_groups()
    by_pk = {group.pk: group for group in groups.values()}
    memberships = defaultdict(list)
    for membership in Membership.objects.filter(trust=trust):
        memberships[(membership.person_id, membership.group_id)].append(membership)
    people = {person_id for person_id, _ in memberships}
    rows = (
        Attendance.objects.filter(person__in=people)
        .select_related("meeting", "person", "deputy")
        .order_by("-meeting__start", "person__last_name")
    )
    meetings = {}
    for row in rows:
        group = groups.get(parent_path(row.meeting))
        if group is None:
            continue
        day = timezone.localtime(row.meeting.start).date()
        if not any(
            m.start <= day and (m.end is None or m.end >= day)
            for m in memberships.get((row.person_id, group.pk), [])
        ):
            continue
        meetings.setdefault(row.meeting.pk, TrustMeeting(row.meeting, group)).rows.append(row)
    rates = {}
    for entry in meetings.values():
        rate = rates.setdefault(entry.group.pk, TrustRate(entry.group))
        rate.meetings += 1
        rate.represented += entry.represented
    today = timezone.localdate()
    current_groups = {
        m.group_id for ms in memberships.values() for m in ms if m.end is None or m.end >= today
    }
    return TrustHistory(
        meetings=list(meetings.values()),
        rates=sorted(rates.values(), key=lambda rate: rate.group.path),
        groups_now=sorted(
            (by_pk[pk] for pk in current_groups if pk in by_pk), key=lambda group: group.path
        ),
    )
