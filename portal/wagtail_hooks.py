"""Wagtail admin: the approval queue menu item."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, navigation  # noqa: F401 (navigation registers the portal's links)
from .models import User

applicant_urls = (
    [
        path("", admin_views.applicant_index, name="index"),
        path("<id:pk>/decide/", admin_views.applicant_decide, name="decide"),
    ],
    "portal_applicants",
)


@hooks.register("register_admin_urls")
def register_applicant_urls():
    return [path("applicants/", include(applicant_urls))]


class ApplicantsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("portal.review_applicants")

    def render_component(self, request):
        # Wagtail's sidebar is drawn from this component (get_context is never called), and
        # the menu item itself is shared between requests, so the count goes on the component.
        component = super().render_component(request)
        waiting = User.objects.awaiting_approval().count()
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


@hooks.register("register_admin_menu_item")
def register_applicants_menu_item():
    return ApplicantsMenuItem(
        "Sign-ups to approve",
        reverse("portal_applicants:index"),
        icon_name="user",
        order=900,
    )


@hooks.register("register_log_actions")
def register_search_text_log_actions(actions):
    """The reason a document's text was left out of the search, in the history of the paper
    or publication it belongs to (portal.text_extraction)."""
    from wagtail.log_actions import LogFormatter

    from .text_extraction import SKIPPED_ACTION

    @actions.register_action(SKIPPED_ACTION)
    class SearchTextSkipped(LogFormatter):
        label = "Search text not read"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return f"Search text not read from {data.get('file', 'a file')}: {data.get('reason')}"
