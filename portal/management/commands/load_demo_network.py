"""Build the demo network. Safe to run again: it adds what is missing and duplicates nothing.

Each loader is a module with `load(stdout)`; they run in this order because each builds on
the ones before (the risk register needs the SIGs, which need the governance tree).
"""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand

from portal.demo import DEMO_LOGINS, demo_password

DEMO_LOADERS = [
    "portal.demo",
    "governance.demo",
    "sigs.demo",
    "governance.demo_risks",
    "events.demo",
    "publications.demo",
    "governance.demo_lay",
    "publications.roundup.demo",
    "publications.dashboard.demo",
]


class Command(BaseCommand):
    help = "Load the West Midlands demo network (idempotent)."

    def handle(self, *args, **options):
        for module in DEMO_LOADERS:
            if find_spec(module):
                import_module(module).load(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password: {demo_password()})"))
        for email, role, _fields in DEMO_LOGINS:
            self.stdout.write(f"  {email:<28} {role}")
