"""The registers in a real browser: every page scanned by axe (WCAG 2.2 A/AA) at desktop width
and at 320 CSS pixels, reached the way people reach them, forms with mistakes included."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import Action, ActionUpdate, Attendance
from governance.services.interests import record_declaration
from governance.visibility import Visibility
from tests.governance.factories import (
    ActionFactory,
    AgendaItemFactory,
    DecisionFactory,
    InterestFactory,
    MeetingPageFactory,
)
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def records(world):
    """A held meeting with decisions (enough for two pages), actions, updates and attendance."""
    held = MeetingPageFactory(
        parent=world.board,
        title="Operational Board, April",
        start=timezone.now() - dt.timedelta(days=30),
        status="held",
    )
    item = AgendaItemFactory(
        meeting=held,
        title="Regional PACS contract",
        visibility=Visibility.PUBLIC,
        organisations_named="Acme PACS Ltd",
    )
    for n in range(30):
        DecisionFactory(
            meeting=held,
            agenda_item=item,
            text=f"The board agreed stage {n} of the regional PACS procurement.",
            votes_for=8,
            votes_against=1,
            abstentions=0,
        )
    today = timezone.localdate()
    overdue = ActionFactory(
        meeting=held,
        agenda_item=item,
        owner=world.member,
        due=today - dt.timedelta(days=3),
        description="Circulate the PACS evaluation to trusts",
    )
    ActionUpdate.objects.create(action=overdue, text="Evaluation drafted", author=world.member)
    ActionFactory(meeting=held, owner=world.member, due=today + dt.timedelta(days=7))
    ActionFactory(meeting=held, owner=world.member, due=today + dt.timedelta(days=40))
    ActionFactory(
        meeting=held,
        owner=world.member,
        status=Action.Status.DONE,
        closed_at=timezone.now(),
        closure_noted_at=held,
    )
    interest = InterestFactory(
        person=world.member, organisation="Acme PACS Ltd", start=today - dt.timedelta(days=200)
    )
    InterestFactory(
        person=world.member,
        organisation="Old Scanners plc",
        start=today - dt.timedelta(days=400),
        end=today - dt.timedelta(days=30),
    )
    record_declaration(item, world.member, by=world.chair, interest=interest, note="Left the room.")
    for person, status in [
        (world.chair, Attendance.Status.PRESENT),
        (world.member, Attendance.Status.APOLOGIES),
        (world.deputy, Attendance.Status.DEPUTISED),
    ]:
        Attendance.objects.create(
            meeting=held,
            person=person,
            status=status,
            deputy=world.non_member if status == Attendance.Status.DEPUTISED else None,
        )
    return {"held": held, "overdue": overdue}


def test_register_pages_have_no_wcag_violations(page, scans, sign_in, world, records):
    page.goto("/governance/decisions/")
    scans.check(
        "decision register (anonymous, public decisions)", "Decision register", narrow_axe=True
    )
    page.get_by_label("Decided on or after").fill("2025-03-01")
    page.get_by_label("Decided on or before").fill("2025-02-01")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("alert")).to_contain_text("The end of the date range")
    scans.check("decision register with a filter error", "Decision register", narrow_axe=True)

    sign_in(page, world.member.email, PASSWORD)
    page.goto("/governance/decisions/")
    page.get_by_role("link", name="Page 2").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    scans.check("decision register, page 2", "Decision register", narrow_axe=True)
    page.get_by_role("link", name=re.compile(r"^D-\d{4}-\d{4}$")).first.click()
    scans.check("decision permalink", re.compile(r"^Decision D-\d{4}-\d{4}$"), narrow_axe=True)

    page.goto("/governance/my-actions/")
    scans.check("my actions", "My actions", narrow_axe=True)
    page.get_by_role("link", name=records["overdue"].reference).click()
    scans.check("action detail (owner)", f"Action {records['overdue'].reference}", narrow_axe=True)
    page.get_by_role("button", name="Add update").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")
    scans.check(
        "action detail with an update error",
        f"Action {records['overdue'].reference}",
        narrow_axe=True,
    )

    page.goto("/governance/my-interests/")
    scans.check("my register of interests", "My register of interests", narrow_axe=True)
    page.get_by_role("button", name="Add to my register").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")
    scans.check("my register of interests with errors", "My register of interests", narrow_axe=True)

    page.get_by_role("link", name="My attendance").click()
    scans.check("my attendance", "My attendance", narrow_axe=True)
    page.goto(f"/governance/groups/{world.board.pk}/actions/?status=all")
    scans.check("group action log", "Action log", narrow_axe=True)

    page.goto("/governance/attendance/trusts/")
    scans.check("attendance by trust (list)", "Attendance by trust", narrow_axe=True)
    page.get_by_role("link", name=world.trusts[0].name).click()
    scans.check("attendance of a trust", world.trusts[0].name, narrow_axe=True)

    scans.assert_clean()


def test_leader_pages_have_no_wcag_violations(page, scans, sign_in, world, records):
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(f"/governance/actions/{records['overdue'].pk}/")
    scans.check(
        "action detail (chair, with closing form)",
        f"Action {records['overdue'].reference}",
        narrow_axe=True,
    )
    page.get_by_role("button", name="Close action").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")
    scans.check(
        "action detail with a closing error",
        f"Action {records['overdue'].reference}",
        narrow_axe=True,
    )

    page.goto(f"/governance/groups/{world.board.pk}/interests/")
    scans.check("group register of interests", "Register of interests", narrow_axe=True)

    page.goto(f"/governance/meetings/{records['held'].pk}/declarations/")
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("Declared")
    scans.check(
        "declarations with a possible conflict", "Declarations of interest", narrow_axe=True
    )
    page.get_by_role("button", name="Record declaration").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")
    scans.check("declarations with form errors", "Declarations of interest", narrow_axe=True)

    page.goto(f"/governance/attendance/people/{world.member.pk}/")
    scans.check(
        "a member's attendance, seen by their chair", world.member.get_full_name(), narrow_axe=True
    )

    scans.assert_clean()
