"""The comms team's subscriber list in the Wagtail admin: who may open it, counts, search and
filters, each subscriber's history, CSV export and import (double opt-in), unsubscribing by
hand, the audit log, and the recipients per topic in an issue's preview."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.suppression import Suppression, suppress
from publications.roundup.models import Subscriber, SubscriberEvent
from publications.roundup.services import subscriptions
from publications.roundup.services.tokens import confirmation_token
from tests.portal.factories import UserFactory

from .factories import RoundupPageFactory, SubscriberFactory, comms_person, item, section

INDEX = "roundup_subscribers:index"


@pytest.fixture
def comms(client, site):
    person = comms_person(first_name="Callum", last_name="Reid", email="callum@nhs.net")
    client.force_login(person)
    return person


def csv_file(text, name="people.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("member", False), ("comms", True), ("network office", True)],
)
def test_only_comms_and_the_network_office_see_subscribers(client, site, who, allowed):
    SubscriberFactory(email="reader@partner.example")
    people = {
        "member": lambda: UserFactory(),
        "comms": comms_person,
        "network office": lambda: UserFactory(network_office=True),
    }
    if who in people:
        client.force_login(people[who]())
    for url in (
        reverse(INDEX),
        reverse("roundup_subscribers:export"),
        reverse("roundup_subscribers:import"),
        reverse("roundup_subscribers:inspect", args=[Subscriber.objects.get().pk]),
    ):
        response = client.get(url)
        assert (response.status_code == 200) is allowed, (who, url, response.status_code)
        assert b"reader@partner.example" not in response.content or allowed


def test_the_list_counts_by_status_and_topic_and_shows_no_other_personal_data(client, comms):
    member = UserFactory(
        email="radiographer@nhs.net", first_name="Asha", job_title="Superintendent radiographer"
    )
    subscriptions.enrol_members()  # members are subscribed by default (comms too)
    SubscriberFactory(email="a@partner.example", organisation="Acme Scanners Ltd", jobs=False)
    SubscriberFactory(email="b@partner.example", status=Subscriber.Status.PENDING)
    SubscriberFactory(email="c@partner.example", status=Subscriber.Status.UNSUBSCRIBED)

    html = client.get(reverse(INDEX)).content.decode()

    assert "Subscribers by status" in html
    assert "radiographer@nhs.net" in html and "Asha" in html
    assert member.job_title not in html and member.last_name not in html
    assert "Acme Scanners Ltd" not in html
    receiving = Subscriber.objects.receiving()
    assert receiving.count() == 3
    assert receiving.wanting("jobs").count() == 2
    assert ">Jobs and opportunities</th><td>2</td>" in html.replace("\n", "")


def test_search_and_filters(client, comms):
    SubscriberFactory(email="robin@partner.example", first_name="Robin")
    SubscriberFactory(email="sam@partner.example", first_name="Sam", events=False)
    SubscriberFactory(email="pat@partner.example", status=Subscriber.Status.PENDING)

    def listed(**params):
        html = client.get(reverse(INDEX), params).content.decode()
        return sorted(a for a in ("robin@", "sam@", "pat@") if f"{a}partner.example" in html)

    assert listed(q="robin") == ["robin@"]
    assert listed(status="pending") == ["pat@"]
    assert listed(topic="events", status="subscribed") == ["robin@"]


def test_history_records_each_change_as_it_happens(client, comms, smtp_inbox, site):
    subscriber = subscriptions.subscribe("jo@supplier.example", first_name="Jo")
    subscriptions.confirm(confirmation_token(subscriber))
    subscriptions.save_preferences(
        subscriber, receive=True, topics={"events": True}, sigs=[site.ct]
    )
    subscriptions.unsubscribe(subscriber, source="unsubscribe link")

    kinds = list(subscriber.history.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == ["confirmation_sent", "confirmed", "preferences", "unsubscribed"]
    html = client.get(reverse("roundup_subscribers:inspect", args=[subscriber.pk])).content
    html = html.decode()
    for words in ("Asked to confirm by email", "Confirmed by email", "Preferences changed"):
        assert words in html
    assert "SIGs: CT SIG" in html
    actions = ModelLogEntry.objects.filter(object_id=str(subscriber.pk)).values_list(
        "action", flat=True
    )
    assert "roundup.subscriber.unsubscribed" in actions


def test_a_bounce_is_in_the_history(client, site):
    subscriber = SubscriberFactory(email="gone@partner.example")
    response = client.post(
        reverse("roundup:deliverability_webhook"),
        {"events": [{"type": "bounce", "email": "gone@partner.example"}]},
        content_type="application/json",
        headers={"X-Webhook-Secret": "s3cret-for-tests"},
    )
    assert response.status_code == 200
    assert subscriber.history.get().kind == SubscriberEvent.Kind.BOUNCED


def test_export_is_the_filtered_list_with_a_bom_and_formulas_neutralised(client, comms):
    SubscriberFactory(email="eve@partner.example", first_name='=HYPERLINK("http://x")')
    SubscriberFactory(email="zoë@partner.example", first_name="Zoë")
    SubscriberFactory(email="left@partner.example", status=Subscriber.Status.UNSUBSCRIBED)

    response = client.get(reverse("roundup_subscribers:export"), {"status": "subscribed"})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Email address", "Name", "Status", "Topics"]
    by_address = {row[0]: row for row in rows[1:]}
    assert set(by_address) == {"eve@partner.example", "zoë@partner.example"}
    assert by_address["eve@partner.example"][1].startswith("'=")
    assert by_address["zoë@partner.example"][1] == "Zoë"


def test_import_asks_new_addresses_to_confirm_and_subscribes_nobody(
    client, comms, smtp_inbox, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="already@partner.example")
    SubscriberFactory(email="left@partner.example", status=Subscriber.Status.UNSUBSCRIBED)
    suppress("bounced@partner.example", Suppression.Reason.HARD_BOUNCE, "test")
    rows = "\n".join(
        [
            "email,first_name",
            "New.Person@Partner.example,Nia",
            "already@partner.example,",
            "bounced@partner.example,",
            "left@partner.example,",
            "not an address,",
            ",Nobody",
            "new.person@partner.example,Nia again",
            "second@partner.example,",
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("roundup_subscribers:import"), {"file": csv_file(rows + "\n")}
        )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nobody has been subscribed by this import" in html
    assert "Line 6: “not an address” is not an email address" in html
    assert "Line 7: no email address" in html
    assert "Line 8: repeats line 2" in html
    assert sorted(m["To"] for m in smtp_inbox.messages) == [
        "new.person@partner.example",
        "second@partner.example",
    ]
    assert "would like to send you" in smtp_inbox.messages[0].get_body(("plain",)).get_content()
    new = Subscriber.objects.get(email="new.person@partner.example")
    assert new.status == Subscriber.Status.PENDING and new.consent_at is None
    assert new.source == Subscriber.Source.IMPORT and new.first_name == "Nia"
    assert Subscriber.objects.get(email="left@partner.example").status == "unsubscribed"
    assert not Subscriber.objects.filter(email="bounced@partner.example").exists()
    assert Subscriber.objects.receiving().count() == 1  # only the one already subscribed
    entry = ModelLogEntry.objects.get(
        object_id=str(new.pk), action="roundup.subscriber.confirmation_sent"
    )
    assert entry.user == comms


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,organisation\nJo,NHS\n", "needs a column headed “email”"),
        ("email\nzoë@x.example\n".encode("latin-1"), "not UTF-8"),
        (b"\x00\x01binary", "not a CSV file"),
    ],
)
def test_an_unreadable_import_says_why(client, comms, content, message):
    upload = SimpleUploadedFile("people.csv", content, content_type="text/csv")
    response = client.post(reverse("roundup_subscribers:import"), {"file": upload})
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()


def test_comms_unsubscribe_someone_with_a_reason(client, comms):
    subscriber = SubscriberFactory(email="phoned@partner.example")
    url = reverse("roundup_subscribers:unsubscribe", args=[subscriber.pk])

    client.post(url, {"reason": ""})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED  # a reason is needed

    response = client.post(url, {"reason": "Asked by phone"}, follow=True)
    assert "is unsubscribed and on the suppression list" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    suppression = Suppression.objects.get(email="phoned@partner.example")
    assert suppression.reason == Suppression.Reason.UNSUBSCRIBE
    assert suppression.detail == "Asked by phone"
    event = subscriber.history.get()
    assert event.by == comms and "Asked by phone" in event.detail
    entry = ModelLogEntry.objects.get(
        object_id=str(subscriber.pk), action="roundup.subscriber.unsubscribed"
    )
    assert entry.user == comms


def test_a_member_cannot_unsubscribe_someone_else(client, site):
    subscriber = SubscriberFactory()
    client.force_login(UserFactory())
    client.post(reverse("roundup_subscribers:unsubscribe", args=[subscriber.pk]), {"reason": "x"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_nobody_adds_edits_or_deletes_rows_directly(client, comms):
    subscriber = SubscriberFactory()
    assert client.get(f"/admin/round-up/subscribers/edit/{subscriber.pk}/").status_code in (
        302,
        403,
    )
    assert client.get("/admin/round-up/subscribers/new/").status_code in (302, 403)


def test_the_preview_counts_recipients_per_topic(client, comms, site):
    SubscriberFactory.create_batch(2)
    SubscriberFactory(events=False)
    SubscriberFactory(all_sigs=False).sigs.set([site.ct])
    issue = RoundupPageFactory(
        parent=site.archive,
        sections=[
            section("Events and training", "events", [item("CT study day")]),
            section("SIG news", "sig_news", [item("CT SIG update")]),
            section("Jobs", "jobs", [item("Band 7 post")]),
        ],
    )

    html = client.get(reverse("roundup_admin:dashboard", args=[issue.pk])).content.decode()
    html = html.replace("\n", "").replace("  ", "")

    # comms themselves are a member, so subscribed by default: 5 receive it.
    assert "5 subscribers receive the round-up" in html
    assert "Events and training</th><td>Events and training</td><td>4</td>" in html
    assert "SIG news</th><td>Special interest group news</td><td>5</td>" in html
    assert "Jobs</th><td>Jobs and opportunities</td><td>5</td>" in html
