"""Checks of the demo's publications, news and SIG file libraries.
Run by tests/test_demo_network.py against the one whole-demo load."""

from filer.models import File

from governance.models import GroupPage, LibraryFileVersion
from governance.services import library
from governance.visibility import Visibility
from publications.models import NewsPage, PublicationFile, PublicationPage

REPORT_PUBLICATIONS = {
    "Network Strategy",
    "Governance Strategy",
    "Workforce Work Plan",
    "Communication Strategy",
}


def counts():
    return (
        PublicationPage.objects.count(),
        PublicationFile.objects.count(),
        NewsPage.objects.count(),
        File.objects.count(),
        LibraryFileVersion.objects.count(),
    )


def check(client):
    live = PublicationPage.objects.live()
    assert set(live.values_list("title", flat=True)) >= REPORT_PUBLICATIONS
    for publication in live:
        stand_in = publication.files.current().get()
        assert stand_in.file.file.read(5) == b"%PDF-"
        assert not stand_in.file.is_public

    policy = live.get(slug="patient-volunteer-policy")
    assert policy.publication_type == PublicationPage.Type.POLICY
    assert policy.visibility == Visibility.PUBLIC
    assert live.filter(visibility=Visibility.NETWORK).exists()

    news = NewsPage.objects.live()
    assert 25 <= news.count() <= 40
    assert news.filter(group__isnull=True).exists()
    assert news.exclude(group__isnull=True).values("group").distinct().count() >= 10

    mri = GroupPage.objects.get(slug="mri-sig")
    folders = {f.name for f in library.listing(mri).subfolders}
    assert {"MR safety forms", "Training resources"} <= folders
    safety = library.library_root(mri).children.get(name="MR safety forms")
    assert safety.all_files.count() == 3
    assert LibraryFileVersion.objects.filter(current__folder=safety).count() == 1
    assert mri.members_may_upload
