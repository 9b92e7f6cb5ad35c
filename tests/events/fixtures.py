"""Events fixtures (a plugin): an events index in the governance world, and an event."""

import pytest

from .factories import EventIndexPageFactory, EventPageFactory


@pytest.fixture
def events_index(world):
    return EventIndexPageFactory(parent=world.home)


@pytest.fixture
def event(events_index, world):
    """A study day organised by the board (whose chair, deputy and secretary organise it)."""
    return EventPageFactory(parent=events_index, organising_group=world.board)
