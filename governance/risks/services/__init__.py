"""The risk register's services, split by concern: scoring (opening, re-scoring, editing),
escalation, reviews and their reminders, register rows and the heat map, and exports.

The public names are gathered here so callers can write `services.open_risk(...)`; each is
defined once, in its module.
"""

from .escalation import escalated_risks_for, escalation_change, next_meeting_of, register_for
from .exports import EXPORT_COLUMNS, export_values, record_export
from .registers import RiskRow, heat_map, risk_rows
from .reviews import record_review, send_overdue_review_reminders
from .scoring import (
    EDITABLE_FIELDS,
    OPENING_REASON,
    change_score,
    open_risk,
    require_editor,
    risk_settings,
    update_risk,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EXPORT_COLUMNS",
    "OPENING_REASON",
    "RiskRow",
    "change_score",
    "escalated_risks_for",
    "escalation_change",
    "export_values",
    "record_export",
    "heat_map",
    "next_meeting_of",
    "open_risk",
    "record_review",
    "register_for",
    "require_editor",
    "risk_rows",
    "risk_settings",
    "send_overdue_review_reminders",
    "update_risk",
]
