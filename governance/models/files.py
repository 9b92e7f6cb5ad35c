"""Each group's file library lives in its filer folder; replacing a file keeps what it was."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class LibraryFileVersion(models.Model):
    """An earlier version of a library file, kept as its own private filer file."""

    current = models.ForeignKey(
        "filer.File", on_delete=models.CASCADE, related_name="earlier_versions"
    )
    earlier = models.OneToOneField("filer.File", on_delete=models.CASCADE, related_name="+")
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-replaced_at"]

    def __str__(self):
        return f"{self.current} (replaced {self.replaced_at:%d %b %Y})"
