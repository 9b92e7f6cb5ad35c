"""Wagtail admin wiring for the round-up: menu, sending dashboard, previews, suppressions and
the subscriber list."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.permissions import register_permission_policy

from . import admin_views, panels  # noqa: F401 (panels registers its navigation links)
from .models import RoundupPage, Subscriber, SubscriberEvent
from .services.history import action_of
from .subscriber_admin import SubscriberPermissionPolicy, SubscriberViewSet

admin_urls = (
    [
        path("", admin_views.issue_index, name="index"),
        path("issues/<id:page_id>/", admin_views.dashboard, name="dashboard"),
        path("issues/<id:page_id>/act/", admin_views.act, name="act"),
        path("issues/<id:page_id>/test/", admin_views.send_test, name="send_test"),
        path("issues/<id:page_id>/preview/html/", admin_views.preview_html, name="preview_html"),
        path("issues/<id:page_id>/preview/text/", admin_views.preview_text, name="preview_text"),
        path("suppressions/", admin_views.suppressions, name="suppressions"),
        path("issues/<id:page_id>/redraft/", admin_views.redraft, name="redraft"),
    ],
    "roundup_admin",
)


@hooks.register("register_admin_urls")
def register_roundup_admin_urls():
    return [path("round-up/", include(admin_urls))]


class RoundupMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("roundup.manage_roundup")


@hooks.register("register_admin_menu_item")
def register_roundup_menu_item():
    return RoundupMenuItem(
        "Round-up sending", reverse("roundup_admin:index"), icon_name="mail", order=950
    )


class SendingButton(PageMenuItem):
    label = "Preview, test and send"
    icon_name = "mail"
    url_name = "roundup_admin:dashboard"

    def is_shown(self, user):
        return user.has_perm("roundup.manage_roundup")


def _sending_button(page, user, priority):
    if isinstance(page.specific_deferred, RoundupPage):
        yield SendingButton(page=page, priority=priority)


@hooks.register("register_page_header_buttons")
def roundup_header_button(page, user, view_name, next_url=None):
    yield from _sending_button(page, user, 5)


@hooks.register("register_page_listing_more_buttons")
def roundup_listing_button(page, user, next_url=None):
    yield from _sending_button(page, user, 5)


# Registered before anything asks for Subscriber's policy, so Django's model permissions
# (which editors could be given) never open the list.
register_permission_policy(Subscriber, SubscriberPermissionPolicy(Subscriber))


@hooks.register("register_admin_viewset")
def register_subscriber_admin():
    return SubscriberViewSet()


@hooks.register("register_log_actions")
def register_subscriber_log_actions(actions):
    for kind, label in SubscriberEvent.Kind.choices:
        actions.register_action(action_of(kind), f"Round-up: {label.lower()}", label)
