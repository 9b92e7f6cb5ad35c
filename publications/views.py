"""Views for publications and news: the index pages' listings, file downloads through the
permission check, and adding a publication's files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_GET

from governance.models import GroupPage

from .errors import PublicationError, PublicationFileRejected
from .forms import PublicationFileForm, PublicationFilterForm
from .models import NewsPage, PublicationFile, PublicationPage
from .rules import can_manage_publication_files
from .services import add_publication_file, record_download

PUBLICATIONS_PER_PAGE = 20
NEWS_PER_PAGE = 20
TYPE_TAGS = {
    PublicationPage.Type.STRATEGY: "nhsuk-tag--blue",
    PublicationPage.Type.POLICY: "nhsuk-tag--purple",
    PublicationPage.Type.PLAN: "nhsuk-tag--aqua-green",
    PublicationPage.Type.REPORT: "nhsuk-tag--grey",
    PublicationPage.Type.GUIDANCE: "nhsuk-tag--green",
    PublicationPage.Type.TERMS_OF_REFERENCE: "nhsuk-tag--white",
}


def publication_index_context(index, request):
    """The publications this person may open, filtered by type, group and year, a page at a time."""
    visible = PublicationPage.objects.live().child_of(index).visible_to(request.user)
    groups = (
        GroupPage.objects.live()
        .filter(
            Q(pk__in=visible.exclude(owning_group=None).values("owning_group"))
            | Q(pk__in=visible.exclude(related_groups=None).values("related_groups"))
        )
        .order_by("title")
    )
    years = [day.year for day in visible.dates("date_published", "year", order="DESC")]
    form = PublicationFilterForm(request.GET or None, groups=groups, years=years)
    publications = form.filter(visible).select_related("owning_group")
    page_obj = Paginator(
        publications.order_by("-date_published", "title"), PUBLICATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    for publication in page_obj:
        publication.type_tag = TYPE_TAGS.get(publication.publication_type, "")
    return {"form": form, "page_obj": page_obj, "filtered": form.is_filtered}


def news_index(request, index, group_id=None):
    """All news, or one group's news, newest first."""
    group = None
    news = NewsPage.objects.listed().child_of(index).select_related("group")
    if group_id is not None:
        group = get_object_or_404(GroupPage.objects.live(), pk=group_id)
        news = news.of_group(group)
    page_obj = Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "publications/news_index_page.html",
        {
            "page": index,
            "self": index,
            "group": group,
            "page_obj": page_obj,
            "atom_url": index.feed_url("atom", group),
            "rss_url": index.feed_url("rss", group),
        },
    )


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _openable(publication, user):
    """Drafts are for their editors; live publications for whoever their visibility allows."""
    if not publication.live:
        return can_manage_publication_files(user, publication)
    return publication.may_be_read_by(user)


@require_GET
def file_download(request, file_id):
    """Stream a publication's file to whoever may read it; to anyone else it does not exist."""
    publication_file = get_object_or_404(
        PublicationFile.objects.select_related("page", "file"), pk=file_id
    )
    publication = publication_file.page
    if not _openable(publication, request.user):
        raise Http404("No such file.")
    record_download(publication_file, request.user)
    response = FileResponse(
        publication_file.file.file.open("rb"),
        as_attachment=True,
        filename=publication_file.file.original_filename,
    )
    return response if publication.is_public and publication.live else _private(response)


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
    path("files/<int:file_id>/download/", file_download, name="file_download"),
    path("manage/<int:page_id>/files/", manage_files, name="manage_files"),
]
