"""What the site search finds among publications and news, and reading a publication file's
text in the background so the search finds what the document says."""

from django.db.models import Prefetch, Q
from django.tasks import task
from django.utils import timezone
from wagtail.search import index

from portal.search import PageSource
from portal.task_priority import BULK
from portal.text_extraction import extract_text

from .models import NewsPage, PublicationFile, PublicationPage
from .roundup.models import RoundupPage
from .rules import can_read_publication


class PublicationSource(PageSource):
    """Publications, found by title, summary and the text of their files."""

    key = "publication"
    label = "Publication"
    model = PublicationPage
    date_field = "date_published"

    def pages(self, context):
        return PublicationPage.objects.live().visible_to(context.user)

    def narrow(self, queryset, filters):
        if filters.group_path:
            queryset = queryset.filter(
                Q(owning_group__path__startswith=filters.group_path)
                | Q(related_groups__path__startswith=filters.group_path)
            )
        return super().narrow(queryset, filters.without_group())

    def fetch(self, context, pks):
        return (
            PublicationPage.objects.filter(pk__in=pks)
            .select_related("owning_group")
            .prefetch_related(
                Prefetch("files", PublicationFile.objects.current(), to_attr="current_files")
            )
        )

    def allowed(self, context, publications):
        return [page for page in publications if can_read_publication(context.user, page)]

    def when(self, publication):
        return publication.date_published

    def describe(self, context, publication):
        owner = publication.owning_group.title if publication.owning_group_id else "The network"
        return f"{publication.get_publication_type_display()} · {owner}"

    def result(self, context, publication):
        result = super().result(context, publication)
        result.texts = [publication.summary] + [f.extracted_text for f in publication.current_files]
        return result

    documents_label = "publication files"

    def documents_missing_text(self):
        return PublicationFile.objects.filter(text_read_at=None).values_list("pk", flat=True)

    def read_document_text(self, pk):
        return fill_publication_file_text(pk)


class NewsSource(PageSource):
    key = "news"
    label = "News"
    model = NewsPage
    date_field = "date"

    def narrow(self, queryset, filters):
        if filters.group_path:
            queryset = queryset.filter(group__path__startswith=filters.group_path)
        return super().narrow(queryset, filters.without_group())

    def fetch(self, context, pks):
        return NewsPage.objects.filter(pk__in=pks).select_related("group")

    def when(self, news):
        return news.date

    def describe(self, context, news):
        return news.group.title if news.group_id else "Network news"

    def result(self, context, news):
        result = super().result(context, news)
        result.texts = [news.summary, *result.texts]
        return result


class RoundupIssueSource(PageSource):
    """Issues of the weekly round-up, once sent (before that an issue is not a public page)."""

    key = "roundup"
    label = "Round-up issue"
    model = RoundupPage
    date_field = "issue_date"
    group_path_field = None

    def pages(self, context):
        return RoundupPage.objects.live().archived()

    def when(self, issue):
        return issue.issue_date

    def describe(self, context, issue):
        return f"Issue {issue.number}"

    def result(self, context, issue):
        result = super().result(context, issue)
        result.texts = [issue.introduction]
        return result


def search_sources():
    return [PublicationSource(), NewsSource(), RoundupIssueSource()]


def fill_publication_file_text(publication_file_id):
    """Read a publication file's text and re-index its publication. Safe to run again."""
    found = PublicationFile.objects.select_related("file", "page").filter(pk=publication_file_id)
    publication_file = found.first()
    if publication_file is None:
        return None
    text = extract_text(
        publication_file.file.file,
        publication_file.file.original_filename,
        record=publication_file.page,
    )
    PublicationFile.objects.filter(pk=publication_file.pk).update(
        extracted_text=text, text_read_at=timezone.now()
    )
    index.insert_or_update_object(publication_file.page)
    return len(text)


@task(priority=BULK)
def extract_publication_file_text(publication_file_id):
    """Background: read an uploaded publication file's text for the site search."""
    return fill_publication_file_text(publication_file_id)
