"""Reading the text of uploaded documents for the search: real PDF and DOCX files, damaged
files, the background task behind every new paper, and `manage.py rebuild_search`."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from docx import Document
from filer.models import File

from governance.models import Paper
from governance.services.meetings import add_paper
from governance.visibility import Visibility
from portal.text_extraction import extract_text
from tests.governance.factories import AgendaItemFactory, pdf_bytes
from tests.governance.fixtures_meetings import upload

from .conftest import search_as

pytestmark = pytest.mark.django_db


def docx_bytes(*paragraphs, table=()):
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def stored(name, data):
    return File.objects.create(file=ContentFile(data, name=name), original_filename=name)


def test_text_comes_out_of_a_real_pdf_page_by_page():
    data = pdf_bytes("Contrast extravasation protocol for CT", pages=2)
    text = extract_text(stored("paper.pdf", data).file, "paper.pdf")
    assert text.count("Contrast extravasation protocol for CT") == 2


def test_text_comes_out_of_a_real_docx_with_its_tables():
    data = docx_bytes(
        "Workforce plan for reporting radiographers",
        "Second paragraph about sonographers",
        table=[["Trust", "Vacancies"], ["Royal Wolverhampton", "12"]],
    )
    text = extract_text(stored("plan.docx", data).file, "plan.docx")
    assert "Workforce plan for reporting radiographers" in text
    assert "Second paragraph about sonographers" in text
    assert "Royal Wolverhampton | 12" in text


def test_a_damaged_or_unknown_file_gives_no_text_rather_than_an_error():
    assert extract_text(stored("broken.pdf", b"%PDF-1.7 not really").file, "broken.pdf") == ""
    assert extract_text(stored("broken.docx", b"PK\x03\x04nonsense").file, "broken.docx") == ""
    assert extract_text(stored("notes.txt", b"plain words").file, "notes.txt") == ""


def test_a_new_paper_has_its_text_read_in_the_background_and_is_then_found(
    client, world, django_capture_on_commit_callbacks
):
    item = AgendaItemFactory(meeting=world.meeting, visibility=Visibility.NETWORK)
    with django_capture_on_commit_callbacks(execute=True):
        paper = add_paper(
            item,
            upload("mri.pdf", "Quench pipe inspection schedule"),
            title="MR safety update",
            visibility=Visibility.NETWORK,
            uploaded_by=world.secretary,
        )
    paper.refresh_from_db()
    assert "Quench pipe inspection schedule" in paper.extracted_text
    html = search_as(client, world.non_member, query="quench pipe").content.decode()
    assert "MR safety update" in html
    assert "<mark>Quench</mark> <mark>pipe</mark> inspection schedule" in html


def test_rebuild_search_reads_missing_text_and_indexes_everything(client, world, agenda):
    paper = agenda.papers[Visibility.PUBLIC]
    assert Paper.objects.get(pk=paper.pk).extracted_text == ""
    assert "Paper for public eyes" not in search_as(client, None, query="xkpub").content.decode()
    out = io.StringIO()
    call_command("rebuild_search", stdout=out)
    assert "Read the text of 4 meeting papers." in out.getvalue()
    assert "Paper for public eyes" in search_as(client, None, query="xkpub").content.decode()
    again = io.StringIO()
    call_command("rebuild_search", stdout=again)
    assert "meeting papers" not in again.getvalue()
