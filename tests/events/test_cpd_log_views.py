"""My CPD: the log page (paginated, query count pinned), adding and changing activities, and the
HCPC-shaped CSV and PDF exports."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from events.cpd.models import CpdEntry
from events.cpd.services.certificates import issue_certificate
from events.cpd.services.log import (
    HCPC_COLUMNS,
    add_external_activity,
    audit_period_start,
    update_entry,
)
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

LOG = reverse("cpd:log")


def add_activities(person, count):
    today = timezone.localdate()
    CpdEntry.objects.bulk_create(
        CpdEntry(
            person=person,
            activity_type=CpdEntry.ActivityType.SELF_DIRECTED,
            title=f"Reading {n}",
            start_date=today - dt.timedelta(days=n),
            hours=Decimal("1"),
        )
        for n in range(count)
    )


def test_the_log_asks_people_to_sign_in(client):
    response = client.get(LOG)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_empty_log_says_how_it_fills(client, attendee):
    client.force_login(attendee)
    html = client.get(LOG).content.decode()
    assert "Your CPD log is empty." in html
    assert "Download your CPD record" not in html


def test_the_log_shows_my_entries_only(client, attended_booking, attendee):
    add_activities(UserFactory(), 2)
    client.force_login(attendee)
    response = client.get(LOG)
    html = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "1 activity, 3 hours" in html
    assert "MRI safety update" in html
    assert "Reading 0" not in html
    assert "Not yet" in html  # no reflection written


@pytest.mark.parametrize("count", [3, 45])
def test_the_log_page_costs_the_same_whatever_its_length(
    client, attendee, count, django_assert_num_queries
):
    add_activities(attendee, count)
    client.force_login(attendee)
    client.get(LOG)  # warm the session and site caches
    # session, user, count, page of entries, total hours; the site header (site, settings,
    # links) and the user bar's permission checks
    with django_assert_num_queries(11):  # +1: the header's unread count
        response = client.get(LOG)
    assert response.status_code == 200
    assert response.content.decode().count("Reading ") == min(count, 20)


def test_the_log_paginates(client, attendee):
    add_activities(attendee, 45)
    client.force_login(attendee)
    html = client.get(LOG, {"page": 3}).content.decode()
    assert "Reading 44" in html and "Reading 39" not in html
    assert 'aria-label="Page 3" aria-current="page"' in html


# Adding and changing activities

ACTIVITY = {
    "activity_type": "formal",
    "title": "BMUS ultrasound course",
    "provider": "British Medical Ultrasound Society",
    "start_date": "2025-03-04",
    "end_date": "2025-03-05",
    "hours": "12.5",
    "outcomes": "Scan the thyroid",
    "reflection": "I now scan thyroids with confidence.",
}


def test_adding_an_activity(client, attendee):
    client.force_login(attendee)
    response = client.post(reverse("cpd:add_activity"), ACTIVITY, follow=True)
    assert "“BMUS ultrasound course” was added to your CPD log." in response.content.decode()
    entry = CpdEntry.objects.get(person=attendee)
    assert entry.source == CpdEntry.Source.EXTERNAL
    assert entry.hours == Decimal("12.5")
    assert entry.end_date == dt.date(2025, 3, 5)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"end_date": "2025-03-01"}, "The end date must be on or after the start date."),
        ({"start_date": "2999-01-01", "end_date": ""}, "The date must be today or in the past."),
        ({"hours": "0"}, "greater than or equal to 0.25"),
        ({"title": ""}, "This field is required."),
    ],
)
def test_a_wrong_activity_is_shown_again_with_the_error(client, attendee, changes, error):
    client.force_login(attendee)
    response = client.post(reverse("cpd:add_activity"), {**ACTIVITY, **changes})
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    assert "I now scan thyroids with confidence." in html
    assert not CpdEntry.objects.exists()


def test_a_network_event_takes_only_a_reflection(client, attended_booking, attendee):
    entry = CpdEntry.objects.get(person=attendee)
    client.force_login(attendee)
    url = reverse("cpd:edit_entry", args=[entry.pk])
    html = client.get(url).content.decode()
    assert 'name="title"' not in html and 'name="reflection"' in html
    client.post(url, {"reflection": "Safer MRI lists", "title": "Hacked", "hours": "99"})
    entry.refresh_from_db()
    assert entry.reflection == "Safer MRI lists"
    assert entry.title == "MRI safety update" and entry.hours == Decimal("3.0")
    client.post(reverse("cpd:delete_entry", args=[entry.pk]))
    assert CpdEntry.objects.filter(pk=entry.pk).exists()


def test_removing_my_own_activity_after_confirming(client, attendee):
    add_activities(attendee, 1)
    entry = CpdEntry.objects.get()
    client.force_login(attendee)
    url = reverse("cpd:delete_entry", args=[entry.pk])
    assert "This cannot be undone" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "“Reading 0” was removed from your CPD log." in response.content.decode()
    assert not CpdEntry.objects.exists()


def test_other_peoples_entries_do_not_exist_for_me(client, attendee):
    add_activities(UserFactory(), 1)
    entry = CpdEntry.objects.get()
    client.force_login(attendee)
    assert client.get(reverse("cpd:edit_entry", args=[entry.pk])).status_code == 404
    assert client.post(reverse("cpd:delete_entry", args=[entry.pk])).status_code == 404
    assert CpdEntry.objects.exists()


# Exports shaped for an HCPC audit


def test_the_csv_export_has_the_hcpc_columns_and_is_formula_safe(client, evaluated_booking):
    person = evaluated_booking.person
    certificate = issue_certificate(evaluated_booking)
    add_external_activity(
        person,
        {
            "activity_type": "self_directed",
            "title": '=HYPERLINK("http://evil.example")',
            "start_date": dt.date(2025, 1, 10),
            "hours": Decimal("0.75"),
            "reflection": "-better audit habits\nsecond line",
        },
    )
    client.force_login(person)
    response = client.get(reverse("cpd:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == HCPC_COLUMNS
    event_row = next(row for row in rows if row[1] == "MRI safety update")
    assert event_row[0] == "Formal and educational"
    assert event_row[5] == "3"
    assert event_row[8].startswith(f"Certificate {certificate.display_code}, verify at http")
    own_row = next(row for row in rows if "HYPERLINK" in row[1])
    assert own_row[1].startswith("'=")
    assert own_row[7] == "'-better audit habits\nsecond line"
    assert own_row[3] == own_row[4] == "10/01/2025"


def test_the_pdf_export_reads_as_a_cpd_record(client, attended_booking, attendee):
    entry = CpdEntry.objects.get(person=attendee)
    update_entry(entry, attendee, {"reflection": "I changed our implant checklist."})
    add_external_activity(
        attendee,
        {
            "activity_type": "formal",
            "title": "Course from long ago",
            "start_date": audit_period_start() - dt.timedelta(days=1),
            "hours": Decimal("6"),
        },
    )
    client.force_login(attendee)
    response = client.get(reverse("cpd:export_pdf"))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in [
        "Continuing professional development record",
        "Priya Shah",
        "HCPC RA123456",
        "Type of activity",
        "MRI safety update",
        "Formal and educational",
        "I changed our implant checklist.",
        "1 activity, 3 hours",
        f"From {audit_period_start():%-d %B %Y}",
    ]:
        assert expected in text, expected
    assert "Course from long ago" not in text  # older than an HCPC audit looks
