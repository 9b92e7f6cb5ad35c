"""The governance test world with a publications index and a news index under its home page."""

from dataclasses import dataclass

import pytest

from .factories import NewsIndexPageFactory, PublicationIndexPageFactory


@dataclass
class Site:
    world: object
    publications: object
    news: object


@pytest.fixture
def site(world):
    return Site(
        world=world,
        publications=PublicationIndexPageFactory(parent=world.home),
        news=NewsIndexPageFactory(parent=world.home),
    )
