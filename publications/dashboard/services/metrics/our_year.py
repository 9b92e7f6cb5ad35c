"""The "Our year" data pack's own figures: the year in numbers and each SIG's deliverables."""

from dataclasses import dataclass, field

from django.db.models import Q

from governance.models import (
    Decision,
    GroupPage,
)
from portal.tree import parent_path_of
from sigs.models import ProtocolPage, WorkItem

from .governance_health import meetings_held
from .periods import Period

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
    met = set(held.annotate(group_path=parent_path_of("path")).values_list("group_path", flat=True))
    sigs = list(sig_pages().values_list("path", flat=True))
    protocols = ProtocolPage.objects.approved_between(period.starts_at, period.ends_before).count()
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
    """Each live SIG's deliverables that were open during the period or finished in it."""
    items = (
        WorkItem.objects.of_kind(WorkItem.Kind.DELIVERABLE)
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
