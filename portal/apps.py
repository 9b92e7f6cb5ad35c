"""App configs for the site core, and an override for wagtail-nhsuk-frontend's settings app."""

from django.apps import AppConfig
from wagtailnhsukfrontend.settings import apps as nhsuk_settings_apps


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = "Network portal"
    default_auto_field = "django.db.models.BigAutoField"


class NhsukFrontendSettingsConfig(nhsuk_settings_apps.SettingsAppConfig):
    default = False
    # Its migrations were written with AutoField; Django 6 defaults to BigAutoField, which
    # would otherwise demand a migration inside the installed package.
    default_auto_field = "django.db.models.AutoField"
