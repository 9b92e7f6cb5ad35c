"""A group's file library in a real browser: browsing folders, adding several files through the
plain file input and by dropping them on the form, a refused upload, a file's page with its
earlier versions, scanned by axe (WCAG 2.2 A/AA) at desktop width and at 320 CSS pixels."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from filer.models import Folder
from playwright.sync_api import expect

from governance.models import LibraryFileVersion
from governance.services import library
from tests.governance.fixtures_meetings import cached_pdf
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser

DROP_FILES = """([form, names, bytes]) => {
  const files = new DataTransfer();
  const content = new Uint8Array(bytes);
  names.forEach((name) => files.items.add(new File([content], name, {type: 'application/pdf'})));
  form.dispatchEvent(new DragEvent('drop', {dataTransfer: files, bubbles: true, cancelable: true}));
}"""


def pdf_file(name, text):
    return {"name": name, "mimeType": "application/pdf", "buffer": cached_pdf(text)}


def test_the_library_has_no_wcag_violations_and_takes_files_both_ways(
    page,
    scans,
    sign_in,
    world,
):
    board = world.board
    Folder.objects.create(name="MR safety forms", parent=library.library_root(board))
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(board.url)
    page.get_by_role("link", name=f"Open the {board.title} files").click()
    scans.check("library, empty", "Files", narrow_axe=True)
    expect(page.get_by_text("There are no files in this folder itself")).to_be_visible()

    page.get_by_label("Files to add").set_input_files(
        [pdf_file("Safety form.pdf", "one"), pdf_file("Physics.pdf", "two")]
    )
    page.get_by_role("button", name="Add the files").click()
    expect(page.get_by_role("alert")).to_contain_text("2 files were added.")
    scans.check("library with files", "Files", narrow_axe=True)

    page.get_by_label("Files to add").set_input_files(
        {"name": "virus.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" * 40}
    )
    page.get_by_role("button", name="Add the files").click()
    expect(page.locator("#id_files-error")).to_contain_text("its content is not a PDF file")
    scans.check("library, refused upload", "Files", narrow_axe=True)

    page.get_by_role("link", name="MR safety forms").click()
    scans.check("a subfolder", "MR safety forms")
    form = page.locator('form[data-module="library-upload"]')
    expect(page.get_by_text("Or drag files from your computer")).to_be_visible()
    page.evaluate(
        DROP_FILES, [form.element_handle(), ["Dropped form.pdf"], list(cached_pdf("dropped"))]
    )
    expect(form.get_by_role("listitem")).to_have_text("Dropped form.pdf")
    page.get_by_role("button", name="Add the files").click()
    expect(page.get_by_role("alert")).to_contain_text("“Dropped_form.pdf” was added.")

    page.get_by_role("link", name="Details of Dropped form").click()
    scans.check("a file", "Dropped form", narrow_axe=True)
    page.get_by_label("New version").set_input_files(pdf_file("Dropped form v2.pdf", "v2"))
    page.get_by_role("button", name="Upload the new version").click()
    expect(page.get_by_role("alert")).to_contain_text("now has a new version")
    scans.check("a file with an earlier version", "Dropped form", narrow_axe=True)
    assert LibraryFileVersion.objects.count() == 1
    scans.assert_clean()


def test_a_member_browses_without_the_upload_form(page, scans, sign_in, world):
    induction = SimpleUploadedFile("Induction.pdf", cached_pdf("Induction"))
    library.upload_files(world.board, None, [induction], uploaded_by=world.chair)
    sign_in(page, world.member.email, PASSWORD)
    page.goto(f"/governance/groups/{world.board.pk}/files/")
    scans.check("library, member", "Files", narrow_axe=True)
    expect(page.get_by_role("button", name="Add the files")).to_have_count(0)
    expect(page.get_by_role("link", name="Induction", exact=True)).to_be_visible()
    scans.assert_clean()
