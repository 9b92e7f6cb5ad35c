"""Joining the network in a real browser: sign up, confirm by email, sign in, keep a profile."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import User

pytestmark = pytest.mark.browser

ADDRESS = "priya.shah@nhs.net"
PASSWORD = "Reporting-Rota-2025"


def test_nhs_person_signs_up_confirms_email_and_edits_profile(
    page, live_server, demo_site, smtp_inbox
):
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Join the network").click()
    expect(page).to_have_url(re.compile("/accounts/signup/$"))
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Email").fill(ADDRESS)
    page.get_by_label("Job title").fill("Reporting radiographer")
    page.get_by_label("Staff group").select_option(label="Radiographer")
    page.get_by_label("Organisation").select_option(label="The Dudley Group NHS Foundation Trust")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile("/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")

    # The confirmation arrives over SMTP and links back to this server.
    (message,) = smtp_inbox.to(ADDRESS)
    assert message["Subject"].startswith("[Imaging Network] ")
    (link,) = [url for url in smtp_inbox.links(message) if "/accounts/confirm-email/" in url]
    assert link.startswith(live_server.url)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    expect(page.get_by_role("main")).to_contain_text(ADDRESS)
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    # Confirming in the browser that signed up signs the person in.
    expect(
        page.get_by_role("banner").get_by_role("link", name=re.compile("Priya Shah"))
    ).to_be_visible()

    # Sign out and back in with the chosen password, as on another day.
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(ADDRESS)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto("/accounts/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    membership = page.locator(".nhsuk-summary-list__row", has_text="Network membership")
    expect(membership).to_contain_text("Network member")  # an NHS address is admitted at once
    # What was given at sign-up is in the profile.
    expect(page.get_by_label("Job title")).to_have_value("Reporting radiographer")
    expect(page.get_by_label("Staff group")).to_have_value("radiographer")
    expect(page.get_by_label("Organisation").locator("option:checked")).to_have_text(
        "The Dudley Group NHS Foundation Trust"
    )

    page.get_by_label("Job title").fill("Advanced practitioner radiographer")
    page.get_by_label("Professional registration body").select_option(
        label="Health and Care Professions Council (HCPC)"
    )
    page.get_by_label("Professional registration number").fill("RA123456")
    page.get_by_role("button", name="Save your profile").click()

    expect(page.get_by_role("alert")).to_contain_text("Your profile has been saved.")
    page.reload()
    expect(page.get_by_text("Your profile has been saved.")).to_have_count(0)  # shown once
    expect(page.get_by_label("Job title")).to_have_value("Advanced practitioner radiographer")
    expect(page.get_by_label("Professional registration body")).to_have_value("HCPC")
    expect(page.get_by_label("Professional registration number")).to_have_value("RA123456")
    expect(membership).to_contain_text("Network member")

    person = User.objects.get(email=ADDRESS)
    assert person.is_network_member
    assert (person.job_title, person.registration_body, person.registration_number) == (
        "Advanced practitioner radiographer",
        "HCPC",
        "RA123456",
    )
