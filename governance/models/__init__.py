"""The governance tree and what happens in it; split by concern, re-exported here."""

from .files import LibraryFileVersion
from .groups import GovernanceIndexPage, GroupPage, JoinRequest, Membership
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

__all__ = [
    "Action",
    "ActionUpdate",
    "AgendaItem",
    "Attendance",
    "Decision",
    "GovernanceIndexPage",
    "GroupPage",
    "Interest",
    "InterestDeclaration",
    "JoinRequest",
    "LibraryFileVersion",
    "MeetingPage",
    "Membership",
    "MinuteEntry",
    "Minutes",
    "MinutesCorrection",
    "Paper",
]
