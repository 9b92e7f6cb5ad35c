"""A subscription's history: every change is written here as it happens, as a SubscriberEvent
(what comms see beside the subscriber) and an entry in Wagtail's audit log."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ..models import Subscriber, SubscriberEvent

ACTION_PREFIX = "roundup.subscriber."


def action_of(kind):
    return f"{ACTION_PREFIX}{kind}"


def record(subscriber, kind, *, detail="", by=None):
    """Note one change to `subscriber` (`by` is the staff member, None when it was the person)."""
    detail = detail[:255]
    event = SubscriberEvent.objects.create(subscriber=subscriber, kind=kind, detail=detail, by=by)
    log(subscriber, action_of(kind), user=by, data={"detail": detail} if detail else None)
    return event


def record_many(subscribers, kind, *, detail=""):
    """The same change to many subscribers at once (members enrolled at a send)."""
    subscribers = list(subscribers)
    if not subscribers:
        return
    now = timezone.now()
    SubscriberEvent.objects.bulk_create(
        [
            SubscriberEvent(subscriber=s, kind=kind, detail=detail[:255], at=now)
            for s in subscribers
        ],
        batch_size=500,
    )
    content_type = ContentType.objects.get_for_model(Subscriber)
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(s.pk),
                label=str(s)[:255],
                action=action_of(kind),
                timestamp=now,
                data={"detail": detail} if detail else {},
            )
            for s in subscribers
        ],
        batch_size=500,
    )
