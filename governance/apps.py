"""The governance tree: boards, forums and groups, their members, meetings and decisions."""

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    default_auto_field = "django.db.models.BigAutoField"
