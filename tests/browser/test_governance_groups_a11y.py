"""Groups in a real browser: the tree, a group's page as different people, asking to join, My
groups and past terms of reference, each scanned by axe (WCAG 2.2 A/AA) at desktop width and at
320 CSS pixels, where the page must also reflow without scrolling sideways."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import GroupPage, JoinRequest, Membership
from tests.governance.factories import GroupPageFactory, MeetingPageFactory, MembershipFactory
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def scan(page, axe_violations):
    """Check the page shown is the one meant (by its h1), then scan it at both widths."""
    findings = {}

    def check(name, heading):
        expect(page.locator("h1")).to_contain_text(heading)
        found = [report] if (report := axe_violations(page)) else []
        page.set_viewport_size(NARROW)
        # The NHS.UK header moves menu links into "More" on the next animation frame.
        page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        try:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                found.append(f"at 320px the page scrolls sideways by {overflow}px")
            if report := axe_violations(page):
                found.append(f"at 320px: {report}")
        finally:
            page.set_viewport_size(DESKTOP)
        if found:
            findings[f"{name} ({page.url})"] = "\n".join(found)

    yield check
    assert not findings, "\n\n".join(f"== {name}\n{report}" for name, report in findings.items())


@pytest.fixture
def groups_world(world):
    """The test world filled out: a sub-group, meetings, a leaver, a waiting request, old terms."""
    GroupPageFactory(
        parent=world.subgroup, title="AI Sub-group", slug="ai", kind=GroupPage.Kind.SUB_GROUP
    )
    GroupPageFactory(
        parent=world.board, title="Quality Forum", slug="quality", kind=GroupPage.Kind.FORUM
    )
    MeetingPageFactory(
        parent=world.board,
        title="Operational Board, March",
        slug="march",
        start=timezone.now() - dt.timedelta(days=60),
    )
    MembershipFactory(
        group=world.board,
        start=timezone.localdate() - dt.timedelta(days=400),
        end=timezone.localdate() - dt.timedelta(days=20),
    )
    MembershipFactory(group=world.board, role=Membership.Role.OBSERVER, voting=False)
    JoinRequest.objects.create(
        group=world.board,
        person=UserFactory(first_name="Ravi", last_name="Patel", job_title="Sonographer"),
        message="I run the ultrasound training programme.",
    )
    board = GroupPage.objects.get(pk=world.board.pk)
    board.save_revision(user=world.chair).publish(user=world.chair)
    board.quorum_voting_members = 5
    board.tor_review_date = timezone.localdate() - dt.timedelta(days=10)
    board.delegated_powers = "<p>Approve network business cases up to £50,000.</p>"
    board.save_revision(user=world.chair).publish(user=world.chair)
    return world


def test_groups_pages_have_no_wcag_violations(page, scan, sign_in, groups_world):
    world = groups_world
    page.goto(world.index.url)
    scan("how we are governed", "How we are governed")
    expect(page.locator("main svg[aria-hidden=true]")).to_be_visible()

    page.goto(world.board.url)
    scan("group page, anonymous", "Operational Board")
    expect(page.get_by_role("link", name="Sign in").last).to_be_visible()

    sign_in(page, world.member.email, PASSWORD)
    page.goto(world.board.url)
    scan("group page, member", "Operational Board")
    expect(page.get_by_text("You are a member of this group.")).to_be_visible()
    expect(page.locator(".nhsuk-warning-callout")).to_have_count(0)

    page.goto("/governance/my-groups/")
    scan("my groups, member", "My groups")

    page.goto(f"/governance/groups/{world.board.pk}/terms-of-reference/")
    scan("terms of reference history", "Past versions of the terms of reference")
    page.get_by_role("link", name=re.compile(r"\d{4}, \d\d:\d\d")).last.click()
    scan("an earlier version of the terms", "Terms of reference published")
    expect(page.get_by_text("At least 3 voting members present")).to_be_visible()


def test_chair_sees_requests_and_overdue_terms_without_wcag_violations(
    page, scan, sign_in, groups_world
):
    world = groups_world
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(world.board.url)
    scan("group page, chair with a request waiting", "Operational Board")
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text(
        "Terms of reference due for review"
    )
    request = page.locator(".nhsuk-card", has_text="Ravi Patel")
    expect(request).to_contain_text("I run the ultrasound training programme.")

    page.goto("/governance/my-groups/")
    scan("my groups, chair", "My groups")
    page.get_by_role("link", name=re.compile("1 request to join")).click()
    expect(page).to_have_url(re.compile(r"#join-requests$"))

    request = page.locator(".nhsuk-card", has_text="Ravi Patel")
    request.get_by_label("Note to Ravi").fill("Welcome to the board.")
    request.get_by_role("button", name="Approve Ravi Patel").click()
    expect(page.get_by_role("alert")).to_contain_text("Ravi Patel is now a member.")
    scan("group page, after approving", "Operational Board")
    expect(page.get_by_text("No one is waiting for a decision.")).to_be_visible()


def test_network_member_asks_to_join_and_sees_the_confirmation(page, scan, sign_in, groups_world):
    world = groups_world
    sign_in(page, world.non_member.email, PASSWORD)
    page.goto(world.board.url)
    scan("group page, network member not in the group", "Operational Board")
    page.get_by_label("Message to the chair").fill("I lead CT at my trust.")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_role("alert")).to_contain_text("Request sent.")
    expect(page.get_by_text("Request sent – waiting for the chair")).to_be_visible()
    expect(page.get_by_role("button", name="Ask to join")).to_have_count(0)
    scan("group page, request sent", "Operational Board")
    assert JoinRequest.objects.filter(
        group=world.board, person=world.non_member, status=JoinRequest.Status.PENDING
    ).exists()
