"""Every figure the dashboard shows, each computed in one function here, with the rows behind it.

Figures that depend on another app's feature (protocol adoption, lay review of packs, events
and CPD) ask that app's own service; while the feature has not landed its figure is None and
the dashboard leaves it out. Every function reads in a fixed number of queries, however many
groups, trusts or meetings there are (pack review is capped at PACK_REVIEW_MEETINGS meetings).
"""

import importlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import Left, Length
from django.utils import timezone
from wagtail.models import Page

from governance.models import (
    Action,
    Attendance,
    Decision,
    GroupPage,
    MeetingPage,
    Membership,
    Risk,
    RiskTree,
)
from governance.services.registers import all_groups, visible_actions, visible_decisions
from governance.services.risks import heat_map, risk_settings
from portal.models import Trust

from ..models import (
    MaturityAssessment,
    MaturityDomain,
    ObjectiveStatus,
    PlanObjective,
    QsinSnapshot,
    QsiStage,
    QualityMarkStatus,
    format_score,
)

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.DEPUTISED)
PACK_REVIEW_MEETINGS = 12
# The 5-year plan's Year 4 target: trusts on at least this QSI stage.
QSI_TARGET_STAGE = QsiStage.IMPLEMENTING


def optional(module_path, name):
    """A function from another app's service, or None while that feature has not landed."""
    try:
        return getattr(importlib.import_module(module_path), name)
    except (ImportError, AttributeError, LookupError):
        return None


def percent(part, whole):
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Period:
    """A span of whole days in London time, both ends included."""

    start: date
    end: date

    @classmethod
    def last_twelve_months(cls, today=None):
        today = today or timezone.localdate()
        return cls(today.replace(year=today.year - 1) + timedelta(days=1), today)

    @classmethod
    def financial_year(cls, starting_year):
        return cls(date(starting_year, 4, 1), date(starting_year + 1, 3, 31))

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_before(self):
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def label(self):
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def querystring(self):
        return urlencode({"start": self.start.isoformat(), "end": self.end.isoformat()})


def _group_path(field_name):
    return Left(field_name, Length(field_name) - Page.steplen)


# The maturity matrix


@dataclass
class MaturityTrend:
    domains: list
    assessments: list  # oldest first, each with .scores: {domain pk: DomainScore}

    @property
    def latest(self):
        return self.assessments[-1] if self.assessments else None

    @property
    def first(self):
        return self.assessments[0] if self.assessments else None

    def rows(self):
        """One row per submission: (domain, score or None) for each domain."""
        return [
            {
                "assessment": assessment,
                "cells": [(domain, assessment.scores.get(domain.pk)) for domain in self.domains],
            }
            for assessment in self.assessments
        ]

    def domain_summary(self):
        """How each domain's score moved between its first and latest scored submissions."""
        moves = []
        for domain in self.domains:
            scored = [
                a.scores[domain.pk]
                for a in self.assessments
                if domain.pk in a.scores and a.scores[domain.pk].score is not None
            ]
            if len(scored) > 1:
                moves.append(
                    f"{domain.name} from {format_score(scored[0].score, 1)} to "
                    f"{format_score(scored[-1].score, 1)}"
                )
            elif scored:
                moves.append(f"{domain.name} {format_score(scored[0].score, 1)}")
        if not moves:
            return "No domain scores have been recorded yet; the table gives each stage."
        return "Domain scores: " + "; ".join(moves) + "."

    def summary(self):
        if not self.assessments:
            return "No maturity matrix submissions have been recorded yet."
        first, latest = self.first, self.latest
        if first is latest:
            return f"One submission so far ({latest.submitted_on:%B %Y}): {latest.overall_label}."
        return (
            f"The network's maturity rose from {first.overall_label} in "
            f"{first.submitted_on:%B %Y} to {latest.overall_label} in "
            f"{latest.submitted_on:%B %Y}, over {len(self.assessments)} submissions."
        )


def maturity_trend(period=None, *, with_evidence=False):
    """Submissions (oldest first) with their domain scores; optionally only those in `period`."""
    domains = list(MaturityDomain.objects.all())
    assessments = MaturityAssessment.objects.with_scores()
    if period is not None:
        assessments = assessments.between(period.start, period.end)
    if with_evidence:
        assessments = assessments.prefetch_related("evidence__decision", "evidence__page")
    assessments = list(assessments)
    for assessment in assessments:
        assessment.scores = {score.domain_id: score for score in assessment.domain_scores.all()}
    return MaturityTrend(domains=domains, assessments=assessments)


# Quality Standard for Imaging, per trust


@dataclass
class QsiRow:
    trust: Trust
    progress: object  # QsiProgress or None when nothing is recorded for the trust

    @property
    def stage(self):
        return self.progress.stage if self.progress else None

    def cells(self):
        return [self.stage == stage for stage in QsiStage.values]


@dataclass
class QsiMatrix:
    rows: list
    stages: list = field(default_factory=lambda: list(QsiStage))

    def count_at(self, stage):
        return sum(1 for row in self.rows if row.stage == stage)

    @property
    def by_stage(self):
        return [(stage, self.count_at(stage)) for stage in self.stages]

    @property
    def recorded(self):
        return sum(1 for row in self.rows if row.progress)

    @property
    def at_target(self):
        return sum(
            1 for row in self.rows if row.stage is not None and row.stage >= QSI_TARGET_STAGE
        )

    @property
    def quality_marks(self):
        return sum(
            1
            for row in self.rows
            if row.progress and row.progress.quality_mark_status == QualityMarkStatus.ACCREDITED
        )

    @property
    def estimates(self):
        return sum(1 for row in self.rows if row.progress and row.progress.is_estimate)

    def summary(self):
        if not self.recorded:
            return "No trust's progress towards the Quality Standard for Imaging is recorded yet."
        return (
            f"{self.at_target} of {len(self.rows)} trusts are at stage {QSI_TARGET_STAGE.value} "
            f"or beyond (the plan's Year 4 target is 12 of 15); {self.quality_marks} "
            f"{'has' if self.quality_marks == 1 else 'have'} the Quality Mark."
        )


def qsi_matrix():
    """Every acute member trust (QSI accredits their imaging services) with its QSI progress."""
    trusts = Trust.objects.network_members().acute().select_related("qsi_progress").order_by("name")
    return QsiMatrix(rows=[QsiRow(trust, getattr(trust, "qsi_progress", None)) for trust in trusts])


# The QSIN gap analysis


@dataclass
class QsinProgress:
    snapshots: list  # oldest first

    @property
    def latest(self):
        return self.snapshots[-1] if self.snapshots else None

    def summary(self):
        if not self.snapshots:
            return "No QSIN gap analysis has been recorded yet."
        first, latest = self.snapshots[0], self.latest
        if first is latest:
            return (
                f"The gap analysis of {latest.taken_on:%B %Y} found {latest.percent_complete}% "
                f"complete and {latest.percent_commenced}% commenced."
            )
        return (
            f"From {first.taken_on:%B %Y} to {latest.taken_on:%B %Y} the network went from "
            f"{first.percent_complete}% to {latest.percent_complete}% complete and from "
            f"{first.percent_commenced}% to {latest.percent_commenced}% commenced."
        )


def qsin_progress(period=None):
    snapshots = QsinSnapshot.objects.order_by("taken_on")
    if period is not None:
        snapshots = snapshots.filter(taken_on__gte=period.start, taken_on__lte=period.end)
    return QsinProgress(snapshots=list(snapshots))


# The 5-year plan


@dataclass
class PlanProgress:
    years: list  # (PlanYear label, [objectives])

    @property
    def objectives(self):
        return [objective for _, objectives in self.years for objective in objectives]

    @property
    def by_status(self):
        counts = Counter(objective.status for objective in self.objectives)
        return [(status, counts[status]) for status in ObjectiveStatus]

    def summary(self):
        total = len(self.objectives)
        if not total:
            return "No objectives of the 5-year plan have been recorded yet."
        counts = dict(self.by_status)
        return (
            f"Of the plan's {total} objectives, {counts[ObjectiveStatus.ACHIEVED]} are achieved, "
            f"{counts[ObjectiveStatus.IN_PROGRESS]} in progress, "
            f"{counts[ObjectiveStatus.AT_RISK]} at risk and "
            f"{counts[ObjectiveStatus.NOT_STARTED]} not started."
        )


def plan_progress(*, with_evidence=False):
    objectives = PlanObjective.objects.all()
    if with_evidence:
        objectives = objectives.prefetch_related("evidence__decision", "evidence__page")
    years = defaultdict(list)
    for objective in objectives:
        years[objective.year].append(objective)
    return PlanProgress(
        years=[
            (objective_list[0].get_year_display(), objective_list)
            for _, objective_list in sorted(years.items())
        ]
    )


def evidence_visible_to(user, links):
    """The evidence links this person may follow: decisions only where the decision register
    would show them the decision; pages only when live."""
    decision_ids = {link.decision_id for link in links if link.decision_id}
    visible = set()
    if decision_ids:
        visible = set(
            visible_decisions(user, all_groups(user))
            .filter(pk__in=decision_ids)
            .values_list("pk", flat=True)
        )
    return [
        link
        for link in links
        if (link.decision_id and link.decision_id in visible)
        or (link.page_id and link.page.live)
        or (link.url and not link.decision_id and not link.page_id)
    ]


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
        .annotate(group_path=_group_path("path"))
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
        .annotate(group_path=_group_path("meeting__path"))
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
            group_path=_group_path("path"),
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
        .annotate(group_path=_group_path("meeting__path"))
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
    tree = RiskTree()
    return heat_map(Risk.objects.filter(tree.visible_risks(user)), risk_settings(request))


# Governance health: the parts other apps provide


def protocol_adoption_by_trust():
    """{trust pk: protocols adopted} from the SIGs app, or None before it provides it."""
    adopted_count_by_trust = optional("sigs.services.adoption", "adopted_count_by_trust")
    return adopted_count_by_trust() if adopted_count_by_trust else None


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
    in the period (at most PACK_REVIEW_MEETINGS); None before lay review has landed."""
    coverage = optional("governance.services.lay", "pack_review_coverage")
    if coverage is None:
        return None
    meetings = (
        meetings_held(period)
        .filter(agenda_items__papers__isnull=False)
        .distinct()
        .order_by("-start")[:PACK_REVIEW_MEETINGS]
    )
    return [PackReview(meeting, *coverage(meeting)) for meeting in meetings]


@dataclass
class EventFigures:
    held: object
    attendees: object
    cpd_by_trust: list  # dicts: key, label, attendances, hours (events.services.stats)
    cpd_by_staff_group: list

    @property
    def cpd_hours(self):
        return sum(row["hours"] for row in self.cpd_by_trust)


def event_figures(period):
    """Events held, attendees and CPD hours from the events app, or None before it has them."""
    names = ("events_held", "attendees", "cpd_hours_delivered")
    found = [optional("events.services.stats", name) for name in names]
    if not all(found):
        return None
    events_held, attendees, cpd_hours_delivered = found
    return EventFigures(
        held=events_held(period.start, period.end),
        attendees=attendees(period.start, period.end),
        cpd_by_trust=list(cpd_hours_delivered(period.start, period.end, "trust")),
        cpd_by_staff_group=list(cpd_hours_delivered(period.start, period.end, "staff_group")),
    )


# The year in numbers (the "Our year" data pack's opening page)


@dataclass
class YearInNumbers:
    period: Period
    meetings_held: int
    decisions: int
    sigs_active: int
    sigs_total: int
    protocols_approved: int | None


def sig_pages():
    return GroupPage.objects.live().filter(kind=GroupPage.Kind.SIG)


def year_in_numbers(period):
    """Counts for the period: meetings held, decisions, SIGs that met, protocols approved."""
    held = meetings_held(period)
    met = set(held.annotate(group_path=_group_path("path")).values_list("group_path", flat=True))
    sigs = list(sig_pages().values_list("path", flat=True))
    protocol_page = optional("sigs.models", "ProtocolPage")
    protocols = None
    if protocol_page is not None:
        protocols = protocol_page.objects.approved_between(
            period.starts_at, period.ends_before
        ).count()
    return YearInNumbers(
        period=period,
        meetings_held=held.count(),
        decisions=Decision.objects.filter(
            meeting__live=True, decided_on__gte=period.start, decided_on__lte=period.end
        ).count(),
        sigs_active=sum(1 for path in sigs if path in met),
        sigs_total=len(sigs),
        protocols_approved=protocols,
    )


# Per-SIG deliverables (the annual report's work-programme pages)


@dataclass
class SigDeliverables:
    sig: object
    items: list = field(default_factory=list)

    def count(self, status):
        return sum(1 for item in self.items if item.status == status)

    @property
    def done(self):
        return self.count("done")

    @property
    def in_progress(self):
        return self.count("in_progress")

    @property
    def planned(self):
        return self.count("planned")


def sig_deliverables(period):
    """Each live SIG's deliverables that were open during the period or finished in it;
    None before SIG work programmes have landed."""
    work_item = optional("sigs.models", "WorkItem")
    if work_item is None:
        return None
    items = (
        work_item.objects.of_kind(work_item.Kind.DELIVERABLE)
        .filter(sig__live=True)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=period.start))
        .filter(Q(start__isnull=True) | Q(start__lte=period.end))
        .select_related("sig")
        .order_by("sig__title", "sort_order", "pk")
    )
    by_sig = {}
    for item in items:
        by_sig.setdefault(item.sig_id, SigDeliverables(item.sig)).items.append(item)
    return list(by_sig.values())
