"""The one suppression list: addresses that bounced hard, complained or unsubscribed.

Every round-up send and every non-transactional reminder leaves these addresses out, and they
all ask here: `suppressed_among` is the one check (normalising the addresses the same way),
and `deliverable` and `is_suppressed` are built on it.
"""

from django.db import models, transaction
from django.utils import timezone

CHUNK = 500


def normalise_address(address):
    return (address or "").strip().lower()


class SuppressionQuerySet(models.QuerySet):
    def of(self, addresses):
        return self.filter(email__in=[normalise_address(a) for a in addresses])

    def suppressed_among(self, addresses):
        """The subset of `addresses` (normalised) that is on the list, asked in chunks so a
        whole round-up's recipients fit any database's limit on query parameters."""
        addresses = sorted({normalise_address(a) for a in addresses})
        found = set()
        for start in range(0, len(addresses), CHUNK):
            chunk = addresses[start : start + CHUNK]
            found.update(self.filter(email__in=chunk).values_list("email", flat=True))
        return found


class Suppression(models.Model):
    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", "Hard bounce"
        COMPLAINT = "complaint", "Spam complaint"
        UNSUBSCRIBE = "unsubscribe", "Unsubscribed"
        IMPORTED = "imported", "Imported from a list"

    email = models.EmailField(unique=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    source = models.CharField(
        max_length=100, help_text="Where the suppression came from: webhook, CSV import, link…"
    )
    detail = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.get_reason_display()})"


def suppression_list(search=""):
    """The list as the network office reads it, newest first; `search` keeps the addresses
    that contain it."""
    listing = Suppression.objects.order_by("-created_at")
    if search:
        listing = listing.filter(email__icontains=search)
    return listing


def suppressed_among(addresses):
    """The one suppression check: the normalised addresses among `addresses` on the list."""
    return Suppression.objects.suppressed_among(addresses)


def deliverable(addresses):
    """`addresses` (as given, in order) without those on the suppression list."""
    addresses = list(addresses)
    suppressed = suppressed_among(addresses)
    return [address for address in addresses if normalise_address(address) not in suppressed]


def is_suppressed(address):
    return bool(suppressed_among([address]))


def suppress(address, reason, source, detail=""):
    """Put an address on the list (once); returns (suppression, created).

    A bounce or complaint outranks an earlier unsubscribe, so the stronger reason is kept.
    """
    address = normalise_address(address)
    with transaction.atomic():
        suppression, created = Suppression.objects.select_for_update().get_or_create(
            email=address, defaults={"reason": reason, "source": source, "detail": detail[:255]}
        )
        stronger = reason in (Suppression.Reason.HARD_BOUNCE, Suppression.Reason.COMPLAINT)
        if not created and stronger and suppression.reason == Suppression.Reason.UNSUBSCRIBE:
            suppression.reason, suppression.source = reason, source
            suppression.save(update_fields=["reason", "source"])
    return suppression, created


def lift_unsubscribe(address):
    """Someone who asks to hear from us again is taken off the list, unless we are told it
    bounces or they complained (those stay until the network office removes them)."""
    return Suppression.objects.filter(
        email=normalise_address(address), reason=Suppression.Reason.UNSUBSCRIBE
    ).delete()[0]
