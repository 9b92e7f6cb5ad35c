"""The columns and cell values of a register export (the views write them as CSV or XLSX),
and the audit-log row each export writes."""

from wagtail.log_actions import log

EXPORT_COLUMNS = [
    "Reference",
    "Title",
    "Owning group",
    "Escalated to",
    "Cause",
    "Event",
    "Effect",
    "Source",
    "Category",
    "Owner",
    "Opened",
    "Controls",
    "Gaps in control",
    "Assurances",
    "Gaps in assurance",
    "Initial score",
    "Current consequence",
    "Current likelihood",
    "Current score",
    "Band",
    "Trend",
    "Target score",
    "Risk appetite",
    "Status",
    "Closure reason",
    "Last reviewed",
    "Next review",
    "Review overdue",
]


def export_values(rows):
    """One list of cell values per register row, in EXPORT_COLUMNS order."""
    for row in rows:
        risk = row.risk
        yield [
            risk.reference,
            risk.title,
            risk.group.title,
            ", ".join(body.title for body in row.escalated_to),
            risk.cause,
            risk.event,
            risk.effect,
            risk.get_source_display(),
            risk.get_category_display(),
            risk.owner.get_full_name() or risk.owner.email,
            risk.opened_on,
            risk.controls,
            risk.gaps_in_control,
            risk.assurances,
            risk.gaps_in_assurance,
            risk.initial_score,
            risk.current_consequence,
            risk.current_likelihood,
            risk.current_score,
            row.band.label,
            row.trend.label,
            risk.target_score,
            risk.get_appetite_display(),
            risk.get_status_display(),
            risk.closure_reason,
            risk.last_reviewed_on,
            risk.next_review_date,
            "Yes" if row.review_overdue else "No",
        ]


def record_export(user, group, file_format, count):
    """Every export of a register goes into the audit log: who, which register, how many risks.
    The network register (no group) is logged against the person who exported it."""
    log(
        instance=group if group is not None else user,
        action="risks.register.export",
        user=user,
        data={
            "register": group.title if group is not None else "network",
            "format": file_format,
            "risks": count,
        },
    )
