"""Onboarding patient volunteers, under /accounts/volunteers/ beside the other account pages
(no namespace: the names are `volunteer_invite`, `volunteer_policy`…)."""

from django.urls import path

from .views import onboarding

urlpatterns = [
    path("invite/", onboarding.invite, name="volunteer_invite"),
    path("join/<str:token>/", onboarding.accept, name="volunteer_accept_invitation"),
    path("policy/", onboarding.policy, name="volunteer_policy"),
    path("induction/", onboarding.induction, name="volunteer_induction"),
    path("name/", onboarding.name_consent, name="volunteer_name_consent"),
]
