"""Every lay review and volunteer onboarding page in a real browser, forms with mistakes
included, scanned by axe (WCAG 2.2 A/AA) at desktop width and at 320 CSS pixels."""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Site

from governance.lay.models import VolunteerPolicySettings
from governance.lay.services import changes as lay_changes
from governance.lay.services import expenses
from governance.lay.services import feedback as lay_feedback
from governance.lay.services.onboarding import invitation_url, invite_volunteer
from governance.models import Attendance
from governance.services.meetings import record_attendance
from governance.visibility import Visibility
from tests.governance.factories import MeetingPageFactory
from tests.governance.fixtures_meetings import cached_pdf
from tests.portal.factories import PASSWORD, StandardPageFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def reviewed(world, agenda, glossary):
    """Lay summaries, feedback (one answered, one raised at the meeting) and a change log."""
    for paper in agenda.papers.values():
        if paper.visibility != Visibility.NETWORK:
            paper.lay_summary = "This paper asks the board to buy a new PACS and RIS for the ICB."
            paper.save()
    paper = agenda.papers[Visibility.GROUP]
    answered = lay_feedback.give_feedback(
        paper,
        by=world.lay_member,
        kind="question",
        text="Who pays?",
        ease=2,
        raise_at_meeting=True,
        name_in_public_log=True,
    )
    lay_feedback.answer_feedback(answered, by=world.chair, answer="The ICB pays.")
    lay_feedback.give_feedback(paper, by=world.lay_member, kind="concern", text="Too long.", ease=1)
    lay_changes.record_change(
        world.board,
        by=world.chair,
        you_said="Papers were long.",
        we_did="Summaries added.",
        feedback=answered,
    )
    return answered


@pytest.fixture
def claim(world):
    """A pending claim for a meeting the volunteer attended last week."""
    held = MeetingPageFactory(
        parent=world.board,
        title="Operational Board, April",
        start=timezone.now() - dt.timedelta(days=7),
    )
    record_attendance(held, world.lay_member, Attendance.Status.PRESENT, recorded_by=world.chair)
    return expenses.submit_claim(
        held,
        by=world.lay_member,
        travel_mode="car",
        miles=Decimal("20"),
        parking=Decimal("3"),
        receipt=SimpleUploadedFile("r.pdf", cached_pdf("receipt")),
    )


def test_the_volunteers_pages_have_no_wcag_violations(
    page, sign_in, scans, world, agenda, reviewed, claim
):
    sign_in(page, world.lay_member.email, PASSWORD)
    page.goto("/governance/volunteers/papers/")
    scans.check("papers to review", "Papers to review", narrow_axe=True)
    paper = agenda.papers[Visibility.GROUP]
    page.goto(f"/governance/volunteers/papers/{paper.pk}/")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    scans.check("review a paper, with mistakes", paper.title, narrow_axe=True)
    page.goto(f"/governance/feedback/{reviewed.pk}/")
    scans.check("feedback (volunteer)", f"Question on “{paper.title}”")
    page.goto("/governance/glossary/?q=scans")
    scans.check("glossary search", "Glossary", narrow_axe=True)
    page.goto("/governance/expenses/")
    scans.check("my expenses", "Your expenses")
    page.goto(f"/governance/expenses/{claim.pk}/")
    scans.check("my claim", f"Expense claim for {claim.meeting.title}")
    page.goto("/accounts/volunteers/induction/")
    scans.check("induction", f"Welcome to the network, {world.lay_member.first_name}")
    page.goto("/accounts/volunteers/policy/")
    scans.check("policy (none set)", "Patient Volunteer Policy")
    scans.assert_clean()


def test_a_new_claim_form_with_mistakes_has_no_wcag_violations(page, sign_in, scans, world):
    held = MeetingPageFactory(
        parent=world.board,
        title="Operational Board, March",
        start=timezone.now() - dt.timedelta(days=20),
    )
    record_attendance(held, world.lay_member, Attendance.Status.PRESENT, recorded_by=world.chair)
    sign_in(page, world.lay_member.email, PASSWORD)
    page.goto("/governance/expenses/new/")
    scans.check("new claim", "Make a claim", narrow_axe=True)
    page.get_by_label("Which meeting did you attend?").select_option(str(held.pk))
    page.get_by_label("Bus, train or tram").check()
    page.get_by_label("Fare, in pounds").fill("7.50")
    page.get_by_role("button", name="Send the claim").click()
    expect(page.get_by_text("Upload a receipt for the fare or parking.").first).to_be_visible()
    scans.check("new claim, with mistakes", "Make a claim", narrow_axe=True)
    scans.assert_clean()


def test_the_chairs_pages_have_no_wcag_violations(page, sign_in, scans, world, agenda, reviewed):
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(world.meeting.url)
    expect(page.get_by_text("No lay summary").first).to_be_visible()
    scans.check("meeting page with volunteers' feedback", world.meeting.title, narrow_axe=True)
    page.goto(f"/governance/feedback/{reviewed.pk}/")
    scans.check("feedback (chair)", f"Question on “{reviewed.paper.title}”", narrow_axe=True)
    page.goto(f"/governance/groups/{world.board.pk}/feedback/")
    scans.check("group feedback", "Volunteers’ feedback on papers", narrow_axe=True)
    page.goto(f"/governance/groups/{world.board.pk}/you-said-we-did/")
    page.get_by_role("button", name="Add to the log").click()
    scans.check("change log, with mistakes", "You said, we did", narrow_axe=True)
    paper = agenda.papers[Visibility.NETWORK]
    page.goto(f"/governance/papers/{paper.pk}/lay-summary/")
    page.get_by_label("Lay summary").fill("The new RIS books scans. It is quicker for the ICB.")
    page.get_by_role("button", name="Save the lay summary").click()
    expect(page.get_by_text("Reading ease", exact=True)).to_be_visible()
    scans.check("lay summary with its report", f"Lay summary of “{paper.title}”")
    paper.lay_summary = ""
    paper.save()
    page.goto(f"/governance/meetings/{world.meeting.pk}/issue-papers/")
    page.get_by_role("button", name="Issue the papers").click()
    expect(page.get_by_text("1 paper has no lay summary").first).to_be_visible()
    scans.check("issue papers, warned", "Issue the papers", narrow_axe=True)
    scans.assert_clean()


def test_the_public_log_and_board_page_have_no_wcag_violations(page, scans, world, reviewed):
    page.goto(world.board.url)
    expect(page.get_by_role("heading", name="You said, we did")).to_be_visible()
    scans.check("board page with the public log", world.board.title)
    page.goto(f"/governance/groups/{world.board.pk}/you-said-we-did/public/")
    scans.check("public log", "You said, we did", narrow_axe=True)
    scans.assert_clean()


def test_the_network_office_pages_have_no_wcag_violations(page, sign_in, scans, world, claim):
    office = UserFactory(network_office=True)
    sign_in(page, office.email, PASSWORD)
    page.goto("/governance/expenses/review/")
    scans.check("claims to review", "Volunteers’ expense claims", narrow_axe=True)
    page.goto(f"/governance/expenses/{claim.pk}/")
    page.get_by_role("button", name="Reject the claim").click()
    expect(page.get_by_text("Say why the claim is rejected").first).to_be_visible()
    scans.check("decide a claim, with mistakes", f"Expense claim for {claim.meeting.title}")
    page.goto("/accounts/volunteers/invite/")
    page.get_by_role("button", name="Send the invitation").click()
    scans.check("invite, with mistakes", "Invite a patient volunteer", narrow_axe=True)
    scans.assert_clean()


def test_onboarding_pages_have_no_wcag_violations(page, sign_in, scans, world):
    office = UserFactory(network_office=True)
    invitation = invite_volunteer(
        email="new.volunteer@example.org", first_name="Sam", last_name="Lee", by=office
    )
    policy_page = StandardPageFactory(parent=world.home, title="Patient Volunteer Policy")
    setting = VolunteerPolicySettings.for_site(Site.objects.get(is_default_site=True))
    setting.policy_page, setting.policy_version = policy_page, "2024.1"
    setting.save()

    page.goto("/accounts/volunteers/join/not-a-real-token/")
    scans.check("invalid invitation", "This invitation link cannot be used")
    page.goto(urlsplit(invitation_url(invitation)).path)
    scans.check("choose a password", "Welcome, Sam", narrow_axe=True)
    page.get_by_label("Choose a password").fill("short")
    page.get_by_label("Type the password again").fill("short")
    page.get_by_role("button", name="Set my password").click()
    scans.check("choose a password, with mistakes", "Welcome, Sam", narrow_axe=True)
    page.get_by_label("Choose a password").fill("radiograph-meadow-42")
    page.get_by_label("Type the password again").fill("radiograph-meadow-42")
    page.get_by_role("button", name="Set my password").click()
    expect(page.locator("h1")).to_have_text("Patient Volunteer Policy")
    page.goto("/governance/volunteers/papers/")  # any page sends them back to the policy
    expect(page.locator("h1")).to_have_text("Patient Volunteer Policy")
    page.get_by_role("button", name="Continue").click()
    scans.check("policy, with mistakes", "Patient Volunteer Policy", narrow_axe=True)
    page.get_by_label("I have read the Patient Volunteer Policy and I accept it").check()
    page.get_by_role("button", name="Continue").click()
    scans.check("induction after accepting", "Welcome to the network, Sam", narrow_axe=True)
    scans.assert_clean()
