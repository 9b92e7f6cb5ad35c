"""The policy gate: a patient volunteer must have accepted the current Patient Volunteer Policy
before using the portal."""

from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from portal.rules import is_volunteer

from .services.onboarding import current_policy, needs_policy_acceptance


class VolunteerPolicyMiddleware:
    """A patient volunteer who has not accepted the current Patient Volunteer Policy is sent
    to accept it before any other page (they may still read the policy and sign out)."""

    SESSION_KEY = "volunteer_policy_accepted"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not self._exempt(request.path) and is_volunteer(user):
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
