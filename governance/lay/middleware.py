"""The policy gate: a patient volunteer must have accepted the current Patient Volunteer Policy
before using the portal."""

import time
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
    # Whether this signed-in person is a volunteer (rules.is_volunteer: the flag or the role),
    # asked at most every few minutes per session rather than on every request.
    VOLUNTEER_KEY = "volunteer_checked"
    RECHECK_SECONDS = 300

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not self._exempt(request.path) and self._is_volunteer(request):
            policy = current_policy(request)
            accepted = request.session.get(self.SESSION_KEY)
            if policy.is_set and accepted != policy.policy_version:
                if needs_policy_acceptance(user, policy):
                    if policy.policy_page and request.path == policy.policy_page.url:
                        return self.get_response(request)
                    return redirect(reverse("volunteer_policy") + "?next=" + quote(request.path))
                request.session[self.SESSION_KEY] = policy.policy_version
        return self.get_response(request)

    def _is_volunteer(self, request):
        user = request.user
        if not user.is_authenticated:
            return False
        if user.is_lay_member:
            return True
        checked = request.session.get(self.VOLUNTEER_KEY)
        now = time.time()
        if not checked or checked[0] != user.pk or now - checked[2] > self.RECHECK_SECONDS:
            checked = [user.pk, is_volunteer(user), now]
            request.session[self.VOLUNTEER_KEY] = checked
        return checked[1]

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
