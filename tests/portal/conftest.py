"""Fixtures for the site core's tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache."""
    cache.clear()
    yield
    cache.clear()
