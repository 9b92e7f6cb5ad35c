"""A meeting of the test world with one item and one paper at each visibility.

A plugin (tests/conftest.py registers it): tests ask for `agenda`; the helpers are imported.
"""

from dataclasses import dataclass
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.models import AgendaItem
from governance.services.meetings import add_paper
from governance.visibility import Visibility

from .factories import AgendaItemFactory, pdf_bytes

VISIBILITIES = [
    Visibility.PUBLIC,
    Visibility.NETWORK,
    Visibility.GROUP,
    Visibility.CONFIDENTIAL,
]
# Who may open what, as the one confidentiality rule (governance.visibility.may_view) decides
# for the test world; the lay member sees confidential items only if the ToR says so.
MAY_OPEN = {
    Visibility.PUBLIC: {
        "anonymous",
        "non_member",
        "member",
        "lay_member",
        "secretary",
        "chair",
        "other_chair",
        "admin",
    },
    Visibility.NETWORK: {
        "non_member",
        "member",
        "lay_member",
        "secretary",
        "chair",
        "other_chair",
        "admin",
    },
    Visibility.GROUP: {"member", "lay_member", "secretary", "chair", "admin"},
    Visibility.CONFIDENTIAL: {"member", "secretary", "chair", "admin"},
}


def may_open(who, visibility, lay_members_see_confidential=False):
    if who == "lay_member" and visibility == Visibility.CONFIDENTIAL:
        return lay_members_see_confidential
    return who in MAY_OPEN[visibility]


@cache
def cached_pdf(text):
    """WeasyPrint takes a moment per PDF; the same text always makes the same file."""
    return pdf_bytes(text)


def upload(name, text):
    return SimpleUploadedFile(name, cached_pdf(text), content_type="application/pdf")


@dataclass
class Agenda:
    meeting: object
    items: dict
    papers: dict
    opening: list


def item_title(visibility):
    return f"Item for {visibility} eyes zq{visibility[:3]}"


def paper_title(visibility):
    return f"Paper for {visibility} eyes zp{visibility[:3]}"


def paper_text(visibility):
    return f"Body text of the {visibility} paper xk{visibility[:3]}"


@pytest.fixture
def agenda(world):
    """World's meeting: the standard opening, then one item (with a PDF paper) per visibility."""
    meeting = world.meeting
    opening = [
        AgendaItemFactory(
            meeting=meeting,
            kind=kind,
            title=title,
            visibility=Visibility.PUBLIC,
            sort_order=order,
        )
        for order, (kind, title) in enumerate(
            [
                (AgendaItem.Kind.PREVIOUS_MINUTES, "Minutes of the last meeting"),
                (AgendaItem.Kind.MATTERS_ARISING, "Matters arising"),
                (AgendaItem.Kind.ACTIONS_CARRIED_FORWARD, "Actions carried forward"),
            ]
        )
    ]
    items, papers = {}, {}
    for order, visibility in enumerate(VISIBILITIES, start=len(opening)):
        items[visibility] = AgendaItemFactory(
            meeting=meeting,
            title=item_title(visibility),
            visibility=visibility,
            sort_order=order,
            presenter="Dr Jo Bloggs",
            organisations_named="Acme PACS Ltd" if visibility == Visibility.CONFIDENTIAL else "",
        )
        papers[visibility] = add_paper(
            items[visibility],
            upload(f"{visibility}-paper.pdf", paper_text(visibility)),
            title=paper_title(visibility),
            visibility=visibility,
            uploaded_by=world.secretary,
        )
    return Agenda(meeting=meeting, items=items, papers=papers, opening=opening)
