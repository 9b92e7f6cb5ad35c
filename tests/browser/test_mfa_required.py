"""Issue 15, leak 7: a network-office account without a second factor is sent to set one up
before any privileged page (here a confidential paper and the volunteers' expense claims),
and is told why; other pages stay open to them."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Page, Site

from governance.models import AgendaItem
from governance.services.meetings import add_paper
from governance.visibility import Visibility
from tests.governance.factories import (
    AgendaItemFactory,
    GovernanceIndexPageFactory,
    GroupPageFactory,
    MeetingPageFactory,
)
from tests.governance.fixtures_meetings import upload
from tests.portal.factories import PASSWORD, HomePageFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def second_factor_required(settings):
    settings.PORTAL_REQUIRE_ADMIN_MFA = True


def test_the_network_office_sets_up_a_second_factor_before_a_privileged_page(
    page, sign_in, second_factor_required
):
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    board = GroupPageFactory(parent=GovernanceIndexPageFactory(parent=home), title="Board")
    meeting = MeetingPageFactory(parent=board, title="Board, May", slug="may")
    office = UserFactory(network_office=True)
    item = AgendaItemFactory(
        meeting=meeting,
        title="Part B",
        visibility=Visibility.CONFIDENTIAL,
        kind=AgendaItem.Kind.STANDARD,
    )
    paper = add_paper(
        item,
        upload("b.pdf", "Part B paper"),
        title="Part B paper",
        visibility=Visibility.CONFIDENTIAL,
        uploaded_by=office,
    )

    sign_in(page, office.email, PASSWORD)
    for path in (f"/governance/papers/{paper.pk}/download/", "/governance/expenses/review/"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/accounts/(reauthenticate|2fa)/"))
        expect(page.locator("body")).to_contain_text("Set up two-factor authentication")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/$"))
