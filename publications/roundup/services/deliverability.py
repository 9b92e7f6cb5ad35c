"""Feeding the suppression list: bounce and complaint reports from the mail provider's webhook,
and CSV files of addresses (for example exported from the old Mailchimp list)."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone

from portal.suppression import Suppression, suppress

from ..errors import ImportRejected
from ..models import Subscriber, SubscriberEvent
from .history import record

MAX_CSV_BYTES = 2 * 1024 * 1024
CSV_REASONS = {
    "bounce": Suppression.Reason.HARD_BOUNCE,
    "hard_bounce": Suppression.Reason.HARD_BOUNCE,
    "complaint": Suppression.Reason.COMPLAINT,
    "unsubscribe": Suppression.Reason.UNSUBSCRIBE,
    "unsubscribed": Suppression.Reason.UNSUBSCRIBE,
}


def _valid(address):
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def _subscribers_at(address):
    return Subscriber.objects.filter(Q(email=address) | Q(user__email__iexact=address))


def _stop_subscription(address, detail):
    for subscriber in _subscribers_at(address).exclude(status=Subscriber.Status.UNSUBSCRIBED):
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
        )
        record(subscriber, SubscriberEvent.Kind.UNSUBSCRIBED, detail=detail)


def record_provider_event(event):
    """One webhook event; returns what was done: "suppressed", "known" or "ignored".

    Hard bounces, complaints and unsubscribes suppress the address; soft bounces and
    anything else are ignored (a soft bounce may deliver next time).
    """
    kind = str(event.get("type", "")).lower()
    address = str(event.get("email", "")).strip().lower()
    if not _valid(address):
        return "ignored"
    if kind == "bounce" and str(event.get("bounce_type", "hard")).lower() == "hard":
        reason = Suppression.Reason.HARD_BOUNCE
    elif kind == "complaint":
        reason = Suppression.Reason.COMPLAINT
    elif kind == "unsubscribe":
        reason = Suppression.Reason.UNSUBSCRIBE
    else:
        return "ignored"
    detail = str(event.get("detail", ""))
    _, created = suppress(address, reason, "mail provider webhook", detail)
    if reason == Suppression.Reason.UNSUBSCRIBE:
        _stop_subscription(address, "Unsubscribed through the mail provider")
    else:
        kind = (
            SubscriberEvent.Kind.BOUNCED
            if reason == Suppression.Reason.HARD_BOUNCE
            else SubscriberEvent.Kind.COMPLAINED
        )
        for subscriber in _subscribers_at(address):
            record(subscriber, kind, detail=detail or "Reported by the mail provider")
    return "suppressed" if created else "known"


@dataclass
class ImportResult:
    added: int = 0
    already: int = 0
    invalid_rows: list = field(default_factory=list)


def read_csv_upload(uploaded):
    """The rows of an uploaded CSV file as (reader, {lower-case column: column}); raises
    ImportRejected, in words, for a file that is too big, not CSV or not UTF-8."""
    if uploaded.size > MAX_CSV_BYTES:
        raise ImportRejected("The file is larger than 2 MB. Split it into smaller files.")
    raw = uploaded.read()
    if b"\x00" in raw[:4096]:
        raise ImportRejected("The file is not a CSV file. Save it as CSV (comma separated).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected("The file is not UTF-8 text. Save it as “CSV UTF-8”.") from error
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip().lower(): name for name in reader.fieldnames or [] if name}
    return reader, columns


def import_suppressions(uploaded, *, source):
    """Add the addresses in a CSV file with an `email` column (and optionally `reason`)."""
    reader, columns = read_csv_upload(uploaded)
    if "email" not in columns:
        raise ImportRejected("The file needs a column headed “email”.")
    result = ImportResult()
    for line, row in enumerate(reader, start=2):
        address = (row.get(columns["email"]) or "").strip().lower()
        reason_text = (row.get(columns.get("reason", ""), "") or "").strip().lower()
        reason = CSV_REASONS.get(reason_text, Suppression.Reason.IMPORTED)
        if not _valid(address):
            result.invalid_rows.append(line)
            continue
        _, created = suppress(address, reason, source)
        if created:
            result.added += 1
        else:
            result.already += 1
    return result
