"""CPD around events: attendance, evaluations, certificates, the CPD log and recordings."""

from django.apps import AppConfig


class CpdConfig(AppConfig):
    name = "events.cpd"
    label = "cpd"
    verbose_name = "CPD"
    default_auto_field = "django.db.models.BigAutoField"
