"""Patient volunteers' expense claims for meetings they attended: submitting with a receipt,
the network office's decision, and the CSV export for finance."""

from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from filer.models import File, Folder
from wagtail.log_actions import log

from governance.errors import NotAllowed
from portal.email import send_templated_email
from portal.uploads import check_size, kind_by_content, safe_filename

from ..errors import ClaimAlreadyDecided, ExpenseError, ReceiptRejected
from ..models import ExpenseClaim
from ..queries import claimable_meetings
from ..rules import may_manage_claims, may_replace_receipt

# Receipts live in one private filer folder of their own, outside every group's library (whose
# members may list, open and replace its files); only the claim's views stream them.
RECEIPTS_FOLDER = "Expense receipts (private)"
RECEIPT_KINDS = {"pdf": "PDF", "jpg": "JPEG photo", "png": "PNG image"}
CSV_COLUMNS = [
    "Claim",
    "Claimant",
    "Email",
    "Meeting",
    "Meeting date",
    "Travel",
    "Miles",
    "Mileage rate",
    "Mileage",
    "Fare",
    "Parking",
    "Total",
    "Approved on",
    "Approved by",
]


def mileage_rate():
    return Decimal(str(getattr(settings, "LAY_MILEAGE_RATE", "0.45")))


def check_receipt(uploaded_file):
    """A receipt is a PDF or a photo (JPEG, PNG), judged by its content, within the size limit."""
    limit_mb = settings.PAPER_MAX_UPLOAD_MB
    check_size(
        uploaded_file,
        limit_mb=limit_mb,
        reject=ReceiptRejected,
        empty="The receipt file is empty.",
        too_big=f"The receipt must be smaller than {limit_mb} MB.",
    )
    kind = kind_by_content(uploaded_file)
    if kind not in RECEIPT_KINDS:
        raise ReceiptRejected("The receipt must be a PDF, or a photo saved as JPEG or PNG.")
    return safe_filename(uploaded_file.name, kind, max_stem=80, fallback="receipt")


def _check_amounts(travel_mode, miles, fare, parking):
    mode = ExpenseClaim.TravelMode
    if travel_mode == mode.CAR and not miles:
        raise ExpenseError("Enter the miles you drove, there and back.")
    if travel_mode in (mode.PUBLIC_TRANSPORT, mode.TAXI, mode.OTHER) and not fare:
        raise ExpenseError("Enter the fare you paid.")
    if not (miles or fare or parking):
        raise ExpenseError("There is nothing to claim: enter miles, a fare or parking.")


@transaction.atomic
def submit_claim(
    meeting,
    *,
    by,
    travel_mode,
    miles=Decimal("0"),
    fare=Decimal("0"),
    parking=Decimal("0"),
    receipt=None,
    notes="",
):
    if not claimable_meetings(by).filter(pk=meeting.pk).exists():
        raise NotAllowed(
            "You can claim only for a meeting you attended as a patient volunteer, once."
        )
    if travel_mode != ExpenseClaim.TravelMode.CAR:
        miles = Decimal("0")
    _check_amounts(travel_mode, miles, fare, parking)
    if (fare or parking) and receipt is None:
        raise ReceiptRejected("Upload a receipt for the fare or parking.")
    stored = None
    if receipt is not None:
        stored = _store_receipt(receipt, by=by, meeting=meeting)
    try:
        with transaction.atomic():
            claim = ExpenseClaim.objects.create(
                claimant=by,
                meeting=meeting,
                travel_mode=travel_mode,
                miles=miles,
                fare=fare,
                parking=parking,
                mileage_rate=mileage_rate(),
                receipt=stored,
                notes=notes.strip(),
            )
    except IntegrityError as error:
        raise ExpenseError("You have already claimed for this meeting.") from error
    transaction.on_commit(
        lambda: send_templated_email(
            "governance/lay/email/claim_submitted",
            settings.NETWORK_OFFICE_EMAIL,
            {"claim": claim, "url": _review_url()},
        )
    )
    return claim


def receipts_folder():
    folder, _ = Folder.objects.get_or_create(name=RECEIPTS_FOLDER, parent=None)
    return folder


def _store_receipt(upload, *, by, meeting):
    name = check_receipt(upload)
    return File.objects.create(
        file=upload,
        original_filename=name,
        name=f"Receipt – {by} – {meeting.title}",
        folder=receipts_folder(),
        is_public=False,
        owner=by,
    )


@transaction.atomic
def replace_receipt(claim, upload, *, by):
    """The claimant replaces their receipt while the claim waits for a decision. The earlier
    file is kept (in the private receipts folder) and the change is audited."""
    claim = ExpenseClaim.objects.select_for_update().select_related("meeting").get(pk=claim.pk)
    if not may_replace_receipt(by, claim):
        raise NotAllowed("Only the claimant can replace the receipt, before a decision.")
    earlier = claim.receipt_id
    claim.receipt = _store_receipt(upload, by=by, meeting=claim.meeting)
    claim.save(update_fields=["receipt"])
    log(
        instance=claim,
        action="governance.expense.receipt_replace",
        user=by,
        data={"claim": claim.pk, "earlier_receipt": earlier, "receipt": claim.receipt_id},
    )
    return claim


def _review_url():
    return settings.WAGTAILADMIN_BASE_URL + reverse("governance:expense_review")


@transaction.atomic
def decide_claim(claim, *, by, approve, note=""):
    if not may_manage_claims(by):
        raise NotAllowed("Only the network office can approve or reject claims.")
    claim = ExpenseClaim.objects.select_for_update().select_related("claimant").get(pk=claim.pk)
    if claim.status != ExpenseClaim.Status.SUBMITTED:
        raise ClaimAlreadyDecided(f"This claim was already {claim.get_status_display().lower()}.")
    if not approve and not note.strip():
        raise ExpenseError("Say why the claim is rejected, so the volunteer knows what to do.")
    claim.status = ExpenseClaim.Status.APPROVED if approve else ExpenseClaim.Status.REJECTED
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.decision_note = note.strip()
    claim.save()
    log(
        instance=claim,
        action="governance.expense.approve" if approve else "governance.expense.reject",
        user=by,
        data={"claim": claim.pk, "claimant": claim.claimant_id, "total": str(claim.total)},
    )
    url = settings.WAGTAILADMIN_BASE_URL + reverse(
        "governance:expense_detail", kwargs={"claim_id": claim.pk}
    )
    transaction.on_commit(
        lambda: send_templated_email(
            "governance/lay/email/claim_decided", claim.claimant.email, {"claim": claim, "url": url}
        )
    )
    return claim


def record_receipt_download(claim, user):
    log(
        instance=claim,
        action="governance.expense.receipt_download",
        user=user,
        data={"claim": claim.pk, "claimant": claim.claimant_id},
    )


def record_export(claims, user):
    """The approved-claims CSV holds volunteers' names and money: each export is audited."""
    log(
        instance=user,
        action="governance.expense.export",
        user=user,
        data={"claims": [claim.pk for claim in claims]},
    )


def approved_claim_rows(claims):
    """Approved claims for finance, one row each in CSV_COLUMNS order, amounts in pounds."""
    for claim in claims:
        yield [
            claim.pk,
            claim.claimant.get_full_name() or claim.claimant.email,
            claim.claimant.email,
            claim.meeting.title,
            timezone.localtime(claim.meeting.start).date().isoformat(),
            claim.get_travel_mode_display(),
            claim.miles,
            claim.mileage_rate,
            claim.mileage_amount,
            claim.fare,
            claim.parking,
            claim.total,
            timezone.localtime(claim.decided_at).date().isoformat() if claim.decided_at else "",
            str(claim.decided_by or ""),
        ]
