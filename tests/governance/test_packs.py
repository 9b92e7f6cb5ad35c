"""Board packs: the text of each pack PDF holds only what its audience may open, and packs
are rebuilt (by the background task) when a paper is added."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from filer.models import File
from pypdf import PdfReader
from wagtail.models import PageLogEntry

from governance.models import MeetingPage
from governance.services import packs
from governance.services.meetings import add_paper
from governance.visibility import Visibility
from tests.plugins.task_queue import run_due

from .fixtures_meetings import (
    VISIBILITIES,
    cached_pdf,
    item_title,
    paper_text,
    paper_title,
    upload,
)
from .test_papers import office_file

pytestmark = pytest.mark.django_db


def read(pack):
    with pack.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return reader, text


def bookmarks(reader):
    """The top level of the outline (a nested list holds the bookmarks below an entry)."""
    return [item.title for item in reader.outline if not isinstance(item, list)]


def built(meeting):
    return MeetingPage.objects.get(pk=meeting.pk)


def add_public_paper(world, agenda, name, text):
    return add_paper(
        agenda.items[Visibility.PUBLIC],
        upload(f"{name}.pdf", text),
        title=name,
        visibility=Visibility.PUBLIC,
        uploaded_by=world.secretary,
    )


def test_public_pack_holds_only_public_papers_and_names_only_public_items(agenda):
    packs.build_packs(agenda.meeting.pk)
    reader, text = read(built(agenda.meeting).public_pack)
    assert paper_text(Visibility.PUBLIC) in text
    assert item_title(Visibility.PUBLIC) in text
    for visibility in (Visibility.NETWORK, Visibility.GROUP, Visibility.CONFIDENTIAL):
        assert paper_text(visibility) not in text
        assert paper_title(visibility) not in text
        assert item_title(visibility) not in text
    assert "Public board pack" in text
    assert bookmarks(reader) == ["Cover and agenda", paper_title(Visibility.PUBLIC)]


def test_full_pack_holds_everything_a_group_member_may_open(agenda):
    packs.build_packs(agenda.meeting.pk)
    reader, text = read(built(agenda.meeting).full_pack)
    for visibility in VISIBILITIES:
        assert paper_text(visibility) in text
        assert item_title(visibility) in text
    assert "for group members only" in text
    assert bookmarks(reader) == ["Cover and agenda"] + [paper_title(v) for v in VISIBILITIES]
    assert packs.full_pack_visibility(agenda.meeting) == Visibility.CONFIDENTIAL


def test_papers_for_named_people_are_in_neither_pack(world, agenda):
    named = add_paper(
        agenda.items[Visibility.GROUP],
        upload("named.pdf", "Named people only qwnamed"),
        title="Personnel matter",
        visibility=Visibility.NAMED,
        uploaded_by=world.chair,
    )
    named.named_people.add(world.member)
    packs.build_packs(agenda.meeting.pk)
    meeting = built(agenda.meeting)
    for pack in (meeting.public_pack, meeting.full_pack):
        assert "qwnamed" not in read(pack)[1]


def test_a_public_paper_under_a_members_only_item_stays_out_of_the_public_pack(world, agenda):
    # Added while its item was public; the item was made members-only afterwards.
    item = agenda.items[Visibility.PUBLIC]
    add_paper(
        item,
        upload("leaflet.pdf", "Public leaflet qwleaflet"),
        title="Leaflet",
        visibility=Visibility.PUBLIC,
        uploaded_by=world.chair,
    )
    item.visibility = Visibility.GROUP
    item.save()
    packs.build_packs(agenda.meeting.pk)
    assert "qwleaflet" not in read(built(agenda.meeting).public_pack)[1]
    assert "qwleaflet" in read(built(agenda.meeting).full_pack)[1]


def test_a_full_pack_without_confidential_items_is_for_group_members(world, agenda, client):
    agenda.items[Visibility.CONFIDENTIAL].delete()
    assert packs.full_pack_visibility(agenda.meeting) == Visibility.GROUP
    packs.build_packs(agenda.meeting.pk)
    client.force_login(world.lay_member)
    url = reverse("governance:pack_download", args=[agenda.meeting.pk, "full"])
    assert client.get(url).status_code == 200


def test_files_that_are_not_pdfs_are_listed_on_the_cover_but_not_merged(world, agenda):
    add_paper(
        agenda.items[Visibility.PUBLIC],
        SimpleUploadedFile("figures.xlsx", office_file("xl/workbook.xml")),
        title="Activity figures",
        visibility=Visibility.PUBLIC,
        uploaded_by=world.chair,
    )
    packs.build_packs(agenda.meeting.pk)
    reader, text = read(built(agenda.meeting).public_pack)
    assert "Paper: Activity figures – not a PDF, so not in this pack" in text
    assert "Activity figures" not in bookmarks(reader)


def test_adding_a_paper_rebuilds_the_packs_through_the_task(
    world, agenda, client, immediate_tasks, django_capture_on_commit_callbacks
):
    packs.build_packs(agenda.meeting.pk)
    first = built(agenda.meeting)
    client.force_login(world.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("governance:add_paper", args=[agenda.meeting.pk]),
            {
                "agenda_item": agenda.items[Visibility.PUBLIC].pk,
                "title": "Late paper",
                "visibility": "",
                "file": SimpleUploadedFile("late.pdf", cached_pdf("A late paper qwlate")),
            },
        )
    assert response.status_code == 302
    rebuilt = built(agenda.meeting)
    assert rebuilt.packs_built_at > first.packs_built_at
    assert "qwlate" in read(rebuilt.public_pack)[1]
    assert "qwlate" in read(rebuilt.full_pack)[1]
    # the old packs are replaced, not left behind
    assert not File.objects.filter(pk__in=[first.public_pack_id, first.full_pack_id]).exists()


def test_papers_uploaded_together_are_packed_by_one_build(
    world, agenda, django_capture_on_commit_callbacks
):
    """Three uploads queue three builds: the first to run reads all three papers, and the
    others find their work done (so a bulk upload keeps the worker busy once, not thrice)."""
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            add_public_paper(world, agenda, f"Bulk paper {number}", f"Bulk qwbulk{number}")
    builds = DBTaskResult.objects.filter(task_path="governance.tasks.build_board_packs")
    assert run_due("governance.tasks.build_board_packs") == 3
    assert sorted(result.return_value for result in builds) == [0, 0, 2]
    text = read(built(agenda.meeting).public_pack)[1]
    assert all(f"qwbulk{number}" in text for number in range(3))


def test_a_build_is_skipped_only_when_a_later_one_has_read_its_change(world, agenda):
    asked = packs.database_now()
    early = add_public_paper(world, agenda, "Early paper", "An early paper qwearly")
    packs.build_packs(agenda.meeting.pk)
    assert early.title in read(built(agenda.meeting).public_pack)[1]
    assert packs.build_packs(agenda.meeting.pk, requested_at=asked) is None
    late = add_public_paper(world, agenda, "Late paper", "A late paper qwlater")
    assert packs.build_packs(agenda.meeting.pk, requested_at=packs.database_now())
    assert late.title in read(built(agenda.meeting).public_pack)[1]


def test_a_build_that_finishes_after_a_later_one_leaves_the_newer_packs(world, agenda):
    packs.build_packs(agenda.meeting.pk)
    newer = built(agenda.meeting)
    later_start = packs.database_now() + dt.timedelta(hours=1)
    MeetingPage.objects.filter(pk=newer.pk).update(packs_built_at=later_start)
    assert packs.build_packs(agenda.meeting.pk) is None
    kept = built(agenda.meeting)
    assert (kept.public_pack_id, kept.full_pack_id) == (newer.public_pack_id, newer.full_pack_id)
    assert File.objects.filter(folder=newer.public_pack.folder).count() == 2


def test_full_pack_downloads_are_audited(world, agenda, client):
    packs.build_packs(agenda.meeting.pk)
    client.get(reverse("governance:pack_download", args=[agenda.meeting.pk, "public"]))
    assert not PageLogEntry.objects.filter(action="governance.pack.download").exists()
    client.force_login(world.member)
    client.get(reverse("governance:pack_download", args=[agenda.meeting.pk, "full"]))
    entry = PageLogEntry.objects.get(action="governance.pack.download")
    assert entry.user == world.member
    assert entry.page_id == agenda.meeting.pk


def test_no_pack_before_it_is_built_and_no_other_audiences(agenda, client):
    for audience in ("public", "full", "secret"):
        url = reverse("governance:pack_download", args=[agenda.meeting.pk, audience])
        assert client.get(url).status_code == 404
