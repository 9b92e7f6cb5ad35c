"""Anyone who can reach an admin area must have set up an authenticator app (TOTP) first."""

import time
from urllib.parse import unquote

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from .factories import PASSWORD, UserFactory
from .html import text

pytestmark = pytest.mark.django_db

ACTIVATE = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def _admin_mfa_required(settings):
    settings.PORTAL_REQUIRE_ADMIN_MFA = True


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def sign_in(client, email, password=PASSWORD):
    """Sign in through the real form, so allauth records a fresh authentication."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, text(response)
    return response


@pytest.mark.parametrize("path", ["/admin/", "/admin/applicants/", "/django-admin/"])
@pytest.mark.parametrize("who", ["superuser", "network_office"])
def test_admin_without_an_authenticator_is_sent_to_set_one_up(client, path, who):
    client.force_login(UserFactory(**{who: True}))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{ACTIVATE}?next={path}"


def test_the_admin_is_told_why_and_confirms_their_password_first(client):
    admin = UserFactory(superuser=True)
    sign_in(client, admin.email)

    response = client.get("/admin/", follow=True)

    # allauth asks for the password again before an authenticator can be added.
    assert response.status_code == 200
    assert response.redirect_chain[0] == (f"{ACTIVATE}?next=/admin/", 302)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "Set up two-factor authentication with an authenticator app" in text(response)


def test_admin_with_a_totp_authenticator_reaches_the_admin(client):
    admin = UserFactory(superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/applicants/").status_code == 200


def test_recovery_codes_alone_are_not_enough(client):
    admin = UserFactory(superuser=True)
    Authenticator.objects.create(
        user=admin, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20}
    )
    client.force_login(admin)

    assert client.get("/admin/")["Location"] == f"{ACTIVATE}?next=/admin/"


def test_setting_up_totp_with_a_real_code_opens_the_admin(client):
    admin = UserFactory(superuser=True)
    sign_in(client, admin.email)
    reauthenticate = client.get("/admin/", follow=True).redirect_chain[-1][0]
    activate = client.post(reauthenticate, {"password": PASSWORD})["Location"]
    assert unquote(activate) == f"{ACTIVATE}?next=/admin/"

    setup_page = client.get(activate)
    assert setup_page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in setup_page.content.decode()  # for people who cannot scan the QR code

    wrong = "000000" if current_code(secret) != "000000" else "111111"
    assert "Incorrect code." in text(client.post(ACTIVATE, {"code": wrong}))
    assert client.get("/admin/").status_code == 302

    client.post(ACTIVATE, {"code": current_code(secret)})

    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_signing_in_later_asks_for_the_authenticator_code(client):
    admin = UserFactory(superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)

    response = sign_in(client, admin.email)

    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_members_are_not_asked_for_mfa_on_normal_pages(client, demo_site):
    member = UserFactory()
    sign_in(client, member.email)

    for path in ["/", "/about/", "/accounts/profile/", "/accounts/email/"]:
        assert client.get(path).status_code == 200, path
    # A member has no admin access, so the admin turns them away without asking for MFA.
    assert not client.get("/admin/")["Location"].startswith(ACTIVATE)


def test_admins_without_mfa_can_still_use_the_rest_of_the_site(client, demo_site):
    client.force_login(UserFactory(superuser=True))

    for path in ["/", "/about/", "/accounts/profile/"]:
        assert client.get(path).status_code == 200, path
    # The way to set MFA up is never itself blocked (allauth asks for the password first).
    assert client.get(ACTIVATE)["Location"].startswith(reverse("account_reauthenticate"))


def test_switched_off_admin_mfa_lets_admins_straight_in(client, settings):
    settings.PORTAL_REQUIRE_ADMIN_MFA = False
    client.force_login(UserFactory(superuser=True))

    assert client.get("/admin/").status_code == 200
