"""Issue 15, leak 7: a network-office account without a second factor is sent to set one up
before any privileged page (here a confidential paper and the volunteers' expense claims),
and is told why; other pages stay open to them."""

import re

import pytest
from playwright.sync_api import expect

from governance.visibility import Visibility
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def second_factor_required(settings):
    settings.PORTAL_REQUIRE_ADMIN_MFA = True


def test_the_network_office_sets_up_a_second_factor_before_a_privileged_page(
    page, sign_in, agenda, second_factor_required
):
    office = UserFactory(network_office=True)
    paper = agenda.papers[Visibility.CONFIDENTIAL]

    sign_in(page, office.email, PASSWORD)
    for path in (f"/governance/papers/{paper.pk}/download/", "/governance/expenses/review/"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/accounts/(reauthenticate|2fa)/"))
        expect(page.locator("body")).to_contain_text("Set up two-factor authentication")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/$"))
