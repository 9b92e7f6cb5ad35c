"""Adding papers through the "Add paper" form: checks on the file, re-issues that supersede,
and who may add them."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.models import Paper
from governance.visibility import Visibility

from .fixtures_meetings import cached_pdf

pytestmark = pytest.mark.django_db


def office_file(part):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<document/>")
    return out.getvalue()


def add_url(meeting):
    return reverse("governance:add_paper", args=[meeting.pk])


def post_paper(client, agenda, upload, **fields):
    data = {
        "agenda_item": agenda.items[Visibility.GROUP].pk,
        "title": "Imaging capacity report",
        "visibility": "",
        "lay_summary": "How long people wait for scans.",
        "file": upload,
        **fields,
    }
    return client.post(add_url(agenda.meeting), data)


@pytest.fixture
def secretary(world, client):
    client.force_login(world.secretary)
    return world.secretary


def test_a_paper_takes_its_items_visibility_unless_told_otherwise(secretary, agenda, client):
    response = post_paper(
        client, agenda, SimpleUploadedFile("Capacity report (final).pdf", cached_pdf("capacity"))
    )
    item = agenda.items[Visibility.GROUP]
    assert response.status_code == 302
    assert response["Location"] == f"{agenda.meeting.url}#item-{item.pk}"
    paper = Paper.objects.get(title="Imaging capacity report")
    assert paper.agenda_item == item
    assert paper.visibility == Visibility.GROUP
    assert paper.version == 1
    assert paper.lay_summary == "How long people wait for scans."
    assert paper.uploaded_by == secretary
    assert paper.file.original_filename == "Capacity_report_final.pdf"
    assert not paper.file.is_public

    post_paper(
        client,
        agenda,
        SimpleUploadedFile("summary.pdf", cached_pdf("summary")),
        title="Confidential annex",
        visibility=Visibility.CONFIDENTIAL,
    )
    assert Paper.objects.get(title="Confidential annex").visibility == Visibility.CONFIDENTIAL
    # Never wider than its item (issue 15): a public paper under a members-only item is refused.
    response = post_paper(
        client,
        agenda,
        SimpleUploadedFile("summary.pdf", cached_pdf("summary")),
        title="Public summary",
        visibility=Visibility.PUBLIC,
    )
    assert "cannot be opened by more people than its agenda item" in response.content.decode()
    assert not Paper.objects.filter(title="Public summary").exists()


@pytest.mark.parametrize(
    "name,part",
    [
        ("plan.docx", "word/document.xml"),
        ("figures.xlsx", "xl/workbook.xml"),
        ("slides.pptx", "ppt/presentation.xml"),
    ],
)
def test_office_files_are_accepted(secretary, agenda, client, name, part):
    response = post_paper(client, agenda, SimpleUploadedFile(name, office_file(part)))
    assert response.status_code == 302
    paper = Paper.objects.get(title="Imaging capacity report")
    assert paper.file.original_filename == name
    client.logout()
    client.force_login(agenda.meeting.group.memberships.get(role="member").person)
    html = client.get(agenda.meeting.url).content.decode()
    kind = {"docx": "Word document", "xlsx": "Excel spreadsheet", "pptx": "PowerPoint"}
    assert kind[name.rsplit(".", 1)[1]] in html


def test_a_reissue_supersedes_the_earlier_version(secretary, agenda, client):
    old = agenda.papers[Visibility.GROUP]
    response = post_paper(
        client,
        agenda,
        SimpleUploadedFile("v2.pdf", cached_pdf("second version")),
        title=old.title,
        replaces=old.pk,
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new = Paper.objects.get(previous_version=old)
    assert old.is_superseded
    assert new.version == 2
    assert list(Paper.objects.current().filter(agenda_item=old.agenda_item)) == [new]


def test_a_reissue_goes_under_the_same_item(secretary, agenda, client):
    old = agenda.papers[Visibility.PUBLIC]
    response = post_paper(
        client, agenda, SimpleUploadedFile("v2.pdf", cached_pdf("v2")), replaces=old.pk
    )
    assert response.status_code == 200
    assert "A new version goes under the same item as the paper it replaces (item 4)." in (
        response.content.decode()
    )
    assert not Paper.objects.filter(previous_version=old).exists()


BAD_FILES = {
    "empty": (SimpleUploadedFile("empty.pdf", b""), "The submitted file is empty."),
    "exe named pdf": (
        SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00\x03" + b"\x00" * 500),
        "The file is called .pdf but its content is not a PDF file.",
    ),
    "text named docx": (
        SimpleUploadedFile("plan.docx", b"just some words, not a document"),
        "The file is called .docx but its content is not a DOCX file.",
    ),
    "zip named xlsx": (
        SimpleUploadedFile("figures.xlsx", office_file("word/document.xml")),
        "The file is called .xlsx but its content is not an XLSX file.",
    ),
    "wrong type": (
        SimpleUploadedFile("notes.txt", b"plain text"),
        "The file must be a PDF, DOCX, XLSX or PPTX.",
    ),
    "too big": (
        SimpleUploadedFile("huge.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1)),
        "The file must be smaller than 1 MB.",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_files_are_refused_beside_the_field_keeping_what_was_typed(
    secretary, agenda, client, settings, case
):
    settings.PAPER_MAX_UPLOAD_MB = 1
    upload, message = BAD_FILES[case]
    upload.seek(0)
    before = Paper.objects.count()
    response = post_paper(client, agenda, upload, visibility=Visibility.CONFIDENTIAL)
    assert response.status_code == 200
    html = response.content.decode()
    beside_the_field = re.search(r'id="id_file-error">.*?</span> (.*?)</span>', html)
    assert beside_the_field.group(1) == message
    assert html.startswith("<!DOCTYPE html>") and "<title>Error: " in html
    assert 'value="Imaging capacity report"' in html
    assert "How long people wait for scans.</textarea>" in html
    assert f'<option value="{Visibility.CONFIDENTIAL}" selected>' in html
    assert f'<option value="{agenda.items[Visibility.GROUP].pk}" selected>' in html
    assert Paper.objects.count() == before


def test_the_form_preselects_the_item_it_was_opened_from(secretary, agenda, client):
    item = agenda.items[Visibility.NETWORK]
    html = client.get(f"{add_url(agenda.meeting)}?item={item.pk}").content.decode()
    assert f'<option value="{item.pk}" selected>5. {item.title}</option>' in html
    assert "smaller than 25 MB" in html


@pytest.mark.parametrize("who", ["member", "lay_member", "other_chair", "non_member"])
def test_only_those_running_the_group_add_papers(world, agenda, client, who):
    client.force_login(world.people()[who])
    assert client.get(add_url(agenda.meeting)).status_code == 403
    response = post_paper(client, agenda, SimpleUploadedFile("x.pdf", cached_pdf("x")))
    assert response.status_code == 403
    assert not Paper.objects.filter(title="Imaging capacity report").exists()


def test_anonymous_visitors_are_sent_to_sign_in(agenda, client):
    response = client.get(add_url(agenda.meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
