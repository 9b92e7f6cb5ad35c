"""Audit-log actions written about attendance and CPD (Wagtail refuses actions it does not know)."""

from wagtail import hooks

from . import panels  # noqa: F401 (registers its navigation links and My network panel)


@hooks.register("register_log_actions")
def register_cpd_log_actions(actions):
    for action, label, message in [
        ("events.attendance.record", "Record attendance", "Recorded attendance"),
        ("events.attendance.import", "Import attendance", "Imported attendance from a report"),
        ("events.recording.download", "Download recording", "Downloaded a recording or slides"),
    ]:
        actions.register_action(action, label, message)
