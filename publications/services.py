"""Adding a publication's files (a new version keeps the earlier ones) and auditing downloads."""

from django.db import transaction
from filer.models import File, Folder
from wagtail.log_actions import log

from governance.errors import PaperRejected
from governance.papers import check_upload

from .errors import NotAllowedToManageFiles, PublicationFileRejected
from .models import PublicationFile, PublicationPage
from .rules import can_manage_publication_files


def publications_folder():
    """Where publications' files are kept in filer (private, like every document)."""
    folder, _ = Folder.objects.get_or_create(name="Publications", parent=None)
    return folder


@transaction.atomic
def add_publication_file(
    publication, uploaded_file, *, version_label, uploaded_by, replaces_current
):
    """Store a file for the publication; as a new version it makes the current files earlier.

    The page row is locked so two people adding versions at once cannot both end up current.
    """
    if not can_manage_publication_files(uploaded_by, publication):
        raise NotAllowedToManageFiles("Only editors of this publication can add its files.")
    try:
        checked = check_upload(uploaded_file)
    except PaperRejected as error:
        raise PublicationFileRejected(str(error)) from error
    PublicationPage.objects.select_for_update().filter(pk=publication.pk).first()
    stored = File.objects.create(
        file=uploaded_file,
        original_filename=checked.name,
        name=f"{publication.title} ({version_label})",
        folder=publications_folder(),
        is_public=False,
        owner=uploaded_by,
    )
    if replaces_current:
        publication.files.current().update(is_current=False)
    added = PublicationFile.objects.create(
        page=publication,
        file=stored,
        version_label=version_label,
        is_current=True,
        uploaded_by=uploaded_by,
    )
    log(
        instance=publication,
        action="publications.file.add",
        user=uploaded_by,
        data={"file": added.pk, "version": version_label},
    )
    transaction.on_commit(lambda: _enqueue_text_extraction(added.pk))
    return added


def _enqueue_text_extraction(publication_file_id):
    from .search import extract_publication_file_text

    extract_publication_file_text.enqueue(publication_file_id)


def record_download(publication_file, user):
    """Downloads of files of publications that are not public go into the audit log."""
    publication = publication_file.page
    if not publication.is_public:
        log(
            instance=publication,
            action="publications.file.download",
            user=user if user.is_authenticated else None,
            data={"file": publication_file.pk, "version": publication_file.version_label},
        )
