"""The governance tree and what happens in it; split by concern, re-exported here."""

from .files import LibraryFileVersion
from .groups import GovernanceIndexPage, GroupPage, JoinRequest, Membership
from .lay import (
    ExpenseClaim,
    GlossaryTerm,
    LayFeedback,
    LayNotice,
    PaperReview,
    PapersIssue,
    YouSaidWeDid,
)
from .meetings import AgendaItem, Attendance, MeetingPage, Paper
from .records import (
    Action,
    ActionUpdate,
    Decision,
    Interest,
    InterestDeclaration,
    MinuteEntry,
    Minutes,
    MinutesCorrection,
)
from .risks import (
    Band,
    Risk,
    RiskReferenceCounter,
    RiskReviewReminder,
    RiskScoreChange,
    RiskSettings,
    RiskTree,
    Trend,
)

__all__ = [
    "Action",
    "ActionUpdate",
    "AgendaItem",
    "Attendance",
    "Decision",
    "ExpenseClaim",
    "GlossaryTerm",
    "GovernanceIndexPage",
    "GroupPage",
    "Interest",
    "InterestDeclaration",
    "JoinRequest",
    "LayFeedback",
    "LayNotice",
    "LibraryFileVersion",
    "MeetingPage",
    "Membership",
    "MinuteEntry",
    "Minutes",
    "MinutesCorrection",
    "Paper",
    "PaperReview",
    "PapersIssue",
    "Band",
    "Risk",
    "RiskReferenceCounter",
    "RiskReviewReminder",
    "RiskScoreChange",
    "RiskSettings",
    "RiskTree",
    "Trend",
    "YouSaidWeDid",
]
