"""Fixtures for the client checks: the governance world with events, one configured base URL,
and background tasks run at once (so emails reach the SMTP server as they would in use)."""

import pytest

from tests.events.conftest import events_index, immediate_tasks  # noqa: F401 (fixtures)
from tests.governance.conftest import _no_admin_mfa, world  # noqa: F401 (fixtures)

BASE = "https://portal.wmin.example"


@pytest.fixture(autouse=True)
def _configured_base_url(settings):
    """The public address differs from the host tests are served on (testserver, localhost)."""
    settings.PORTAL_BASE_URL = settings.WAGTAILADMIN_BASE_URL = BASE
    settings.ROUNDUP_BASE_URL = BASE
