"""Special interest groups: workspaces, work programmes, protocols and their adoption."""

from .adoption import Adoption, NewVersionNotice
from .protocols import (
    ChangeKind,
    Modality,
    ProtocolAttachment,
    ProtocolPage,
    ProtocolStatus,
    ProtocolVersion,
    ProtocolVisibility,
    ReviewComment,
    ReviewReminder,
)
from .workflow import ChairApprovalTask, SigReviewTask
from .workspace import SigPage, TrustLead, WorkItem

__all__ = [
    "Adoption",
    "ChairApprovalTask",
    "ChangeKind",
    "Modality",
    "NewVersionNotice",
    "ProtocolAttachment",
    "ProtocolPage",
    "ProtocolStatus",
    "ProtocolVersion",
    "ProtocolVisibility",
    "ReviewComment",
    "ReviewReminder",
    "SigPage",
    "SigReviewTask",
    "TrustLead",
    "WorkItem",
]
