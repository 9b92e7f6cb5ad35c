"""Start the chain of each periodic task that is not already waiting in the queue."""

from django.core.management.base import BaseCommand

from portal.scheduling import ensure_periodic_tasks_scheduled


class Command(BaseCommand):
    help = "Enqueue periodic tasks (weekly reminders, nightly syncs) that are not yet waiting."

    def handle(self, *args, **options):
        started = ensure_periodic_tasks_scheduled()
        for path in started:
            self.stdout.write(f"Scheduled {path}")
        if not started:
            self.stdout.write("Every periodic task is already scheduled.")
