"""Each group's file library: the group's filer folder as members see it, uploads, replacing a
file (the earlier version is kept) and audited downloads."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from filer.models import File, Folder
from wagtail.log_actions import log

from ..errors import LibraryFileRejected, NotAllowed, NotInLibrary, PaperRejected
from ..models import LibraryFileVersion
from ..papers import check_upload
from ..rules import can_upload_to_library
from .meetings import group_folder

# Folders of the group's filer folder that other features fill, each with its own rules about
# who may open what (papers, board packs), and where earlier versions of library files are
# kept. The library never shows them.
EARLIER_VERSIONS = "Earlier versions"
# Folders whose files have their own rule (a paper's, a pack's, a protocol's): never served,
# listed or replaced through the library.
SYSTEM_FOLDERS = ("Papers", "Board packs", "Protocols", EARLIER_VERSIONS)


@dataclass
class Listing:
    folder: Folder
    trail: list
    subfolders: list
    files: object  # a QuerySet of the folder's files, for the view to paginate


def library_root(group):
    return group_folder(group)


def _trail(root, folder):
    """The folders from the library's root down to `folder`, or None if it is outside."""
    trail = [folder]
    while trail[-1].pk != root.pk:
        parent_id = trail[-1].parent_id
        if parent_id is None:
            return None
        trail.append(Folder.objects.get(pk=parent_id))
    trail.reverse()
    if len(trail) > 1 and trail[1].name in SYSTEM_FOLDERS:
        return None
    return trail


def library_folder(group, folder_id=None):
    """The folder and its trail from the root; NotInLibrary for anything outside the library."""
    root = library_root(group)
    if folder_id is None or folder_id == root.pk:
        return root, [root]
    folder = Folder.objects.filter(pk=folder_id).first()
    trail = _trail(root, folder) if folder is not None else None
    if trail is None:
        raise NotInLibrary("That folder is not in this group's library.")
    return folder, trail


def library_file(group, file_id):
    """A file of the group's library (with its folder trail), or NotInLibrary."""
    found = File.objects.non_polymorphic().filter(pk=file_id).select_related("folder").first()
    if found is None or found.folder is None:
        raise NotInLibrary("That file is not in this group's library.")
    trail = _trail(library_root(group), found.folder)
    if trail is None:
        raise NotInLibrary("That file is not in this group's library.")
    return found, trail


def listing(group, folder_id=None):
    """What a member sees in one folder: its subfolders and its files (newest versions)."""
    folder, trail = library_folder(group, folder_id)
    subfolders = folder.children.annotate(files_here=Count("all_files")).order_by("name")
    if len(trail) == 1:
        subfolders = subfolders.exclude(name__in=SYSTEM_FOLDERS)
    files = (
        File.objects.non_polymorphic()
        .filter(folder=folder)
        .select_related("owner")
        .annotate(earlier_count=Count("earlier_versions"))
        .order_by("name", "original_filename", "pk")
    )
    return Listing(folder=folder, trail=trail, subfolders=list(subfolders), files=files)


def _checked(uploads):
    """Check every upload before storing any, so a batch is added whole or not at all."""
    problems, checked = [], []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload)))
        except PaperRejected as error:
            problems.append(f"{upload.name}: {error}")
    if problems:
        raise LibraryFileRejected(" ".join(problems))
    return checked


@transaction.atomic
def upload_files(group, folder_id, uploads, *, uploaded_by):
    """Add files to a folder of the group's library; all of them, or none if any is refused."""
    if not can_upload_to_library(uploaded_by, group):
        raise NotAllowed("Only the chair, deputy or secretary can add files to this library.")
    if not uploads:
        raise LibraryFileRejected("Choose at least one file to add.")
    folder, _ = library_folder(group, folder_id)
    folder = Folder.objects.select_for_update().get(pk=folder.pk)
    checked = _checked(uploads)
    names = [result.name for _, result in checked]
    if len(set(names)) != len(names):
        raise LibraryFileRejected("Two of the files have the same name. Add them one at a time.")
    clashes = set(
        File.objects.filter(folder=folder, original_filename__in=names).values_list(
            "original_filename", flat=True
        )
    )
    if clashes:
        raise LibraryFileRejected(
            "This folder already has "
            + ", ".join(sorted(clashes))
            + ". Open the file and upload a new version of it instead."
        )
    stored = [
        File.objects.create(
            file=upload,
            original_filename=result.name,
            name=result.name.rsplit(".", 1)[0].replace("_", " "),
            folder=folder,
            is_public=False,
            owner=uploaded_by,
        )
        for upload, result in checked
    ]
    log(
        instance=group,
        action="governance.library.upload",
        user=uploaded_by,
        data={"folder": folder.pk, "files": [f.pk for f in stored]},
    )
    return stored


@transaction.atomic
def replace_file(group, file_id, upload, *, replaced_by):
    """Put a new version in place of a library file; the version it replaces is kept.

    The file keeps its identity (links to it stay good); its earlier content moves to a new,
    private filer file in the group's "Earlier versions" folder, recorded as a version.
    """
    if not can_upload_to_library(replaced_by, group):
        raise NotAllowed("Only the chair, deputy or secretary can replace files here.")
    current, _ = library_file(group, file_id)
    current = File.objects.non_polymorphic().select_for_update().get(pk=current.pk)
    try:
        result = check_upload(upload)
    except PaperRejected as error:
        raise LibraryFileRejected(str(error)) from error
    earlier = File.objects.create(
        file=current.file.name,
        original_filename=current.original_filename,
        name=current.name,
        description=current.description,
        folder=group_folder(group, EARLIER_VERSIONS),
        is_public=False,
        owner=current.owner,
    )
    version = LibraryFileVersion.objects.create(
        current=current, earlier=earlier, replaced_by=replaced_by
    )
    current.file = upload
    current.original_filename = result.name
    current.save()
    log(
        instance=group,
        action="governance.library.replace",
        user=replaced_by,
        data={"file": current.pk, "earlier": earlier.pk, "name": current.original_filename},
    )
    return version


def versions_of(library_file_):
    """The earlier versions of a library file, newest first."""
    return LibraryFileVersion.objects.filter(current=library_file_).select_related(
        "earlier", "replaced_by"
    )


def earlier_version(group, file_id, version_id):
    current, _ = library_file(group, file_id)
    version = versions_of(current).filter(pk=version_id).first()
    if version is None:
        raise NotInLibrary("That version is not in this group's library.")
    return version


def record_download(group, stored_file, user, version=None):
    """Every library download goes into the audit log: library files are never public."""
    log(
        instance=group,
        action="governance.library.download",
        user=user if user.is_authenticated else None,
        data={
            "file": stored_file.pk,
            "name": stored_file.original_filename,
            "earlier_version": version.pk if version else None,
        },
    )
