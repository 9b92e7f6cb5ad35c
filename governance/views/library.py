"""Views of each group's file library: browsing folders, adding files, replacing a file and
downloading through the permission check. Someone signed out is asked to sign in; to
anyone else who is not a member it does not exist."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from portal.downloads import stream_file

from ..errors import GovernanceError, LibraryFileRejected, NotInLibrary
from ..forms.library import LibraryReplaceForm, LibraryUploadForm
from ..models import GroupPage
from ..rules import can_browse_library, can_upload_to_library
from ..services import library
from ..visibility import Visibility, asks_to_sign_in

FILES_PER_PAGE = 25
FILE_KINDS = {
    "pdf": "PDF",
    "docx": "Word document",
    "xlsx": "Excel spreadsheet",
    "pptx": "PowerPoint presentation",
}


class _SignInFirst(Http404):
    """A library is members-only but no secret: someone signed out is asked to sign in."""


def _sign_in_or_404(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignInFirst:
            return redirect_to_login(request.get_full_path())

    return wrapped


def _library_group(request, group_id):
    """The live group whose library this is, if this person may browse it; otherwise 404, or
    a sign-in for someone signed out (the groups and their libraries are public knowledge)."""
    group = get_object_or_404(GroupPage.objects.live(), pk=group_id)
    if not can_browse_library(request.user, group):
        if asks_to_sign_in(request.user, Visibility.GROUP):
            raise _SignInFirst
        raise Http404("No such library.")
    return group


def folder_url(group, folder, trail):
    if folder.pk == trail[0].pk:
        return reverse("governance:library", args=[group.pk])
    return reverse("governance:library_folder", args=[group.pk, folder.pk])


def _crumbs(group, trail):
    """The folders above this one, each with its link (the root is the group's "Files")."""
    return [
        {"name": "Files" if i == 0 else folder.name, "url": folder_url(group, folder, trail)}
        for i, folder in enumerate(trail)
    ]


def file_kind(stored_file):
    name = stored_file.original_filename or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return FILE_KINDS.get(extension, extension.upper() or "File")


@_sign_in_or_404
def library_view(request, group_id, folder_id=None):
    """One folder of the library; those who may add files add them here."""
    group = _library_group(request, group_id)
    try:
        found = library.listing(group, folder_id)
    except NotInLibrary as error:
        raise Http404(str(error)) from error
    can_upload = can_upload_to_library(request.user, group)
    here = folder_url(group, found.folder, found.trail)
    form = LibraryUploadForm()
    if request.method == "POST":
        if not can_upload:
            raise Http404("No such library.")
        form = LibraryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                added = library.upload_files(
                    group, found.folder.pk, form.cleaned_data["files"], uploaded_by=request.user
                )
            except LibraryFileRejected as error:
                form.add_error("files", str(error))
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                if len(added) == 1:
                    messages.success(request, f"“{added[0].original_filename}” was added.")
                else:
                    messages.success(request, f"{len(added)} files were added.")
                return redirect(here)
    page_obj = Paginator(found.files, FILES_PER_PAGE).get_page(request.GET.get("page"))
    for stored in page_obj:
        stored.kind = file_kind(stored)
    return TemplateResponse(
        request,
        "governance/library/folder.html",
        {
            "group": group,
            "folder": found.folder,
            "is_root": len(found.trail) == 1,
            "crumbs": _crumbs(group, found.trail),
            "subfolders": [
                (subfolder, reverse("governance:library_folder", args=[group.pk, subfolder.pk]))
                for subfolder in found.subfolders
            ],
            "page_obj": page_obj,
            "can_upload": can_upload,
            "form": form,
            "action_url": here,
            # The network office keeps the folders in filer's admin, where staff work.
            "can_manage_folders": request.user.is_staff
            and request.user.has_perm("filer.change_folder"),
        },
    )


@_sign_in_or_404
def library_file_view(request, group_id, file_id):
    """A file with its earlier versions; those who may add files can replace it here."""
    group = _library_group(request, group_id)
    try:
        stored, trail = library.library_file(group, file_id)
    except NotInLibrary as error:
        raise Http404(str(error)) from error
    can_upload = can_upload_to_library(request.user, group)
    form = LibraryReplaceForm()
    if request.method == "POST":
        if not can_upload:
            raise Http404("No such file.")
        form = LibraryReplaceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                library.replace_file(
                    group, stored.pk, form.cleaned_data["file"], replaced_by=request.user
                )
            except LibraryFileRejected as error:
                form.add_error("file", str(error))
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"“{stored.label}” now has a new version. The earlier one is kept below.",
                )
                return redirect("governance:library_file", group.pk, stored.pk)
    stored.kind = file_kind(stored)
    return TemplateResponse(
        request,
        "governance/library/file.html",
        {
            "group": group,
            "file": stored,
            "crumbs": _crumbs(group, trail),
            "versions": library.versions_of(stored),
            "can_upload": can_upload,
            "form": form,
        },
    )


@_sign_in_or_404
@require_GET
def library_download(request, group_id, file_id):
    group = _library_group(request, group_id)
    try:
        stored, _ = library.library_file(group, file_id)
    except NotInLibrary as error:
        raise Http404(str(error)) from error
    library.record_download(group, stored, request.user)
    return stream_file(stored)


@_sign_in_or_404
@require_GET
def library_version_download(request, group_id, file_id, version_id):
    group = _library_group(request, group_id)
    try:
        version = library.earlier_version(group, file_id, version_id)
    except NotInLibrary as error:
        raise Http404(str(error)) from error
    library.record_download(group, version.earlier, request.user, version=version)
    return stream_file(version.earlier)


urlpatterns = [
    path("groups/<id:group_id>/files/", library_view, name="library"),
    path(
        "groups/<id:group_id>/files/folders/<id:folder_id>/",
        library_view,
        name="library_folder",
    ),
    path("groups/<id:group_id>/files/<id:file_id>/", library_file_view, name="library_file"),
    path(
        "groups/<id:group_id>/files/<id:file_id>/download/",
        library_download,
        name="library_download",
    ),
    path(
        "groups/<id:group_id>/files/<id:file_id>/versions/<id:version_id>/download/",
        library_version_download,
        name="library_version_download",
    ),
]
