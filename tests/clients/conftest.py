"""The client checks run with one configured base URL that differs from the host tests are
served on (testserver, localhost), so a link built from the request would show."""

import pytest

BASE = "https://portal.wmin.example"


@pytest.fixture(autouse=True)
def _configured_base_url(settings):
    settings.PORTAL_BASE_URL = settings.WAGTAILADMIN_BASE_URL = BASE
