"""The one notification service: `notify()` records what happened for each person in the portal
and queues the email; the tasks send each email once (suppression honoured), straight away or
gathered into a person's daily digest.
"""

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ..email import send_templated_email
from ..links import absolute_url
from ..suppression import is_suppressed
from .models import Notification, NotificationDelivery, NotificationPreference
from .registry import Channel, get_kind, kinds


class PreferenceNotAllowed(ValueError):
    """A choice a kind does not offer (switching off what the law or safety requires)."""


def channels_for(users, kind):
    """{user_id: channel} for `kind`: each person's choice, or the kind's default."""
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind.code).values_list(
            "user_id", "channel"
        )
    )
    allowed = {value for value, _ in kind.choices}
    result = {}
    for user in users:
        channel = chosen.get(user.pk, kind.default)
        if channel not in allowed:  # a kind made mandatory since the choice was saved
            channel = kind.default
        result[user.pk] = channel
    return result


def notify(recipients, kind, title, url="", key="", context=None):
    """Tell each of `recipients` (people) that `kind` happened: `title` says what, `url` (a
    path) where to see it, and `key` names the event, so the same event never notifies the
    same person twice. `context` may hold a `summary` (a sentence or two for the list and
    the email). Returns the notifications created now.

    Call it once the change is committed (transaction.on_commit in the calling service).
    """
    kind = get_kind(kind)
    context = context or {}
    people = {p.pk: p for p in recipients if p is not None and p.is_active}
    if not people:
        return []
    channels = channels_for(list(people.values()), kind)
    if kind.email_handled_elsewhere:
        channels = {
            pk: channel if channel == Channel.OFF else Notification.Email.ELSEWHERE
            for pk, channel in channels.items()
        }
    created = []
    with transaction.atomic():
        already = set(
            Notification.objects.filter(
                recipient__in=list(people), kind=kind.code, key=key
            ).values_list("recipient_id", flat=True)
        )
        for person_id, person in people.items():
            channel = channels[person_id]
            if channel == Channel.OFF or person_id in already:
                continue
            try:
                with transaction.atomic():
                    notification = Notification.objects.create(
                        recipient=person,
                        kind=kind.code,
                        key=key,
                        title=title[:255],
                        summary=context.get("summary", ""),
                        url=url,
                        email=channel,
                    )
            except IntegrityError:  # told of this event meanwhile, by a concurrent run
                continue
            created.append(notification)
        immediate = [n.pk for n in created if n.email == Notification.Email.IMMEDIATE]
        if immediate:
            transaction.on_commit(lambda: _enqueue_emails(immediate))
    return created


def _enqueue_emails(notification_ids):
    from .tasks import send_notification_email

    for notification_id in notification_ids:
        send_notification_email.enqueue(notification_id)


def _claim(recipient, key):
    """The delivery row for `key`, suppressed or to be sent; None if it was already written."""
    suppressed = is_suppressed(recipient.email)
    try:
        with transaction.atomic():
            return NotificationDelivery.objects.create(
                recipient=recipient,
                key=key,
                status=NotificationDelivery.Status.SUPPRESSED
                if suppressed
                else NotificationDelivery.Status.SENT,
            )
    except IntegrityError:
        return None


def _context(recipient):
    return {
        "person": recipient,
        "notifications_url": absolute_url(reverse("notifications:list")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }


def send_notification_email(notification_id):
    """Email one notification, once: the delivery row and the send share a transaction, so a
    retry after a failed send sends it, and a retry after a sent one sends nothing."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.email != Notification.Email.IMMEDIATE:
        return False
    recipient = notification.recipient
    with transaction.atomic():
        delivery = _claim(recipient, f"notification:{notification.pk}")
        if delivery is None:
            return False
        notification.delivery = delivery
        notification.save(update_fields=["delivery"])
        if delivery.status == NotificationDelivery.Status.SUPPRESSED:
            return False
        send_templated_email(
            "portal/email/notification",
            recipient.email,
            {
                **_context(recipient),
                "notification": notification,
                "url": absolute_url(notification.url) if notification.url else "",
                "kind": get_kind_or_none(notification.kind),
            },
        )
    return True


def get_kind_or_none(code):
    return kinds().get(code)


def digest_day_start(now=None):
    """Midnight (London) at the start of today: a digest gathers what came before it."""
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def send_daily_digests(now=None):
    """Send each person ONE email gathering their digest notifications from before today.

    The delivery key names the person and the day, so a second run the same day sends
    nothing, and a notification is marked with the email that carried it.
    """
    start_of_today = digest_day_start(now)
    day = (start_of_today - dt.timedelta(days=1)).date()
    waiting = (
        Notification.objects.awaiting_digest()
        .filter(created_at__lt=start_of_today)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_person = defaultdict(list)
    for notification in waiting:
        by_person[notification.recipient].append(notification)
    sent = 0
    for recipient, notifications in by_person.items():
        with transaction.atomic():
            delivery = _claim(recipient, f"digest:{recipient.pk}:{day.isoformat()}")
            if delivery is None:
                continue
            # Claim exactly the rows still waiting (a concurrent run may have taken some).
            claimed = Notification.objects.filter(
                pk__in=[n.pk for n in notifications], delivery__isnull=True
            ).update(delivery=delivery)
            if not claimed or delivery.status == NotificationDelivery.Status.SUPPRESSED:
                continue
            all_kinds = kinds()
            send_templated_email(
                "portal/email/notification_digest",
                recipient.email,
                {
                    **_context(recipient),
                    "day": day,
                    "items": [
                        {
                            "notification": n,
                            "url": absolute_url(n.url) if n.url else "",
                            "kind": all_kinds.get(n.kind),
                        }
                        for n in notifications
                    ],
                },
            )
            sent += 1
    return sent


def save_preferences(user, choices):
    """Store `choices` ({kind code: channel}); refuses a choice a kind does not offer."""
    registered = kinds()
    for code, channel in choices.items():
        kind = registered[code]
        if channel not in {value for value, _ in kind.choices}:
            raise PreferenceNotAllowed(
                f"“{kind.label}” cannot be switched off: the law or patient safety requires "
                "that you are told."
            )
    with transaction.atomic():
        for code, channel in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=code, defaults={"channel": channel}
            )


def mark_read(user, notification_id):
    """Mark one of `user`'s notifications read; returns it (None if it is not theirs)."""
    notification = Notification.objects.for_person(user).filter(pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user):
    return Notification.objects.for_person(user).unread().update(read_at=timezone.now())
