"""Volunteers' expense claims: who may claim, receipts checked by content, who sees and
decides a claim, and the CSV export of approved claims for finance."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from governance.errors import MeetingNotStarted, NotAllowed
from governance.lay import errors as lay_errors
from governance.lay import queries as lay_queries
from governance.lay.models import ExpenseClaim
from governance.lay.services import expenses
from governance.models import Attendance
from governance.services.meetings import record_attendance
from tests.governance.fixtures_meetings import cached_pdf
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def attended(world):
    """The world's meeting, held yesterday, with the volunteer present."""
    meeting = world.meeting
    meeting.start = timezone.now() - dt.timedelta(days=1)
    meeting.end = meeting.start + dt.timedelta(hours=2)
    meeting.save()
    record_attendance(meeting, world.lay_member, Attendance.Status.PRESENT, recorded_by=world.chair)
    return meeting


@pytest.fixture
def office():
    return UserFactory(network_office=True)


def receipt(name="receipt.png", data=PNG):
    return SimpleUploadedFile(name, data)


def claim_for(meeting, person, **fields):
    data = {"travel_mode": "car", "miles": Decimal("24"), "parking": Decimal("4.50")}
    data.update(fields)
    data.setdefault("receipt", receipt())
    return expenses.submit_claim(meeting, by=person, **data)


def test_a_volunteer_claims_mileage_and_parking_with_a_receipt(world, attended, client):
    client.force_login(world.lay_member)
    response = client.post(
        reverse("governance:expense_new"),
        {
            "meeting": attended.pk,
            "travel_mode": "car",
            "miles": "24",
            "fare": "",
            "parking": "4.50",
            "receipt": receipt(),
        },
    )
    assert response.status_code == 302
    claim = ExpenseClaim.objects.get()
    assert claim.mileage_amount == Decimal("10.80")  # 24 miles at 45p
    assert claim.total == Decimal("15.30")
    assert claim.receipt.original_filename == "receipt.png" and not claim.receipt.is_public
    assert claim.status == ExpenseClaim.Status.SUBMITTED


def test_a_receipt_is_judged_by_its_content(world, attended, client):
    client.force_login(world.lay_member)
    response = client.post(
        reverse("governance:expense_new"),
        {
            "meeting": attended.pk,
            "travel_mode": "public_transport",
            "fare": "7.20",
            "receipt": receipt("ticket.png", b"MZ this is not a picture"),
        },
    )
    assert response.status_code == 200
    assert "The receipt must be a PDF, or a photo" in response.content.decode()
    assert claim_for(attended, world.lay_member, receipt=receipt("t.pdf", cached_pdf("ticket")))


def test_a_fare_needs_a_receipt_and_a_car_needs_miles(world, attended):
    with pytest.raises(lay_errors.ReceiptRejected):
        claim_for(attended, world.lay_member, travel_mode="taxi", fare=Decimal("9"), receipt=None)
    with pytest.raises(lay_errors.ExpenseError, match="miles"):
        claim_for(attended, world.lay_member, miles=Decimal("0"))
    assert not ExpenseClaim.objects.exists()


def test_only_a_volunteer_who_attended_may_claim_and_only_once(world, attended, second_volunteer):
    with pytest.raises(NotAllowed):
        claim_for(attended, second_volunteer)  # did not attend
    record_attendance(attended, world.member, Attendance.Status.PRESENT, recorded_by=world.chair)
    with pytest.raises(NotAllowed):
        claim_for(attended, world.member)  # staff do not claim here
    claim_for(attended, world.lay_member)
    with pytest.raises(NotAllowed):
        claim_for(attended, world.lay_member)


def test_a_meeting_still_to_come_cannot_be_claimed(world):
    # Attendance at a meeting still to come cannot even be recorded, so nothing is claimable.
    with pytest.raises(MeetingNotStarted):
        record_attendance(
            world.meeting, world.lay_member, Attendance.Status.PRESENT, recorded_by=world.chair
        )
    assert not lay_queries.claimable_meetings(world.lay_member).exists()


@pytest.mark.parametrize(
    "who, sees",
    [
        ("claimant", True),
        ("office", True),
        ("admin", True),
        ("other_volunteer", False),
        ("chair", False),
        ("member", False),
    ],
)
def test_only_the_claimant_and_the_network_office_see_a_claim(
    world, attended, office, second_volunteer, client, who, sees
):
    claim = claim_for(attended, world.lay_member)
    person = {
        "claimant": world.lay_member,
        "office": office,
        "admin": world.admin,
        "other_volunteer": second_volunteer,
        "chair": world.chair,
        "member": world.member,
    }[who]
    client.force_login(person)
    for name in ("governance:expense_detail", "governance:expense_receipt"):
        response = client.get(reverse(name, args=[claim.pk]))
        assert response.status_code == (200 if sees else 404)
    review = client.get(reverse("governance:expense_review"))
    assert review.status_code == (200 if who in ("office", "admin") else 404)


def test_the_network_office_approves_or_rejects_and_the_volunteer_is_told(
    world, attended, office, client, smtp_inbox, django_capture_on_commit_callbacks
):
    claim = claim_for(attended, world.lay_member)
    with pytest.raises(NotAllowed):
        expenses.decide_claim(claim, by=world.chair, approve=True)
    client.force_login(world.lay_member)
    assert client.post(reverse("governance:expense_approve", args=[claim.pk])).status_code == 404

    client.force_login(office)
    url = reverse("governance:expense_detail", args=[claim.pk])
    response = client.post(url, {"decision": "reject", "note": ""})
    assert "Say why the claim is rejected" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "reject", "note": "Please add the receipt."})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "rejected" and claim.decided_by == office
    [email] = smtp_inbox.to(world.lay_member.email)
    assert "was rejected" in email["Subject"]
    assert "Please add the receipt." in smtp_inbox.text(email)
    with pytest.raises(lay_errors.ClaimAlreadyDecided):
        expenses.decide_claim(claim, by=office, approve=True)

    again = claim_for(attended, world.lay_member)  # a rejected claim may be made again
    client.post(reverse("governance:expense_approve", args=[again.pk]))
    again.refresh_from_db()
    assert again.status == "approved"


def test_approved_claims_export_to_csv_for_finance(world, attended, office, client):
    approved = claim_for(attended, world.lay_member)
    expenses.decide_claim(approved, by=office, approve=True)
    client.force_login(office)
    response = client.get(reverse("governance:expense_export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Claim", "Claimant", "Email"]
    assert len(rows) == 2
    assert rows[1][2] == world.lay_member.email
    assert rows[1][-3] == "15.30"
    client.force_login(world.lay_member)
    assert client.get(reverse("governance:expense_export")).status_code == 404


def test_receipt_downloads_are_audited(world, attended, office, client):
    from wagtail.models import ModelLogEntry

    claim = claim_for(attended, world.lay_member)
    client.force_login(office)
    client.get(reverse("governance:expense_receipt", args=[claim.pk]))
    assert ModelLogEntry.objects.filter(action="governance.expense.receipt_download").exists()


def test_the_review_list_makes_the_same_number_of_queries_for_more_claims(
    world, attended, office, client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim_for(attended, world.lay_member)
    client.force_login(office)
    url = reverse("governance:expense_review")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(12):
        person = UserFactory(is_lay_member=True)
        record_attendance(attended, person, Attendance.Status.PRESENT, recorded_by=world.chair)
        claim_for(attended, person)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count("Check or reject") == 13
