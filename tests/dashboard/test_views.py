"""The dashboard's doors: who sees the dashboard, who sees governance health, and the public
summary; the figures each page shows; and query counts that do not grow with the network."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance.models import Attendance, GroupPage, Membership
from publications.dashboard import demo
from publications.dashboard.models import DashboardSettings
from publications.dashboard.services.quorum import check_unchecked_meetings
from tests.governance.factories import ActionFactory, GroupPageFactory, MembershipFactory
from tests.portal.factories import TrustFactory, UserFactory

from .factories import QsiProgressFactory, attend, held_meeting

MEMBER_PAGES = ["overview", "maturity", "qsi", "qsin", "plan", "our_year"]
BOARD_PAGES = ["meetings", "trusts", "actions", "packs", "events"]


def get(client, person, name, **params):
    """GET a dashboard page as `person` (None: signed out)."""
    client.logout()
    if person is not None:
        client.force_login(person)
    return client.get(reverse(f"dashboard:{name}"), params)


@pytest.fixture
def people(world):
    """The world's people, plus a SIG-only member and an applicant awaiting approval."""
    sig_member = UserFactory()
    MembershipFactory(group=world.subgroup, person=sig_member, role=Membership.Role.MEMBER)
    return {
        **world.people(),
        "sig_member": sig_member,
        "applicant": UserFactory(applicant=True),
    }


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_network_members_see_the_dashboard_others_do_not(client, people, name):
    assert get(client, None, name).status_code == 302  # asked to sign in
    assert get(client, people["applicant"], name).status_code == 404
    for who in ("non_member", "sig_member", "member", "lay_member", "chair", "admin"):
        assert get(client, people[who], name).status_code == 200, who


@pytest.mark.parametrize("name", BOARD_PAGES)
def test_board_members_and_the_office_see_governance_health(client, people, name):
    assert get(client, None, name).status_code == 302
    for who in ("applicant", "non_member", "sig_member"):
        assert get(client, people[who], name).status_code == 404, who
    for who in ("member", "lay_member", "chair", "admin"):
        assert get(client, people[who], name).status_code == 200, who


def test_the_overview_shows_governance_health_only_to_boards(client, people, year):
    assert "Governance health" not in get(client, people["sig_member"], "overview").text
    page = get(client, people["chair"], "overview").text
    assert "Governance health" in page
    assert "3, of which 1 of 3 checked were quorate" in page


def test_the_public_summary_is_shown_only_when_the_office_enables_it(client, demo_site):
    demo.load(io.StringIO())
    url = reverse("dashboard:public_summary")
    assert client.get(url).status_code == 404
    settings = DashboardSettings.load()
    settings.public_summary_enabled = True
    settings.public_summary_introduction = "Where the network has got to."
    settings.save()
    page = client.get(url)
    assert page.status_code == 200
    assert "Developing – 9.59" in page.text
    assert "from 18% to 30% complete" in page.text
    assert "Where the network has got to." in page.text
    assert "Operational Board" not in page.text  # nothing about meetings or groups


def test_meetings_page_lists_the_rows_behind_the_figures(client, people, year, world):
    page = get(client, people["chair"], "meetings").text
    assert "Board, last month" in page and "MRI SIG meeting" in page
    assert "Board, long ago" not in page
    assert "Quorate" in page and "Not quorate" in page
    only_sig = get(client, people["chair"], "meetings", group=world.subgroup.pk).text
    assert "MRI SIG meeting" in only_sig and "Board, last month" not in only_sig


def test_a_group_that_is_not_there_is_not_found(client, people):
    assert get(client, people["chair"], "meetings", group="abc").status_code == 404
    assert get(client, people["chair"], "meetings", group="999999").status_code == 404


def test_a_bad_period_is_explained_beside_the_field(client, people, year):
    start = timezone.localdate()
    page = get(client, people["chair"], "meetings", start=start, end=start - dt.timedelta(1))
    assert page.status_code == 200
    assert "The end of the period must be on or after its start." in page.text


def test_actions_page_filters_by_status(client, people, year, world):
    today = timezone.localdate()
    ActionFactory(meeting=year.quorate, description="Overdue thing", due=today - dt.timedelta(3))
    ActionFactory(meeting=year.quorate, description="Future thing", due=today + dt.timedelta(3))
    overdue = get(client, people["admin"], "actions", status="overdue").text
    assert "Overdue thing" in overdue and "Future thing" not in overdue


def test_trust_page_shows_attendance_by_trust(client, people, year, world):
    page = get(client, people["admin"], "trusts").text
    assert world.trusts[0].name in page
    assert "100% (2 of 2)" in page


@pytest.fixture
def demo_figures(demo_site):
    demo.load(io.StringIO())


def test_maturity_page_shows_the_reports_figures(client, demo_figures):
    page = get(client, UserFactory(), "maturity").text
    for figure in ("Developing – 9.59", "Maturing – 3.75", "Emerging – 2.0", "Emerging – 5"):
        assert figure in page
    assert "<svg" in page and "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_pdf_data_pack_contains_the_right_figures(client, demo_figures):
    response = get(client, UserFactory(), "our_year_pdf", start="2023-04-01", end="2024-03-31")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "1 April 2023 to 31 March 2024" in text
    assert "Developing – 9.59" in text
    assert "Emerging – 5" in text
    assert "from 18% to 30% complete" in text
    assert "Year 3 (2023/24)" in text
    assert "Meetings held 0" in text


def test_the_pdf_counts_the_meetings_of_its_period(client, people, year):
    start = timezone.localdate() - dt.timedelta(days=100)
    response = get(client, people["member"], "our_year_pdf", start=start, end=timezone.localdate())
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Meetings held 3" in text


def test_the_csv_bundle_has_a_file_per_section(client, demo_figures):
    response = get(client, UserFactory(), "our_year_csv", start="2023-04-01", end="2024-03-31")
    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    names = {name.split("/", 1)[1] for name in bundle.namelist()}
    assert {
        "year-in-numbers.csv",
        "maturity-matrix.csv",
        "qsi-by-trust.csv",
        "qsin-gap-analysis.csv",
        "five-year-plan.csv",
    } <= names
    maturity = next(n for n in bundle.namelist() if n.endswith("maturity-matrix.csv"))
    rows = bundle.read(maturity).decode("utf-8-sig").splitlines()
    assert rows[-1].endswith("Developing,9.59")
    assert "Emerging,2.0" in rows[-2]


def test_a_bad_period_for_a_download_is_not_found(client, people):
    response = get(client, people["member"], "our_year_pdf", start="2024-01-01", end="2023-01-01")
    assert response.status_code == 404


# Query counts: the same however many groups, trusts and meetings there are.


def grow(world, count, prefix):
    """`count` more boards, each with a chair from a new trust and a held, attended meeting
    with an action; their quorum is checked (as the first view or the nightly task would)."""
    for n in range(count):
        group = GroupPageFactory(
            parent=world.index,
            title=f"{prefix} board {n}",
            slug=f"{prefix}-{n}",
            kind=GroupPage.Kind.BOARD,
        )
        person = UserFactory()
        trust = TrustFactory()
        MembershipFactory(group=group, person=person, trust=trust, role=Membership.Role.CHAIR)
        QsiProgressFactory(trust=trust, stage=n % 6)
        meeting = held_meeting(group, 20 + n, slug=f"{prefix}-meeting-{n}")
        attend(meeting, chair=(person, Attendance.Status.PRESENT))
        ActionFactory(meeting=meeting, owner=person)
    check_unchecked_meetings()


@pytest.mark.parametrize(
    "name",
    ["overview", "maturity", "qsi", "qsin", "plan", "our_year"]
    + ["meetings", "trusts", "actions", "packs", "events"],
)
def test_query_counts_do_not_grow_with_groups_and_trusts(
    client, world, name, django_assert_num_queries
):
    client.force_login(world.admin)
    url = reverse(f"dashboard:{name}")
    grow(world, 2, "first")
    client.get(url)  # settings and caches warmed
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(world, 6, "more")
    with django_assert_num_queries(len(small)):
        client.get(url)
