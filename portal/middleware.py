"""Anyone who can reach an admin area must have set up two-factor authentication first; a
patient volunteer must have accepted the current Patient Volunteer Policy."""

from urllib.parse import quote

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def needs_mfa_setup(user):
    return (
        user.is_authenticated
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


class AdminRequiresMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_REQUIRE_ADMIN_MFA
            and request.path.startswith(ADMIN_PREFIXES)
            and needs_mfa_setup(request.user)
        ):
            messages.warning(
                request,
                "Set up two-factor authentication with an authenticator app before using "
                "the admin. You will also get recovery codes to keep somewhere safe.",
            )
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


class VolunteerPolicyMiddleware:
    """A patient volunteer who has not accepted the current Patient Volunteer Policy is sent
    to accept it before any other page (they may still read the policy and sign out)."""

    SESSION_KEY = "volunteer_policy_accepted"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_lay_member and not self._exempt(request.path):
            from .volunteers import current_policy, needs_policy_acceptance

            policy = current_policy(request)
            accepted = request.session.get(self.SESSION_KEY)
            if policy.is_set and accepted != policy.policy_version:
                if needs_policy_acceptance(user, policy):
                    if policy.policy_page and request.path == policy.policy_page.url:
                        return self.get_response(request)
                    return redirect(reverse("volunteer_policy") + "?next=" + quote(request.path))
                request.session[self.SESSION_KEY] = policy.policy_version
        return self.get_response(request)

    @staticmethod
    def _exempt(path):
        allowed = (
            reverse("volunteer_policy"),
            reverse("account_logout"),
            settings.STATIC_URL,
            settings.MEDIA_URL,
            "/healthz",
        )
        return path.startswith(allowed)
