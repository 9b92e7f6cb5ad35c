"""Who receives the round-up: members by default, others by double opt-in; preferences,
unsubscribing, and the consent record of each."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.email import send_templated_email
from portal.models import User
from portal.suppression import Suppression, lift_unsubscribe, normalise_address, suppress

from ..models import Subscriber, SubscriberEvent
from .composing import absolute
from .history import record, record_many
from .tokens import confirmation_token, subscriber_from_confirmation

# A second sign-up for the same address within this time sends no second email.
CONFIRMATION_RESEND_AFTER = dt.timedelta(minutes=5)
TOPIC_FIELDS = ("events", "protocols", "governance", "jobs", "all_sigs")
MEMBER_CONSENT = "Subscribed by default on becoming a network member"


def enrol_members():
    """Give every network member without one a subscription, recording consent as the moment
    they became a member. Safe to run any number of times; returns how many were added.

    Members are subscribed by default, and the rows are made here (at every send, and when a
    member opens their preferences) rather than by a signal on the user, so the portal app
    needs to know nothing of the round-up.
    """
    members = User.objects.network_members()
    # Someone who subscribed through the form before joining keeps their row and choices.
    for subscriber in Subscriber.objects.filter(
        user__isnull=True,
        email__in=members.filter(roundup_subscription__isnull=True).values("email"),
    ):
        Subscriber.objects.filter(pk=subscriber.pk, user__isnull=True).update(
            user=members.get(email=subscriber.email)
        )
    missing = members.filter(roundup_subscription__isnull=True).values_list(
        "pk", "email", "network_status_changed_at"
    )
    rows = [
        Subscriber(
            user_id=pk,
            email=email,
            status=Subscriber.Status.SUBSCRIBED,
            source=Subscriber.Source.MEMBERSHIP,
            consent_at=joined,
            consent_detail=MEMBER_CONSENT,
        )
        for pk, email, joined in missing
    ]
    Subscriber.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    if rows:
        record_many(
            Subscriber.objects.filter(
                user_id__in=[row.user_id for row in rows], history__isnull=True
            ),
            SubscriberEvent.Kind.SUBSCRIBED,
            detail=MEMBER_CONSENT,
        )
    return len(rows)


def subscription_of(user):
    """The signed-in person's subscription (made now for a member who has none), or None."""
    if not user.is_authenticated:
        return None
    subscriber = Subscriber.objects.filter(user=user).first()
    if subscriber is None and user.is_network_member:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    user=user,
                    email=user.email,
                    status=Subscriber.Status.SUBSCRIBED,
                    source=Subscriber.Source.MEMBERSHIP,
                    consent_at=user.network_status_changed_at,
                    consent_detail=MEMBER_CONSENT,
                )
                record(subscriber, SubscriberEvent.Kind.SUBSCRIBED, detail=MEMBER_CONSENT)
        except IntegrityError:  # made at the same moment elsewhere, or by the form before joining
            subscriber = Subscriber.objects.filter(user=user).first()
            if subscriber is None:
                Subscriber.objects.filter(email=user.email, user__isnull=True).update(user=user)
                subscriber = Subscriber.objects.get(user=user)
    return subscriber


def subscribe(
    email,
    *,
    first_name="",
    organisation="",
    topics=None,
    sigs=(),
    source=Subscriber.Source.WEBSITE,
    by=None,
):
    """Start a double opt-in: record the request and email a signed confirmation link.
    Nobody is subscribed until they use it (an import by comms included: `by` is who).

    Says nothing about whether the address was known (the page reads the same either way).
    """
    email = normalise_address(email)
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={"source": source, "status": Subscriber.Status.PENDING},
        )
        if subscriber.status == Subscriber.Status.SUBSCRIBED:
            return subscriber
        recent = subscriber.confirmation_sent_at and (
            timezone.now() - subscriber.confirmation_sent_at < CONFIRMATION_RESEND_AFTER
        )
        if recent and not created:
            return subscriber
        subscriber.first_name = first_name or subscriber.first_name
        subscriber.organisation = organisation or subscriber.organisation
        for name in TOPIC_FIELDS:
            setattr(subscriber, name, bool((topics or {}).get(name, True)))
        subscriber.confirmation_sent_at = timezone.now()
        subscriber.save()
        subscriber.sigs.set(sigs)
        imported = source == Subscriber.Source.IMPORT
        record(
            subscriber,
            SubscriberEvent.Kind.CONFIRMATION_SENT,
            detail="Imported from a CSV file" if imported else "Signed up on the website",
            by=by,
        )
        link = absolute(reverse("roundup:confirm", args=[confirmation_token(subscriber)]))
        transaction.on_commit(
            lambda: send_templated_email(
                "roundup/email/confirm_subscription",
                email,
                {
                    "subscriber": subscriber,
                    "confirm_url": link,
                    "days": settings.ROUNDUP_CONFIRM_LINK_DAYS,
                    "roundup_name": settings.ROUNDUP_NAME,
                    "imported": imported,
                },
            )
        )
    return subscriber


def confirm(token):
    """Finish a double opt-in from the emailed link. Raises InvalidLink or ExpiredLink."""
    subscriber = subscriber_from_confirmation(token)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != Subscriber.Status.SUBSCRIBED:
            subscriber.status = Subscriber.Status.SUBSCRIBED
            subscriber.consent_at = timezone.now()
            subscriber.consent_detail = "Confirmed by the link emailed to this address"
            subscriber.unsubscribed_at = None
            subscriber.save()
            lift_unsubscribe(subscriber.email)
            record(subscriber, SubscriberEvent.Kind.CONFIRMED)
    return subscriber


def save_preferences(subscriber, *, receive, topics, sigs):
    """Store what a person wants; choosing not to receive it unsubscribes them."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        before = topics_of(subscriber)
        for name in TOPIC_FIELDS:
            setattr(subscriber, name, bool(topics.get(name)))
        subscriber.save()
        subscriber.sigs.set(sigs)
        after = topics_of(subscriber)
        if after != before:
            record(subscriber, SubscriberEvent.Kind.PREFERENCES, detail="; ".join(after))
        if not receive:
            return unsubscribe(subscriber, source="preference centre")
        if subscriber.status != Subscriber.Status.SUBSCRIBED:
            subscriber.status = Subscriber.Status.SUBSCRIBED
            subscriber.consent_at = timezone.now()
            subscriber.consent_detail = "Subscribed again in the preference centre"
            subscriber.unsubscribed_at = None
            subscriber.save()
            lift_unsubscribe(subscriber.address)
            record(subscriber, SubscriberEvent.Kind.SUBSCRIBED, detail=subscriber.consent_detail)
    return subscriber


def unsubscribe(subscriber, *, source, by=None, reason=""):
    """Stop the round-up for this person and put the address on the suppression list.
    Comms unsubscribing someone by hand pass `by` (themselves) and the `reason`."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["status", "unsubscribed_at"])
            detail = f"{source}: {reason}" if reason else source
            record(subscriber, SubscriberEvent.Kind.UNSUBSCRIBED, detail=detail, by=by)
        suppress(subscriber.address, Suppression.Reason.UNSUBSCRIBE, source, reason)
    return subscriber


def topics_of(subscriber):
    """The topics a subscriber chose, in words (for their history)."""
    return subscriber.topic_labels()
