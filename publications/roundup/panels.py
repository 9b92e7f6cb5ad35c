"""What the round-up adds to the portal's navigation: its archive, subscribing, and (for those
who send it) the sending dashboard."""

from wagtail import hooks

from portal.navigation import ACCOUNT, SITEMAP, NavLink


@hooks.register("site_navigation")
def roundup_links():
    return [
        NavLink(
            "Round-up",
            page_type="roundup.RoundupIndexPage",
            order=60,
            description="the weekly email of the network's news, and its archive",
        ),
        NavLink(
            "Subscribe to the round-up",
            url_name="roundup:subscribe",
            section=SITEMAP,
            order=61,
            description="get the round-up by email each week",
        ),
        NavLink(
            "Round-up sending",
            url_name="roundup_admin:index",
            section=ACCOUNT,
            order=80,
            applies="roundup.manage_roundup",
        ),
    ]
