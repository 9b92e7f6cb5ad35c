"""Reads shared by registers, the heat map, exports and meeting agendas: a register row with
its band, trend and escalation, and the heat map's counts."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from ..models import Band, Risk, RiskScoreChange


@dataclass
class RiskRow:
    """A risk as a register shows it: with its band, trend and where escalation takes it."""

    risk: Risk
    band: Band
    trend: str
    last_move: RiskScoreChange | None
    escalated_to: list
    escalated_from: object
    review_overdue: bool

    @property
    def is_escalated(self):
        return bool(self.escalated_to)


def risk_rows(risks, *, bands, tree, register_group=None, today=None):
    """Register rows for risks fetched with `Risk.objects.for_listing()` (no further queries)."""
    today = today or timezone.localdate()
    rows = []
    for risk in risks:
        reached = tree.escalated_to(risk.group_id, risk.current_score) if risk.is_open else []
        from_below = register_group is not None and risk.group_id != register_group.pk
        rows.append(
            RiskRow(
                risk=risk,
                band=bands.band(risk.current_score),
                trend=risk.trend(),
                last_move=risk.last_move(),
                escalated_to=reached,
                escalated_from=risk.group if from_below else None,
                review_overdue=risk.review_overdue(today),
            )
        )
    return rows


def heat_map(risks, bands):
    """Counts of open risks per consequence × likelihood cell, likelihood 5 at the top."""
    counts = {
        (row["current_consequence"], row["current_likelihood"]): row["n"]
        for row in risks.open()
        .order_by()
        .values("current_consequence", "current_likelihood")
        .annotate(n=Count("pk"))
    }
    grid = []
    for likelihood in range(5, 0, -1):
        cells = []
        for consequence in range(1, 6):
            score = consequence * likelihood
            cells.append(
                {
                    "consequence": consequence,
                    "likelihood": likelihood,
                    "score": score,
                    "band": bands.band(score),
                    "count": counts.get((consequence, likelihood), 0),
                }
            )
        grid.append(
            {"likelihood": likelihood, "label": Risk.LIKELIHOODS[likelihood], "cells": cells}
        )
    by_band = {band: 0 for band in Band}
    for (consequence, likelihood), n in counts.items():
        by_band[bands.band(consequence * likelihood)] += n
    return {"grid": grid, "by_band": by_band, "total": sum(counts.values())}
