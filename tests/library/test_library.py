"""Each group's file library: who may browse, add and replace files; the checks on uploads
(forged extensions too); versions kept on replace; audited downloads; ex-members shut out at
once; the folders the network office makes in filer; and query counts of a folder's page."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from filer.models import File, Folder
from wagtail.models import PageLogEntry

from governance.models import LibraryFileVersion
from governance.services import library
from governance.services.meetings import group_folder
from tests.governance.fixtures_meetings import cached_pdf

pytestmark = pytest.mark.django_db

MAY_BROWSE = {"member", "lay_member", "secretary", "chair", "admin"}


def pdf(name="form.pdf", text="MR safety screening form"):
    return SimpleUploadedFile(name, cached_pdf(text), content_type="application/pdf")


def docx(name="induction.docx"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, out.getvalue())


def as_person(client, person):
    client.logout()
    if person is not None:
        client.force_login(person)


def root_url(group):
    return reverse("governance:library", args=[group.pk])


def stored_in(group, name="MR safety form", text="MR safety screening form", folder=None):
    """A library file, as an upload by the group's chair would store it."""
    return File.objects.create(
        file=pdf(f"{name}.pdf", text),
        original_filename=f"{name}.pdf",
        name=name,
        folder=folder or library.library_root(group),
        is_public=False,
    )


def body(response):
    return b"".join(response.streaming_content)


# Who may open it -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "non_member",
        "member",
        "lay_member",
        "secretary",
        "chair",
        "other_chair",
        "admin",
    ],
)
def test_only_members_and_the_network_office_see_a_groups_files(world, client, who):
    board = world.board
    stored = stored_in(board)
    as_person(client, world.people()[who])
    may = who in MAY_BROWSE
    # Someone signed out is asked to sign in (a group's library is no secret); others: 404.
    expected = 200 if may else 302 if who == "anonymous" else 404
    assert client.get(root_url(board)).status_code == expected
    assert (
        client.get(reverse("governance:library_file", args=[board.pk, stored.pk])).status_code
        == expected
    )
    download = client.get(reverse("governance:library_download", args=[board.pk, stored.pk]))
    assert download.status_code == expected
    if may:
        assert body(download).startswith(b"%PDF")
        assert download["Cache-Control"] == "private, no-store"
    group_page = client.get(board.url).content.decode()
    assert (root_url(board) in group_page) == may


def test_a_member_who_leaves_loses_access_at_once(world, client):
    board = world.board
    stored = stored_in(board)
    client.force_login(world.member)
    assert client.get(root_url(board)).status_code == 200
    membership = board.memberships.get(person=world.member)
    membership.end = timezone.localdate() - dt.timedelta(days=1)
    membership.save()
    assert client.get(root_url(board)).status_code == 404
    assert (
        client.get(reverse("governance:library_download", args=[board.pk, stored.pk])).status_code
        == 404
    )


def test_downloads_are_written_to_the_audit_log(world, client):
    stored = stored_in(world.board)
    client.force_login(world.member)
    client.get(reverse("governance:library_download", args=[world.board.pk, stored.pk]))
    entry = PageLogEntry.objects.get(action="governance.library.download")
    assert (entry.page_id, entry.user_id) == (world.board.pk, world.member.pk)
    assert entry.data["file"] == stored.pk


# The tree the network office keeps in filer --------------------------------------------------


def test_the_library_shows_the_folders_made_in_filer_but_not_papers_or_packs(world, client):
    board = world.board
    root = library.library_root(board)
    forms = Folder.objects.create(name="MR safety forms", parent=root)
    stored_in(board, "Screening form v3", folder=forms)
    papers = group_folder(board, "Papers")
    paper_file = stored_in(board, "Confidential paper", folder=papers)
    client.force_login(world.member)
    html = client.get(root_url(board)).content.decode()
    assert "MR safety forms" in html
    assert "(1 file)" in html
    assert "Papers" not in html
    assert "Board packs" not in html
    inner = client.get(reverse("governance:library_folder", args=[board.pk, forms.pk]))
    assert "Screening form v3" in inner.content.decode()
    for name in ("library_file", "library_download"):
        assert (
            client.get(reverse(f"governance:{name}", args=[board.pk, paper_file.pk])).status_code
            == 404
        )
    assert (
        client.get(reverse("governance:library_folder", args=[board.pk, papers.pk])).status_code
        == 404
    )


def test_folders_and_files_of_another_group_are_not_reachable_through_this_one(world, client):
    other_folder = Folder.objects.create(
        name="Digital", parent=library.library_root(world.other_group)
    )
    other_file = stored_in(world.other_group, "Digital roadmap")
    client.force_login(world.member)
    board = world.board
    assert (
        client.get(
            reverse("governance:library_folder", args=[board.pk, other_folder.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("governance:library_download", args=[board.pk, other_file.pk])
        ).status_code
        == 404
    )


def test_an_empty_library_says_so(world, client):
    client.force_login(world.member)
    assert "There are no files here yet." in client.get(root_url(world.board)).content.decode()


# Adding files --------------------------------------------------------------------------------


def test_the_chair_adds_several_files_at_once(world, client):
    client.force_login(world.chair)
    response = client.post(root_url(world.board), {"files": [pdf(), docx()]}, follow=True)
    assert "2 files were added." in response.content.decode()
    added = File.objects.filter(folder=library.library_root(world.board)).order_by(
        "original_filename"
    )
    assert [f.original_filename for f in added] == ["form.pdf", "induction.docx"]
    assert all(not f.is_public and f.owner == world.chair for f in added)
    assert PageLogEntry.objects.filter(action="governance.library.upload").count() == 1


def test_files_go_into_the_folder_being_viewed(world, client):
    folder = Folder.objects.create(name="Training", parent=library.library_root(world.board))
    client.force_login(world.secretary)
    url = reverse("governance:library_folder", args=[world.board.pk, folder.pk])
    assert client.post(url, {"files": [pdf("physics.pdf")]}).status_code == 302
    assert File.objects.get(original_filename="physics.pdf").folder == folder


@pytest.mark.parametrize("allowed", [False, True])
def test_members_add_files_only_where_the_group_allows_it(world, client, allowed):
    board = world.board
    board.members_may_upload = allowed
    board.save()
    client.force_login(world.member)
    page = client.get(root_url(board)).content.decode()
    assert ("Add the files" in page) == allowed
    response = client.post(root_url(board), {"files": [pdf()]})
    assert response.status_code == (302 if allowed else 404)
    assert File.objects.filter(original_filename="form.pdf").exists() == allowed


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("form.pdf", b"MZ\x90\x00" + b"a windows program" * 20, "its content is not a PDF file"),
        ("form.docx", cached_pdf("a pdf in disguise"), "its content is not a DOCX file"),
        ("script.exe", b"MZ\x90\x00" * 40, "must be a PDF, DOCX, XLSX or PPTX"),
        ("notes.pdf", b"", "The submitted file is empty."),
    ],
)
def test_forged_and_unwanted_files_are_refused_and_nothing_is_stored(
    world, client, name, content, message
):
    client.force_login(world.chair)
    bad = SimpleUploadedFile(name, content)
    response = client.post(root_url(world.board), {"files": [pdf("good.pdf"), bad]})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'class="nhsuk-error-message" id="id_files-error"' in html
    assert not File.objects.filter(folder=library.library_root(world.board)).exists()


def test_a_file_too_big_is_refused(world, client, settings):
    settings.PAPER_MAX_UPLOAD_MB = 0
    client.force_login(world.chair)
    html = client.post(root_url(world.board), {"files": [pdf()]}).content.decode()
    assert "must be smaller than 0 MB" in html


def test_a_second_file_of_the_same_name_is_sent_to_replace_instead(world, client):
    stored_in(world.board, "form")
    client.force_login(world.chair)
    html = client.post(root_url(world.board), {"files": [pdf("form.pdf")]}).content.decode()
    assert "This folder already has form.pdf. Open the file and upload a new version" in html


def test_nothing_chosen_is_an_error_beside_the_field(world, client):
    client.force_login(world.chair)
    html = client.post(root_url(world.board), {}).content.decode()
    assert "Choose at least one file to add." in html


# Replacing a file ----------------------------------------------------------------------------


def test_replacing_keeps_the_earlier_version(world, client):
    board = world.board
    stored = stored_in(board, "Safety form", text="first version")
    old_bytes = stored.file.read()
    client.force_login(world.secretary)
    url = reverse("governance:library_file", args=[board.pk, stored.pk])
    response = client.post(url, {"file": pdf("Safety form v2.pdf", "second version")}, follow=True)
    assert "now has a new version" in response.content.decode()
    stored.refresh_from_db()
    assert stored.original_filename == "Safety_form_v2.pdf"
    version = LibraryFileVersion.objects.get(current=stored)
    assert version.replaced_by == world.secretary
    assert version.earlier.original_filename == "Safety form.pdf"
    assert not version.earlier.is_public

    client.force_login(world.member)
    current = client.get(reverse("governance:library_download", args=[board.pk, stored.pk]))
    earlier = client.get(
        reverse("governance:library_version_download", args=[board.pk, stored.pk, version.pk])
    )
    assert body(current) != old_bytes
    assert body(earlier) == old_bytes
    listing = client.get(root_url(board)).content.decode()
    assert "1 earlier version" in listing
    assert "Earlier versions" not in listing  # the folder that keeps them is not shown


def test_a_forged_replacement_is_refused_and_the_file_is_unchanged(world, client):
    stored = stored_in(world.board)
    client.force_login(world.chair)
    response = client.post(
        reverse("governance:library_file", args=[world.board.pk, stored.pk]),
        {"file": SimpleUploadedFile("form.pdf", b"<html>not a pdf</html>" * 10)},
    )
    assert "its content is not a PDF file" in response.content.decode()
    assert not LibraryFileVersion.objects.exists()


def test_members_cannot_replace_files_unless_the_group_allows_it(world, client):
    stored = stored_in(world.board)
    client.force_login(world.member)
    url = reverse("governance:library_file", args=[world.board.pk, stored.pk])
    assert "Upload a new version" not in client.get(url).content.decode()
    assert client.post(url, {"file": pdf()}).status_code == 404


def test_a_version_of_another_file_is_not_reachable(world, client):
    board = world.board
    first, second = stored_in(board, "one"), stored_in(board, "two")
    library.replace_file(board, first.pk, pdf("one.pdf", "again"), replaced_by=world.chair)
    version = LibraryFileVersion.objects.get()
    client.force_login(world.member)
    url = reverse("governance:library_version_download", args=[board.pk, second.pk, version.pk])
    assert client.get(url).status_code == 404


def test_the_service_refuses_people_who_may_not_add_files(world):
    with pytest.raises(library.NotAllowed):
        library.upload_files(world.board, None, [pdf()], uploaded_by=world.member)
    with pytest.raises(library.NotAllowed):
        library.replace_file(
            world.board, stored_in(world.board).pk, pdf(), replaced_by=world.non_member
        )


# Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12])
def test_a_folders_page_costs_the_same_queries_however_many_files(
    world,
    client,
    django_assert_num_queries,
    count,
):
    board = world.board
    root = library.library_root(board)
    for n in range(3):
        Folder.objects.create(name=f"Folder {n}", parent=root)
    for n in range(count):
        replaced = stored_in(board, f"File {n}")
        if n % 2:
            library.replace_file(
                board, replaced.pk, pdf(f"File {n}.pdf", "v2"), replaced_by=world.chair
            )
    client.force_login(world.chair)
    client.get(root_url(board))
    with django_assert_num_queries(18):  # +1: the header's unread count
        assert client.get(root_url(board)).status_code == 200


@pytest.mark.parametrize("replacements", [1, 6])
def test_a_files_page_costs_the_same_queries_however_many_versions(
    world,
    client,
    django_assert_num_queries,
    replacements,
):
    board = world.board
    stored = stored_in(board)
    for n in range(replacements):
        library.replace_file(board, stored.pk, pdf("form.pdf", f"v{n}"), replaced_by=world.chair)
    client.force_login(world.member)
    url = reverse("governance:library_file", args=[board.pk, stored.pk])
    client.get(url)
    with django_assert_num_queries(15):  # +1: the header's unread count
        assert client.get(url).status_code == 200


def test_the_network_office_is_pointed_to_filer_for_folders(world, client):
    client.force_login(world.admin)
    assert "the file manager" in client.get(root_url(world.board)).content.decode()
    client.force_login(world.chair)
    assert "the file manager" not in client.get(root_url(world.board)).content.decode()
