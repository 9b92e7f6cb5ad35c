import pytest
from tests.browser.test_governance_groups_a11y import groups_world, world  # noqa
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_shots(page, sign_in, groups_world):
    w = groups_world
    page.goto(w.index.url)
    page.screenshot(path="/tmp/shot_index.png", full_page=True)
    sign_in(page, w.chair.email, PASSWORD)
    page.goto(w.board.url)
    page.screenshot(path="/tmp/shot_board_chair.png", full_page=True)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(w.index.url)
    page.screenshot(path="/tmp/shot_index_narrow.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/governance/groups/{w.board.pk}/terms-of-reference/")
    page.screenshot(path="/tmp/shot_history.png", full_page=True)
    page.goto("/governance/my-groups/")
    page.screenshot(path="/tmp/shot_my.png", full_page=True)
    page.goto("/admin/memberships/")
    page.screenshot(path="/tmp/shot_admin_chair.png", full_page=True)
