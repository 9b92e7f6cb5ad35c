"""Publications and news in a real browser: the indexes (filtered too), a publication with its
versions, the page that adds its files (with a mistake), news for the network and for a group,
and the home page's latest news, as the public, a member and an editor, scanned by axe (WCAG 2.2
A/AA) at desktop width and at 320 CSS pixels."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from governance.visibility import Visibility
from publications.models import PublicationPage
from publications.services import add_publication_file
from tests.governance.fixtures_meetings import cached_pdf
from tests.portal.factories import PASSWORD
from tests.publications.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    PublicationIndexPageFactory,
    PublicationPageFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def shelf(world):
    """Publications (one for members only, one with two versions) and news of two kinds."""
    publications = PublicationIndexPageFactory(parent=world.home)
    news = NewsIndexPageFactory(parent=world.home)
    strategy = PublicationPageFactory(
        parent=publications,
        title="Network Strategy",
        slug="network-strategy",
        publication_type=PublicationPage.Type.STRATEGY,
        owning_group=world.board,
        date_published=dt.date(2023, 6, 12),
        review_date=dt.date(2024, 6, 1),
    )
    strategy.related_groups.add(world.other_group)
    strategy.save()
    for label in ("Version 1", "Version 2"):
        add_publication_file(
            strategy,
            SimpleUploadedFile("strategy.pdf", cached_pdf(label)),
            version_label=label,
            uploaded_by=world.admin,
            replaces_current=True,
        )
    PublicationPageFactory(
        parent=publications,
        title="Equipment Procurement Plan",
        visibility=Visibility.NETWORK,
        date_published=dt.date(2024, 3, 11),
    )
    today = dt.date.today()
    NewsPageFactory(parent=news, title="Study days announced", date=today)
    board_news = NewsPageFactory(
        parent=news, title="Board agrees workforce plan", date=today, group=world.board
    )
    return publications, news, strategy, board_news


def test_publications_and_news_have_no_wcag_violations(page, scans, sign_in, world, shelf):
    publications, news, strategy, board_news = shelf
    page.goto(publications.url)
    scans.check("publications index (public)", "Publications", narrow_axe=True)
    expect(page.get_by_text("Equipment Procurement Plan")).to_have_count(0)
    page.get_by_label("Type").select_option(label="Strategy")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 publication matches your filters")).to_be_visible()
    page.get_by_label("Year published").select_option("2023")
    page.get_by_label("Type").select_option(label="Policy")
    page.get_by_role("button", name="Apply filters").click()
    scans.check("publications index, nothing matches", "Publications")
    expect(page.get_by_text("No publications match your filters.")).to_be_visible()

    page.goto(strategy.url)
    scans.check("a publication (public)", "Strategy – Network Strategy", narrow_axe=True)
    page.get_by_text("Earlier versions").click()
    expect(page.get_by_role("link", name="Version 1")).to_be_visible()

    page.goto(news.url)
    scans.check("news index", "News", narrow_axe=True)
    page.goto(news.group_news_url(world.board))
    scans.check("a group's news", "News – Operational Board")
    page.get_by_role("link", name="Board agrees workforce plan").click()
    scans.check("a news item", "Board agrees workforce plan")
    page.goto(world.home.url)
    scans.check("home page with the latest news", world.home.title)
    expect(page.get_by_role("heading", name="Latest news")).to_be_visible()
    page.goto(world.board.url)
    scans.check("group page with its news", "Operational Board")

    sign_in(page, world.member.email, PASSWORD)
    page.goto(publications.url)
    scans.check("publications index (member)", "Publications")
    page.get_by_role("link", name="Equipment Procurement Plan").click()
    scans.check("a members-only publication", "Plan – Equipment Procurement Plan")
    expect(page.get_by_text("The document is not available to download yet.")).to_be_visible()
    scans.assert_clean()


def test_an_editor_adds_a_new_version_without_wcag_violations(page, scans, sign_in, world, shelf):
    _, _, strategy, _ = shelf
    sign_in(page, world.admin.email, PASSWORD)
    page.goto(strategy.url)
    page.get_by_role("link", name="Add a file or a new version").click()
    scans.check("files of a publication", "Files of this publication", narrow_axe=True)
    page.get_by_role("textbox", name="Version").fill("Version 3")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "strategy.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf" * 30}
    )
    page.get_by_role("button", name="Add the file").click()
    scans.check("files of a publication, forged file", "Files of this publication")
    expect(page.locator("#id_file-error")).to_contain_text("its content is not a PDF file")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "strategy.pdf", "mimeType": "application/pdf", "buffer": cached_pdf("v3")}
    )
    page.get_by_role("button", name="Add the file").click()
    expect(page.get_by_role("alert")).to_contain_text("“Version 3” was added")
    scans.check("files of a publication, added", "Files of this publication")
    expect(page.locator("strong.nhsuk-tag", has_text="Current")).to_have_count(1)
    scans.assert_clean()
