"""Every page template, scanned by axe-core in Chromium: no WCAG 2.2 A/AA violations.

Pages are visited the way people reach them (signing up, making mistakes in forms, turning on
two-factor authentication). Each must also reflow at 320 CSS pixels without sideways scrolling
(WCAG 1.4.10, which axe cannot check), and each layout is scanned by axe at that width too.
The findings of a whole journey are reported together, so one run names every page that fails.
"""

import re
import time

import pytest
from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.template.loader import render_to_string
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def current_totp_code(secret):
    """What an authenticator app shows now, computed the way allauth checks it."""
    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 3:  # too near the next code to submit this one
        time.sleep(period - time.time() % period)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def test_public_pages_have_no_wcag_violations(page, scans, demo_site, smtp_inbox):
    page.goto("/")
    scans.check("home page", "West Midlands Imaging Network", narrow_axe=True)
    page.goto("/about/")
    scans.check("standard page (About)", "About the network")
    page.goto("/contact/")
    scans.check("standard page with contact details (Contact)", "Contact us", narrow_axe=True)

    response = page.goto("/no-such-page/")
    assert response.status == 404
    scans.check("404 page", "Page not found")

    # Django's server_error view renders 500.html with an empty context, as render_to_string
    # does here; the browser gets it at a live-server URL so its stylesheet loads from there.
    error_html = render_to_string("500.html")
    page.route(
        "**/server-error/",
        lambda route: route.fulfill(status=500, content_type="text/html", body=error_html),
    )
    response = page.goto("/server-error/")
    assert response.status == 500
    expect(page.locator("link[rel=stylesheet]")).to_have_attribute(
        "href", re.compile(r"^/static/.*nhsuk-frontend.*\.css$")
    )
    assert "Frutiger" in page.evaluate("getComputedStyle(document.body).fontFamily")
    scans.check("500 page", "Sorry, there is a problem with the service", narrow_axe=True)

    page.goto("/accounts/login/")
    scans.check("sign in", "Sign In")
    page.get_by_label("Email").fill("member@demo.example")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile("^Error: "))
    scans.check("sign in with an error", "Sign In")

    page.goto("/accounts/password/reset/")
    scans.check("password reset", "Password Reset")
    page.get_by_label("Email").fill("not an address")
    page.get_by_role("button", name="Reset my password").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a valid email address.")
    scans.check("password reset with an error", "Password Reset")
    page.get_by_label("Email").fill("member@demo.example")
    page.get_by_role("button", name="Reset my password").click()
    expect(page).to_have_url(re.compile("/accounts/password/reset/done/$"))
    scans.check("password reset sent", "Password Reset")

    (message,) = smtp_inbox.to("member@demo.example")
    (link,) = [url for url in smtp_inbox.links(message) if "/password/reset/key/" in url]
    page.goto(link)
    scans.check("choose a new password", "Change Password")

    scans.assert_clean()


def test_sign_up_pages_have_no_wcag_violations(page, scans, demo_site, smtp_inbox):
    page.goto("/accounts/signup/")
    scans.check("sign up", "Sign Up")

    page.get_by_label("First name").fill("Rowan")
    page.get_by_label("Last name").fill("Ellis")
    page.get_by_label("Email").fill("member@demo.example")  # already registered
    page.get_by_label("Password", exact=True).fill("password")  # short and common
    page.get_by_label("Password (again)").fill("password")
    page.get_by_role("button", name="Sign up").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("A user is already registered with this email address.")
    expect(summary).to_contain_text("This password is too common.")
    scans.check("sign up with errors", "Sign Up", narrow_axe=True)

    page.get_by_label("Email").fill("rowan.ellis@nhs.net")
    page.get_by_label("Password", exact=True).fill("Sonography-Rota-2024")
    page.get_by_label("Password (again)").fill("Sonography-Rota-2024")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile("/accounts/confirm-email/$"))
    scans.check("verification sent", "Verify Your Email Address")

    (message,) = smtp_inbox.to("rowan.ellis@nhs.net")
    (link,) = [url for url in smtp_inbox.links(message) if "/confirm-email/" in url]
    page.goto(link)
    scans.check("confirm email address", "Confirm Email Address")

    scans.assert_clean()


def test_account_pages_have_no_wcag_violations(page, scans, demo_site, sign_in, smtp_inbox):
    sign_in(page, "member@demo.example")

    page.goto("/accounts/profile/")
    scans.check("profile (after signing in: success banner)", "Your profile")
    page.get_by_label("Professional registration body").select_option("")
    page.get_by_label("Professional registration number").fill("RA555123")
    page.get_by_role("button", name="Save your profile").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Choose the body your registration number is with."
    )
    scans.check("profile with an error", "Your profile", narrow_axe=True)

    page.goto("/accounts/email/")
    scans.check("email address", "Email Address")
    page.get_by_label("Change to").fill("sam.taylor@")
    page.get_by_role("button", name="Change email").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a valid email address.")
    scans.check("email address with an error", "Email Address")
    page.get_by_label("Change to").fill("sam.taylor@nhs.net")
    page.get_by_role("button", name="Change email").click()
    expect(page.get_by_label("Changing to")).to_have_value("sam.taylor@nhs.net")
    scans.check("email address change pending", "Email Address")
    # allauth adds no authenticator while a change of address waits, so cancel it first.
    page.get_by_role("button", name="Cancel change").click()
    expect(page.get_by_label("Changing to")).to_have_count(0)

    page.goto("/accounts/password/change/")
    scans.check("change password", "Change Password")
    page.goto("/accounts/2fa/")
    scans.check("two-factor authentication (off)", "Two-Factor Authentication")

    page.goto("/accounts/2fa/totp/activate/")
    scans.check("confirm access (reauthenticate)", "Confirm Access")
    page.get_by_label("Password").fill("network-demo")
    page.get_by_role("button", name="Confirm").click()
    scans.check("activate authenticator app", "Activate Authenticator App")
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("alert")).to_contain_text("Incorrect code.")
    scans.check("activate authenticator app with an error", "Activate Authenticator App")
    page.get_by_label("Authenticator code").fill(current_totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page).to_have_url(re.compile("/accounts/2fa/recovery-codes/$"))
    scans.check("recovery codes", "Recovery Codes")
    page.goto("/accounts/2fa/")
    scans.check("two-factor authentication (on)", "Two-Factor Authentication")
    page.goto("/accounts/2fa/totp/deactivate/")
    scans.check("deactivate authenticator app", "Deactivate Authenticator App")
    page.goto("/accounts/2fa/recovery-codes/generate/")
    scans.check("generate recovery codes", "Recovery Codes")

    page.goto("/accounts/logout/")
    scans.check("sign out", "Sign Out")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("member@demo.example")
    page.get_by_label("Password").fill("network-demo")
    page.get_by_role("button", name="Sign in").click()
    scans.check("two-factor code at sign in", "Two-Factor Authentication")

    scans.assert_clean()
