"""Audit-log actions for publications (Wagtail refuses actions it does not know)."""

from wagtail import hooks

from . import panels  # noqa: F401 (registers its navigation links and My network panel)
from .models import NewsIndexPage, PublicationIndexPage
from .search import search_sources
from .services import sync_comms_editors


@hooks.register("register_log_actions")
def register_publication_log_actions(actions):
    for action, label, message in [
        ("publications.file.add", "Add publication file", "Added a file to the publication"),
        ("publications.file.download", "Download publication file", "Downloaded a file"),
    ]:
        actions.register_action(action, label, message)


# The site search covers this app through the sources in publications/search.py.
hooks.register("register_search_source", search_sources)


@hooks.register("after_create_page")
def give_comms_new_sections(request, page):
    """A new news, publications or round-up index is at once a place comms may edit."""
    from .roundup.models import RoundupIndexPage

    if isinstance(page.specific, NewsIndexPage | PublicationIndexPage | RoundupIndexPage):
        sync_comms_editors()
