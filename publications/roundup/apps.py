"""The weekly round-up email: subscribers, issues, sending, unsubscribing and the archive."""

from django.apps import AppConfig


class RoundupConfig(AppConfig):
    name = "publications.roundup"
    label = "roundup"
    default_auto_field = "django.db.models.BigAutoField"
