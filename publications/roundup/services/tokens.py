"""Signed links in round-up emails: confirming a subscription (expires), and the
preference centre and one-click unsubscribe (do not expire, as old emails must keep working)."""

from django.conf import settings
from django.core import signing

from ..errors import ExpiredLink, InvalidLink
from ..models import Subscriber

CONFIRM_SALT = "roundup.confirm-subscription"
SUBSCRIBER_SALT = "roundup.subscriber"


def confirmation_token(subscriber):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{subscriber.pk}.{subscriber.email}")


def subscriber_from_confirmation(token):
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=settings.ROUNDUP_CONFIRM_LINK_DAYS * 24 * 3600
        )
    except signing.SignatureExpired as error:
        raise ExpiredLink("This confirmation link has expired.") from error
    except signing.BadSignature as error:
        raise InvalidLink("This confirmation link is not valid.") from error
    pk, _, email = value.partition(".")
    subscriber = Subscriber.objects.filter(pk=pk, email=email).first()
    if subscriber is None:
        raise InvalidLink("This confirmation link is not valid.")
    return subscriber


def subscriber_token(subscriber):
    return signing.Signer(salt=SUBSCRIBER_SALT).sign(str(subscriber.pk))


def subscriber_from_token(token):
    try:
        pk = signing.Signer(salt=SUBSCRIBER_SALT).unsign(token)
    except signing.BadSignature as error:
        raise InvalidLink("This link is not valid.") from error
    subscriber = Subscriber.objects.select_related("user").filter(pk=pk).first()
    if subscriber is None:
        raise InvalidLink("This link is not valid.")
    return subscriber
