"""Patient volunteers' onboarding: invitations from the network office, the current Patient
Volunteer Policy (a publication, referred to as a page) and each volunteer's acceptance of it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import register_setting


@register_setting(icon="doc-full")
class VolunteerPolicySettings(BaseSiteSetting):
    """Which page is the Patient Volunteer Policy, and which version volunteers must accept.

    The policy is a publication; portal may not import publications, so it is any page.
    Changing the version asks every volunteer to accept the policy again.
    """

    policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Patient Volunteer Policy page",
    )
    policy_version = models.CharField(
        max_length=40,
        blank=True,
        help_text="For example 2024.1. Volunteers accept each new version once.",
    )

    panels = [FieldPanel("policy_page"), FieldPanel("policy_version")]

    class Meta:
        verbose_name = "patient volunteer policy"

    @property
    def is_set(self):
        return bool(self.policy_page_id and self.policy_version)


class PolicyAcceptance(models.Model):
    """A volunteer accepted a version of the Patient Volunteer Policy on a date."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acceptances"
    )
    policy_version = models.CharField(max_length=40)
    policy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "policy_version"], name="one_acceptance_per_policy_version"
            )
        ]

    def __str__(self):
        return f"{self.person} accepted version {self.policy_version}"


class VolunteerInvitation(models.Model):
    """The network office invited someone to join as a patient volunteer."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_invitation"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["-invited_at"]

    def __str__(self):
        return f"Invitation to {self.person}"

    @property
    def is_accepted(self):
        return self.accepted_at is not None
