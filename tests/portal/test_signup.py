"""Joining the network: NHS addresses are admitted on confirmation, others wait for approval."""

import pytest
from django.conf import settings

from portal.models import User
from portal.services import is_nhs_email

from .factories import TrustFactory, UserFactory
from .flows import STRONG_PASSWORD, confirm_from_email, link_in, only_message_to, sign_up
from .html import error_summary, field_error, field_value, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    ["x@nhs.net", "y@nhs.uk", "z@somewhere.nhs.uk", "Radiology.Team@NHS.NET", "a@b.c.nhs.uk"],
)
def test_nhs_addresses_count_as_nhs(address):
    assert is_nhs_email(address)


@pytest.mark.parametrize(
    "address",
    [
        "x@nhs.uk.evil.com",
        "x@notnhs.net",
        "x@nhs.net.example.org",
        "x@evilnhs.uk",
        "nhs.net@example.com",
        "x@nhsnet",
        "x@gmail.com",
    ],
)
def test_lookalike_addresses_do_not_count_as_nhs(address):
    assert not is_nhs_email(address)


@pytest.mark.parametrize("address", ["x@nhs.net", "y@nhs.uk", "z@somewhere.nhs.uk"])
def test_nhs_address_becomes_member_once_confirmed_from_the_email(
    client, smtp_inbox, django_capture_on_commit_callbacks, address
):
    trust = TrustFactory()
    response = sign_up(
        client,
        address,
        job_title="Reporting radiographer",
        staff_group="radiographer",
        organisation=trust.pk,
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"

    person = User.objects.get(email=address)
    assert person.network_status == User.NetworkStatus.UNCONFIRMED
    assert not person.is_network_member
    assert (person.job_title, person.staff_group, person.organisation) == (
        "Reporting radiographer",
        "radiographer",
        trust,
    )

    response = confirm_from_email(client, smtp_inbox, address, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.network_status == User.NetworkStatus.MEMBER
    assert person.is_network_member
    assert smtp_inbox.to(settings.NETWORK_OFFICE_EMAIL) == []
    # Confirming signs them in, and their profile says they are a member.
    profile = client.get("/accounts/profile/")
    assert profile.status_code == 200
    assert "Network member" in text(profile)


@pytest.mark.parametrize("address", ["x@nhs.uk.evil.com", "x@notnhs.net", "pat@example.com"])
def test_other_address_waits_for_approval_and_the_network_office_is_told(
    client, smtp_inbox, django_capture_on_commit_callbacks, address
):
    sign_up(client, address, first_name="Pat", last_name="Lee", job_title="Sales specialist")
    assert User.objects.get(email=address).network_status == User.NetworkStatus.UNCONFIRMED

    confirm_from_email(client, smtp_inbox, address, django_capture_on_commit_callbacks)

    person = User.objects.get(email=address)
    assert person.network_status == User.NetworkStatus.AWAITING_APPROVAL
    assert not person.is_network_member
    notice = only_message_to(smtp_inbox, settings.NETWORK_OFFICE_EMAIL)
    assert "Pat Lee" in notice["Subject"]
    body = smtp_inbox.text(notice)
    assert address in body
    assert "Sales specialist" in body
    review_link = link_in(smtp_inbox, notice, "/admin/applicants/")
    assert review_link == settings.WAGTAILADMIN_BASE_URL + "/admin/applicants/"

    profile = client.get("/accounts/profile/")
    assert "Awaiting approval by the network office" in text(profile)

    # The link in the email opens the queue, with the applicant in it.
    office = UserFactory(network_office=True)
    client.force_login(office)
    queue = client.get(review_link.removeprefix(settings.WAGTAILADMIN_BASE_URL))
    assert queue.status_code == 200
    assert address in text(queue)


def test_nobody_is_a_member_or_signed_in_before_confirming(client, smtp_inbox):
    sign_up(client, "new.starter@nhs.net")

    person = User.objects.get(email="new.starter@nhs.net")
    assert not person.is_network_member
    assert User.objects.network_members().count() == 0
    # Signing in is refused until the address is confirmed: allauth resends the link instead.
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new.starter@nhs.net", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_confirming_again_leaves_a_member_as_they_are(
    client, smtp_inbox, django_capture_on_commit_callbacks
):
    sign_up(client, "twice@nhs.net")
    link = link_in(
        smtp_inbox, only_message_to(smtp_inbox, "twice@nhs.net"), "/accounts/confirm-email/"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
        client.post(link)
    assert User.objects.get(email="twice@nhs.net").network_status == User.NetworkStatus.MEMBER


class TestSignupErrors:
    """Each mistake is named beside its field, and what was typed is kept."""

    def assert_kept_what_was_typed(self, response, email):
        assert field_value(response, "first_name") == "Ada"
        assert field_value(response, "last_name") == "Okafor"
        assert field_value(response, "email") == email
        # Passwords are never sent back to the browser.
        assert field_value(response, "password1") == ""

    def test_duplicate_email(self, client):
        UserFactory(email="taken@nhs.net")
        response = sign_up(client, "taken@nhs.net")

        assert response.status_code == 200
        message = "A user is already registered with this email address."
        assert field_error(response, "email") == f"Error: {message}"
        assert message in error_summary(response)
        self.assert_kept_what_was_typed(response, "taken@nhs.net")
        assert User.objects.filter(email="taken@nhs.net").count() == 1

    def test_duplicate_email_in_other_case(self, client):
        UserFactory(email="taken@nhs.net")
        response = sign_up(client, "Taken@NHS.net")

        assert "already registered" in field_error(response, "email")
        assert User.objects.filter(email__iexact="taken@nhs.net").count() == 1

    def test_invalid_email(self, client):
        response = sign_up(client, "not-an-email@")

        assert response.status_code == 200
        assert field_error(response, "email") == "Error: Enter a valid email address."
        self.assert_kept_what_was_typed(response, "not-an-email@")
        assert not User.objects.exists()

    @pytest.mark.parametrize(
        ("password1", "password2", "field", "message"),
        [
            (
                "Sh0rt-pw",
                "Sh0rt-pw",
                "password1",
                "This password is too short. It must contain at least 10 characters.",
            ),
            ("password123", "password123", "password1", "This password is too common."),
            ("4829175036", "4829175036", "password1", "This password is entirely numeric."),
            (
                STRONG_PASSWORD,
                STRONG_PASSWORD + "!",
                "password2",
                "You must type the same password each time.",
            ),
        ],
        ids=["too-short", "too-common", "entirely-numeric", "mismatch"],
    )
    def test_weak_or_mismatched_password(self, client, password1, password2, field, message):
        response = sign_up(client, "ada.okafor@nhs.net", password1=password1, password2=password2)

        assert response.status_code == 200
        assert message in field_error(response, field)
        assert any(item.endswith(message) for item in error_summary(response))
        self.assert_kept_what_was_typed(response, "ada.okafor@nhs.net")
        assert not User.objects.exists()

    def test_missing_names(self, client):
        response = sign_up(client, "ada.okafor@nhs.net", first_name="", last_name="")

        assert field_error(response, "first_name") == "Error: This field is required."
        assert field_error(response, "last_name") == "Error: This field is required."
        assert field_value(response, "email") == "ada.okafor@nhs.net"
