"""Declarations of interest: each person's register, the group's view of it, declarations at
meetings, and the check that flags items naming an organisation in someone's register."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import timezone

from governance.errors import InterestError, MinutesLocked, NotAllowed
from governance.models import Interest, InterestDeclaration, Minutes
from governance.services.interests import (
    end_interest,
    possible_conflicts,
    record_declaration,
)
from tests.portal.factories import UserFactory
from tests.portal.html import error_summary, field_error, field_value, soup, text

from .factories import AgendaItemFactory, InterestFactory, MeetingPageFactory, MembershipFactory
from .fixtures_registers import sign_in

pytestmark = pytest.mark.django_db

MY_INTERESTS = "/governance/my-interests/"


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


# A person's own register


def test_my_interests_needs_sign_in(client, world):
    response = client.get(MY_INTERESTS)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_person_sees_only_their_own_register_current_and_past(client, world):
    InterestFactory(person=world.member, organisation="Acme PACS Ltd")
    InterestFactory(
        person=world.member,
        organisation="Old Scanners plc",
        start=days(-400),
        end=days(-30),
    )
    InterestFactory(person=world.chair, organisation="Chair's Consultancy")
    sign_in(client, world.member)
    response = client.get(MY_INTERESTS)
    current = soup(response).find(id="current-heading").find_next("table").get_text()
    past = soup(response).find(id="past-heading").find_next("table").get_text()
    assert "Acme PACS Ltd" in current and "Old Scanners plc" not in current
    assert "Old Scanners plc" in past
    assert "Chair's Consultancy" not in response.content.decode()


def test_adding_an_interest(client, world):
    sign_in(client, world.member)
    response = client.post(
        MY_INTERESTS,
        {
            "kind": Interest.Kind.FINANCIAL,
            "description": "Paid speaker",
            "organisation": "  Vision AI Ltd ",
            "start": "2025-01-10",
            "end": "",
        },
        follow=True,
    )
    assert "The interest has been added to your register." in text(response)
    interest = world.member.interests.get()
    assert interest.organisation == "Vision AI Ltd"
    assert interest.start == dt.date(2025, 1, 10) and interest.end is None


def test_adding_an_interest_with_mistakes_keeps_what_was_typed(client, world):
    sign_in(client, world.member)
    response = client.post(
        MY_INTERESTS,
        {
            "kind": "",
            "description": "Shareholder",
            "organisation": "Acme PACS Ltd",
            "start": "2025-03-01",
            "end": "2025-02-01",
        },
    )
    assert response.status_code == 400
    assert field_error(response, "kind") == "Error: This field is required."
    assert field_value(response, "organisation") == "Acme PACS Ltd"
    assert field_value(response, "description").strip() == "Shareholder"
    assert not world.member.interests.exists()

    response = client.post(
        MY_INTERESTS,
        {
            "kind": Interest.Kind.INDIRECT,
            "description": "Shareholder",
            "organisation": "Acme PACS Ltd",
            "start": "2025-03-01",
            "end": "2025-02-01",
        },
    )
    assert response.status_code == 400
    assert field_error(response, "end") == "Error: The end date must be on or after the start date."
    assert error_summary(response) == ["The end date must be on or after the start date."]
    assert field_value(response, "end") == "2025-02-01"


def test_ending_an_interest_keeps_it_as_history(client, world):
    interest = InterestFactory(person=world.member, start=days(-100))
    sign_in(client, world.member)
    response = client.post(f"/governance/my-interests/{interest.pk}/end/", follow=True)
    assert f"Your interest in {interest.organisation} has ended today." in text(response)
    interest.refresh_from_db()
    assert interest.end == timezone.localdate()
    past = soup(response).find(id="past-heading").find_next("table").get_text()
    assert interest.organisation in past


def test_nobody_can_end_someone_elses_interest(client, world):
    interest = InterestFactory(person=world.member)
    sign_in(client, world.chair)
    assert client.post(f"/governance/my-interests/{interest.pk}/end/").status_code == 404
    interest.refresh_from_db()
    assert interest.end is None
    with pytest.raises(NotAllowed):
        end_interest(interest, by=world.chair)


def test_an_interest_cannot_end_twice(world):
    interest = InterestFactory(person=world.member, start=days(-10))
    end_interest(interest, by=world.member)
    with pytest.raises(InterestError, match="already ended"):
        end_interest(interest, by=world.member)


# The group's register


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 403),
        ("lay_member", 403),
        ("non_member", 403),
        ("other_chair", 403),
        ("secretary", 200),
        ("chair", 200),
        ("admin", 200),
    ],
)
def test_group_register_is_for_those_running_the_group(client, world, who, status):
    sign_in(client, world.people()[who])
    assert client.get(f"/governance/groups/{world.board.pk}/interests/").status_code == status


def test_group_register_lists_current_members_current_interests(client, world):
    InterestFactory(person=world.member, organisation="Acme PACS Ltd")
    InterestFactory(person=world.member, organisation="Ended Ltd", start=days(-90), end=days(-1))
    InterestFactory(person=world.non_member, organisation="Outsider Ltd")
    sign_in(client, world.chair)
    page = text(client.get(f"/governance/groups/{world.board.pk}/interests/"))
    assert "Acme PACS Ltd" in page
    assert "Ended Ltd" not in page
    assert "Outsider Ltd" not in page
    assert world.deputy.get_full_name() in page and "None declared" in page


# Conflicts


def test_possible_conflicts_match_named_organisations_case_and_space_insensitively(world):
    meeting = world.meeting
    pacs = AgendaItemFactory(
        meeting=meeting, title="PACS contract", organisations_named="Acme PACS Ltd,  Vision AI "
    )
    AgendaItemFactory(meeting=meeting, title="Budget", organisations_named="")
    partial = AgendaItemFactory(meeting=meeting, title="Scanner", organisations_named="Acme")
    member_interest = InterestFactory(person=world.member, organisation="acme  pacs ltd")
    chair_interest = InterestFactory(person=world.chair, organisation="VISION AI")
    InterestFactory(person=world.non_member, organisation="Acme PACS Ltd")  # not a member
    InterestFactory(
        person=world.deputy, organisation="Acme PACS Ltd", start=days(-60), end=days(-30)
    )
    InterestFactory(
        person=world.other_chair, organisation="Acme PACS Ltd"
    )  # member of another group

    conflicts = possible_conflicts(meeting)

    assert {(item, person, interest) for item, person, interest in conflicts} == {
        (pacs, world.member, member_interest),
        (pacs, world.chair, chair_interest),
    }
    assert all(item != partial for item, _, _ in conflicts)


def test_possible_conflicts_count_ended_memberships_out(world):
    item = AgendaItemFactory(meeting=world.meeting, organisations_named="Acme PACS Ltd")
    leaver = UserFactory()
    MembershipFactory(group=world.board, person=leaver, start=days(-300), end=days(-1))
    InterestFactory(person=leaver, organisation="Acme PACS Ltd")
    assert item.organisations_named
    assert possible_conflicts(world.meeting) == []


def test_possible_conflicts_without_named_organisations_is_empty(world):
    AgendaItemFactory(meeting=world.meeting)
    InterestFactory(person=world.member)
    assert possible_conflicts(world.meeting) == []


# Declarations at a meeting


@pytest.fixture
def pacs_item(world):
    return AgendaItemFactory(
        meeting=world.meeting, title="PACS contract", organisations_named="Acme PACS Ltd"
    )


def declarations_url(world):
    return f"/governance/meetings/{world.meeting.pk}/declarations/"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 403),
        ("non_member", 403),
        ("other_chair", 403),
        ("secretary", 200),
        ("admin", 200),
    ],
)
def test_declarations_page_is_for_those_running_the_group(client, world, who, status):
    sign_in(client, world.people()[who])
    assert client.get(declarations_url(world)).status_code == status


def test_chair_sees_possible_conflicts_and_records_a_declaration(client, world, pacs_item):
    interest = InterestFactory(person=world.member, organisation="Acme PACS Ltd")
    sign_in(client, world.chair)
    page = client.get(declarations_url(world))
    callout = soup(page).select_one(".nhsuk-warning-callout").get_text(" ")
    assert world.member.get_full_name() in callout and "PACS contract" in callout
    record_link = soup(page).select_one(".nhsuk-warning-callout a")
    assert record_link.get_text(" ", strip=True).startswith("Record this declaration")
    prefilled = client.get(declarations_url(world) + record_link["href"].split("#")[0])
    assert field_value(prefilled, "person") == str(world.member.pk)
    assert field_value(prefilled, "item") == str(pacs_item.pk)
    assert field_value(prefilled, "interest") == str(interest.pk)

    response = client.post(
        declarations_url(world),
        {
            "person": world.member.pk,
            "item": pacs_item.pk,
            "interest": interest.pk,
            "note": "Left the room for this item.",
        },
        follow=True,
    )
    assert "The declaration has been recorded." in text(response)
    declaration = InterestDeclaration.objects.get()
    assert (declaration.person, declaration.agenda_item, declaration.interest) == (
        world.member,
        pacs_item,
        interest,
    )
    assert "Declared" in soup(response).select_one(".nhsuk-warning-callout").get_text()


def test_declaration_form_offers_only_members_items_of_the_meeting_and_their_interests(
    client, world, pacs_item
):
    other_item = AgendaItemFactory(meeting=MeetingPageFactory(parent=world.board))
    InterestFactory(person=world.member, organisation="Acme PACS Ltd")
    InterestFactory(person=world.non_member, organisation="Outsider Ltd")
    sign_in(client, world.chair)
    page = soup(client.get(declarations_url(world)))
    people = {o.get_text() for o in page.select("select[name=person] option")}
    assert world.member.get_full_name() in people
    assert world.non_member.get_full_name() not in people
    items = [o["value"] for o in page.select("select[name=item] option")]
    assert str(pacs_item.pk) in items and str(other_item.pk) not in items
    interests = page.select_one("select[name=interest]").get_text()
    assert "Acme PACS Ltd" in interests and "Outsider Ltd" not in interests

    response = client.post(
        declarations_url(world), {"person": world.non_member.pk, "item": other_item.pk}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in field_error(response, "person")
    assert "Select a valid choice" in field_error(response, "item")


def test_an_interest_from_someone_elses_register_is_refused(client, world, pacs_item):
    chairs = InterestFactory(person=world.chair, organisation="Acme PACS Ltd")
    sign_in(client, world.chair)
    response = client.post(
        declarations_url(world),
        {"person": world.member.pk, "item": pacs_item.pk, "interest": chairs.pk},
    )
    assert response.status_code == 400
    assert any("is not in" in error for error in error_summary(response))
    assert not InterestDeclaration.objects.exists()


def test_declarations_appear_in_the_item_include_and_are_locked_with_the_minutes(
    client, world, pacs_item
):
    interest = InterestFactory(person=world.member, organisation="Acme PACS Ltd")
    declaration = record_declaration(
        pacs_item, world.member, by=world.secretary, interest=interest, note="Did not vote."
    )
    record_declaration(pacs_item, world.deputy, by=world.secretary)
    html = render_to_string("governance/includes/item_declarations.html", {"item": pacs_item})
    words = " ".join(soup_text(html).split())
    assert (
        f"{world.member.get_full_name()} declared a financial interest (Acme PACS Ltd). "
        "Did not vote." in words
    )
    assert f"{world.deputy.get_full_name()} declared an interest." in words
    assert (
        render_to_string(
            "governance/includes/item_declarations.html",
            {"item": AgendaItemFactory(meeting=world.meeting)},
        ).strip()
        == ""
    )

    Minutes.objects.create(meeting=world.meeting, status=Minutes.Status.APPROVED)
    with pytest.raises(MinutesLocked):
        record_declaration(pacs_item, world.chair, by=world.secretary)
    sign_in(client, world.secretary)
    page = client.get(declarations_url(world))
    assert "its declarations can no longer change" in text(page)
    assert not soup(page).select("#declaration-form")
    response = client.post(
        f"/governance/meetings/{world.meeting.pk}/declarations/{declaration.pk}/remove/",
        follow=True,
    )
    assert "can no longer change" in text(response)
    assert InterestDeclaration.objects.filter(pk=declaration.pk).exists()


def test_a_declaration_recorded_by_mistake_can_be_removed(client, world, pacs_item):
    declaration = record_declaration(pacs_item, world.member, by=world.chair)
    sign_in(client, world.member)
    client.post(f"/governance/meetings/{world.meeting.pk}/declarations/{declaration.pk}/remove/")
    assert InterestDeclaration.objects.filter(pk=declaration.pk).exists()  # not for members
    client.logout()
    sign_in(client, world.chair)
    response = client.post(
        f"/governance/meetings/{world.meeting.pk}/declarations/{declaration.pk}/remove/",
        follow=True,
    )
    assert "has been removed" in text(response)
    assert not InterestDeclaration.objects.exists()


def test_recording_twice_or_for_a_non_member_is_refused(world, pacs_item):
    record_declaration(pacs_item, world.member, by=world.chair)
    with pytest.raises(InterestError, match="already recorded"):
        record_declaration(pacs_item, world.member, by=world.chair)
    with pytest.raises(InterestError, match="not a member"):
        record_declaration(pacs_item, world.non_member, by=world.chair)
    with pytest.raises(NotAllowed):
        record_declaration(pacs_item, world.member, by=world.member, note="again")


def soup_text(html):
    return BeautifulSoup(html, "html.parser").get_text(" ")
