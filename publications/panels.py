"""What publications add to the portal's navigation and to My network: publications, news,
and a panel of the latest news of the person's groups."""

from wagtail import hooks

from governance.models import Membership
from portal.my_network import Panel
from portal.navigation import NavLink, page_urls

from .models import NewsPage

SHOWN = 5


@hooks.register("site_navigation")
def publications_links():
    return [
        NavLink(
            "Publications",
            page_type="publications.PublicationIndexPage",
            order=40,
            description="strategies, plans, reports and policies",
        ),
        NavLink(
            "News",
            page_type="publications.NewsIndexPage",
            order=50,
            description="news of the network and its groups",
        ),
    ]


@hooks.register("my_network_panels")
def group_news_panel(request):
    """The latest news of the groups the person belongs to (one query)."""
    groups = Membership.objects.current().filter(person=request.user).values("group_id")
    news = list(
        NewsPage.objects.live()
        .public()
        .filter(group__in=groups)
        .select_related("group")
        .order_by("-date", "-pk")[:SHOWN]
    )
    news_url = page_urls().get("publications.NewsIndexPage", "")
    return Panel(
        title="Your groups' news",
        template="publications/panels/group_news.html",
        context={"news": news, "news_url": news_url},
        order=50,
        more_url=news_url,
        more_label="All the network's news",
    )
