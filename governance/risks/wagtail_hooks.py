"""Audit-log actions written about risk registers (Wagtail refuses actions it does not know)."""

from wagtail import hooks

from . import notifications  # noqa: F401 (registers the notification kinds)


@hooks.register("register_log_actions")
def register_risk_log_actions(actions):
    actions.register_action(
        "risks.register.export", "Export risk register", "Exported the risk register"
    )
