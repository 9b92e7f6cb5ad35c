"""The network dashboard: maturity matrix, QSI and QSIN progress, the plan and governance health."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "publications.dashboard"
    label = "dashboard"
    default_auto_field = "django.db.models.BigAutoField"
