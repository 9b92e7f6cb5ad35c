"""The public archive and issue pages, and the admin's sending dashboard, previews and test send."""

import pytest
from django.urls import reverse
from django.utils import timezone

from publications.roundup.models import IssueSend
from publications.roundup.services import sending
from tests.portal.factories import UserFactory

from .factories import RoundupPageFactory, SubscriberFactory, comms_person, item, section
from .fixtures import run_send


@pytest.fixture
def sent_issue(site):
    issue = RoundupPageFactory(
        parent=site.archive,
        sections=[
            section("Events and training", "events", [item("CT study day")], public=True),
            section(
                "Network news",
                "governance",
                [item("New board chair"), item("Audit plans", members_only=True)],
                public=True,
            ),
            section("SIG meetings", "sig_news", [item("MRI SIG meeting")], public=False),
        ],
    )
    SubscriberFactory()
    run_send(sending.request_send(issue))
    return issue


def test_the_archive_lists_sent_issues_only(client, site, sent_issue):
    draft = RoundupPageFactory(parent=site.archive)
    draft.save_revision().publish()
    html = client.get(site.archive.url).content.decode()
    assert sent_issue.title in html
    assert draft.title not in html


def test_an_issue_page_shows_only_its_public_sections_as_sent(client, site, sent_issue):
    sent_issue.sections = [section("Edited later", "general", [item("Not sent")], public=True)]
    sent_issue.save_revision().publish()
    html = client.get(sent_issue.url).content.decode()
    assert "CT study day" in html and "New board chair" in html
    assert "Audit plans" not in html  # members-only item
    assert "MRI SIG meeting" not in html and "SIG meetings" not in html
    assert "Edited later" not in html


def test_an_issue_not_yet_sent_is_not_public(client, site):
    draft = RoundupPageFactory(parent=site.archive)
    draft.save_revision().publish()
    assert client.get(draft.url).status_code == 404


def test_the_archive_says_so_when_nothing_has_been_sent(client, site):
    assert b"No issues have been sent yet" in client.get(site.archive.url).content


@pytest.mark.parametrize("issues", [2, 12])
def test_the_archive_takes_the_same_queries_however_many_issues(
    client, site, issues, django_assert_num_queries
):
    for _ in range(issues):
        issue = RoundupPageFactory(parent=site.archive)
        issue.save_revision().publish()
        IssueSend.objects.create(
            issue=issue,
            subject="s",
            content={},
            scheduled_for=timezone.now(),
            started_at=timezone.now(),
            status=IssueSend.Status.SENT,
        )
    with django_assert_num_queries(13):
        response = client.get(site.archive.url)
    assert response.status_code == 200


def test_the_archive_paginates(client, site):
    for _ in range(21):
        issue = RoundupPageFactory(parent=site.archive)
        issue.save_revision().publish()
        IssueSend.objects.create(
            issue=issue,
            subject="s",
            content={},
            scheduled_for=timezone.now(),
            started_at=timezone.now(),
            status=IssueSend.Status.SENT,
        )
    html = client.get(site.archive.url).content.decode()
    assert 'aria-label="Page 2"' in html
    assert client.get(site.archive.url + "?page=2").status_code == 200


@pytest.fixture
def comms(client, site):
    person = comms_person(first_name="Callum", email="callum@nhs.net")
    client.force_login(person)
    return client


@pytest.mark.parametrize(
    "who, status",
    [("anonymous", 302), ("member", 302), ("network_office", 200), ("comms", 200)],
)
def test_only_comms_and_the_network_office_open_the_sending_dashboard(client, site, who, status):
    issue = RoundupPageFactory(parent=site.archive)
    if who == "member":
        client.force_login(UserFactory())
    elif who == "network_office":
        client.force_login(UserFactory(network_office=True))
    elif who == "comms":
        client.force_login(comms_person())
    for name in ("dashboard", "preview_html", "preview_text"):
        assert client.get(reverse(f"roundup_admin:{name}", args=[issue.pk])).status_code == status


def test_a_member_with_admin_access_is_still_refused(client, site):
    editor = UserFactory()
    editor.groups.add(comms_person().groups.first())
    client.force_login(editor)
    issue = RoundupPageFactory(parent=site.archive)
    # Wagtail answers a refusal inside its admin by sending the person back to the dashboard.
    response = client.get(reverse("roundup_admin:dashboard", args=[issue.pk]))
    assert response.status_code == 302 and response.url == "/admin/"
    response = client.post(reverse("roundup_admin:act", args=[issue.pk]), {"action": "send_now"})
    assert response.status_code == 302 and response.url == "/admin/"
    assert not IssueSend.objects.exists()


def test_previews_show_the_email_as_sent_in_html_and_plain_text(comms, site):
    issue = RoundupPageFactory(parent=site.archive)
    html = comms.get(reverse("roundup_admin:preview_html", args=[issue.pk]))
    text = comms.get(reverse("roundup_admin:preview_text", args=[issue.pk]))
    assert html["Content-Type"].startswith("text/html")
    assert (
        "Dear Callum," in html.content.decode() and 'role="presentation"' in html.content.decode()
    )
    assert text["Content-Type"].startswith("text/plain")
    assert "EVENTS AND TRAINING" in text.content.decode()


def test_send_test_to_me(comms, site, smtp_inbox):
    issue = RoundupPageFactory(parent=site.archive)
    response = comms.post(reverse("roundup_admin:send_test", args=[issue.pk]), follow=True)
    assert "A test copy has been sent to callum@nhs.net" in response.content.decode()
    [message] = smtp_inbox.messages
    assert message["To"] == "callum@nhs.net" and message["Subject"].startswith("[Test]")
    assert not IssueSend.objects.exists()


def test_send_now_pause_resume_and_cancel_from_the_dashboard(comms, site):
    issue = RoundupPageFactory(parent=site.archive)
    SubscriberFactory()
    act = reverse("roundup_admin:act", args=[issue.pk])

    page = comms.post(act, {"action": "send_now"}, follow=True).content.decode()
    assert "sending has started" in page
    send = IssueSend.objects.get(issue=issue)
    sending.start_send(send.pk)

    page = comms.post(act, {"action": "pause"}, follow=True).content.decode()
    assert "Sending is paused" in page and "Resume sending" in page
    page = comms.post(act, {"action": "pause"}, follow=True).content.decode()
    assert "Only a send in progress can be paused" in page
    page = comms.post(act, {"action": "resume"}, follow=True).content.decode()
    assert "Sending has resumed" in page
    page = comms.post(act, {"action": "cancel"}, follow=True).content.decode()
    assert "Sending is cancelled" in page
    send.refresh_from_db()
    assert send.status == IssueSend.Status.CANCELLED


def test_scheduling_from_the_dashboard_says_when_in_uk_time(comms, site):
    issue = RoundupPageFactory(parent=site.archive)
    act = reverse("roundup_admin:act", args=[issue.pk])
    page = comms.post(act, {"action": "schedule", "when": "2099-07-01T09:30"}, follow=True)
    assert "will be sent on 1 July 2099 at 09:30" in page.content.decode()
    send = IssueSend.objects.get(issue=issue)
    assert send.scheduled_for.isoformat() == "2099-07-01T08:30:00+00:00"  # BST
    page = comms.post(act, {"action": "schedule", "when": "soon"}, follow=True)
    assert "Enter the date and time" in page.content.decode()


@pytest.mark.parametrize("failures", [2, 9])
def test_the_dashboard_lists_failures_in_the_same_queries_however_many(
    comms, site, failures, django_assert_num_queries
):
    issue = RoundupPageFactory(parent=site.archive)
    for n in range(failures):
        SubscriberFactory(email=f"fail{n}@example.org")
    send = sending.request_send(issue)
    sending.start_send(send.pk)
    send.deliveries.update(status="failed", error="SMTPRecipientsRefused: no such mailbox")
    url = reverse("roundup_admin:dashboard", args=[issue.pk])
    # 15 for the page and failures, 5 for the recipients per topic (2 sections) in the preview.
    with django_assert_num_queries(23):
        page = comms.get(url).content.decode()
    assert page.count("no such mailbox") == send.deliveries.count() == failures + 1  # + comms
    assert "fail0@example.org" in page
