"""Adding a publication's files (a new version keeps the earlier ones) and auditing downloads."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from filer.models import File, Folder
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission, Page

from governance.errors import PaperRejected
from governance.papers import check_upload

from .errors import NotAllowedToManageFiles, PublicationFileRejected
from .models import NewsIndexPage, PublicationFile, PublicationIndexPage, PublicationPage
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


# The comms team's page rights ---------------------------------------------------------------

# Wagtail's "Editors" group is the comms team's: it edits news, publications and round-ups and
# nothing else. Meetings, agendas and group pages are edited by each group's own leaders
# (governance.services.memberships.sync_group_editors), never by comms.
COMMS_EDITORS = "Editors"
COMMS_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def comms_sections():
    """The pages under which comms edit: every publications, news and round-up index."""
    from .roundup.models import RoundupIndexPage

    return [
        *PublicationIndexPage.objects.all(),
        *NewsIndexPage.objects.all(),
        *RoundupIndexPage.objects.all(),
    ]


def sync_comms_editors():
    """Make the comms group's page rights exactly the comms sections (never the root) and put
    the comms team in it. Safe to run at any time; the only code that sets these rights."""
    User = get_user_model()  # noqa: N806 (a class)
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=COMMS_EDITORS)
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        sections = comms_sections()
        GroupPagePermission.objects.filter(group=group).exclude(
            page__in=[page.pk for page in sections]
        ).delete()
        page_type = ContentType.objects.get_for_model(Page)
        permissions = Permission.objects.filter(
            content_type=page_type, codename__in=COMMS_PAGE_PERMISSIONS
        )
        for page in sections:
            for permission in permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )
        group.user_set.add(*User.objects.filter(office_team=User.OfficeTeam.COMMS))
    return group
