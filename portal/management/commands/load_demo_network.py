"""Build the demo network. Safe to run again: it adds what is missing and duplicates nothing.

Each loader is a module with `load(stdout)`, listed in order in `settings.DEMO_LOADERS` (each
builds on the ones before), so portal names no app above it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.demo import DEMO_LOGINS, demo_password


class Command(BaseCommand):
    help = "Load the West Midlands demo network (idempotent)."

    def handle(self, *args, **options):
        for module in settings.DEMO_LOADERS:
            if find_spec(module):
                import_module(module).load(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password: {demo_password()})"))
        for email, role, _fields in DEMO_LOGINS:
            self.stdout.write(f"  {email:<28} {role}")
