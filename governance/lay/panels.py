"""What lay review adds to the portal's navigation and to My network: papers to review (for
patient volunteers only), the glossary, and a panel of papers with their review-by dates."""

from django.urls import reverse
from wagtail import hooks

from portal.my_network import Panel
from portal.navigation import ACCOUNT, SITEMAP, NavLink

from .queries import papers_to_review
from .rules import is_volunteer


@hooks.register("site_navigation")
def lay_links():
    return [
        NavLink(
            "Papers to review",
            url_name="governance:papers_to_review",
            section=ACCOUNT,
            order=50,
            applies=is_volunteer,
        ),
        NavLink(
            "Glossary",
            url_name="governance:glossary",
            section=SITEMAP,
            order=32,
            description="plain-English meanings of the words used in papers",
        ),
    ]


@hooks.register("my_network_panels")
def papers_to_review_panel(request):
    """For volunteers: upcoming meetings' papers to review, with review-by dates."""
    if not is_volunteer(request.user):
        return None
    return Panel(
        title="Papers to review",
        template="governance/lay/panels/papers_to_review.html",
        context={"meetings": papers_to_review(request.user)},
        order=15,
        more_url=reverse("governance:papers_to_review"),
        more_label="All papers to review",
    )
