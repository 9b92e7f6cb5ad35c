"""Typed risk register errors. They are governance errors, so views that catch
`GovernanceError` show them as they are."""

from governance.errors import GovernanceError


class RiskError(GovernanceError):
    """A change to a risk that the register's rules refuse (a score without a reason…)."""


class ReasonRequired(RiskError):
    """A risk's score changed, or it was closed, without saying why."""
