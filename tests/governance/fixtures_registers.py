"""Helpers for the register tests: items at each visibility and a way to read CSV replies."""

import csv
import io

from governance.visibility import Visibility

from .factories import AgendaItemFactory, DecisionFactory

ITEM_VISIBILITIES = [
    Visibility.PUBLIC,
    Visibility.NETWORK,
    Visibility.GROUP,
    Visibility.CONFIDENTIAL,
]


def items_at_each_visibility(meeting):
    """One agenda item of `meeting` per visibility, keyed by visibility."""
    return {
        visibility: AgendaItemFactory(
            meeting=meeting, title=f"{visibility.label} item", visibility=visibility
        )
        for visibility in ITEM_VISIBILITIES
    }


def decisions_at_each_visibility(meeting):
    """A decision on an item at each visibility, plus one recorded without an item ("none")."""
    decisions = {
        visibility: DecisionFactory(
            meeting=meeting, agenda_item=item, text=f"Agreed the {visibility.value} proposal."
        )
        for visibility, item in items_at_each_visibility(meeting).items()
    }
    decisions["none"] = DecisionFactory(meeting=meeting, text="Agreed the unlinked proposal.")
    return decisions


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def sign_in(client, person):
    if person is not None:
        client.force_login(person)
    return client
