"""Every PDF the portal makes, read back with pikepdf and pypdf (not WeasyPrint, which writes
them): tagged (a structure tree, MarkInfo), titled, in en-GB; the certificate on one page with
each label apart from its value; board packs keep all that after merging members' papers."""

import datetime as dt
import io
import re

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance.models import MeetingPage
from governance.services import packs
from governance.visibility import Visibility
from tests.governance.fixtures_meetings import paper_text, paper_title

pytestmark = pytest.mark.django_db

PDF_UA = "{http://www.aiim.org/pdfua/ns/id/}part"


def assert_tagged(content, *, title, claims_pdf_ua=True):
    pdf = pikepdf.open(io.BytesIO(content))
    assert pdf.Root.get("/StructTreeRoot") is not None, "no structure tree"
    assert bool(pdf.Root.MarkInfo.Marked), "not marked as tagged"
    assert str(pdf.Root.Lang) == "en-GB"
    assert title in str(pdf.docinfo["/Title"])
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    with pdf.open_metadata() as xmp:
        assert (xmp.get(PDF_UA) == "1") is claims_pdf_ua
    return pdf


def text_of(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_certificate_is_tagged_fits_one_page_and_keeps_labels_apart(client, evaluated_booking):
    event = evaluated_booking.event
    event.cor_outcomes = "1.2 Communication\n3.4 Reflective practice\n5.1 Leadership"
    event.learning_outcomes = "\n".join(f"Learning outcome number {n}" for n in range(1, 6))
    event.save()
    client.force_login(evaluated_booking.person)
    content = client.get(reverse("cpd:certificate", args=[event.pk])).content
    pdf = assert_tagged(content, title="Certificate of attendance: MRI safety update")
    assert len(pdf.pages) == 1
    text = text_of(content)
    # A gap between each label and its value: read aloud or copied, they stay apart.
    assert re.search(r"CoR CPD Now outcomes\s+1\.2 Communication", text), text
    assert re.search(r"RCR CPD credits\s+2\b", text), text
    assert "Verification code" in text


def test_the_cpd_log_pdf_is_tagged(client, evaluated_booking):
    client.force_login(evaluated_booking.person)
    content = client.get(reverse("cpd:export_pdf")).content
    assert_tagged(content, title="CPD record of Priya Shah")


def test_the_our_year_data_pack_is_tagged(client, world):
    client.force_login(world.member)
    today = timezone.localdate()
    response = client.get(
        reverse("dashboard:our_year_pdf"), {"start": today - dt.timedelta(days=365), "end": today}
    )
    assert_tagged(response.content, title="Our year")


def pack_content(pack):
    with pack.file.open("rb") as handle:
        return handle.read()


def test_board_packs_keep_title_language_and_the_covers_tags(agenda):
    packs.build_packs(agenda.meeting.pk)
    meeting = MeetingPage.objects.get(pk=agenda.meeting.pk)
    content = pack_content(meeting.full_pack)
    # The members' papers come in untagged, so the pack no longer claims PDF/UA, but keeps
    # the cover's structure, its Title and en-GB (what the README says cannot be tagged).
    pdf = assert_tagged(content, title=f"{meeting.title} – full board pack", claims_pdf_ua=False)
    reader = PdfReader(io.BytesIO(content))
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Cover and agenda"
    ] + [paper_title(v) for v in packs.FULL_PACK]
    assert paper_text(Visibility.CONFIDENTIAL) in text_of(content)
    # The cover's pages, and only those, point into the structure tree.
    cover_pages = [n for n, page in enumerate(pdf.pages) if "/StructParents" in page.obj]
    assert cover_pages and cover_pages == list(range(len(cover_pages)))
    assert len(pdf.pages) > len(cover_pages)


def test_a_pack_without_papers_is_pdf_ua(agenda):
    meeting = agenda.meeting
    content = packs.render_pack(meeting, [], audience="public")
    assert_tagged(content, title=f"{meeting.title} – public board pack")
