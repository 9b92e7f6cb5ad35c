"""Wagtail admin wiring for patient volunteers: the network office's menu, and the audit-log
action written when a receipt is downloaded."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .rules import may_manage_claims


@hooks.register("register_log_actions")
def register_expense_log_actions(actions):
    actions.register_action(
        "governance.expense.receipt_download", "Download receipt", "Downloaded a receipt"
    )


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
