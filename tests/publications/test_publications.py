"""Publications: who may read them and their files, the index's filters and paging, versions of
files, and the round-up's date window."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from governance.visibility import Visibility
from publications.models import PublicationFile, PublicationPage
from tests.governance.factories import GroupPageFactory
from tests.portal.factories import UserFactory

from .factories import PublicationPageFactory, attach_file, pdf_upload

pytestmark = pytest.mark.django_db

MEMBERS_ONLY_TITLE = "Imaging workforce pay review"


def people(world):
    return {**world.people(), "applicant": UserFactory(applicant=True)}


def as_person(client, person):
    client.logout()
    if person is not None:
        client.force_login(person)


@pytest.fixture
def pair(site):
    """One public publication and one for network members only, each with a file."""
    public = PublicationPageFactory(
        parent=site.publications,
        title="Network Strategy",
        publication_type=PublicationPage.Type.STRATEGY,
        owning_group=site.world.board,
    )
    members_only = PublicationPageFactory(
        parent=site.publications,
        title=MEMBERS_ONLY_TITLE,
        visibility=Visibility.NETWORK,
        publication_type=PublicationPage.Type.REPORT,
    )
    return public, members_only, attach_file(public, "strategy"), attach_file(members_only, "pay")


# Who may read what ---------------------------------------------------------------------------

# Everyone the network office has approved, in any group or none; not the public, nor applicants.
MAY_NOT_READ_MEMBERS_ONLY = {"anonymous", "applicant"}


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "applicant",
        "non_member",
        "member",
        "lay_member",
        "chair",
        "other_chair",
        "admin",
    ],
)
def test_members_only_publications_open_to_network_members_alone(site, pair, client, who):
    public, members_only, public_file, members_file = pair
    as_person(client, people(site.world)[who])
    may_read = who not in MAY_NOT_READ_MEMBERS_ONLY

    assert client.get(public.url).status_code == 200
    assert (
        client.get(reverse("publications:file_download", args=[public_file.pk])).status_code == 200
    )
    # Someone signed out is asked to sign in; a signed-in applicant is told it is not there.
    refused = 302 if who == "anonymous" else 404
    response = client.get(members_only.url)
    assert response.status_code == (200 if may_read else refused)
    download = client.get(reverse("publications:file_download", args=[members_file.pk]))
    assert download.status_code == (200 if may_read else refused)
    index = client.get(site.publications.url).content.decode()
    assert "Network Strategy" in index
    assert (MEMBERS_ONLY_TITLE in index) == may_read


def test_members_only_pages_and_files_are_not_cached_publicly(site, pair, client):
    _, members_only, _, members_file = pair
    client.force_login(site.world.member)
    assert client.get(members_only.url)["Cache-Control"] == "private, no-store"
    response = client.get(reverse("publications:file_download", args=[members_file.pk]))
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_downloads_of_members_only_files_are_audited_and_public_ones_are_not(site, pair, client):
    public, members_only, public_file, members_file = pair
    client.force_login(site.world.member)
    client.get(reverse("publications:file_download", args=[public_file.pk]))
    client.get(reverse("publications:file_download", args=[members_file.pk]))
    entries = PageLogEntry.objects.filter(action="publications.file.download")
    assert [(e.page_id, e.user_id) for e in entries] == [(members_only.pk, site.world.member.pk)]


def test_files_of_a_draft_publication_are_for_its_editors_only(site, client):
    draft = PublicationPageFactory(parent=site.publications, live=False)
    item = attach_file(draft)
    url = reverse("publications:file_download", args=[item.pk])
    client.force_login(site.world.member)
    assert client.get(url).status_code == 404
    client.force_login(site.world.admin)
    assert client.get(url).status_code == 200


def test_the_sitemap_leaves_out_members_only_publications(site, pair, client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/publications/network-strategy/" in sitemap
    assert pair[1].slug not in sitemap


# The index -----------------------------------------------------------------------------------


def test_the_index_filters_by_type_group_and_year(site, client):
    world = site.world
    PublicationPageFactory(
        parent=site.publications,
        title="Board terms",
        publication_type=PublicationPage.Type.TERMS_OF_REFERENCE,
        owning_group=world.board,
        date_published=dt.date(2023, 5, 1),
    )
    related = PublicationPageFactory(
        parent=site.publications,
        title="MRI safety guidance",
        publication_type=PublicationPage.Type.GUIDANCE,
        owning_group=world.other_group,
        date_published=dt.date(2024, 2, 1),
    )
    related.related_groups.add(world.board)
    related.save()
    PublicationPageFactory(
        parent=site.publications,
        title="Digital plan",
        owning_group=world.other_group,
        date_published=dt.date(2024, 3, 1),
    )

    def titles(**query):
        html = client.get(site.publications.url, query).content.decode()
        return [t for t in ("Board terms", "MRI safety guidance", "Digital plan") if t in html]

    assert titles() == ["Board terms", "MRI safety guidance", "Digital plan"]
    assert titles(type="guidance") == ["MRI safety guidance"]
    assert titles(group=world.board.pk) == ["Board terms", "MRI safety guidance"]
    assert titles(year=2024) == ["MRI safety guidance", "Digital plan"]
    assert titles(year=2024, group=world.other_group.pk, type="plan") == ["Digital plan"]
    html = client.get(site.publications.url, {"type": "policy"}).content.decode()
    assert "No publications match your filters." in html
    assert "Clear filters" in html


def test_the_filters_offer_only_years_and_groups_the_reader_can_see(site, client):
    PublicationPageFactory(
        parent=site.publications,
        visibility=Visibility.NETWORK,
        owning_group=site.world.other_group,
        date_published=dt.date(2019, 1, 1),
    )
    html = client.get(site.publications.url).content.decode()
    assert "2019" not in html
    assert site.world.other_group.title not in html


def test_the_index_says_when_nothing_is_published(site, client):
    assert "Nothing has been published yet." in client.get(site.publications.url).content.decode()


def test_the_index_pages_through_publications(site, client):
    for n in range(21):
        PublicationPageFactory(parent=site.publications, title=f"Report {n:02d}")
    first = client.get(site.publications.url).content.decode()
    assert "21 publications" in first
    assert 'aria-label="Page 2"' in first
    second = client.get(site.publications.url, {"page": 2}).content.decode()
    assert second.count('class="nhsuk-heading-s nhsuk-u-margin-bottom-2"') == 1


@pytest.mark.parametrize("count", [2, 12])
def test_the_index_query_count_does_not_grow_with_publications(
    site, client, django_assert_num_queries, count
):
    for n in range(count):
        PublicationPageFactory(
            parent=site.publications, title=f"Plan {n}", owning_group=site.world.board
        )
    client.force_login(site.world.member)
    client.get(site.publications.url)  # warm the site-root cache
    with django_assert_num_queries(16):  # +1: the header's unread count
        response = client.get(site.publications.url, {"type": "plan"})
    assert response.status_code == 200


# Files and versions --------------------------------------------------------------------------


def test_a_new_version_keeps_the_earlier_one_readable(site, client):
    publication = PublicationPageFactory(parent=site.publications)
    client.force_login(site.world.admin)
    url = reverse("publications:manage_files", args=[publication.pk])
    for label, text in [("Version 1", "first"), ("Version 2", "second")]:
        response = client.post(
            url,
            {
                "file": pdf_upload("plan.pdf", text),
                "version_label": label,
                "replaces_current": "on",
            },
        )
        assert response.status_code == 302
    first, second = PublicationFile.objects.filter(page=publication).order_by("pk")
    assert (first.is_current, second.is_current) == (False, True)
    assert not second.file.is_public
    html = client.get(publication.url).content.decode()
    assert "Earlier versions" in html
    assert reverse("publications:file_download", args=[first.pk]) in html


def test_an_appendix_sits_beside_the_current_file(site, client):
    publication = PublicationPageFactory(parent=site.publications)
    attach_file(publication)
    client.force_login(site.world.admin)
    client.post(
        reverse("publications:manage_files", args=[publication.pk]),
        {"file": pdf_upload("appendix.pdf"), "version_label": "Appendix A"},
    )
    assert publication.files.current().count() == 2


def test_a_forged_pdf_is_refused_beside_the_file_field(site, client):
    publication = PublicationPageFactory(parent=site.publications)
    client.force_login(site.world.admin)
    forged = SimpleUploadedFile("strategy.pdf", b"MZ\x90\x00 not a pdf at all" * 20)
    response = client.post(
        reverse("publications:manage_files", args=[publication.pk]),
        {"file": forged, "version_label": "Version 1", "replaces_current": "on"},
    )
    assert response.status_code == 200
    assert "its content is not a PDF file" in response.content.decode()
    assert 'value="Version 1"' in response.content.decode()
    assert not publication.files.exists()


@pytest.mark.parametrize("who", ["anonymous", "member", "chair"])
def test_only_editors_manage_a_publications_files(site, client, who):
    publication = PublicationPageFactory(parent=site.publications)
    as_person(client, site.world.people()[who])
    response = client.get(reverse("publications:manage_files", args=[publication.pk]))
    assert response.status_code == (302 if who == "anonymous" else 404)


# The round-up's window -----------------------------------------------------------------------


def test_published_between_is_half_open_and_leaves_out_drafts(site):
    day = dt.date(2024, 3, 4)
    for offset, title in [(-1, "before"), (0, "first day"), (6, "last day"), (7, "after")]:
        PublicationPageFactory(
            parent=site.publications, title=title, date_published=day + dt.timedelta(offset)
        )
    PublicationPageFactory(parent=site.publications, title="draft", date_published=day, live=False)
    found = PublicationPage.objects.published_between(day, day + dt.timedelta(days=7))
    assert sorted(p.title for p in found) == ["first day", "last day"]
    start = timezone.make_aware(dt.datetime(2024, 3, 4, 9, 0))
    by_time = PublicationPage.objects.published_between(start, start + dt.timedelta(days=7))
    assert sorted(p.title for p in by_time) == ["first day", "last day"]


def test_visible_to_follows_the_confidentiality_rule(site, pair):
    world = site.world
    assert set(PublicationPage.objects.visible_to(UserFactory(applicant=True))) == {pair[0]}
    assert set(PublicationPage.objects.visible_to(world.member)) == {pair[0], pair[1]}


def test_group_publications_include_related_ones_once(site):
    board = site.world.board
    own = PublicationPageFactory(parent=site.publications, owning_group=board)
    own.related_groups.add(board, GroupPageFactory(parent=site.world.index))
    own.save()
    assert list(PublicationPage.objects.of_group(board)) == [own]


def test_the_editor_links_to_where_files_are_added(site, client):
    publication = PublicationPageFactory(parent=site.publications)
    client.force_login(site.world.admin)
    html = client.get(f"/admin/pages/{publication.pk}/edit/").content.decode()
    assert reverse("publications:manage_files", args=[publication.pk]) in html
