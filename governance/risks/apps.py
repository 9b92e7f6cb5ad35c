"""The risk register, nested in governance. Its tables keep their governance_ names."""

from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "governance.risks"
    label = "risks"
    verbose_name = "Risk register"
    default_auto_field = "django.db.models.BigAutoField"
