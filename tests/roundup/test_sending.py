"""Sending an issue end to end through a real SMTP server: who gets it, what they see, the
headers, exactly-once delivery, freezing, pausing, cancelling, failures and retries."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import User
from portal.suppression import Suppression
from publications.roundup.errors import SendNotAllowed
from publications.roundup.models import Delivery, IssueSend, Subscriber
from publications.roundup.services import sending
from tests.portal.factories import UserFactory

from .factories import RoundupPageFactory, SubscriberFactory, item, section
from .fixtures import run_send


@pytest.fixture
def issue(site):
    return RoundupPageFactory(
        parent=site.archive,
        sections=[
            section("Events and training", "events", [item("CT study day")], public=True),
            section("Governance news", "governance", [item("Board decisions")]),
            section(
                "SIG updates",
                "sig_news",
                [item("MRI safety audit", sig=site.mri.pk), item("CT dose review", sig=site.ct.pk)],
            ),
        ],
    )


@pytest.fixture
def audience(site):
    """People in every situation the recipient list must handle."""
    people = {
        "member": UserFactory(email="member@nhs.net", first_name="Ann"),
        "member_opted_out": UserFactory(email="optedout@nhs.net"),
        "applicant": UserFactory(applicant=True, email="applicant@example.com"),
        "everything": SubscriberFactory(email="all@partner.example", first_name="Bo"),
        "events_only": SubscriberFactory(
            email="events@partner.example", governance=False, protocols=False, all_sigs=False
        ),
        "nothing_matches": SubscriberFactory(
            email="jobs@partner.example", events=False, governance=False, all_sigs=False
        ),
        "ct_only": SubscriberFactory(
            email="ct@partner.example", events=False, governance=False, all_sigs=False
        ),
        "pending": SubscriberFactory(
            email="pending@partner.example", status=Subscriber.Status.PENDING
        ),
        "bounced": SubscriberFactory(email="bounced@partner.example"),
    }
    people["ct_only"].sigs.set([site.ct])
    Subscriber.objects.create(
        user=people["member_opted_out"],
        email="optedout@nhs.net",
        status=Subscriber.Status.UNSUBSCRIBED,
        source=Subscriber.Source.MEMBERSHIP,
    )
    Suppression.objects.create(email="bounced@partner.example", reason="hard_bounce", source="t")
    return people


def headings(inbox, message):
    text = inbox.text(message).replace("\r\n", "\n")
    return re.findall(r"^([A-Z][A-Z &]+)$", text, flags=re.MULTILINE)


def test_each_intended_recipient_gets_exactly_one_message_with_their_sections(
    issue, audience, smtp_inbox, send_issue
):
    send = send_issue(issue)

    received = Counter(message["To"] for message in smtp_inbox.messages)
    assert received == {
        "member@nhs.net": 1,
        "all@partner.example": 1,
        "events@partner.example": 1,
        "ct@partner.example": 1,
    }
    by_address = {message["To"]: message for message in smtp_inbox.messages}
    assert headings(smtp_inbox, by_address["all@partner.example"]) == [
        "EVENTS AND TRAINING",
        "GOVERNANCE NEWS",
        "SIG UPDATES",
    ]
    assert headings(smtp_inbox, by_address["events@partner.example"]) == ["EVENTS AND TRAINING"]
    ct_text = smtp_inbox.text(by_address["ct@partner.example"])
    assert "CT dose review" in ct_text and "MRI safety audit" not in ct_text
    assert send.status == IssueSend.Status.SENT
    statuses = dict(send.deliveries.values_list("email", "status"))
    assert statuses["bounced@partner.example"] == Delivery.Status.SUPPRESSED
    assert statuses["jobs@partner.example"] == Delivery.Status.NOTHING_TO_SEND
    assert "optedout@nhs.net" not in statuses and "pending@partner.example" not in statuses
    assert "applicant@example.com" not in statuses


def test_greeting_html_and_text_parts_and_unsubscribe_headers(
    issue, audience, smtp_inbox, send_issue
):
    send_issue(issue)
    message = next(m for m in smtp_inbox.messages if m["To"] == "member@nhs.net")
    subscriber = Subscriber.objects.get(email="member@nhs.net")

    from publications.roundup.services.tokens import subscriber_token

    token = subscriber_token(subscriber)
    assert message["List-Unsubscribe"] == (
        f"<https://portal.example/round-up/unsubscribe/{token}/>, "
        f"<mailto:unsubscribe@wmin.example?subject=unsubscribe%20{token.replace(':', '%3A')}>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].startswith("<roundup.")
    text = smtp_inbox.text(message)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert text.startswith("West Midlands Imaging Network") and "Dear Ann," in text
    assert "Dear Ann," in html and "<table" in html and 'role="presentation"' in html
    outside_outlook_fixes = re.sub(r"<!--\[if mso\].*?<!\[endif\]-->", "", html, flags=re.S)
    assert "<style" not in outside_outlook_fixes and 'style="' in html  # styles are inlined
    assert "#005eb8" in html  # NHS blue
    images = re.findall(r"<img[^>]*>", html)
    assert images and all(re.search(r'alt="[^"]+"', image) for image in images)
    assert not [i for i in images if 'width="1"' in i or 'height="1"' in i]  # no tracking pixels


def test_one_click_post_from_the_header_unsubscribes_without_login_or_redirect(
    issue, audience, smtp_inbox, send_issue
):
    send_issue(issue)
    message = next(m for m in smtp_inbox.messages if m["To"] == "all@partner.example")
    url = re.match(r"<https://portal\.example([^>]+)>", message["List-Unsubscribe"]).group(1)

    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert Subscriber.objects.get(email="all@partner.example").status == "unsubscribed"
    assert Suppression.objects.filter(email="all@partner.example", reason="unsubscribe").exists()


def test_running_the_batches_again_sends_nothing_twice(issue, audience, smtp_inbox, send_issue):
    send = send_issue(issue)
    sent_before = len(smtp_inbox.messages)

    sending.start_send(send.pk)
    for batch in range(send.batch_count):
        sending.send_batch(send.pk, batch)
    send.status = IssueSend.Status.SENDING  # even a send wrongly reopened cannot resend
    send.save()
    for batch in range(send.batch_count):
        sending.send_batch(send.pk, batch)

    assert len(smtp_inbox.messages) == sent_before
    assert send.deliveries.count() == len(set(send.deliveries.values_list("subscriber", flat=True)))


def test_the_issue_is_frozen_when_sending_is_asked_for(issue, audience, smtp_inbox):
    send = sending.request_send(issue)
    issue.sections = [section("Late addition", "general", [item("Edited afterwards")])]
    issue.save_revision().publish()

    run_send(send)

    texts = [smtp_inbox.text(m) for m in smtp_inbox.messages]
    assert len(texts) == 4 and not [t for t in texts if "Edited afterwards" in t]
    assert "CT study day" in smtp_inbox.text(smtp_inbox.to("all@partner.example")[0])


def test_someone_who_unsubscribes_after_recipients_are_resolved_gets_nothing(
    issue, audience, smtp_inbox
):
    send = sending.request_send(issue)
    sending.start_send(send.pk)
    Client().post(_unsubscribe_path(audience["everything"]))
    send.refresh_from_db()
    for batch in range(send.batch_count):
        sending.send_batch(send.pk, batch)

    assert "all@partner.example" not in [m["To"] for m in smtp_inbox.messages]
    assert send.deliveries.get(email="all@partner.example").status == Delivery.Status.SUPPRESSED


def _unsubscribe_path(subscriber):
    from django.urls import reverse

    from publications.roundup.services.tokens import subscriber_token

    return reverse("roundup:unsubscribe", args=[subscriber_token(subscriber)])


def test_an_issue_with_no_sections_cannot_be_sent(site):
    empty = RoundupPageFactory(parent=site.archive, sections=[])
    with pytest.raises(SendNotAllowed, match="no sections"):
        sending.request_send(empty)


def test_an_issue_is_sent_only_once(issue):
    sending.request_send(issue)
    with pytest.raises(SendNotAllowed, match="already"):
        sending.request_send(issue)


def test_scheduling_queues_the_start_for_the_chosen_time(
    issue, audience, django_capture_on_commit_callbacks
):
    when = timezone.now() + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        send = sending.request_send(issue, when=when)

    assert send.status == IssueSend.Status.SCHEDULED
    queued = DBTaskResult.objects.get(task_path="publications.roundup.tasks.start_send")
    assert queued.args_kwargs["args"] == [send.pk]
    assert abs((queued.run_after - when).total_seconds()) < 1
    with pytest.raises(SendNotAllowed, match="future"):
        sending.request_send(
            RoundupPageFactory(parent=issue.get_parent()),
            when=timezone.now() - dt.timedelta(hours=1),
        )


def test_starting_queues_one_task_per_batch_and_a_watch(
    issue, audience, django_capture_on_commit_callbacks
):
    send = sending.request_send(issue)
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_send(send.pk)

    send.refresh_from_db()
    batches = DBTaskResult.objects.filter(task_path="publications.roundup.tasks.send_batch")
    assert sorted(t.args_kwargs["args"][1] for t in batches) == list(range(send.batch_count))
    assert all(t.args_kwargs["args"][0] == send.pk for t in batches)
    assert DBTaskResult.objects.filter(task_path="publications.roundup.tasks.watch_send").exists()


def test_pausing_stops_sending_and_resuming_finishes_it(issue, audience, smtp_inbox):
    send = sending.request_send(issue)
    sending.start_send(send.pk)
    sending.send_batch(send.pk, 0)
    after_first_batch = len(smtp_inbox.messages)

    sending.pause(send)
    send.refresh_from_db()
    for batch in range(send.batch_count):
        sending.send_batch(send.pk, batch)
    assert len(smtp_inbox.messages) == after_first_batch
    with pytest.raises(SendNotAllowed):
        sending.pause(send)

    sending.resume(send)
    for batch in range(send.batch_count):
        sending.send_batch(send.pk, batch)
    send.refresh_from_db()
    assert send.status == IssueSend.Status.SENT
    assert len(smtp_inbox.messages) == 4
    assert len({m["To"] for m in smtp_inbox.messages}) == 4


def test_cancelling_mid_send_leaves_the_rest_unsent(issue, audience, smtp_inbox):
    send = sending.request_send(issue)
    sending.start_send(send.pk)
    sending.send_batch(send.pk, 0)
    sent = len(smtp_inbox.messages)

    sending.cancel(send)
    send.refresh_from_db()
    for batch in range(send.batch_count):
        sending.send_batch(send.pk, batch)

    assert len(smtp_inbox.messages) == sent
    assert send.status == IssueSend.Status.CANCELLED
    assert not send.deliveries.outstanding().exists()
    assert send.deliveries.filter(status=Delivery.Status.CANCELLED).exists()
    with pytest.raises(SendNotAllowed):
        sending.cancel(send)


def test_cancelling_a_scheduled_send_makes_the_issue_a_draft_again(issue):
    send = sending.request_send(issue, when=timezone.now() + dt.timedelta(days=1))
    assert sending.cancel(send) is None
    assert not IssueSend.objects.exists()
    sending.request_send(issue)  # can be sent after all


def test_failed_messages_are_listed_with_the_reason_and_can_be_retried(
    issue, audience, smtp_inbox, settings
):
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nothing listens
        }
    }
    send = run_send(sending.request_send(issue))
    failed = send.deliveries.filter(status=Delivery.Status.FAILED)
    assert failed.count() == 4 and "ConnectionRefusedError" in failed.first().error
    assert send.status == IssueSend.Status.SENT

    settings.MAILERS = working
    assert sending.retry_failed(send, [failed.first().pk]) == 1
    assert sending.retry_failed(send) == 3
    send.refresh_from_db()
    for batch in range(send.batch_count):
        sending.send_batch(send.pk, batch)

    assert Counter(m["To"] for m in smtp_inbox.messages).most_common(1)[0][1] == 1
    assert len(smtp_inbox.messages) == 4
    send.refresh_from_db()
    assert send.status == IssueSend.Status.SENT


def test_the_watch_fails_a_message_a_stopped_worker_held_and_requeues_the_rest(
    issue, audience, django_capture_on_commit_callbacks
):
    send = sending.request_send(issue)
    sending.start_send(send.pk)
    held = send.deliveries.filter(status=Delivery.Status.QUEUED).first()
    Delivery.objects.filter(pk=held.pk).update(status=Delivery.Status.SENDING)
    IssueSend.objects.filter(pk=send.pk).update(
        last_progress_at=timezone.now() - dt.timedelta(minutes=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        sending.watch_send(send.pk)

    held.refresh_from_db()
    assert held.status == Delivery.Status.FAILED and "may or may not" in held.error
    requeued = DBTaskResult.objects.filter(task_path="publications.roundup.tasks.send_batch")
    assert (
        requeued.count()
        == send.deliveries.filter(status="queued").values("batch").distinct().count()
    )


def test_the_watch_leaves_a_send_that_is_moving_alone(
    issue, audience, django_capture_on_commit_callbacks
):
    send = sending.request_send(issue)
    sending.start_send(send.pk)
    with django_capture_on_commit_callbacks(execute=True):
        sending.watch_send(send.pk)
    assert not DBTaskResult.objects.filter(task_path="publications.roundup.tasks.send_batch")
    assert DBTaskResult.objects.filter(task_path="publications.roundup.tasks.watch_send").exists()


def test_the_rate_limit_spaces_messages_across_every_worker(
    issue, audience, smtp_inbox, settings, monkeypatch
):
    settings.ROUNDUP_RATE_PER_MINUTE = 60
    waits = []
    monkeypatch.setattr("publications.roundup.services.sending.time.sleep", waits.append)
    send = sending.request_send(issue)
    sending.start_send(send.pk)
    sending.send_batch(send.pk, 0)  # three messages, each a second after the last
    sending.send_batch(send.pk, 1)  # another worker's batch continues the same timetable

    assert len(waits) >= 4
    assert waits == sorted(waits)
    assert waits[-1] == pytest.approx(len(waits), abs=1)


def test_progress_counts_percentage_and_time_left(issue, audience, smtp_inbox, settings):
    settings.ROUNDUP_RATE_PER_MINUTE = 60
    send = sending.request_send(issue)
    sending.start_send(send.pk)
    send.refresh_from_db()
    progress = sending.progress(send)
    assert progress["counts"]["queued"] == 5 and progress["counts"]["suppressed"] == 1
    assert progress["total"] == 6 and progress["percent"] == 17
    assert progress["eta"] == dt.timedelta(seconds=5)  # five to go at one a second


def test_members_are_enrolled_at_send_time_with_their_consent(issue, audience, smtp_inbox):
    run_send(sending.request_send(issue))
    member = Subscriber.objects.get(user__email="member@nhs.net")
    assert member.source == Subscriber.Source.MEMBERSHIP
    assert member.consent_at == User.objects.get(email="member@nhs.net").network_status_changed_at


def _batch_of(site, settings, recipients):
    """An issue started for `recipients` readers, all in its first batch."""
    settings.ROUNDUP_BATCH_SIZE = recipients
    SubscriberFactory.create_batch(recipients)
    issue = RoundupPageFactory(
        parent=site.archive, sections=[section("Network news", "general", [item("News")])]
    )
    send = sending.request_send(issue)
    sending.start_send(send.pk)
    return send


# Reading the send, its queued deliveries with their subscribers, their SIG choices and the
# suppression list; finishing the send (is anything left? mark it sent).
QUERIES_PER_BATCH = 6
# Claiming it, then recording its outcome: each written as it happens, so a kill leaves at most
# the one message with the mail server in doubt.
QUERIES_PER_MESSAGE = 2
# Asking whether the send is still going (noting progress at most once a second).
QUERIES_PER_CHUNK = 1
# Taking a chunk's slots on the rate limit's timetable (a savepoint, the send locked, one update).
QUERIES_PER_PACED_CHUNK = QUERIES_PER_CHUNK + 4


@pytest.mark.parametrize(
    ("recipients", "rate_per_minute"),
    [
        (1, 0),
        (sending.CHUNK_SIZE, 0),
        (3 * sending.CHUNK_SIZE, 0),
        (1, 6000),
        (3 * sending.CHUNK_SIZE, 6000),
    ],
)
def test_the_queries_for_a_batch_grow_only_by_each_messages_claim_and_outcome(
    site, smtp_inbox, settings, monkeypatch, django_assert_num_queries, recipients, rate_per_minute
):
    settings.ROUNDUP_RATE_PER_MINUTE = rate_per_minute
    monkeypatch.setattr("publications.roundup.services.sending.time.sleep", lambda seconds: None)
    send = _batch_of(site, settings, recipients)
    chunks = -(-recipients // sending.CHUNK_SIZE)
    per_chunk = QUERIES_PER_PACED_CHUNK if rate_per_minute else QUERIES_PER_CHUNK

    with django_assert_num_queries(
        QUERIES_PER_BATCH + chunks * per_chunk + recipients * QUERIES_PER_MESSAGE
    ):
        assert sending.send_batch(send.pk, 0) == recipients

    assert len(smtp_inbox.messages) == recipients
    assert not send.deliveries.exclude(status=Delivery.Status.SENT).exists()
    assert send.deliveries.filter(attempts=1, sent_at__isnull=False).count() == recipients
