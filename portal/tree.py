"""The page tree's paths. Wagtail stores each page's place as a string of fixed-length steps,
so the page a row sits under (a meeting's group, a protocol's SIG) is its path less one step:
one helper for rows in hand and one for the same sum in SQL."""

from django.db.models.functions import Left, Length
from wagtail.models import Page


def parent_path(page):
    """The path of the page directly above `page`."""
    return page.path[: -Page.steplen]


def own_and_ancestor_paths(page):
    """The paths of `page` and of every page above it, the root's first."""
    return [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]


def parent_path_of(field_name):
    """The path of the page above the one at `field_name` (a path field), as SQL."""
    return Left(field_name, Length(field_name) - Page.steplen)
