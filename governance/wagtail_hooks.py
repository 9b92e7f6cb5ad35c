"""Wagtail admin wiring for governance."""

from django.db import transaction
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.signals import init_new_page, page_published

from . import notifications, panels  # noqa: F401 (registers links, panels, notification kinds)
from .membership_admin import MembershipPermissionPolicy, MembershipViewSet
from .models import MeetingPage, Membership
from .search import search_sources
from .services.meetings import prefill_standing_items


def open_new_meeting_agenda(sender, page, parent, **kwargs):
    """A new meeting opens in the editor with its standing items already on the agenda, so the
    chair sees and edits them before saving; nothing is added behind their back later."""
    if isinstance(page, MeetingPage):
        prefill_standing_items(page)


init_new_page.connect(open_new_meeting_agenda, dispatch_uid="governance-standing-items")


def tell_members_agenda_published(sender, instance, **kwargs):
    """Publishing a meeting publishes its agenda: the group's members are told (once)."""
    transaction.on_commit(lambda: notifications.agenda_published(instance))


page_published.connect(
    tell_members_agenda_published, sender=MeetingPage, dispatch_uid="governance-agenda-published"
)


# Registered before anything asks for Membership's policy, or Wagtail falls back to Django's
# model permissions (which chairs, as editors, could be given by mistake).
register_permission_policy(Membership, MembershipPermissionPolicy(Membership))


@hooks.register("register_admin_viewset")
def register_membership_admin():
    return MembershipViewSet("memberships")


hooks.register("register_search_source", search_sources)


@hooks.register("register_log_actions")
def register_meeting_log_actions(actions):
    """Audit-log entries written about meetings (Wagtail refuses actions it does not know)."""
    for action, label, message in [
        ("governance.paper.add", "Add paper", "Added a paper"),
        ("governance.paper.download", "Download paper", "Downloaded a paper"),
        ("governance.pack.download", "Download board pack", "Downloaded the full board pack"),
        ("governance.minutes.circulate", "Circulate minutes", "Circulated the minutes"),
        ("governance.minutes.approve", "Approve minutes", "Approved the minutes"),
        ("governance.decision.record", "Record decision", "Recorded a decision"),
        ("governance.attendance.record", "Record attendance", "Recorded attendance"),
        ("governance.record.correct", "Correct record", "Corrected a record"),
        ("governance.declaration.record", "Record declaration", "Recorded a declaration"),
        ("governance.declaration.remove", "Remove declaration", "Removed a declaration"),
    ]:
        actions.register_action(action, label, message)


@hooks.register("register_log_actions")
def register_library_log_actions(actions):
    """Audit-log entries about each group's file library."""
    for action, label, message in [
        ("governance.library.upload", "Add library files", "Added files to the library"),
        ("governance.library.replace", "Replace library file", "Replaced a library file"),
        ("governance.library.download", "Download library file", "Downloaded a library file"),
    ]:
        actions.register_action(action, label, message)
