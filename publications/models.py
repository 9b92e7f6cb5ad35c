"""Publications (strategies, policies, plans…) with their files, and network and group news."""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from governance.rules import may_view
from governance.visibility import Visibility, asks_to_sign_in
from portal.blocks import BodyStreamBlock
from portal.downloads import private
from portal.routing import RoutedPage

from .rules import can_read_publication


def _local_date(value):
    """A date for date-based windows: aware datetimes count on their Europe/London date."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


class DatedPageQuerySet(PageQuerySet):
    DATE_FIELD = None

    def published_between(self, start, end):
        """Live pages dated on or after `start` and before `end` (dates or aware datetimes).

        The window is half-open, so back-to-back windows (one week's round-up, then the next)
        neither miss nor repeat anything.
        """
        return self.live().filter(
            **{
                f"{self.DATE_FIELD}__gte": _local_date(start),
                f"{self.DATE_FIELD}__lt": _local_date(end),
            }
        )


# Publications --------------------------------------------------------------------------------


class PublicationIndexPage(RoutedPage, Page):
    """The network's publications, filtered by type, group and year."""

    introduction = models.TextField(max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["publications.PublicationPage"]
    max_count = 1

    class Meta:
        verbose_name = "publications index page"

    def get_context(self, request, *args, **kwargs):
        from .pages import publication_index_context  # pages.py imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(publication_index_context(self, request))
        return context


class PublicationPageQuerySet(DatedPageQuerySet):
    DATE_FIELD = "date_published"

    def visible_to(self, user):
        """The publications this person may open: all of them for network members."""
        if may_view(user, None, Visibility.NETWORK):
            return self
        return self.filter(visibility=Visibility.PUBLIC)

    def of_type(self, publication_type):
        return self.filter(publication_type=publication_type)

    def of_group(self, group):
        """Owned by the group, or naming it among the related groups."""
        return self.filter(models.Q(owning_group=group) | models.Q(related_groups=group)).distinct()

    def in_year(self, year):
        return self.filter(date_published__year=year)


class PublicationPage(RoutedPage, Page):
    """A strategy, policy, plan or report; its files are kept, with earlier versions."""

    class Type(models.TextChoices):
        STRATEGY = "strategy", "Strategy"
        POLICY = "policy", "Policy"
        PLAN = "plan", "Plan"
        REPORT = "report", "Report"
        GUIDANCE = "guidance", "Guidance"
        TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"

    VISIBILITIES = [
        (Visibility.PUBLIC.value, "Public: anyone can read it"),
        (Visibility.NETWORK.value, "Network members only"),
    ]

    publication_type = models.CharField("type", max_length=20, choices=Type.choices)
    date_published = models.DateField(default=timezone.localdate)
    summary = models.TextField(max_length=1000, help_text="What it is for, in plain English.")
    owning_group = models.ForeignKey(
        "governance.GroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The board or group that owns it. Leave empty for the network as a whole.",
    )
    related_groups = ParentalManyToManyField(
        "governance.GroupPage", blank=True, related_name="related_publications"
    )
    review_date = models.DateField(null=True, blank=True)
    visibility = models.CharField(max_length=20, choices=VISIBILITIES, default=Visibility.PUBLIC)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("publication_type"), FieldPanel("date_published")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("owning_group"),
                FieldPanel("related_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Groups",
        ),
        FieldRowPanel([FieldPanel("review_date"), FieldPanel("visibility")]),
        HelpPanel(template="publications/admin/files_help_panel.html", heading="Files"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.RelatedFields("files", [index.SearchField("extracted_text")]),
        index.FilterField("publication_type"),
        index.FilterField("visibility"),
        index.FilterField("date_published"),
    ]
    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(PublicationPageQuerySet)()

    class Meta:
        verbose_name = "publication"

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    @property
    def review_overdue(self):
        return bool(self.review_date and self.review_date < timezone.localdate())

    def serve(self, request, *args, **kwargs):
        if not can_read_publication(request.user, self):
            if asks_to_sign_in(request.user, self.visibility):
                return redirect_to_login(request.get_full_path())
            raise Http404("No such publication.")
        response = super().serve(request, *args, **kwargs)
        return response if self.is_public else private(response)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public else []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        files = list(self.files.select_related("file").order_by("-uploaded_at", "-pk"))
        context["current_files"] = [f for f in files if f.is_current]
        context["earlier_files"] = [f for f in files if not f.is_current]
        context["related_groups"] = self.related_groups.live().order_by("title")
        context["can_manage_files"] = self.pk and self.permissions_for_user(request.user).can_edit()
        return context


class PublicationFileQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class PublicationFile(models.Model):
    """A file of a publication. A new version is a new row; the old one stays, not current.

    Kept outside the page's revisions on purpose: publishing an older draft of the page must
    never take a file away.
    """

    page = models.ForeignKey(PublicationPage, on_delete=models.CASCADE, related_name="files")
    file = models.ForeignKey("filer.File", on_delete=models.PROTECT, related_name="+")
    version_label = models.CharField(
        max_length=60, help_text="How readers tell versions apart, for example “Version 2.1”."
    )
    is_current = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Filled in the background from the file, for search.
    extracted_text = models.TextField(blank=True, editable=False)
    # When the file was last read for its text, whatever came of it (see Paper.text_read_at).
    text_read_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PublicationFileQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.page.title}: {self.version_label}"

    @property
    def kind(self):
        return self.file.original_filename.rsplit(".", 1)[-1].lower()


# News ----------------------------------------------------------------------------------------


class NewsPageQuerySet(DatedPageQuerySet):
    DATE_FIELD = "date"

    def listed(self):
        """What news listings and feeds show: live, open to everyone, newest first."""
        return self.live().public().order_by("-date", "-first_published_at", "-pk")

    def network_wide(self):
        return self.filter(group__isnull=True)

    def of_group(self, group):
        return self.filter(group=group)


class NewsIndexPage(RoutablePageMixin, RoutedPage, Page):
    """All the network's news, with an index and feeds for each group's news."""

    introduction = models.TextField(max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["publications.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "news index page"

    @path("")
    def all_news(self, request):
        from .pages import news_index  # pages.py imports the models

        return news_index(request, self)

    @path("groups/<id:group_id>/")
    def group_news(self, request, group_id):
        from .pages import news_index  # pages.py imports the models

        return news_index(request, self, group_id=group_id)

    @path("feed/<str:kind>/")
    def feed(self, request, kind):
        from .feeds import news_feed

        return news_feed(request, self, kind)

    @path("groups/<id:group_id>/feed/<str:kind>/")
    def group_feed(self, request, group_id, kind):
        from .feeds import news_feed

        return news_feed(request, self, kind, group_id=group_id)

    def group_news_url(self, group):
        return self.url + self.reverse_subpage("group_news", args=[group.pk])

    def feed_url(self, kind, group=None):
        if group is None:
            return self.url + self.reverse_subpage("feed", args=[kind])
        return self.url + self.reverse_subpage("group_feed", args=[group.pk, kind])


class NewsPage(RoutedPage, Page):
    """A news item for the whole network, or for one group (it then shows on the group's page)."""

    date = models.DateField("news date", default=timezone.localdate)
    summary = models.TextField(
        max_length=300, help_text="One or two sentences, shown in lists, feeds and the round-up."
    )
    group = models.ForeignKey(
        "governance.GroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The group this is news of. Leave empty for news of the whole network.",
    )
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("group")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["publications.NewsIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    class Meta:
        verbose_name = "news item"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index = self.get_parent().specific
        context["news_index"] = index
        context["group_news_url"] = index.group_news_url(self.group) if self.group_id else ""
        return context
