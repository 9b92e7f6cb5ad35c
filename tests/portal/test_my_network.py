"""My network (/my/): where a person lands after signing in, what each panel shows, what it
says when there is nothing, and a query count that does not grow with the rows; and the
header's links for each role."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from events.models import Booking
from governance.models import Membership
from portal.navigation import PAGE_URLS_CACHE_KEY
from tests.events.factories import BookingFactory, EventIndexPageFactory, EventPageFactory
from tests.governance.factories import ActionFactory, MeetingPageFactory, MembershipFactory
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_navigation_cache():
    cache.delete(PAGE_URLS_CACHE_KEY)
    yield
    cache.delete(PAGE_URLS_CACHE_KEY)


def text(response):
    html = response.content.decode()
    main = html.split('id="maincontent"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def header_links(response):
    html = response.content.decode()
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", label)).strip()
        for label in re.findall(
            r'class="nhsuk-header__(?:navigation|account)-link"[^>]*>(.*?)</a>', header, re.S
        )
    ]


def test_signing_in_lands_on_my_network(client, world):
    response = client.post(
        reverse("account_login"), {"login": world.member.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("my_network")


def test_signing_in_still_returns_to_the_page_asked_for(client, world):
    response = client.post(
        reverse("account_login") + "?next=/governance/my-actions/",
        {"login": world.member.email, "password": PASSWORD, "next": "/governance/my-actions/"},
    )
    assert response["Location"] == "/governance/my-actions/"


def test_my_network_asks_a_signed_out_person_to_sign_in(client, world):
    response = client.get(reverse("my_network"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=/my/")


def test_each_empty_panel_says_what_to_do_next(client, world):
    EventIndexPageFactory(parent=world.home)
    client.force_login(world.non_member)
    page = text(client.get(reverse("my_network")))
    assert "You are not in any group yet. Find a special interest group and ask to join it." in page
    assert "You own no open actions." in page
    assert "You have no bookings. Browse events to book a place." in page
    assert "There is no news from your groups yet." in page
    assert "You have logged no CPD in" in page
    assert "Add an activity" in page
    # Only volunteers are shown papers to review; only SIG members protocols.
    assert "Papers to review" not in page
    assert "Protocols awaiting you" not in page


def test_panels_show_meetings_with_papers_ready_actions_and_bookings(client, world, agenda):
    events = EventIndexPageFactory(parent=world.home)
    event = EventPageFactory(parent=events, title="MRI safety study day")
    waiting = EventPageFactory(parent=events, title="Cardiac CT masterclass", capacity=1)
    BookingFactory(event=event, person=world.member)
    BookingFactory(event=waiting, person=UserFactory())
    BookingFactory(event=waiting, person=world.member, status=Booking.Status.WAITING)
    overdue = timezone.localdate() - dt.timedelta(days=3)
    ActionFactory(
        meeting=world.meeting, owner=world.member, description="Circulate the audit", due=overdue
    )
    client.force_login(world.member)
    page = text(client.get(reverse("my_network")))
    # The board member may open the public, network, group and confidential papers, not the
    # one for named people.
    assert "Operational Board, May" in page
    assert "4 papers ready" in page
    assert "Circulate the audit" in page
    assert "Overdue" in page
    assert "MRI safety study day" in page
    assert "Booked" in page
    assert "Cardiac CT masterclass" in page
    assert "Waiting list, number 1" in page


def _grow(world, member, count):
    """Give `member` `count` more meetings, actions and bookings (all within what is shown)."""
    events = world.home.get_children().type(EventIndexPageFactory._meta.model).first()
    for n in range(count):
        meeting = MeetingPageFactory(
            parent=world.board, start=timezone.now() + dt.timedelta(days=20 + n)
        )
        ActionFactory(meeting=meeting, owner=member)
        BookingFactory(event=EventPageFactory(parent=events.specific), person=member)


def test_my_network_query_count_does_not_grow_with_the_rows(
    client, world, django_assert_num_queries
):
    EventIndexPageFactory(parent=world.home)
    member = world.member
    client.force_login(member)
    _grow(world, member, 1)
    client.get(reverse("my_network"))  # fills the navigation's page cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("my_network")).status_code == 200
    _grow(world, member, 3)
    with django_assert_num_queries(len(small)):
        response = client.get(reverse("my_network"))
    assert text(response).count("Booked") == 4


# The header, by role ---------------------------------------------------------------------

PUBLIC_AREAS = [
    "Events",
    "SIGs and protocols",
    "How we are governed",
    "Publications",
    "News",
    "Round-up",
    "Check a certificate",
]


@pytest.fixture
def areas(world):
    """The public areas' index pages, as the demo has them."""
    from tests.publications.factories import (
        NewsIndexPageFactory,
        PublicationIndexPageFactory,
    )

    EventIndexPageFactory(parent=world.home)
    PublicationIndexPageFactory(parent=world.home)
    NewsIndexPageFactory(parent=world.home)
    from publications.roundup.models import RoundupIndexPage

    world.home.add_child(instance=RoundupIndexPage(title="Round-up", slug="round-up"))
    return world


def test_anyone_sees_every_public_area_and_no_personal_links(client, areas):
    links = header_links(client.get("/"))
    for area in PUBLIC_AREAS:
        assert area in links
    assert "Sign in" in links
    for personal in ("My network", "My bookings", "Admin", "Round-up sending"):
        assert personal not in links


def test_a_member_sees_their_own_areas_but_not_volunteers_comms_or_admin(client, areas):
    client.force_login(areas.member)
    links = header_links(client.get("/"))
    for link in PUBLIC_AREAS + ["My network", "My bookings", "My CPD", "My actions"]:
        assert link in links
    for other in ("Papers to review", "Round-up sending", "Admin"):
        assert other not in links


def test_a_volunteer_sees_papers_to_review(client, areas):

    volunteer = areas.lay_member
    client.force_login(volunteer)
    response = client.get(reverse("cookies"))  # a page outside the volunteer-policy gate
    assert "Papers to review" in header_links(response)


def test_comms_see_round_up_sending_and_admin(client, areas):
    comms = UserFactory(office_team="comms")
    from django.contrib.auth.models import Group

    comms.groups.add(Group.objects.get(name="Editors"))
    client.force_login(comms)
    links = header_links(client.get("/"))
    assert "Round-up sending" in links
    assert "Admin" in links
    assert "Papers to review" not in links


def test_the_header_costs_the_same_queries_on_every_page_load(
    client, areas, django_assert_max_num_queries
):
    client.force_login(areas.member)
    client.get("/")
    with django_assert_max_num_queries(20):
        client.get("/")


def test_a_member_in_a_sig_with_a_trust_lead_role_sees_protocols(client, world):
    """The protocols panel shows for SIG members (trust leads see adoption too)."""
    from tests.sigs.factories import SigPageFactory

    sig = SigPageFactory(parent=world.index)
    MembershipFactory(group=sig, person=world.member, role=Membership.Role.MEMBER)
    client.force_login(world.member)
    page = text(client.get(reverse("my_network")))
    assert "Protocols awaiting you" in page
    assert "No protocol is in review in your SIGs." in page
