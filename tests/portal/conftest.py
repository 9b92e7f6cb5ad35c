"""Fixtures for the site core's tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache_and_no_admin_mfa(settings):
    """Rate-limit counters live in the cache; admin MFA is switched on only where tested."""
    settings.PORTAL_REQUIRE_ADMIN_MFA = False
    cache.clear()
    yield
    cache.clear()
