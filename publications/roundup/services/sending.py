"""Sending an issue: freeze it, resolve recipients once into delivery rows, send them in
batches at a set pace, and pause, resume, cancel or retry.

Every message is claimed (queued → sending) by a conditional update before it goes to the
mail server, and its outcome is written as soon as the server answers, so two workers, a retried
task or a resumed send can never send it twice, and a worker killed mid-send leaves at most the
one message it had with the server in doubt (the watch marks it failed for a person to retry).
What is shared by every worker is touched a chunk at a time: the rate limit's timetable (slots
taken for a chunk together) and the send's progress (noted at most once a second).
"""

import contextlib
import datetime as dt
import itertools
import logging
import math
import smtplib
import time

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from portal.links import site_domain
from portal.suppression import normalise_address, suppressed_among

from .. import tasks
from ..errors import SendNotAllowed
from ..models import Delivery, IssueSend, RoundupPage, Subscriber
from .composing import Preferences, build_message, freeze_content, sections_for, subject_of
from .subscriptions import enrol_members, subscription_of

logger = logging.getLogger(__name__)

# Messages given their rate-limit slots together, between checks that the send is still going
# (fewer under a slow rate limit: see _chunk_size).
CHUNK_SIZE = 10
# How often a worker notes on the shared send row that the send is moving (the watch reads it).
PROGRESS_EVERY_SECONDS = 1
# Recipients resolved into delivery rows this many at a time, so memory stays flat.
RESOLVE_CHUNK_SIZE = 1000

INTERRUPTED = (
    "The sending worker stopped while this message was going out, so it may or may not have "
    "been delivered. Retry it if the person should have it."
)


def _after_commit_enqueue(task, *args, run_after=None):
    queued = task.using(run_after=run_after) if run_after else task
    transaction.on_commit(lambda: queued.enqueue(*args))


def stall_seconds(send):
    """How long without progress before a send counts as stopped (longer than the pace)."""
    pace = 60 / send.rate_per_minute if send.rate_per_minute else 0
    return max(settings.ROUNDUP_STALL_SECONDS, math.ceil(3 * pace))


def request_send(issue, *, by=None, when=None):
    """Freeze the issue as it stands and send it now or at `when`; returns the IssueSend."""
    now = timezone.now()
    when = when or now
    if when < now - dt.timedelta(minutes=1):
        raise SendNotAllowed("Choose a time in the future.")
    with transaction.atomic():
        issue = RoundupPage.objects.select_for_update().get(pk=issue.pk)
        if IssueSend.objects.filter(issue=issue).exists():
            raise SendNotAllowed("This issue has already been scheduled or sent.")
        content = freeze_content(issue)
        if not content["sections"]:
            raise SendNotAllowed("This issue has no sections yet, so there is nothing to send.")
        revision = issue.get_latest_revision()
        if revision is not None and (not issue.live or issue.has_unpublished_changes):
            # The issue's page goes live with what is sent (the archive shows it once sending
            # starts); being allowed to send the round-up is what allows this publish.
            revision.publish(user=by, skip_permission_checks=True)
        send = IssueSend.objects.create(
            issue=issue,
            subject=subject_of(content),
            content=content,
            requested_by=by,
            scheduled_for=when,
            rate_per_minute=settings.ROUNDUP_RATE_PER_MINUTE,
        )
        _after_commit_enqueue(tasks.start_send, send.pk, run_after=when if when > now else None)
    return send


def start_send(send_id):
    """Resolve the recipients into delivery rows (once) and queue their batches."""
    with transaction.atomic():
        send = IssueSend.objects.select_for_update().filter(pk=send_id).first()
        if send is None or send.status != IssueSend.Status.SCHEDULED:
            return 0
        enrol_members()
        recipients = (
            Subscriber.objects.receiving()
            .order_by("pk")
            .values_list("pk", "email", "user__email")
            .iterator(chunk_size=RESOLVE_CHUNK_SIZE)
        )
        count = 0
        for chunk in itertools.batched(recipients, RESOLVE_CHUNK_SIZE):
            count += _create_deliveries(send, chunk, first_position=count)
        now = timezone.now()
        send.status = IssueSend.Status.SENDING
        send.started_at = send.last_progress_at = now
        send.batch_count = math.ceil(count / settings.ROUNDUP_BATCH_SIZE)
        send.save(update_fields=["status", "started_at", "last_progress_at", "batch_count"])
        _queue_outstanding_batches(send)
    return count


def _create_deliveries(send, recipients, *, first_position):
    """Delivery rows for `(pk, email, user's email)` recipients, numbered into batches from
    `first_position`; suppressed addresses are recorded as such. Returns how many."""
    addresses = [normalise_address(user_email or email) for _, email, user_email in recipients]
    suppressed = suppressed_among(addresses)
    size = settings.ROUNDUP_BATCH_SIZE
    Delivery.objects.bulk_create(
        [
            Delivery(
                send=send,
                subscriber_id=pk,
                email=address,
                batch=position // size,
                status=(
                    Delivery.Status.SUPPRESSED if address in suppressed else Delivery.Status.QUEUED
                ),
            )
            for position, ((pk, _, _), address) in enumerate(
                zip(recipients, addresses, strict=True), start=first_position
            )
        ],
        ignore_conflicts=True,
    )
    return len(addresses)


def _queue_outstanding_batches(send):
    batches = (
        Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED)
        .values_list("batch", flat=True)
        .distinct()
        .order_by("batch")
    )
    for batch in list(batches):
        _after_commit_enqueue(tasks.send_batch, send.pk, batch)
    _after_commit_enqueue(
        tasks.watch_send,
        send.pk,
        run_after=timezone.now() + dt.timedelta(seconds=stall_seconds(send)),
    )
    if not batches:
        transaction.on_commit(lambda: finish_if_done(send.pk))


class _Progress:
    """Whether a send is still going (not paused or cancelled), asked after every chunk. That it
    moved on is noted on the shared send row (for the watch) at most once a second, so workers do
    not queue on that row."""

    def __init__(self, send_id):
        self.send_id = send_id
        self.noted_at = -math.inf

    def still_sending(self):
        sending = IssueSend.objects.filter(pk=self.send_id, status=IssueSend.Status.SENDING)
        if time.monotonic() - self.noted_at < PROGRESS_EVERY_SECONDS:
            return sending.exists()
        self.noted_at = time.monotonic()
        return bool(sending.update(last_progress_at=timezone.now()))


def _chunk_size(send):
    """Messages paced together: CHUNK_SIZE, or under a rate limit about a second's worth (at
    least one), so pause and cancel take effect within about a second."""
    if not send.rate_per_minute:
        return CHUNK_SIZE
    return max(1, min(CHUNK_SIZE, send.rate_per_minute // 60))


def _reserve_slots(send, count):
    """Keep to the rate limit across every worker: take the next `count` free slots of the send's
    timetable in one locked update. Returns their times (None for each when there is no limit)."""
    if not send.rate_per_minute:
        return [None] * count
    gap = dt.timedelta(seconds=60 / send.rate_per_minute)
    with transaction.atomic():
        locked = IssueSend.objects.select_for_update().only("next_slot_at").get(pk=send.pk)
        now = timezone.now()
        first = max(now, locked.next_slot_at or now)
        locked.next_slot_at = first + count * gap
        locked.save(update_fields=["next_slot_at"])
    return [first + n * gap for n in range(count)]


def _wait_for(slot):
    if slot is None:
        return
    wait = (slot - timezone.now()).total_seconds()
    if wait > 0:
        time.sleep(wait)


def _claim(delivery):
    """Take this delivery (queued → sending) before it goes to the mail server; False if
    another worker, a retried task or a resumed send already has."""
    return bool(
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def _finish(delivery, status, error=""):
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, error=error[:500], sent_at=now if status == Delivery.Status.SENT else None
    )


def _message_id(send, delivery):
    return f"<roundup.{send.pk}.{delivery.pk}@{site_domain()}>"


def _queued_in_batch(send, batch):
    """A batch's deliveries still queued, with their subscribers (and SIG choices) and whether
    each still receives the round-up, read once for the whole batch."""
    still_receiving = Subscriber.objects.receiving().filter(pk=OuterRef("subscriber_id"))
    return list(
        Delivery.objects.filter(send=send, batch=batch, status=Delivery.Status.QUEUED)
        .select_related("subscriber__user")
        .prefetch_related("subscriber__sigs")
        .annotate(still_receiving=Exists(still_receiving))
        .order_by("pk")
    )


def send_batch(send_id, batch):
    """Send the still-queued messages of one batch, a chunk at a time; returns how many went out."""
    send = IssueSend.objects.filter(pk=send_id).first()
    if send is None or send.status != IssueSend.Status.SENDING:
        return 0
    deliveries = _queued_in_batch(send, batch)
    if not deliveries:
        finish_if_done(send_id)
        return 0
    suppressed = suppressed_among([d.email for d in deliveries])
    connection = mailers.default
    # One SMTP connection for the whole batch; if it cannot open, each message tries again
    # and its failure is recorded against it.
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.open()
    progress_note = _Progress(send_id)
    sent = 0
    try:
        for chunk in itertools.batched(deliveries, _chunk_size(send)):
            sent += _send_chunk(send, chunk, suppressed, connection)
            if not progress_note.still_sending():
                break  # paused or cancelled
    finally:
        connection.close()
    finish_if_done(send_id)
    return sent


def _send_chunk(send, chunk, suppressed, connection):
    """Take the chunk's slots on the rate limit's timetable, then claim and send each message at
    its slot; returns how many went out."""
    sent = 0
    for delivery, slot in zip(chunk, _reserve_slots(send, len(chunk)), strict=True):
        _wait_for(slot)  # before claiming, so a worker stopped while it waits holds nothing
        if _claim(delivery):
            sent += _deliver(send, delivery, suppressed, connection)
    return sent


def _deliver(send, delivery, suppressed, connection):
    """Send one claimed delivery and record the outcome; 1 if a message went out."""
    if not delivery.still_receiving:
        _finish(delivery, Delivery.Status.SUPPRESSED, "Unsubscribed before the message went out")
        return 0
    if delivery.email in suppressed:
        _finish(delivery, Delivery.Status.SUPPRESSED, "On the suppression list")
        return 0
    subscriber = delivery.subscriber
    sections = sections_for(send.content, Preferences.of(subscriber))
    if not sections:
        _finish(delivery, Delivery.Status.NOTHING_TO_SEND)
        return 0
    message = build_message(
        send.content,
        subscriber,
        delivery.email,
        sections=sections,
        subject=send.subject,
        message_id=_message_id(send, delivery),
    )
    try:
        connection.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Round-up delivery %s failed: %s", delivery.pk, error)
        _finish(delivery, Delivery.Status.FAILED, f"{type(error).__name__}: {error}")
        connection.close()
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.open()  # a fresh connection for the next message
        return 0
    _finish(delivery, Delivery.Status.SENT)
    return 1


def finish_if_done(send_id):
    """Mark the send finished once nothing is left to send."""
    if Delivery.objects.filter(send_id=send_id).outstanding().exists():
        return False
    return bool(
        IssueSend.objects.filter(pk=send_id, status=IssueSend.Status.SENDING).update(
            status=IssueSend.Status.SENT, finished_at=timezone.now()
        )
    )


def watch_send(send_id):
    """Keep a send going when a worker stopped part-way (killed, restarted, lost).

    With no progress for a while, messages the stopped worker had claimed are marked failed
    (they may have gone out, so they are never resent without a person deciding), and every
    batch still holding queued messages is queued again. Runs again until the send is done.
    """
    with transaction.atomic():
        send = IssueSend.objects.select_for_update().filter(pk=send_id).first()
        if send is None or send.status != IssueSend.Status.SENDING:
            return
        if finish_if_done(send_id):
            return
        quiet_for = (timezone.now() - (send.last_progress_at or send.started_at)).total_seconds()
        if quiet_for >= stall_seconds(send):
            Delivery.objects.filter(send=send, status=Delivery.Status.SENDING).update(
                status=Delivery.Status.FAILED, error=INTERRUPTED
            )
            send.last_progress_at = timezone.now()
            send.save(update_fields=["last_progress_at"])
            _queue_outstanding_batches(send)
        else:
            _after_commit_enqueue(
                tasks.watch_send,
                send.pk,
                run_after=timezone.now() + dt.timedelta(seconds=stall_seconds(send)),
            )


def _locked_send(send):
    return IssueSend.objects.select_for_update().get(pk=send.pk)


def pause(send):
    with transaction.atomic():
        send = _locked_send(send)
        if send.status != IssueSend.Status.SENDING:
            raise SendNotAllowed("Only a send in progress can be paused.")
        send.status = IssueSend.Status.PAUSED
        send.save(update_fields=["status"])
    return send


def resume(send):
    with transaction.atomic():
        send = _locked_send(send)
        if send.status != IssueSend.Status.PAUSED:
            raise SendNotAllowed("Only a paused send can be resumed.")
        send.status = IssueSend.Status.SENDING
        send.last_progress_at = timezone.now()
        send.save(update_fields=["status", "last_progress_at"])
        _queue_outstanding_batches(send)
    return send


def cancel(send):
    """Stop a send. One not yet started is withdrawn (the issue is a draft again)."""
    with transaction.atomic():
        send = _locked_send(send)
        if send.status == IssueSend.Status.SCHEDULED:
            send.delete()
            return None
        if send.status not in (IssueSend.Status.SENDING, IssueSend.Status.PAUSED):
            raise SendNotAllowed("This send has finished, so it cannot be cancelled.")
        send.deliveries.filter(status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.CANCELLED
        )
        send.status = IssueSend.Status.CANCELLED
        send.finished_at = timezone.now()
        send.save(update_fields=["status", "finished_at"])
    return send


def retry_failed(send, delivery_ids=None):
    """Queue failed deliveries again (all of them, or those chosen); returns how many."""
    with transaction.atomic():
        send = _locked_send(send)
        if send.status in (IssueSend.Status.SCHEDULED, IssueSend.Status.CANCELLED):
            raise SendNotAllowed("Failed messages can be retried only for a send that went out.")
        failed = send.deliveries.filter(status=Delivery.Status.FAILED)
        if delivery_ids is not None:
            failed = failed.filter(pk__in=delivery_ids)
        count = failed.update(status=Delivery.Status.QUEUED, error="")
        if count and send.status == IssueSend.Status.SENT:
            send.status = IssueSend.Status.SENDING
            send.finished_at = None
        send.last_progress_at = timezone.now()
        send.save(update_fields=["status", "finished_at", "last_progress_at"])
        if count and send.status == IssueSend.Status.SENDING:
            _queue_outstanding_batches(send)
    return count


def progress(send, now=None):
    """Counts by status, percentage done and an estimate of the time left."""
    now = now or timezone.now()
    counts = send.counts()
    total = sum(counts.values())
    outstanding = counts[Delivery.Status.QUEUED] + counts[Delivery.Status.SENDING]
    done = total - outstanding
    eta = None
    if outstanding and send.status == IssueSend.Status.SENDING:
        elapsed = (now - send.started_at).total_seconds() if send.started_at else 0
        per_second = counts[Delivery.Status.SENT] / elapsed if elapsed > 0 else 0
        if send.rate_per_minute:
            per_second = min(per_second or math.inf, send.rate_per_minute / 60)
        if per_second and per_second != math.inf:
            eta = dt.timedelta(seconds=round(outstanding / per_second))
    return {
        "counts": counts,
        "total": total,
        "done": done,
        "outstanding": outstanding,
        "percent": round(100 * done / total) if total else 0,
        "eta": eta,
    }


def send_test(issue, to_user):
    """Send the issue as it stands, every section included, to the person asking."""
    content = freeze_content(issue)
    subscriber = subscription_of(to_user)
    if subscriber is None:
        raise SendNotAllowed("Test messages go to subscribers; subscribe first to receive one.")
    message = build_message(
        content,
        subscriber,
        to_user.email,
        sections=content["sections"],
        subject=f"[Test] {subject_of(content)}",
    )
    message.send()
    return message
