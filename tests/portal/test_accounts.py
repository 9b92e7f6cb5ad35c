"""Looking after an account: signing in and out, rate limits, password reset, email change."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings

from portal.models import User

from .factories import PASSWORD, UserFactory
from .flows import STRONG_PASSWORD, link_in, only_message_to
from .html import field_error, field_value, soup, text

pytestmark = pytest.mark.django_db

WRONG_CREDENTIALS = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."


def log_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).email if user_id else None


class TestSigningIn:
    def test_right_password_signs_in_and_goes_to_my_network(self, client):
        UserFactory(email="sam.taylor@nhs.net")

        response = log_in(client, "sam.taylor@nhs.net", PASSWORD)

        assert response["Location"] == "/my/"
        assert signed_in_as(client) == "sam.taylor@nhs.net"

    def test_email_is_not_case_sensitive(self, client):
        UserFactory(email="sam.taylor@nhs.net")
        log_in(client, "Sam.Taylor@NHS.net", PASSWORD)
        assert signed_in_as(client) == "sam.taylor@nhs.net"

    def test_wrong_password_says_so_and_keeps_the_email(self, client):
        UserFactory(email="sam.taylor@nhs.net")

        response = log_in(client, "sam.taylor@nhs.net", "not-my-password")

        assert response.status_code == 200
        assert WRONG_CREDENTIALS in text(response)
        assert field_value(response, "login") == "sam.taylor@nhs.net"
        assert signed_in_as(client) is None


class TestLoginRateLimit:
    """After five failures for one address in five minutes, even the right password waits."""

    def test_repeated_failures_for_one_email_are_stopped(self, client):
        UserFactory(email="target@nhs.net")

        for _attempt in range(5):
            assert WRONG_CREDENTIALS in text(log_in(client, "target@nhs.net", "guess-again"))

        response = log_in(client, "target@nhs.net", "guess-again")
        assert TOO_MANY in text(response)
        assert TOO_MANY in text(log_in(client, "target@nhs.net", PASSWORD))
        assert signed_in_as(client) is None

    def test_the_limit_counts_per_address(self, client):
        UserFactory(email="target@nhs.net")
        UserFactory(email="bystander@nhs.net")
        for _attempt in range(6):
            log_in(client, "target@nhs.net", "guess-again")

        log_in(client, "bystander@nhs.net", PASSWORD)

        assert signed_in_as(client) == "bystander@nhs.net"

    def test_the_address_is_counted_whatever_its_case(self, client):
        UserFactory(email="target@nhs.net")
        for attempt in range(5):
            log_in(client, "TARGET@nhs.net" if attempt % 2 else "target@nhs.net", "guess-again")

        assert TOO_MANY in text(log_in(client, "Target@NHS.NET", PASSWORD))

    def test_fewer_failures_than_the_limit_still_let_the_right_password_in(self, client):
        UserFactory(email="target@nhs.net")
        for _attempt in range(4):
            log_in(client, "target@nhs.net", "guess-again")

        log_in(client, "target@nhs.net", PASSWORD)

        assert signed_in_as(client) == "target@nhs.net"


def test_signing_out_needs_a_post(client):
    client.force_login(UserFactory())

    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert signed_in_as(client) is not None

    response = client.post("/accounts/logout/")

    assert response["Location"] == settings.ACCOUNT_LOGOUT_REDIRECT_URL
    assert signed_in_as(client) is None
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")


def test_header_offers_sign_out_to_signed_in_people(client, demo_site):
    client.force_login(UserFactory(first_name="Sam", last_name="Taylor"))

    header = soup(client.get("/")).find("header")

    form = header.find("form", action="/accounts/logout/")
    assert form is not None and form.get("method") == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    assert "Sam Taylor" in header.get_text()


class TestPasswordReset:
    def test_reset_by_link_from_the_email_then_sign_in(
        self, client, smtp_inbox, django_capture_on_commit_callbacks
    ):
        UserFactory(email="forgetful@nhs.net")

        response = client.post("/accounts/password/reset/", {"email": "forgetful@nhs.net"})
        assert response["Location"] == "/accounts/password/reset/done/"

        email = only_message_to(smtp_inbox, "forgetful@nhs.net")
        link = link_in(smtp_inbox, email, "/accounts/password/reset/key/")
        form_url = client.get(link)["Location"]  # allauth hides the key from the address bar
        assert client.get(form_url).status_code == 200
        response = client.post(
            form_url, {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD}
        )
        assert response["Location"] == "/accounts/password/reset/key/done/"

        client.logout()
        assert signed_in_as(client) is None
        log_in(client, "forgetful@nhs.net", PASSWORD)
        assert signed_in_as(client) is None
        log_in(client, "forgetful@nhs.net", STRONG_PASSWORD)
        assert signed_in_as(client) == "forgetful@nhs.net"

    def test_a_used_link_cannot_be_used_again(self, client, smtp_inbox):
        UserFactory(email="forgetful@nhs.net")
        client.post("/accounts/password/reset/", {"email": "forgetful@nhs.net"})
        link = link_in(
            smtp_inbox,
            only_message_to(smtp_inbox, "forgetful@nhs.net"),
            "/accounts/password/reset/key/",
        )
        form_url = client.get(link)["Location"]
        client.post(form_url, {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD})

        client.logout()
        response = client.get(link, follow=True)

        assert "The password reset link was invalid" in text(response)

    def test_the_new_password_must_be_strong(self, client, smtp_inbox):
        UserFactory(email="forgetful@nhs.net")
        client.post("/accounts/password/reset/", {"email": "forgetful@nhs.net"})
        link = link_in(
            smtp_inbox,
            only_message_to(smtp_inbox, "forgetful@nhs.net"),
            "/accounts/password/reset/key/",
        )
        form_url = client.get(link)["Location"]

        response = client.post(form_url, {"password1": "12345678", "password2": "12345678"})

        assert "This password is too short" in field_error(response, "password1")
        assert "This password is entirely numeric." in field_error(response, "password1")

    def test_unknown_address_says_so(self, client, smtp_inbox):
        response = client.post("/accounts/password/reset/", {"email": "nobody@nhs.net"})

        assert response.status_code == 200
        assert "not assigned to any user account" in field_error(response, "email")
        assert smtp_inbox.messages == []


class TestChangingEmail:
    def test_new_address_replaces_the_old_once_confirmed_from_the_email(
        self, client, smtp_inbox, django_capture_on_commit_callbacks
    ):
        person = UserFactory(email="old.address@nhs.net")
        client.force_login(person)

        response = client.post(
            "/accounts/email/", {"email": "new.address@nhs.net", "action_add": ""}
        )
        assert response["Location"] == "/accounts/email/"
        assert "Confirmation email sent to new.address@nhs.net." in text(
            client.get("/accounts/email/")
        )
        person.refresh_from_db()
        assert person.email == "old.address@nhs.net"  # nothing changes until confirmed

        link = link_in(
            smtp_inbox,
            only_message_to(smtp_inbox, "new.address@nhs.net"),
            "/accounts/confirm-email/",
        )
        assert client.get(link).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            client.post(link)

        person.refresh_from_db()
        assert person.email == "new.address@nhs.net"
        assert list(
            EmailAddress.objects.filter(user=person).values_list("email", "primary", "verified")
        ) == [("new.address@nhs.net", True, True)]
        assert person.network_status == User.NetworkStatus.MEMBER
        client.logout()
        log_in(client, "new.address@nhs.net", PASSWORD)
        assert signed_in_as(client) == "new.address@nhs.net"

    def test_a_member_moving_to_a_non_nhs_address_stays_a_member(
        self, client, smtp_inbox, django_capture_on_commit_callbacks
    ):
        person = UserFactory(email="leaving@nhs.net")
        client.force_login(person)
        client.post("/accounts/email/", {"email": "leaving@example.com", "action_add": ""})
        link = link_in(
            smtp_inbox,
            only_message_to(smtp_inbox, "leaving@example.com"),
            "/accounts/confirm-email/",
        )
        with django_capture_on_commit_callbacks(execute=True):
            client.post(link)

        person.refresh_from_db()
        assert person.email == "leaving@example.com"
        assert person.network_status == User.NetworkStatus.MEMBER
        assert smtp_inbox.to(settings.NETWORK_OFFICE_EMAIL) == []

    def test_an_address_someone_else_uses_is_refused(self, client):
        UserFactory(email="taken@nhs.net")
        client.force_login(UserFactory(email="mine@nhs.net"))

        response = client.post("/accounts/email/", {"email": "taken@nhs.net", "action_add": ""})

        assert response.status_code == 200
        assert "A user is already registered with this email address." in text(response)


class TestProfile:
    URL = "/accounts/profile/"

    def test_needs_signing_in(self, client):
        response = client.get(self.URL)
        assert response["Location"] == f"/accounts/login/?next={self.URL}"

    def test_shows_the_person_and_their_membership(self, client):
        client.force_login(UserFactory(email="sam@nhs.net", first_name="Sam"))

        response = client.get(self.URL)

        assert response.status_code == 200
        page = text(response)
        assert "sam@nhs.net" in page
        assert "Network member" in page
        assert field_value(response, "first_name") == "Sam"

    def test_saves_the_details(self, client):
        from .factories import TrustFactory

        trust = TrustFactory(name="Walsall Healthcare NHS Trust")
        person = UserFactory()
        client.force_login(person)

        response = client.post(
            self.URL,
            {
                "first_name": "Samira",
                "last_name": "Begum",
                "job_title": "MRI radiographer",
                "staff_group": "radiographer",
                "organisation": trust.pk,
                "registration_body": "HCPC",
                "registration_number": "RA123456",
            },
            follow=True,
        )

        assert response.redirect_chain == [(self.URL, 302)]
        assert "Your profile has been saved." in text(response)
        person.refresh_from_db()
        assert (
            person.first_name,
            person.last_name,
            person.job_title,
            person.organisation,
            person.registration_body,
            person.registration_number,
        ) == ("Samira", "Begum", "MRI radiographer", trust, "HCPC", "RA123456")
        assert field_value(response, "organisation") == str(trust.pk)

    def test_registration_number_without_a_body_is_an_error_beside_the_body(self, client):
        person = UserFactory(first_name="Sam", job_title="Sonographer")
        client.force_login(person)

        response = client.post(
            self.URL,
            {
                "first_name": "Samuel",
                "last_name": "Taylor",
                "job_title": "Consultant sonographer",
                "staff_group": "sonographer",
                "registration_number": "RA123456",
            },
        )

        assert response.status_code == 200
        assert field_error(response, "registration_body") == (
            "Error: Choose the body your registration number is with."
        )
        assert field_value(response, "first_name") == "Samuel"
        assert field_value(response, "job_title") == "Consultant sonographer"
        assert field_value(response, "registration_number") == "RA123456"
        assert field_value(response, "staff_group") == "sonographer"
        person.refresh_from_db()
        assert (person.first_name, person.registration_number) == ("Sam", "")

    def test_names_are_required(self, client):
        client.force_login(UserFactory())

        response = client.post(self.URL, {"first_name": "", "last_name": ""})

        assert field_error(response, "first_name") == "Error: This field is required."
        assert field_error(response, "last_name") == "Error: This field is required."

    def test_cannot_promote_yourself(self, client):
        person = UserFactory(applicant=True)
        client.force_login(person)

        client.post(
            self.URL,
            {
                "first_name": "Alex",
                "last_name": "Jordan",
                "network_status": "member",
                "office_team": "network_office",
                "is_superuser": "on",
                "is_staff": "on",
                "email": "someone.else@nhs.net",
            },
        )

        person.refresh_from_db()
        assert person.network_status == User.NetworkStatus.AWAITING_APPROVAL
        assert (person.office_team, person.is_superuser, person.is_staff) == ("", False, False)
        assert person.email.endswith("@example.com")
