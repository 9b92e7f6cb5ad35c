"""What governance adds to the portal's navigation and to My network: how the network is
governed, the decision register, the person's groups and actions, and two panels: their
next meetings (with the papers they may open) and the actions they own, with RAG status."""

from django.db.models import Q
from django.urls import reverse
from wagtail import hooks

from portal.my_network import Panel
from portal.navigation import ACCOUNT, SITEMAP, NavLink
from portal.tree import parent_path

from .models import Action, MeetingPage, Membership, Paper
from .rules import can_view_paper

SHOWN = 5


@hooks.register("site_navigation")
def governance_links():
    return [
        NavLink(
            "How we are governed",
            page_type="governance.GovernanceIndexPage",
            order=30,
            description="the boards and groups, their meetings, papers and minutes",
        ),
        NavLink(
            "Decision register",
            url_name="governance:decision_register",
            section=SITEMAP,
            order=31,
            description="every decision the boards and groups have made",
        ),
        NavLink("My groups", url_name="governance:my_groups", section=ACCOUNT, order=10),
        NavLink("My actions", url_name="governance:my_actions", section=ACCOUNT, order=40),
    ]


def _my_groups(user):
    memberships = list(Membership.objects.current().filter(person=user).select_related("group"))
    groups = {m.group_id: m.group for m in memberships}
    for membership in memberships:
        cache = groups[membership.group_id].__dict__.setdefault("_membership_cache", {})
        cache.setdefault(user.pk, membership)
    return list(groups.values())


@hooks.register("my_network_panels")
def meetings_panel(request):
    """The next meetings of the person's groups, each with how many papers they may open:
    four queries however many groups, meetings and papers."""
    user = request.user
    groups = _my_groups(user)
    meetings = []
    if groups:
        under = Q()
        for group in groups:
            under |= MeetingPage.objects.child_of_q(group)
        meetings = list(
            MeetingPage.objects.live()
            .upcoming()
            .filter(under)
            .exclude(status=MeetingPage.Status.CANCELLED)
            .order_by("start")[:SHOWN]
        )
    by_path = {group.path: group for group in groups}
    by_id = {}
    for meeting in meetings:
        meeting.__dict__["group"] = by_path[parent_path(meeting)]
        meeting.papers_ready = 0
        by_id[meeting.pk] = meeting
    if meetings:
        papers = (
            Paper.objects.current()
            .filter(agenda_item__meeting__in=meetings)
            .select_related("agenda_item")
            .prefetch_related("named_people")
        )
        for paper in papers:
            meeting = by_id[paper.agenda_item.meeting_id]
            paper.agenda_item.meeting = meeting
            if can_view_paper(user, paper):
                meeting.papers_ready += 1
    return Panel(
        title="Your next meetings",
        template="governance/panels/meetings.html",
        context={"meetings": meetings, "has_groups": bool(groups)},
        order=10,
        more_url=reverse("governance:my_groups"),
        more_label="Your groups",
    )


@hooks.register("my_network_panels")
def actions_panel(request):
    """Open actions the person owns, soonest due first, with their RAG status (one query)."""
    actions = list(
        Action.objects.filter(owner=request.user)
        .open()
        .select_related("meeting")
        .order_by("due", "pk")[:SHOWN]
    )
    return Panel(
        title="Actions you own",
        template="governance/panels/actions.html",
        context={"actions": actions},
        order=20,
        more_url=reverse("governance:my_actions"),
        more_label="All your actions",
    )
