"""Views for publications: file downloads through the permission check, and adding a
publication's files. The index pages' listings are built in pages.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_GET

from governance.visibility import asks_to_sign_in
from portal.downloads import stream_file

from .errors import PublicationError, PublicationFileRejected
from .forms import PublicationFileForm
from .models import PublicationFile, PublicationPage
from .rules import can_manage_publication_files, can_read_publication
from .services import add_publication_file, record_download


def _openable(publication, user):
    """Drafts are for their editors; live publications for whoever their visibility allows."""
    if not publication.live:
        return can_manage_publication_files(user, publication)
    return can_read_publication(user, publication)


@require_GET
def file_download(request, file_id):
    """Stream a publication's file to whoever may read it; to anyone else it does not exist."""
    publication_file = get_object_or_404(
        PublicationFile.objects.select_related("page", "file"), pk=file_id
    )
    publication = publication_file.page
    if not _openable(publication, request.user):
        if publication.live and asks_to_sign_in(request.user, publication.visibility):
            return redirect_to_login(request.get_full_path())
        raise Http404("No such file.")
    record_download(publication_file, request.user)
    return stream_file(
        publication_file.file, is_private=not (publication.is_public and publication.live)
    )


@login_required
def manage_files(request, page_id):
    """Add a file (or a new version) to a publication; for the publication's editors."""
    publication = get_object_or_404(PublicationPage, pk=page_id)
    if not can_manage_publication_files(request.user, publication):
        raise Http404("No such publication.")
    if request.method == "POST":
        form = PublicationFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                added = add_publication_file(
                    publication,
                    form.cleaned_data["file"],
                    version_label=form.cleaned_data["version_label"],
                    uploaded_by=request.user,
                    replaces_current=form.cleaned_data["replaces_current"],
                )
            except PublicationFileRejected as error:
                form.add_error("file", str(error))
            except PublicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, f"“{added.version_label}” was added to “{publication.title}”."
                )
                return redirect("publications:manage_files", publication.pk)
    else:
        form = PublicationFileForm()
    files = publication.files.select_related("file", "uploaded_by")
    return TemplateResponse(
        request,
        "publications/manage_files.html",
        {"publication": publication, "form": form, "files": files},
    )


app_name = "publications"

urlpatterns = [
    path("files/<id:file_id>/download/", file_download, name="file_download"),
    path("manage/<id:page_id>/files/", manage_files, name="manage_files"),
]
