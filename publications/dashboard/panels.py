"""What the dashboard adds to the portal's navigation: the network's dashboard, for those who
may see it."""

from wagtail import hooks

from portal.navigation import ACCOUNT, NavLink


@hooks.register("site_navigation")
def dashboard_links():
    return [
        NavLink(
            "Dashboard",
            url_name="dashboard:overview",
            section=ACCOUNT,
            order=60,
            applies="dashboard.view_dashboard",
        ),
    ]
