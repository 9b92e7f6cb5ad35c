"""Importing subscribers from a CSV file: every new address is asked to confirm (double opt-in)
through the sign-up service; nobody is subscribed by an import, and nobody who unsubscribed or
whose address is suppressed is written to again."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q

from portal.models import User
from portal.suppression import normalise_address, suppressed_among

from ..errors import ImportRejected
from ..models import Subscriber
from .deliverability import read_csv_upload
from .subscriptions import subscribe

MAX_IMPORT_ROWS = 5000


@dataclass
class SubscriberImport:
    """What an import did, for the summary comms see."""

    asked_to_confirm: list = field(default_factory=list)
    already_subscribed: list = field(default_factory=list)
    suppressed: list = field(default_factory=list)
    invalid: list = field(default_factory=list)  # (line number, why)


def _problem(address, seen):
    if not address:
        return "no email address"
    try:
        validate_email(address)
    except ValidationError:
        return f"“{address[:80]}” is not an email address"
    if address in seen:
        return f"repeats line {seen[address]}"
    return ""


def import_subscribers(uploaded, *, by):
    """Read `email` (and optionally `first_name`) columns and start a double opt-in for each new
    address. Raises ImportRejected for a file that cannot be read."""
    reader, columns = read_csv_upload(uploaded)
    if "email" not in columns:
        raise ImportRejected("The file needs a column headed “email”.")
    rows = []
    for line, row in enumerate(reader, start=2):
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ImportRejected(
                f"The file has more than {MAX_IMPORT_ROWS} rows. Split it into smaller files."
            )
        address = normalise_address(row.get(columns["email"]) or "")
        first_name = (row.get(columns.get("first_name", ""), "") or "").strip()[:100]
        rows.append((line, address, first_name))
    addresses = [address for _, address, _ in rows if address]
    suppressed = suppressed_among(addresses)
    known = {}
    for subscriber in Subscriber.objects.filter(
        Q(email__in=addresses) | Q(user__email__in=addresses)
    ).select_related("user"):
        known[subscriber.address.lower()] = subscriber
        known[subscriber.email] = subscriber
    members = {
        email.lower()
        for email in User.objects.network_members()
        .filter(email__in=addresses)
        .values_list("email", flat=True)
    }
    result, seen = SubscriberImport(), {}
    for line, address, first_name in rows:
        problem = _problem(address, seen)
        if problem:
            result.invalid.append((line, problem))
            continue
        seen[address] = line
        subscriber = known.get(address)
        if address in suppressed or (
            subscriber and subscriber.status == Subscriber.Status.UNSUBSCRIBED
        ):
            result.suppressed.append(address)
        elif address in members or (
            subscriber and subscriber.status == Subscriber.Status.SUBSCRIBED
        ):
            result.already_subscribed.append(address)
        else:
            subscribe(address, first_name=first_name, source=Subscriber.Source.IMPORT, by=by)
            result.asked_to_confirm.append(address)
    return result
