"""Audit-log actions for publications (Wagtail refuses actions it does not know)."""

from wagtail import hooks

from . import panels  # noqa: F401 (registers its navigation links and My network panel)
from .search import search_sources


@hooks.register("register_log_actions")
def register_publication_log_actions(actions):
    for action, label, message in [
        ("publications.file.add", "Add publication file", "Added a file to the publication"),
        ("publications.file.download", "Download publication file", "Downloaded a file"),
    ]:
        actions.register_action(action, label, message)


# The site search covers this app through the sources in publications/search.py.
hooks.register("register_search_source", search_sources)
