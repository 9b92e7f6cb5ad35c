"""The network decision register: who sees which decisions, filters, permalinks and CSV."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import Minutes
from governance.services.records import approve_minutes, circulate_minutes
from tests.portal.html import error_summary, field_error, field_value, soup, text

from .factories import AgendaItemFactory, DecisionFactory, MeetingPageFactory
from .fixtures_registers import csv_rows, decisions_at_each_visibility, sign_in

pytestmark = pytest.mark.django_db

REGISTER = "/governance/decisions/"
EXPORT = "/governance/decisions/export.csv"

# Which decisions each person sees, by the visibility of the decision's item.
SEES = {
    "anonymous": {"public"},
    "non_member": {"public", "network"},
    "other_chair": {"public", "network"},
    "lay_member": {"public", "network", "group", "none"},
    "member": {"public", "network", "group", "confidential", "none"},
    "secretary": {"public", "network", "group", "confidential", "none"},
    "chair": {"public", "network", "group", "confidential", "none"},
    "admin": {"public", "network", "group", "confidential", "none"},
}


def shown_references(response):
    return {link.get_text() for link in soup(response).select("table a[href*='/decisions/']")}


@pytest.mark.parametrize("who", SEES)
def test_register_and_csv_show_only_decisions_on_items_the_viewer_may_open(client, world, who):
    decisions = decisions_at_each_visibility(world.meeting)
    sign_in(client, world.people()[who])

    page = client.get(REGISTER)
    rows = csv_rows(client.get(EXPORT))

    expected = {decisions[key].reference for key in SEES[who]}
    assert shown_references(page) == expected
    assert {row["Reference"] for row in rows} == expected
    hidden = set(decisions) - SEES[who]
    for key in hidden:
        assert decisions[key].text not in page.content.decode()
        assert all(decisions[key].text not in row["Decision"] for row in rows)


def test_confidential_decision_is_not_shown_to_a_lay_member_unless_the_tor_allows(client, world):
    decisions = decisions_at_each_visibility(world.meeting)
    sign_in(client, world.lay_member)
    assert decisions["confidential"].reference not in shown_references(client.get(REGISTER))

    world.board.lay_members_see_confidential = True
    world.board.save()
    assert decisions["confidential"].reference in shown_references(client.get(REGISTER))


def test_register_filters_by_group_dates_and_words(client, world):
    sign_in(client, world.admin)
    other_meeting = MeetingPageFactory(parent=world.other_group)
    today = timezone.localdate()
    pacs = DecisionFactory(
        meeting=world.meeting, text="Procure the regional PACS.", decided_on=today
    )
    old = DecisionFactory(
        meeting=world.meeting,
        text="Adopt the MRI safety protocol.",
        decided_on=today - dt.timedelta(days=400),
    )
    digital = DecisionFactory(
        meeting=other_meeting, text="Fund the PACS link to the AI platform.", decided_on=today
    )

    assert shown_references(client.get(REGISTER, {"group": world.other_group.pk})) == {
        digital.reference
    }
    recent = client.get(REGISTER, {"date_from": (today - dt.timedelta(days=30)).isoformat()})
    assert shown_references(recent) == {pacs.reference, digital.reference}
    assert shown_references(
        client.get(REGISTER, {"date_to": (today - dt.timedelta(days=1)).isoformat()})
    ) == {old.reference}
    assert shown_references(client.get(REGISTER, {"q": "pacs"})) == {
        pacs.reference,
        digital.reference,
    }
    assert shown_references(client.get(REGISTER, {"q": "PACS platform"})) == {digital.reference}
    both = client.get(REGISTER, {"q": "pacs", "group": world.board.pk})
    assert shown_references(both) == {pacs.reference}
    assert field_value(both, "q") == "pacs"
    assert field_value(both, "group") == str(world.board.pk)
    assert "1 decision matches your filters" in text(both)
    assert {row["Reference"] for row in csv_rows(client.get(EXPORT, {"q": "pacs"}))} == {
        pacs.reference,
        digital.reference,
    }


def test_register_explains_a_backwards_date_range_and_keeps_what_was_typed(client, world):
    sign_in(client, world.admin)
    response = client.get(REGISTER, {"date_from": "2025-03-01", "date_to": "2025-02-01"})
    assert response.status_code == 200
    assert error_summary(response) == [
        "Decided on or before: The end of the date range must be on or after its start."
    ]
    assert field_error(response, "date_to").endswith(
        "The end of the date range must be on or after its start."
    )
    assert field_value(response, "date_from") == "2025-03-01"
    assert field_value(response, "date_to") == "2025-02-01"
    assert soup(response).title.get_text().startswith("Error: ")


def test_register_is_empty_with_a_helpful_message(client, world):
    response = client.get(REGISTER)
    assert "No decisions have been recorded yet." in text(response)
    filtered = client.get(REGISTER, {"q": "nothing like this"})
    assert "No decisions match your filters." in text(filtered)


def test_register_pages_by_25_and_keeps_the_filters_in_the_page_links(client, world):
    sign_in(client, world.admin)
    for n in range(30):
        DecisionFactory(meeting=world.meeting, text=f"Agreed budget line {n}.")
    first = client.get(REGISTER, {"q": "budget"})
    assert len(shown_references(first)) == 25
    pagination = soup(first).select_one("nav.nhsuk-pagination")
    next_link = pagination.select_one("a[rel=next]")["href"]
    assert "q=budget" in next_link and "page=2" in next_link
    second = client.get(REGISTER, {"q": "budget", "page": 2})
    assert len(shown_references(second)) == 5
    assert "(page 2 of 2)" in soup(second).title.get_text()
    assert second.context["page_obj"].number == 2


def _register_queries(client, url):
    client.get(url)  # warm the per-process caches (site root paths, sessions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["member", "anonymous", "admin"])
def test_register_and_csv_query_counts_do_not_grow_with_decisions(
    client, world, who, django_assert_num_queries
):
    sign_in(client, world.people()[who])
    other_meeting = MeetingPageFactory(parent=world.other_group)

    def add(n):
        for i in range(n):
            item = AgendaItemFactory(meeting=world.meeting, visibility="public")
            DecisionFactory(meeting=world.meeting, agenda_item=item)
            DecisionFactory(meeting=other_meeting, agenda_item=None, text=f"Other {i}")

    add(3)
    few = _register_queries(client, REGISTER)
    few_csv = _register_queries(client, EXPORT)
    add(27)
    with django_assert_num_queries(few):
        client.get(REGISTER)
    with django_assert_num_queries(few_csv):
        client.get(EXPORT)
    assert few <= 12


def test_csv_has_a_dated_filename_sensible_columns_and_defuses_formulas(client, world):
    sign_in(client, world.admin)
    item = AgendaItemFactory(meeting=world.meeting, title="Budget", visibility="public")
    decision = DecisionFactory(
        meeting=world.meeting,
        agenda_item=item,
        text='=HYPERLINK("http://evil.example") agreed',
        votes_for=7,
        votes_against=1,
        abstentions=0,
    )
    response = client.get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="decision-register-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    (row,) = csv_rows(response)
    assert row == {
        "Reference": decision.reference,
        "Decided on": decision.decided_on.isoformat(),
        "Group": "Operational Board",
        "Meeting": world.meeting.title,
        "Agenda item": "Budget",
        "Decision": '\'=HYPERLINK("http://evil.example") agreed',
        "Votes for": "7",
        "Votes against": "1",
        "Abstentions": "0",
        "Link": f"http://testserver/governance/decisions/{decision.pk}/",
    }


def test_permalink_shows_reference_text_meeting_item_and_vote(client, world):
    item = AgendaItemFactory(meeting=world.meeting, title="Regional PACS", visibility="public")
    decision = DecisionFactory(
        meeting=world.meeting,
        agenda_item=item,
        text="Go ahead with the regional PACS.",
        decided_on=dt.date(2025, 5, 14),
        votes_for=9,
        votes_against=2,
        abstentions=1,
    )
    response = client.get(f"/governance/decisions/{decision.pk}/")
    assert response.status_code == 200
    page = text(response)
    assert decision.reference.startswith("D-2025-")
    assert f"Decision {decision.reference}" in page
    assert "Go ahead with the regional PACS." in page
    assert "14 May 2025" in page
    assert "Regional PACS" in page
    assert "9 for, 2 against, 1 abstention" in page
    assert soup(response).find("a", string=world.meeting.title)["href"] == world.meeting.url


def test_permalink_of_a_minutes_approval_links_the_approved_minutes(client, world):
    earlier = MeetingPageFactory(
        parent=world.board,
        title="Operational Board, March",
        start=timezone.now() - dt.timedelta(days=60),
    )
    approving = MeetingPageFactory(
        parent=world.board, title="Operational Board, April", start=earlier.start + dt.timedelta(30)
    )
    Minutes.objects.create(meeting=earlier)
    circulate_minutes(earlier, by=world.chair)
    minutes = approve_minutes(earlier.minutes, at_meeting=approving, by=world.chair)
    sign_in(client, world.member)
    response = client.get(f"/governance/decisions/{minutes.approved_by_decision.pk}/")
    assert response.status_code == 200
    assert "Minutes approved Operational Board, March" in text(response)
    assert "No vote was recorded" in text(response)


def test_permalink_of_a_confidential_decision_is_hidden_from_those_who_cannot_open_it(
    client, world
):
    decision = decisions_at_each_visibility(world.meeting)["confidential"]
    url = f"/governance/decisions/{decision.pk}/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    for who in ("non_member", "lay_member", "other_chair"):
        client.logout()
        sign_in(client, world.people()[who])
        assert client.get(url).status_code == 404, who
    client.logout()
    sign_in(client, world.member)
    assert client.get(url).status_code == 200


def test_decisions_of_unpublished_meetings_stay_out_of_the_register(client, world):
    draft = MeetingPageFactory(parent=world.board, live=False)
    decision = DecisionFactory(meeting=draft)
    sign_in(client, world.admin)
    assert decision.reference not in shown_references(client.get(REGISTER))
    assert client.get(f"/governance/decisions/{decision.pk}/").status_code == 404
