"""Inviting a patient volunteer, setting a password through the signed link, and the policy
that must be accepted (with its date and version) before any other page."""

import re
import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from governance.lay.errors import VolunteerError
from governance.lay.models import PolicyAcceptance, VolunteerInvitation, VolunteerPolicySettings
from governance.lay.services.onboarding import INVITATION_SALT, invite_volunteer
from portal.models import User
from tests.portal.factories import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(world):
    return UserFactory(network_office=True)


@pytest.fixture
def policy(world):
    page = StandardPageFactory(parent=world.home, title="Patient Volunteer Policy")
    settings = VolunteerPolicySettings.for_site(Site.objects.get(is_default_site=True))
    settings.policy_page = page
    settings.policy_version = "2024.1"
    settings.save()
    return settings


class SignedFifteenDaysAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 15 * 24 * 3600)


def invite(client, office, email="pat.newcomer@gmail.example"):
    client.force_login(office)
    return client.post(
        reverse("volunteer_invite"),
        {"first_name": "Pat", "last_name": "Newcomer", "email": email, "message": "Welcome!"},
    )


def link_in(inbox, address):
    [message] = inbox.to(address)
    [url] = [link for link in inbox.links(message) if "/volunteers/join/" in link]
    return re.sub(r"^https?://[^/]+", "", url)


def test_the_network_office_invites_a_volunteer_who_sets_a_password_and_signs_in(
    office, client, smtp_inbox, policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, office)
    assert response.status_code == 302
    person = User.objects.get(email="pat.newcomer@gmail.example")
    assert person.is_lay_member and not person.has_usable_password()
    path = link_in(smtp_inbox, person.email)
    assert "Welcome!" in smtp_inbox.text(smtp_inbox.to(person.email)[0])

    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and b"Choose a password" in page.content
    response = client.post(path, {"password1": "mammogram-tulip-91", "password2": "x"})
    assert b"The two passwords are different" in response.content
    response = client.post(
        path, {"password1": "mammogram-tulip-91", "password2": "mammogram-tulip-91"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("volunteer_policy")
    person.refresh_from_db()
    assert person.check_password("mammogram-tulip-91")
    assert person.emailaddress_set.get().verified
    assert VolunteerInvitation.objects.get(person=person).is_accepted

    client.logout()
    again = client.get(path)
    assert again.status_code == 400 and b"already set your password" in again.content


def test_only_the_network_office_may_invite(world, client):
    for person in (world.chair, world.member, world.lay_member):
        client.force_login(person)
        assert client.get(reverse("volunteer_invite")).status_code == 404
    with pytest.raises(VolunteerError):
        invite_volunteer(email="a@b.example", first_name="A", last_name="B", by=world.chair)
    assert not User.objects.filter(email="a@b.example").exists()


def test_someone_with_an_account_is_not_invited_again(office, client):
    response = invite(client, office, email=office.email)
    assert b"already has an account" in response.content
    assert not VolunteerInvitation.objects.exists()


def test_a_tampered_or_expired_link_is_refused(office, client, smtp_inbox):
    invitation = invite_volunteer(
        email="late@example.org", first_name="Late", last_name="Comer", by=office
    )
    client.logout()
    bad = client.get(reverse("volunteer_accept_invitation", args=["not-a-token"]))
    assert bad.status_code == 400 and b"not valid" in bad.content

    token = SignedFifteenDaysAgo(salt=INVITATION_SALT).sign_object(
        {"invitation": invitation.pk}, compress=True
    )
    expired = client.get(reverse("volunteer_accept_invitation", args=[token]))
    assert expired.status_code == 400 and b"expired" in expired.content


def test_a_volunteer_must_accept_the_policy_before_any_other_page(world, policy, client):
    client.force_login(world.lay_member)
    for url in (reverse("profile"), reverse("governance:papers_to_review"), world.board.url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("volunteer_policy"))
    assert client.get(policy.policy_page.url).status_code == 200  # they may read it

    response = client.post(reverse("volunteer_policy"), {})
    assert b"Tick the box to say you accept the policy" in response.content
    response = client.post(reverse("volunteer_policy"), {"accept": "on"})
    assert response["Location"] == reverse("volunteer_induction")
    acceptance = PolicyAcceptance.objects.get(person=world.lay_member)
    assert acceptance.policy_version == "2024.1"
    assert acceptance.accepted_at.date() == timezone.now().date()
    assert acceptance.policy_page_id == policy.policy_page_id

    induction = client.get(reverse("volunteer_induction"))
    assert induction.status_code == 200 and b"Papers to review" in induction.content
    assert client.get(reverse("profile")).status_code == 200


def test_a_new_policy_version_must_be_accepted_again(world, policy, client):
    PolicyAcceptance.objects.create(person=world.lay_member, policy_version="2024.1")
    client.force_login(world.lay_member)
    assert client.get(reverse("profile")).status_code == 200
    policy.policy_version = "2025.1"
    policy.save()
    response = client.get(reverse("profile"))
    assert response["Location"].startswith(reverse("volunteer_policy"))


def test_staff_are_never_asked_and_nothing_is_asked_before_a_policy_is_set(world, client):
    client.force_login(world.lay_member)
    assert client.get(reverse("profile")).status_code == 200  # no policy set yet
    client.force_login(world.member)
    assert client.get(reverse("profile")).status_code == 200
    assert client.get(reverse("volunteer_policy")).status_code == 404
