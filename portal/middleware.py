"""Anyone who can reach an admin area must have set up two-factor authentication first."""

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
