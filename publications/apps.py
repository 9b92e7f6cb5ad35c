"""Publications, news and the weekly round-up email."""

from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    default_auto_field = "django.db.models.BigAutoField"
