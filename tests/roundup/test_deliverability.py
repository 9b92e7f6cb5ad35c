"""The suppression list's feeds: the provider's webhook (shared secret) and CSV imports."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.suppression import Suppression
from publications.roundup.models import Subscriber
from tests.portal.factories import UserFactory

from .factories import SubscriberFactory, comms_person

WEBHOOK = "/round-up/webhooks/deliverability/"


SECRET = "s3cret-for-tests"  # noqa: S105 (the test settings' webhook secret)


def post_events(client, events, secret=SECRET):
    headers = {"HTTP_X_WEBHOOK_SECRET": secret} if secret is not None else {}
    return client.post(
        WEBHOOK, json.dumps({"events": events}), content_type="application/json", **headers
    )


@pytest.mark.parametrize("secret", [None, "", "wrong", "s3cret-for-tests "])
def test_the_webhook_refuses_a_missing_or_wrong_secret(client, db, secret):
    response = post_events(client, [{"type": "complaint", "email": "a@example.org"}], secret)
    assert response.status_code == 403
    assert not Suppression.objects.exists()


def test_the_webhook_is_closed_when_no_secret_is_configured(client, db, settings):
    settings.ROUNDUP_WEBHOOK_SECRET = ""
    response = post_events(client, [{"type": "complaint", "email": "a@example.org"}], "")
    assert response.status_code == 403


def test_hard_bounces_complaints_and_unsubscribes_are_suppressed_soft_bounces_are_not(client, db):
    subscriber = SubscriberFactory(email="leaver@example.org")
    Suppression.objects.create(email="upgraded@example.org", reason="unsubscribe", source="link")
    response = post_events(
        client,
        [
            {"type": "bounce", "bounce_type": "hard", "email": "Gone@Example.org"},
            {"type": "bounce", "bounce_type": "soft", "email": "full@example.org"},
            {"type": "complaint", "email": "upgraded@example.org"},
            {"type": "unsubscribe", "email": "leaver@example.org"},
            {"type": "delivered", "email": "fine@example.org"},
            {"type": "bounce", "email": "not an address"},
            "nonsense",
        ],
    )
    assert response.status_code == 200
    assert response.json() == {"suppressed": 2, "known": 1, "ignored": 4}
    reasons = dict(Suppression.objects.values_list("email", "reason"))
    assert reasons == {
        "gone@example.org": "hard_bounce",
        "upgraded@example.org": "complaint",
        "leaver@example.org": "unsubscribe",
    }
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_the_webhook_rejects_bodies_it_cannot_read(client, db):
    headers = {"HTTP_X_WEBHOOK_SECRET": "s3cret-for-tests"}
    response = client.post(WEBHOOK, "not json", content_type="application/json", **headers)
    assert response.status_code == 400
    response = client.post(WEBHOOK, "{}", content_type="application/json", **headers)
    assert response.status_code == 400
    assert client.get(WEBHOOK).status_code == 405


def _csv(text, name="list.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.fixture
def comms(client, db):
    client.force_login(comms_person())
    return client


def test_comms_import_a_csv_of_addresses(comms):
    Suppression.objects.create(email="known@example.org", reason="hard_bounce", source="t")
    csv = (
        "Email,Reason\nnew@example.org,complaint\nKNOWN@example.org,\n"
        "not-an-address,\nother@example.org,\n"
    )
    response = comms.post(reverse("roundup_admin:suppressions"), {"file": _csv(csv)}, follow=True)
    assert "2 addresses added; 1 already on the list. Rows 4 had no valid address." in (
        response.content.decode()
    )
    reasons = dict(Suppression.objects.values_list("email", "reason"))
    assert reasons["new@example.org"] == "complaint"
    assert reasons["other@example.org"] == "imported"


@pytest.mark.parametrize(
    "upload, error",
    [
        (_csv("name\nJo\n"), "needs a column headed “email”"),
        (_csv("email\na@b.org\n", name="list.xlsx"), "Choose a .csv file"),
        (SimpleUploadedFile("list.csv", b"PK\x03\x04\x00\x00binary"), "not a CSV file"),
        (SimpleUploadedFile("list.csv", "email\nä@b.org\n".encode("latin-1")), "not UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_beside_the_field(comms, upload, error):
    response = comms.post(reverse("roundup_admin:suppressions"), {"file": upload})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Suppression.objects.exists()


def test_only_comms_and_the_network_office_see_the_suppression_list(client, db):
    url = reverse("roundup_admin:suppressions")
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)
    client.force_login(UserFactory(network_office=True))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_suppression_list_page_takes_the_same_queries_however_long(
    comms, rows, django_assert_num_queries
):
    Suppression.objects.bulk_create(
        Suppression(email=f"person{n}@example.org", reason="hard_bounce", source="t")
        for n in range(rows)
    )
    with django_assert_num_queries(15):
        response = comms.get(reverse("roundup_admin:suppressions"))
    assert response.status_code == 200
