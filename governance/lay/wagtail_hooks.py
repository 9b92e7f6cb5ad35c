"""Wagtail admin wiring for patient volunteers: the network office's menu, and the audit-log
actions for receipts, claim decisions, the finance export and invitations."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import notifications, panels  # noqa: F401 (registers links, panels, notification kinds)
from .rules import may_manage_claims


@hooks.register("register_log_actions")
def register_expense_log_actions(actions):
    for action, label, message in (
        ("governance.expense.receipt_download", "Download receipt", "Downloaded a receipt"),
        ("governance.expense.receipt_replace", "Replace receipt", "Replaced a receipt"),
        ("governance.expense.approve", "Approve expense claim", "Approved an expense claim"),
        ("governance.expense.reject", "Reject expense claim", "Rejected an expense claim"),
        ("governance.expense.export", "Export approved claims", "Exported approved claims"),
        ("lay.invitation.issue", "Invite volunteer", "Invited a patient volunteer"),
        ("lay.invitation.reissue", "Re-invite volunteer", "Sent a volunteer a new invitation"),
        ("lay.invitation.accept", "Accept invitation", "Accepted a volunteer invitation"),
    ):
        actions.register_action(action, label, message)


class NetworkOfficeMenuItem(MenuItem):
    """Shown to the network office only (superusers included)."""

    def is_shown(self, request):
        return may_manage_claims(request.user)


@hooks.register("register_admin_menu_item")
def register_patient_volunteers_menu():
    return SubmenuMenuItem(
        "Patient volunteers",
        Menu(
            items=[
                NetworkOfficeMenuItem(
                    "Invite a volunteer", reverse("volunteer_invite"), icon_name="mail"
                ),
                NetworkOfficeMenuItem(
                    "Expense claims", reverse("governance:expense_review"), icon_name="form"
                ),
            ]
        ),
        icon_name="group",
        order=910,
    )
