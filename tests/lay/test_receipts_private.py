"""Expense receipts live apart from every group's file library: only the claimant and the
network office open them, and only the claimant replaces one, before a decision (issue 15,
leak 1). Decisions and the finance export are audited (leak 9)."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from filer.models import File
from wagtail.models import ModelLogEntry

from governance.errors import NotAllowed
from governance.lay.models import ExpenseClaim
from governance.lay.services import expenses
from governance.models import Attendance
from governance.services.meetings import group_folder, record_attendance
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
OTHER_PNG = PNG + b"\x00" * 8  # a different file, still a PNG


@pytest.fixture
def office():
    return UserFactory(network_office=True)


@pytest.fixture
def claim(world):
    meeting = world.meeting
    meeting.start = timezone.now() - dt.timedelta(days=1)
    meeting.end = meeting.start + dt.timedelta(hours=2)
    meeting.save()
    record_attendance(meeting, world.lay_member, Attendance.Status.PRESENT, recorded_by=world.chair)
    return expenses.submit_claim(
        meeting,
        by=world.lay_member,
        travel_mode="car",
        miles=Decimal("10"),
        parking=Decimal("3"),
        receipt=SimpleUploadedFile("parking.png", PNG),
    )


def body(response):
    return b"".join(response.streaming_content)


def test_a_receipt_is_in_no_boards_library(world, claim, client):
    """A board member could list, download and replace the receipt in the board's library."""
    receipt = claim.receipt
    client.force_login(world.chair)  # may add and replace files in the board's library
    listing = client.get(reverse("governance:library", args=[world.board.pk])).content.decode()
    assert "Expense receipts" not in listing and "parking.png" not in listing
    args = [world.board.pk, receipt.pk]
    assert client.get(reverse("governance:library_file", args=args)).status_code == 404
    assert client.get(reverse("governance:library_download", args=args)).status_code == 404
    replaced = client.post(
        reverse("governance:library_file", args=args),
        {"file": SimpleUploadedFile("fake.pdf", b"%PDF-1.4 forged")},
    )
    assert replaced.status_code == 404
    claim.refresh_from_db()
    assert claim.receipt_id == receipt.pk
    assert not File.objects.filter(folder__parent__name="Groups").filter(pk=receipt.pk).exists()


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("non_member", 404),
        ("other_volunteer", 404),
        ("member", 404),
        ("chair", 404),
        ("office", 200),
        ("claimant", 200),
    ],
)
def test_only_the_claimant_and_the_office_open_a_receipt(
    world, claim, office, second_volunteer, client, who, status
):
    person = {
        "anonymous": None,
        "non_member": world.non_member,
        "other_volunteer": second_volunteer,
        "member": world.member,
        "chair": world.chair,
        "office": office,
        "claimant": world.lay_member,
    }[who]
    if person is not None:
        client.force_login(person)
    response = client.get(reverse("governance:expense_receipt", args=[claim.pk]))
    assert response.status_code == status
    if status == 200:
        assert body(response) == PNG
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["anonymous", "non_member", "other_volunteer", "chair", "office"])
def test_nobody_but_the_claimant_replaces_a_receipt(
    world, claim, office, second_volunteer, client, who
):
    person = {
        "anonymous": None,
        "non_member": world.non_member,
        "other_volunteer": second_volunteer,
        "chair": world.chair,
        "office": office,
    }[who]
    if person is not None:
        client.force_login(person)
    response = client.post(
        reverse("governance:expense_receipt_replace", args=[claim.pk]),
        {"receipt": SimpleUploadedFile("swap.png", OTHER_PNG)},
    )
    assert response.status_code in (302, 404)
    claim.refresh_from_db()
    assert claim.receipt.original_filename == "parking.png"
    if person is not None:
        with pytest.raises(NotAllowed):
            expenses.replace_receipt(claim, SimpleUploadedFile("s.png", OTHER_PNG), by=person)


def test_the_claimant_replaces_the_receipt_before_a_decision_and_the_office_sees_it(
    world, claim, office, client
):
    earlier = claim.receipt_id
    client.force_login(world.lay_member)
    page = client.get(reverse("governance:expense_detail", args=[claim.pk])).content.decode()
    assert "Replace the receipt" in page
    response = client.post(
        reverse("governance:expense_receipt_replace", args=[claim.pk]),
        {"receipt": SimpleUploadedFile("ticket.png", OTHER_PNG)},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.receipt_id != earlier and File.objects.filter(pk=earlier).exists()
    assert ModelLogEntry.objects.filter(action="governance.expense.receipt_replace").exists()
    client.force_login(office)
    assert body(client.get(reverse("governance:expense_receipt", args=[claim.pk]))) == OTHER_PNG

    expenses.decide_claim(claim, by=office, approve=True)
    client.force_login(world.lay_member)
    page = client.get(reverse("governance:expense_detail", args=[claim.pk])).content.decode()
    assert "Replace the receipt" not in page
    late = client.post(
        reverse("governance:expense_receipt_replace", args=[claim.pk]),
        {"receipt": SimpleUploadedFile("late.png", PNG)},
    )
    assert late.status_code == 404
    claim.refresh_from_db()
    assert body(client.get(reverse("governance:expense_receipt", args=[claim.pk]))) == OTHER_PNG


def test_existing_receipts_move_out_of_the_library_unchanged(world, claim):
    """The data migration: a receipt stored the old way (in the board's folder) moves to the
    private receipts folder, with its file and its claim untouched."""
    old_folder = group_folder(world.board, "Expense receipts")
    File.objects.filter(pk=claim.receipt_id).update(folder=old_folder)
    migration = importlib.import_module("governance.lay.migrations.0003_receipts_out_of_libraries")
    migration.move_receipts(apps, None)
    receipt = File.objects.get(pk=claim.receipt_id)
    assert receipt.folder.name == expenses.RECEIPTS_FOLDER and receipt.folder.parent is None
    assert not receipt.is_public
    with receipt.file.open("rb") as stored:
        assert stored.read() == PNG
    assert ExpenseClaim.objects.get(pk=claim.pk).receipt_id == receipt.pk


def test_decisions_and_the_finance_export_are_audited(world, claim, office, client):
    client.force_login(office)
    client.post(reverse("governance:expense_approve", args=[claim.pk]))
    approved = ModelLogEntry.objects.get(action="governance.expense.approve")
    assert approved.user_id == office.pk and approved.data["claim"] == claim.pk

    client.get(reverse("governance:expense_export"))
    export = ModelLogEntry.objects.get(action="governance.expense.export")
    assert export.user_id == office.pk and export.data["claims"] == [claim.pk]

    client.force_login(world.member)
    assert client.get(reverse("governance:expense_export")).status_code == 404
    assert ModelLogEntry.objects.filter(action="governance.expense.export").count() == 1


def test_a_rejection_is_audited(world, claim, office):
    expenses.decide_claim(claim, by=office, approve=False, note="No receipt for the fare.")
    rejected = ModelLogEntry.objects.get(action="governance.expense.reject")
    assert rejected.user_id == office.pk and rejected.data["claim"] == claim.pk
