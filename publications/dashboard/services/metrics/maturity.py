"""The dashboard's first section: the maturity matrix, the Quality Standard for Imaging per
trust, the QSIN gap analysis and the 5-year plan, with the evidence behind them."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from governance.services.registers import all_groups, visible_decisions
from portal.models import Trust

from ...models import (
    MaturityAssessment,
    MaturityDomain,
    ObjectiveStatus,
    PlanObjective,
    QsinSnapshot,
    QsiStage,
    QualityMarkStatus,
    format_score,
)

# The 5-year plan's Year 4 target: trusts on at least this QSI stage.
QSI_TARGET_STAGE = QsiStage.IMPLEMENTING


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
