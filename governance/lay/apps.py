"""Patient volunteers, a nested app of governance with its own migrations."""

from django.apps import AppConfig


class LayConfig(AppConfig):
    name = "governance.lay"
    label = "lay"
    verbose_name = "Patient volunteers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The permissions the views and templates ask for are registered when rules loads.
        from . import rules  # noqa: F401
