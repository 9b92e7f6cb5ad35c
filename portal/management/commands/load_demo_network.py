"""Build the demo network. Safe to run again: it adds what is missing and duplicates nothing.

Each installed app of the portal may have a `demo` module with `load(stdout)`; they run in
INSTALLED_APPS order, so the site core comes before governance, SIGs, events and publications.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from portal.demo import DEMO_LOGINS, demo_password

PORTAL_APPS = ["portal", "governance", "sigs", "events", "publications"]


class Command(BaseCommand):
    help = "Load the West Midlands demo network (idempotent)."

    def handle(self, *args, **options):
        for label in PORTAL_APPS:
            app = apps.get_app_config(label)
            if find_spec(f"{app.name}.demo"):
                import_module(f"{app.name}.demo").load(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password: {demo_password()})"))
        for email, role, _fields in DEMO_LOGINS:
            self.stdout.write(f"  {email:<28} {role}")
