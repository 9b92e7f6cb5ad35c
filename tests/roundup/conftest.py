"""Round-up test settings, the round-up site as `site`, and a helper to send an issue."""

import pytest

from publications.roundup.models import IssueSend
from publications.roundup.services import sending

from .fixtures import run_send


@pytest.fixture(autouse=True)
def _roundup_settings(settings):
    settings.PORTAL_BASE_URL = settings.WAGTAILADMIN_BASE_URL = "https://portal.example"
    settings.ROUNDUP_RATE_PER_MINUTE = 0
    settings.ROUNDUP_BATCH_SIZE = 3
    settings.ROUNDUP_WEBHOOK_SECRET = "s3cret-for-tests"


@pytest.fixture
def site(roundup_site):
    return roundup_site


@pytest.fixture
def send_issue():
    def send_issue(issue, by=None):
        send = sending.request_send(issue, by=by)
        return run_send(IssueSend.objects.get(pk=send.pk))

    return send_issue
