"""Events fixtures: the governance world with an events index, and tasks run at once."""

import pytest

from tests.governance.conftest import _no_admin_mfa, world  # noqa: F401 (fixtures)

from .factories import EventIndexPageFactory, EventPageFactory


@pytest.fixture
def immediate_tasks(settings):
    """Run background tasks as they are enqueued (emails go when the booking commits)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def events_index(world):
    return EventIndexPageFactory(parent=world.home)


@pytest.fixture
def event(events_index, world):
    """A study day organised by the board (whose chair, deputy and secretary organise it)."""
    return EventPageFactory(parent=events_index, organising_group=world.board)
