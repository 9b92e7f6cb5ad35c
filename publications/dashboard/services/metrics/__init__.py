"""Every figure the dashboard shows, each computed in one function, with the rows behind it;
one module per section of the dashboard. Figures that come from another app's feature
(protocol adoption, lay review of packs, events and CPD) ask that app's own service. Every
function reads in a fixed number of queries, however many groups, trusts or meetings there
are (pack review is capped at PACK_REVIEW_MEETINGS meetings).

Callers use `metrics.<name>`; the names are gathered here from the section modules."""

from .events import EventFigures, event_figures
from .governance_health import (
    ACTION_FILTERS,
    ATTENDED,
    PACK_REVIEW_MEETINGS,
    ActionHealth,
    GroupHealth,
    PackReview,
    TrustHealth,
    action_health,
    action_rows,
    actions_agreed,
    attendance_by_group,
    attendance_by_trust,
    meeting_rows,
    meetings_held,
    pack_review,
    protocol_adoption_by_trust,
    risk_profile,
)
from .maturity import (
    QSI_TARGET_STAGE,
    MaturityTrend,
    PlanProgress,
    QsiMatrix,
    QsinProgress,
    QsiRow,
    evidence_visible_to,
    maturity_trend,
    plan_progress,
    qsi_matrix,
    qsin_progress,
)
from .our_year import SigDeliverables, YearInNumbers, sig_deliverables, sig_pages, year_in_numbers
from .periods import Period, percent

__all__ = [
    "ACTION_FILTERS",
    "ATTENDED",
    "PACK_REVIEW_MEETINGS",
    "QSI_TARGET_STAGE",
    "ActionHealth",
    "EventFigures",
    "GroupHealth",
    "MaturityTrend",
    "PackReview",
    "Period",
    "PlanProgress",
    "QsiMatrix",
    "QsiRow",
    "QsinProgress",
    "SigDeliverables",
    "TrustHealth",
    "YearInNumbers",
    "action_health",
    "action_rows",
    "actions_agreed",
    "attendance_by_group",
    "attendance_by_trust",
    "event_figures",
    "evidence_visible_to",
    "maturity_trend",
    "meeting_rows",
    "meetings_held",
    "pack_review",
    "percent",
    "plan_progress",
    "protocol_adoption_by_trust",
    "qsi_matrix",
    "qsin_progress",
    "risk_profile",
    "sig_deliverables",
    "sig_pages",
    "year_in_numbers",
]
