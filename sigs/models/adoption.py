"""Each network trust's adoption of each approved protocol version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .protocols import ProtocolVersion


class AdoptionQuerySet(models.QuerySet):
    def on_current_versions(self):
        """Statuses on the current approved version of live protocols: the only ones the
        network's figures count (a carried-forward status is one of them)."""
        return self.filter(version__status="approved", version__protocol__live=True)

    def adopted(self):
        return self.filter(status=Adoption.Status.ADOPTED)


class Adoption(models.Model):
    """Where one trust stands with one version. No row means "not started". A minor version
    starts with a copy of each trust's row on the version before, marked carried forward."""

    class Status(models.TextChoices):
        ADOPTED = "adopted", "Adopted"
        ADOPTING = "adopting", "Adopting"
        LOCAL_VARIATION = "local_variation", "Local variation"
        NOT_APPLICABLE = "not_applicable", "Not applicable"
        NOT_STARTED = "not_started", "Not started"

    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="adoptions")
    trust = models.ForeignKey("portal.Trust", on_delete=models.CASCADE, related_name="adoptions")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    adopted_on = models.DateField(null=True, blank=True)
    adopt_by = models.DateField("adopting by", null=True, blank=True)
    variation_reason = models.TextField(blank=True, max_length=2000)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    carried_forward_from = models.ForeignKey(
        ProtocolVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The version this status was carried forward from, for a minor version; "
        "empty once a trust lead sets the status themselves.",
    )

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["trust__name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "trust"], name="one_adoption_per_trust"),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_on__isnull=False),
                name="adoption_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="adopting") | Q(adopt_by__isnull=False),
                name="adopting_has_a_target_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="local_variation") | ~Q(variation_reason=""),
                name="local_variation_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.trust}: {self.get_status_display()} ({self.version})"

    @property
    def carried_forward_note(self):
        """ "Carried forward from version 2.0 (minor change)", or "" if set by a person."""
        if not self.carried_forward_from_id:
            return ""
        return f"Carried forward from version {self.carried_forward_from.number} (minor change)"


class NewVersionNotice(models.Model):
    """A trust lead told that their trust is behind on a new version (sent at most once)."""

    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="one_notice_per_lead")
        ]

    def __str__(self):
        return f"{self.person} told of {self.version}"
