"""Subscribing: members by default, double opt-in for everyone else (forged and expired links
refused), the preference centre, unsubscribing, and the suppression list in portal emails."""

import re
import time

import pytest
from django.urls import reverse

from portal.email import send_templated_email
from portal.models import User
from portal.suppression import Suppression
from publications.roundup.models import Subscriber
from publications.roundup.services import subscriptions
from publications.roundup.services.tokens import confirmation_token, subscriber_token
from tests.portal.factories import PASSWORD, UserFactory

from .factories import SubscriberFactory


def confirm_link(inbox, address):
    [message] = inbox.to(address)
    return next(link for link in inbox.links(message) if "/subscribe/confirm/" in link)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_members_are_subscribed_by_default_with_consent_recorded_once(site):
    member = UserFactory(email="radiographer@nhs.net")
    UserFactory(applicant=True)
    earlier = SubscriberFactory(email="joined-later@nhs.net", events=False)
    joined_later = UserFactory(email="joined-later@nhs.net")

    assert subscriptions.enrol_members() == 1
    assert subscriptions.enrol_members() == 0

    row = Subscriber.objects.get(user=member)
    assert row.status == Subscriber.Status.SUBSCRIBED
    assert row.source == Subscriber.Source.MEMBERSHIP
    assert row.consent_at == member.network_status_changed_at
    assert "network member" in row.consent_detail
    earlier.refresh_from_db()
    assert earlier.user == joined_later and earlier.events is False  # their choices are kept
    assert Subscriber.objects.count() == 2


def test_double_opt_in_sends_a_signed_link_and_confirms_on_the_button(
    client, site, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("roundup:subscribe"),
            {
                "email": "Buyer@Supplier.example",
                "first_name": "Jo",
                "topics": ["events"],
                "sig_choice": "chosen",
                "sigs": [site.ct.pk],
            },
        )
    assert response.status_code == 302 and response.url == reverse("roundup:check_email")
    subscriber = Subscriber.objects.get(email="buyer@supplier.example")
    assert subscriber.status == Subscriber.Status.PENDING and subscriber.consent_at is None

    link = path_of(confirm_link(smtp_inbox, "buyer@supplier.example"))
    assert client.get(link).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING  # opening the link alone is not consent

    response = client.post(link)
    assert response.status_code == 200
    assert b"You are subscribed" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert subscriber.consent_at is not None and "Confirmed" in subscriber.consent_detail
    assert (subscriber.events, subscriber.governance, subscriber.all_sigs) == (True, False, False)
    assert list(subscriber.sigs.all()) == [site.ct]


def test_signing_up_twice_quickly_sends_one_email(
    client, site, smtp_inbox, django_capture_on_commit_callbacks
):
    form = {"email": "twice@example.org", "topics": ["events"], "sig_choice": "all"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roundup:subscribe"), form)
        client.post(reverse("roundup:subscribe"), form)
    assert len(smtp_inbox.to("twice@example.org")) == 1


def test_the_sign_up_form_keeps_what_was_typed_and_explains_errors(client, site):
    response = client.post(
        reverse("roundup:subscribe"),
        {"email": "not-an-address", "first_name": "Jo", "sig_choice": "chosen"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid email address" in html and 'value="Jo"' in html
    assert "Choose at least one SIG" in html
    assert not Subscriber.objects.exists()


def test_a_forged_confirmation_link_is_refused(client, site):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING)
    forged = confirmation_token(subscriber)[:-4] + "abcd"
    for method in (client.get, client.post):
        response = method(reverse("roundup:confirm", args=[forged]))
        assert response.status_code == 400
        assert b"This link does not work" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_an_expired_confirmation_link_is_refused(client, site, settings, monkeypatch):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING)
    eight_days_ago = time.time() - 8 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: eight_days_ago)
    token = confirmation_token(subscriber)
    monkeypatch.undo()

    response = client.post(reverse("roundup:confirm", args=[token]))
    assert response.status_code == 400
    assert b"This link has expired" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_members_reach_their_preferences_from_the_profile(client, site):
    member = UserFactory()
    client.force_login(member)
    profile = client.get(reverse("profile")).content.decode()
    assert reverse("roundup:preferences") in profile

    response = client.post(
        reverse("roundup:preferences"),
        {"receive": "yes", "topics": ["protocols"], "sig_choice": "chosen", "sigs": [site.mri.pk]},
    )
    assert response.status_code == 302
    row = Subscriber.objects.get(user=member)
    assert (row.events, row.protocols, row.all_sigs) == (False, True, False)
    assert list(row.sigs.all()) == [site.mri]
    page = client.get(reverse("roundup:preferences")).content.decode()
    assert "Your round-up choices have been saved" in page


def test_the_preference_centre_needs_a_sign_in_or_a_signed_link(client, site):
    response = client.get(reverse("roundup:preferences"))
    assert response.status_code == 302 and "/accounts/login/" in response.url

    subscriber = SubscriberFactory()
    token = subscriber_token(subscriber)
    assert client.get(reverse("roundup:preferences_link", args=[token])).status_code == 200
    forged = reverse("roundup:preferences_link", args=[f"{subscriber.pk + 1}:{token[2:]}"])
    assert client.get(forged).status_code == 400


def test_applicants_are_told_how_to_get_the_round_up(client, site):
    client.force_login(UserFactory(applicant=True))
    response = client.get(reverse("roundup:preferences"))
    assert b"once the network office has approved" in response.content


def test_choosing_not_to_receive_unsubscribes_and_choosing_again_resubscribes(client, site):
    subscriber = SubscriberFactory(email="reader@example.org")
    url = reverse("roundup:preferences_link", args=[subscriber_token(subscriber)])

    client.post(url, {"receive": "no", "topics": ["events"], "sig_choice": "all"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert Suppression.objects.filter(email="reader@example.org").exists()

    client.post(url, {"receive": "yes", "topics": ["events"], "sig_choice": "all"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert "again" in subscriber.consent_detail
    assert not Suppression.objects.filter(email="reader@example.org").exists()


def test_a_bounced_address_stays_suppressed_when_the_person_resubscribes(client, site):
    subscriber = SubscriberFactory(email="bounces@example.org")
    Suppression.objects.create(email="bounces@example.org", reason="hard_bounce", source="t")
    url = reverse("roundup:preferences_link", args=[subscriber_token(subscriber)])
    client.post(url, {"receive": "yes", "topics": ["events"], "sig_choice": "all"})
    assert Suppression.objects.filter(email="bounces@example.org").exists()


def test_unsubscribe_get_asks_first_and_links_to_preferences(client, site):
    subscriber = SubscriberFactory()
    token = subscriber_token(subscriber)
    response = client.get(reverse("roundup:unsubscribe", args=[token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="post"' in html and "Unsubscribe</button>" in html
    assert reverse("roundup:preferences_link", args=[token]) in html
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_unsubscribe_post_works_without_login_cookie_or_csrf_and_does_not_redirect(site):
    from django.test import Client

    subscriber = SubscriberFactory(email="Leaving@Example.org")
    url = reverse("roundup:unsubscribe", args=[subscriber_token(subscriber)])
    client = Client(enforce_csrf_checks=True)

    first = client.post(url, {"List-Unsubscribe": "One-Click"})
    again = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert first.status_code == again.status_code == 200
    assert not first.cookies
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert Suppression.objects.get(email="leaving@example.org").reason == "unsubscribe"


def test_a_forged_unsubscribe_link_changes_nothing(site):
    from django.test import Client

    subscriber = SubscriberFactory()
    response = Client().post(reverse("roundup:unsubscribe", args=[f"{subscriber.pk}:forged"]))
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


@pytest.mark.parametrize("transactional, delivered", [(True, 2), (False, 1)])
def test_reminders_that_are_not_transactional_skip_suppressed_addresses(
    db, smtp_inbox, transactional, delivered
):
    Suppression.objects.create(email="gone@nhs.net", reason="complaint", source="t")
    for address in ("gone@nhs.net", "here@nhs.net"):
        send_templated_email(
            "portal/email/application_approved",
            address,
            {"applicant": UserFactory.build(first_name="A")},
            transactional=transactional,
        )
    assert len(smtp_inbox.messages) == delivered
    assert smtp_inbox.to("here@nhs.net")


def test_nothing_is_sent_when_every_recipient_is_suppressed(db, smtp_inbox):
    Suppression.objects.create(email="gone@nhs.net", reason="hard_bounce", source="t")
    send_templated_email(
        "portal/email/application_approved",
        ["GONE@nhs.net"],
        {"applicant": UserFactory.build()},
        transactional=False,
    )
    assert smtp_inbox.messages == []


def test_members_receive_the_round_up_only_while_the_portal_counts_them_as_members(site):
    member = UserFactory(email="member@nhs.net")
    left = UserFactory(email="left@nhs.net")
    subscriptions.enrol_members()
    left.is_active = False
    left.save()
    applicant = UserFactory(email="applicant@nhs.net", applicant=True)
    SubscriberFactory(email=applicant.email, user=applicant)  # subscribed, not yet a member
    SubscriberFactory(email="friend@partner.example")

    receiving = {s.address for s in Subscriber.objects.receiving()}

    members = set(User.objects.network_members().values_list("email", flat=True))
    assert member.email in members and not {left.email, applicant.email} & members
    assert {"member@nhs.net", "friend@partner.example"} <= receiving
    assert not {left.email, applicant.email} & receiving


def test_signed_in_member_sees_preferences_in_the_account_menu(client, site):
    member = UserFactory()
    client.login(email=member.email, password=PASSWORD)
    html = client.get(reverse("roundup:preferences")).content.decode()
    assert 'aria-current="page"' in html and "Round-up emails" in html
