"""A second factor before anything privileged: anyone holding a privileged role (the network
office, superusers, editors and chairs with the page editor) must set up an authenticator app
before they open an admin area or a view marked `@privileged` (expenses and receipts,
confidential papers, risk exports, attendee lists, invitations). `rules.needs_second_factor`
decides who; this middleware is the one place that enforces it."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from .rules import needs_second_factor

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def privileged(view):
    """Mark a view as privileged: a privileged account needs a second factor to open it."""
    view.requires_second_factor = True
    return view


def second_factor_redirect(request):
    """For a view privileged only in part (a register's export): the redirect to set up a
    second factor when this person needs one, else None."""
    if SecondFactorRequiredMiddleware._must_set_up(request):
        return SecondFactorRequiredMiddleware._set_up(request)
    return None


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIXES) and self._must_set_up(request):
            return self._set_up(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "requires_second_factor", False) and self._must_set_up(request):
            return self._set_up(request)
        return None

    @staticmethod
    def _must_set_up(request):
        return settings.PORTAL_REQUIRE_ADMIN_MFA and needs_second_factor(request.user)

    @staticmethod
    def _set_up(request):
        messages.warning(
            request,
            "Set up two-factor authentication with an authenticator app before using "
            "this page. You will also get recovery codes to keep somewhere safe.",
        )
        return redirect(reverse("mfa_activate_totp") + "?next=" + quote(request.get_full_path()))
