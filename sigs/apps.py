"""Special interest groups: work programmes, shared protocols and their adoption by trusts."""

from django.apps import AppConfig


class SigsConfig(AppConfig):
    name = "sigs"
    verbose_name = "Special interest groups"
    default_auto_field = "django.db.models.BigAutoField"
