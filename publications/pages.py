"""Context builders that the publication and news index pages call: the publications a person
may open, and the news listing of all groups or one. Models import this module; views may too;
it imports no views."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from governance.models import GroupPage

from .forms import PublicationFilterForm
from .models import NewsPage, PublicationPage

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
