"""What a person was told (Notification), how they want to be told (NotificationPreference),
and each email sent (NotificationDelivery, under a unique key so no email goes twice)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .registry import Channel


class NotificationQuerySet(models.QuerySet):
    def for_person(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def newest_unread_first(self):
        # Unread first (read_at NULL), newest first within each.
        return self.order_by(models.F("read_at").desc(nulls_first=True), "-created_at", "-pk")

    def awaiting_digest(self):
        return self.filter(email=Notification.Email.DIGEST, delivery__isnull=True)


class Notification(models.Model):
    """One thing one person was told about, shown at /my/notifications/."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", "Emailed straight away"
        DIGEST = "digest", "In the daily digest"
        ELSEWHERE = "elsewhere", "Emailed by the service that sent it"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    # What happened, unique per person and kind: the same event never notifies anyone twice.
    key = models.CharField(max_length=160)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="A path on the portal.")
    email = models.CharField(max_length=12, choices=Email.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The email that carried it (straight away or in a digest); empty until it is sent.
    delivery = models.ForeignKey(
        "portal.NotificationDelivery",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="one_notification_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email", "created_at"], name="notification_digest"),
        ]

    def __str__(self):
        return f"{self.title} (to {self.recipient})"

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How a person wants to hear about one kind; without a row, the kind's default holds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.channel}"


class NotificationDelivery(models.Model):
    """One notification email (a single notification, or a day's digest). Written in the
    sending transaction under a unique key, so a retried task finds it and sends nothing."""

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        SUPPRESSED = "suppressed", "Not sent: the address is on the suppression list"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=120, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "notification deliveries"

    def __str__(self):
        return f"{self.key} ({self.status})"
