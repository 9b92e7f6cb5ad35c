"""Risk register pages: who may open them, filters, exports, forms, heat map, query counts,
the weekly reminder, and escalated risks on the parent body's next meeting agenda."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from governance.risks import services
from governance.risks.models import Risk, RiskReviewReminder
from tests.portal.factories import UserFactory

from .factories import MeetingPageFactory
from .fixtures_risks import RiskFactory, risk_fields

pytestmark = pytest.mark.django_db


def register_url(group):
    return reverse("governance:risk_register", args=[group.pk])


@pytest.fixture
def sig_risk(risk_world):
    return services.open_risk(
        risk_world.sig,
        by=risk_world.sig_chair,
        **risk_fields(4, 4, owner=risk_world.sig_member, title="Radiographer vacancies"),
    )


# Access


def _people(rw):
    return {
        "anonymous": None,
        "non_member": rw.world.non_member,
        "member": rw.sig_member,
        "lay_member": rw.sig_lay,
        "ancestor_member": rw.world.member,
        "ancestor_lay_member": rw.world.lay_member,
        "grandparent_member": rw.exec_member,
        "other_chair": rw.world.other_chair,
        "admin": rw.world.admin,
        "network_office": UserFactory(network_office=True),
    }


EXPECTED = {
    # person: (ToR keeps Part B from lay members, ToR lets lay members see it)
    "anonymous": (302, 302),
    "non_member": (404, 404),
    "member": (200, 200),
    "lay_member": (404, 200),
    "ancestor_member": (200, 200),
    "ancestor_lay_member": (404, 200),
    "grandparent_member": (200, 200),
    "other_chair": (404, 404),
    "admin": (200, 200),
    "network_office": (200, 200),
}


@pytest.mark.parametrize("lay_allowed", [False, True], ids=["tor_off", "tor_on"])
def test_register_and_risk_access_matrix(client, risk_world, sig_risk, lay_allowed):
    sig = risk_world.sig
    sig.lay_members_see_confidential = lay_allowed
    sig.save()
    urls = [
        register_url(sig),
        reverse("governance:risk_heat_map", args=[sig.pk]),
        reverse("governance:risk_detail", args=[sig_risk.reference]),
    ]
    for name, person in _people(risk_world).items():
        client.logout()
        if person:
            client.force_login(person)
        expected = EXPECTED[name][lay_allowed]
        for url in urls:
            response = client.get(url)
            assert response.status_code == expected, (name, url)
            if expected == 200 and url == urls[0]:
                assert sig_risk.title in response.text
            if expected == 404:
                assert sig_risk.title not in response.text


def test_members_of_a_group_do_not_see_the_registers_above_it(client, risk_world):
    client.force_login(risk_world.sig_member)
    assert client.get(register_url(risk_world.board)).status_code == 404
    assert client.get(register_url(risk_world.executive)).status_code == 404


def test_the_owner_may_open_their_risk_without_being_a_member(client, risk_world):
    outsider = UserFactory()
    risk = RiskFactory(group=risk_world.sig, owner=outsider)
    client.force_login(outsider)
    assert client.get(reverse("governance:risk_detail", args=[risk.reference])).status_code == 200
    assert client.get(register_url(risk_world.sig)).status_code == 404


def test_network_view_shows_each_person_the_risks_they_may_see(client, risk_world):
    sig = RiskFactory(group=risk_world.sig, title="SIG risk")
    board = RiskFactory(group=risk_world.board, title="Board risk")
    executive = RiskFactory(group=risk_world.executive, title="Executive risk")
    digital = RiskFactory(group=risk_world.world.other_group, title="Digital risk")
    url = reverse("governance:risk_network")
    seen = {
        risk_world.exec_member: {sig, board, executive},
        risk_world.sig_member: {sig},
        risk_world.world.other_chair: {digital},
        risk_world.world.admin: {sig, board, executive, digital},
    }
    for person, visible in seen.items():
        client.force_login(person)
        text = client.get(url).text
        for risk in (sig, board, executive, digital):
            assert (risk.title in text) == (risk in visible), (person, risk.title)
    client.force_login(risk_world.world.non_member)
    assert client.get(url).status_code == 404


def test_escalated_risks_are_on_the_parent_register_marked_and_openable_by_its_members(
    client, risk_world, sig_risk
):
    services.change_score(
        sig_risk, consequence=4, likelihood=5, reason="Worse", by=risk_world.sig_chair
    )
    client.force_login(risk_world.world.member)
    text = client.get(register_url(risk_world.board)).text
    assert sig_risk.title in text
    assert "Escalated from MRI SIG" in text
    client.force_login(risk_world.exec_member)
    assert "Escalated from MRI SIG" in client.get(register_url(risk_world.executive)).text


# Filters and sorting


def test_register_filters_by_band_category_owner_status_and_overdue(client, risk_world):
    sig, owner = risk_world.sig, risk_world.sig_member
    low = RiskFactory(group=sig, title="Low one", current_consequence=1, current_likelihood=2)
    extreme = RiskFactory(
        group=sig,
        title="Extreme one",
        current_consequence=5,
        current_likelihood=4,
        category=Risk.Category.DIGITAL,
        owner=owner,
    )
    overdue = RiskFactory(
        group=sig, title="Overdue one", next_review_date=timezone.localdate() - dt.timedelta(1)
    )
    closed = RiskFactory(
        group=sig, title="Closed one", status=Risk.Status.CLOSED, closure_reason="Done"
    )
    client.force_login(risk_world.world.admin)

    def titles(**query):
        text = client.get(register_url(sig), query).text
        return {r.title for r in (low, extreme, overdue, closed) if r.title in text}

    assert titles() == {"Low one", "Extreme one", "Overdue one"}
    assert titles(band="extreme") == {"Extreme one"}
    assert titles(band="low") == {"Low one"}
    assert titles(category="digital") == {"Extreme one"}
    assert titles(owner=owner.pk) == {"Extreme one"}
    assert titles(overdue="on") == {"Overdue one"}
    assert titles(status="closed") == {"Closed one"}
    assert titles(status="all") == {"Low one", "Extreme one", "Overdue one", "Closed one"}
    assert titles(band="nonsense") == {"Low one", "Extreme one", "Overdue one"}

    text = client.get(register_url(sig), {"sort": "score_low"}).text
    assert text.index("Low one") < text.index("Extreme one")
    text = client.get(register_url(sig)).text
    assert text.index("Extreme one") < text.index("Low one")


# Exports


@pytest.fixture
def export_risks(risk_world):
    sig = risk_world.sig
    RiskFactory(
        group=sig,
        reference="WMIN-R-101",
        title='=HYPERLINK("http://evil.example")',
        current_consequence=5,
        current_likelihood=4,
    )
    RiskFactory(group=sig, reference="WMIN-R-102", title="Report turnaround times")
    return sig


def test_csv_export_holds_the_filtered_register(client, risk_world, export_risks):
    client.force_login(risk_world.world.admin)
    response = client.get(register_url(export_risks), {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *body = rows
    assert header == services.EXPORT_COLUMNS
    by_ref = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert set(by_ref) == {"WMIN-R-101", "WMIN-R-102"}
    assert by_ref["WMIN-R-101"]["Title"] == '\'=HYPERLINK("http://evil.example")'
    assert by_ref["WMIN-R-101"]["Current score"] == "20"
    assert by_ref["WMIN-R-101"]["Band"] == "Extreme"
    assert by_ref["WMIN-R-102"]["Owning group"] == "MRI SIG"
    assert by_ref["WMIN-R-102"]["Band"] == "High"

    response = client.get(register_url(export_risks), {"export": "csv", "band": "extreme"})
    body = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert [row[0] for row in body] == ["WMIN-R-101"]


def test_xlsx_export_holds_the_filtered_register(client, risk_world, export_risks):
    client.force_login(risk_world.world.admin)
    response = client.get(register_url(export_risks), {"export": "xlsx", "sort": "reference"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == services.EXPORT_COLUMNS
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Reference"] == "WMIN-R-101"
    assert first["Title"] == '=HYPERLINK("http://evil.example")'  # text, not a formula
    assert sheet["B2"].data_type == "s"
    assert first["Current score"] == 20
    assert rows[2][0] == "WMIN-R-102"


def test_exports_are_as_confidential_as_the_register(client, risk_world, export_risks):
    client.force_login(risk_world.world.non_member)
    assert client.get(register_url(export_risks), {"export": "csv"}).status_code == 404


# Query counts


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_register_page_query_count_does_not_grow_with_risks(client, risk_world):
    client.force_login(risk_world.world.member)
    url = register_url(risk_world.board)

    def add(n):
        for i in range(n):
            group = risk_world.sig if i % 2 else risk_world.board
            RiskFactory(group=group, current_consequence=5, current_likelihood=1 + i % 5)

    add(10)
    _queries(client, url)  # the first visit creates the site's settings rows
    ten = _queries(client, url)
    add(190)
    assert Risk.objects.count() == 200
    assert _queries(client, url) == ten
    assert ten <= 19
    network = reverse("governance:risk_network")
    assert _queries(client, network) <= 19


# Forms


def test_editing_a_score_without_a_reason_shows_the_error_beside_the_field(
    client, risk_world, sig_risk
):
    client.force_login(risk_world.sig_member)
    url = reverse("governance:risk_edit", args=[sig_risk.reference])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(current_consequence=5, current_likelihood=5, reason="")
    data["actions"], data["decisions"] = [], []
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Give a reason for changing the score."]
    assert 'value="5" selected' in response.text
    sig_risk.refresh_from_db()
    assert sig_risk.current_score == 16

    data["reason"] = "A second scanner failed"
    response = client.post(url, data)
    assert response.status_code == 302
    sig_risk.refresh_from_db()
    assert sig_risk.current_score == 25
    assert sig_risk.score_changes.first().reason == "A second scanner failed"


def test_closing_without_a_reason_is_refused(client, risk_world, sig_risk):
    client.force_login(risk_world.sig_chair)
    url = reverse("governance:risk_edit", args=[sig_risk.reference])
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    data.update(status="closed", closure_reason="", actions=[], decisions=[])
    response = client.post(url, data)
    assert response.context["form"].errors["closure_reason"] == [
        "Give a reason for closing the risk."
    ]


def test_the_chair_adds_a_risk_and_a_member_cannot(client, risk_world):
    url = reverse("governance:risk_create", args=[risk_world.sig.pk])
    client.force_login(risk_world.sig_member)
    assert client.get(url).status_code == 302
    client.force_login(risk_world.sig_chair)
    data = risk_fields(2, 3, owner=risk_world.sig_member.pk, appetite="cautious")
    response = client.post(url, data)
    risk = Risk.objects.get()
    assert response.url == reverse("governance:risk_detail", args=[risk.reference])
    assert (risk.reference, risk.current_score, risk.group_id) == (
        "WMIN-R-001",
        6,
        risk_world.sig.pk,
    )


def test_members_who_are_not_the_owner_cannot_edit(client, risk_world, sig_risk):
    client.force_login(risk_world.world.member)  # may see the SIG's register, not run the SIG
    response = client.get(reverse("governance:risk_edit", args=[sig_risk.reference]))
    assert response.url == reverse("governance:risk_detail", args=[sig_risk.reference])


def test_recording_a_review(client, risk_world, sig_risk):
    client.force_login(risk_world.sig_member)
    url = reverse("governance:risk_review", args=[sig_risk.reference])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(url, {"reviewed_on": tomorrow.isoformat()})
    assert response.context["form"].errors["reviewed_on"] == [
        "The review date cannot be in the future."
    ]
    response = client.post(url, {"reviewed_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    sig_risk.refresh_from_db()
    assert sig_risk.last_reviewed_on == timezone.localdate()


def test_detail_shows_history_trend_and_escalation(client, risk_world, sig_risk):
    services.change_score(
        sig_risk, consequence=4, likelihood=3, reason="Agency cover agreed", by=risk_world.sig_chair
    )
    client.force_login(risk_world.sig_member)
    text = client.get(reverse("governance:risk_detail", args=[sig_risk.reference])).text
    assert "Agency cover agreed" in text
    assert "Falling from 16" in text
    assert "De-escalated from the Operational Board" in text


# Heat map


def test_heat_map_counts_open_risks_per_cell(client, risk_world):
    for _ in range(3):
        RiskFactory(group=risk_world.sig, current_consequence=5, current_likelihood=4)
    RiskFactory(group=risk_world.sig, current_consequence=1, current_likelihood=1)
    RiskFactory(
        group=risk_world.sig,
        current_consequence=1,
        current_likelihood=1,
        status=Risk.Status.CLOSED,
        closure_reason="Gone",
    )
    heat = services.heat_map(Risk.objects.all(), services.risk_settings())
    cells = {(c["consequence"], c["likelihood"]): c for row in heat["grid"] for c in row["cells"]}
    assert cells[(5, 4)]["count"] == 3
    assert cells[(1, 1)]["count"] == 1
    assert heat["total"] == 4
    assert heat["by_band"] == {"low": 1, "moderate": 0, "high": 0, "extreme": 3}
    client.force_login(risk_world.sig_member)
    response = client.get(reverse("governance:risk_heat_map", args=[risk_world.sig.pk]))
    assert "4 open risks by likelihood" in response.text


# The weekly reminder


def test_weekly_overdue_review_reminder_is_sent_once_a_week(risk_world, smtp_inbox):
    late = timezone.localdate() - dt.timedelta(days=3)
    owner = risk_world.sig_member
    RiskFactory(group=risk_world.sig, owner=owner, title="Late A", next_review_date=late)
    RiskFactory(group=risk_world.sig, owner=owner, title="Late B", next_review_date=late)
    RiskFactory(group=risk_world.sig, owner=owner, title="On time")
    RiskFactory(
        group=risk_world.sig,
        owner=risk_world.sig_chair,
        title="Closed late",
        next_review_date=late,
        status=Risk.Status.CLOSED,
        closure_reason="Done",
    )
    assert services.send_overdue_review_reminders() == 1
    assert services.send_overdue_review_reminders() == 0
    (message,) = smtp_inbox.messages
    assert message["To"] == owner.email
    assert message["Subject"] == "2 risks you own are overdue for review"
    text = smtp_inbox.text(message)
    assert "Late A" in text and "Late B" in text and "On time" not in text
    assert any("/review/" in link for link in smtp_inbox.links(message))
    assert RiskReviewReminder.objects.count() == 1

    next_week = timezone.localdate() + dt.timedelta(days=7)
    assert services.send_overdue_review_reminders(today=next_week) == 1
    assert len(smtp_inbox.messages) == 2


# Escalated risks on the parent body's next meeting agenda


def _render_agenda_part(meeting, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load risk_tags %}{% escalated_risks meeting %}")
    return template.render(Context({"request": request, "meeting": meeting}))


def test_escalated_risks_appear_on_the_parent_bodys_next_meeting(risk_world, sig_risk):
    services.change_score(
        sig_risk, consequence=4, likelihood=5, reason="Worse", by=risk_world.sig_chair
    )
    meeting = risk_world.world.meeting  # the Operational Board's next meeting
    html = _render_agenda_part(meeting, risk_world.world.member)
    assert "Escalated risks" in html and sig_risk.title in html

    assert _render_agenda_part(meeting, risk_world.world.non_member).strip() == ""
    later = MeetingPageFactory(
        parent=risk_world.board, start=timezone.now() + dt.timedelta(days=60)
    )
    assert _render_agenda_part(later, risk_world.world.member).strip() == ""

    services.change_score(
        sig_risk, consequence=2, likelihood=5, reason="Better", by=risk_world.sig_chair
    )
    html = _render_agenda_part(meeting, risk_world.world.member)
    assert "No risks are escalated" in html and sig_risk.title not in html


def test_register_link_is_shown_only_to_those_who_may_open_it(risk_world):
    request = RequestFactory().get("/")
    template = Template("{% load risk_tags %}{% risk_register_link group %}")
    for person, shown in ((risk_world.sig_member, True), (risk_world.world.non_member, False)):
        request.user = person
        html = template.render(Context({"request": request, "group": risk_world.sig}))
        assert (register_url(risk_world.sig) in html) == shown
