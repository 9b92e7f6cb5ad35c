"""What CPD adds to the portal's navigation and to My network: the CPD log, checking a
certificate, and the person's CPD hours this year."""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from portal.my_network import Panel
from portal.navigation import ACCOUNT, NavLink

from .models import CpdEntry


@hooks.register("site_navigation")
def cpd_links():
    return [
        NavLink(
            "Check a certificate",
            url_name="cpd:verify_start",
            order=70,
            description="check that a CPD certificate from a network event is genuine",
        ),
        NavLink("My CPD", url_name="cpd:log", section=ACCOUNT, order=30),
    ]


@hooks.register("my_network_panels")
def cpd_panel(request):
    """CPD hours logged this calendar year (one query)."""
    year = timezone.localdate().year
    totals = (
        CpdEntry.objects.of(request.user)
        .filter(start_date__year=year)
        .aggregate(hours=Sum("hours"), activities=Count("pk"))
    )
    return Panel(
        title="Your CPD",
        template="events/cpd/panels/cpd.html",
        context={"year": year, "hours": totals["hours"] or 0, "activities": totals["activities"]},
        order=60,
        more_url=reverse("cpd:log"),
        more_label="Your CPD log",
    )
