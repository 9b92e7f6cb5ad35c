"""Rebuild the site search: read the text of any document whose text is missing, then index
everything again (pages, decisions, actions, papers and publications)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.search import forget_vocabulary, registered_sources


class Command(BaseCommand):
    help = (
        "Read the text of uploaded papers and publication files that have none yet, then "
        "rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-text",
            action="store_true",
            help="Only rebuild the index; do not read documents' text.",
        )

    def handle(self, *args, skip_text=False, verbosity=1, **options):
        if not skip_text:
            for source in registered_sources():
                ids = list(source.documents_missing_text())
                for pk in ids:
                    source.read_document_text(pk)
                if ids and verbosity:
                    self.stdout.write(f"Read the text of {len(ids)} {source.documents_label}.")
        call_command("update_index", verbosity=max(verbosity - 1, 0))
        forget_vocabulary()
        if verbosity:
            self.stdout.write(self.style.SUCCESS("The search index is up to date."))
