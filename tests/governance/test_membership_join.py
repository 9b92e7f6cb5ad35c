"""Asking to join a group from its page, and the chair or secretary deciding; each side emailed."""

import pytest
from django.conf import settings

from governance.models import JoinRequest, Membership
from governance.services.memberships import end_membership
from tests.portal.factories import PASSWORD, UserFactory
from tests.portal.html import error_summary, field_error, field_value, soup, text

pytestmark = pytest.mark.django_db


def signed_in(client, person):
    client.login(email=person.email, password=PASSWORD)
    return client


def join_url(group):
    return f"/governance/groups/{group.pk}/join/"


def decide_url(join_request):
    return f"/governance/join-requests/{join_request.pk}/decide/"


def decide(client, join_request, decision, note=""):
    prefix = f"request-{join_request.pk}"
    return client.post(
        decide_url(join_request),
        {f"{prefix}-decision": decision, f"{prefix}-note": note},
        follow=True,
    )


def banner(response):
    """The success or error message shown at the top of the page."""
    found = soup(response).select(".nhsuk-notification-banner, .nhsuk-error-summary")
    return " ".join(" ".join(b.get_text(" ").split()) for b in found)


def test_member_asks_chair_approves_and_both_are_emailed(
    client, world, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    applicant = world.non_member
    page = signed_in(client, applicant).get(world.board.url)
    form = soup(page).find("form", action=join_url(world.board))
    assert form.find("button").get_text(strip=True) == "Ask to join"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            join_url(world.board), {"message": "I lead CT at my trust."}, follow=True
        )
    assert response.redirect_chain[-1][0] == f"{world.board.url}#join"
    assert "Request sent." in banner(response)
    assert "Request sent – waiting for the chair" in text(response)
    assert soup(response).find("form", action=join_url(world.board)) is None
    join_request = JoinRequest.objects.get(group=world.board, person=applicant)
    assert join_request.status == JoinRequest.Status.PENDING

    (to_leaders,) = smtp_inbox.messages
    assert set(to_leaders["To"].split(", ")) == {world.chair.email, world.secretary.email}
    assert to_leaders["Subject"] == f"{applicant} asks to join Operational Board"
    body = smtp_inbox.text(to_leaders)
    assert "I lead CT at my trust." in body
    review_link = f"{settings.WAGTAILADMIN_BASE_URL}{world.board.url}#join-requests"
    assert review_link in smtp_inbox.links(to_leaders)
    assert "I lead CT at my trust." in to_leaders.get_body(("html",)).get_content()

    client.logout()
    page = signed_in(client, world.chair).get(world.board.url)
    requests = soup(page).find(id="join-requests").find_next(class_="nhsuk-card")
    assert str(applicant) in requests.get_text()
    assert "I lead CT at my trust." in requests.get_text()

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, join_request, "approve", note="Welcome aboard.")
    assert f"{applicant} is now a member. We have emailed them." in banner(response)
    assert "No one is waiting for a decision." in text(response)
    membership = Membership.objects.current().get(group=world.board, person=applicant)
    assert membership.role == Membership.Role.MEMBER
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == world.chair

    (to_applicant,) = smtp_inbox.to(applicant.email)
    assert to_applicant["Subject"] == "You are now a member of Operational Board"
    body = smtp_inbox.text(to_applicant)
    assert f"{world.chair} has approved your request to join Operational Board." in body
    assert "Welcome aboard." in body


def test_secretary_declines_with_a_note_and_the_person_is_told(
    client, world, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    join_request = JoinRequest.objects.create(group=world.board, person=world.non_member)
    signed_in(client, world.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, join_request, "decline", note="The board is full this year.")
    assert f"You declined {world.non_member}'s request. We have emailed them." in banner(response)
    assert not Membership.objects.filter(group=world.board, person=world.non_member).exists()
    (message,) = smtp_inbox.to(world.non_member.email)
    assert message["Subject"] == "Your request to join Operational Board"
    body = smtp_inbox.text(message)
    assert "has declined your request to join Operational Board." in body
    assert "The board is full this year." in body


def test_deciding_twice_says_it_is_already_decided(client, world):
    join_request = JoinRequest.objects.create(group=world.board, person=world.non_member)
    signed_in(client, world.chair)
    decide(client, join_request, "approve")
    response = decide(client, join_request, "decline")
    assert response.status_code == 200
    assert "This request has already been decided." in banner(response)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED


@pytest.mark.parametrize("who", ["member", "lay_member", "other_chair", "non_member"])
def test_only_those_running_the_group_can_decide(client, world, who):
    join_request = JoinRequest.objects.create(group=world.board, person=UserFactory())
    signed_in(client, world.people()[who])
    page = client.get(world.board.url)
    assert soup(page).find(id="join-requests") is None
    response = decide(client, join_request, "approve")
    assert "Only the group's chair, deputy or secretary can decide this." in banner(response)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING


def test_deciding_needs_signing_in(client, world):
    join_request = JoinRequest.objects.create(group=world.board, person=world.non_member)
    response = client.post(decide_url(join_request), {})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_someone_not_yet_a_network_member_cannot_ask(client, world):
    applicant = UserFactory(applicant=True)
    signed_in(client, applicant)
    page = client.get(world.board.url)
    assert soup(page).find("form", action=join_url(world.board)) is None
    assert "You can ask to join once the network office has approved your account." in text(page)
    response = client.post(join_url(world.board), {"message": ""}, follow=True)
    assert "Only network members can ask to join a group." in banner(response)
    assert not JoinRequest.objects.exists()


def test_a_member_asking_again_is_told_they_already_belong(client, world):
    signed_in(client, world.member)
    page = client.get(world.board.url)
    assert "You are a member of this group." in text(page)
    assert soup(page).find("form", action=join_url(world.board)) is None
    response = client.post(join_url(world.board), {"message": ""}, follow=True)
    assert "You are already a member of Operational Board." in banner(response)


def test_asking_twice_is_refused_while_the_first_request_waits(client, world):
    signed_in(client, world.non_member)
    client.post(join_url(world.board), {"message": ""})
    response = client.post(join_url(world.board), {"message": ""}, follow=True)
    assert "You have already asked to join Operational Board." in banner(response)
    assert JoinRequest.objects.filter(person=world.non_member).count() == 1


def test_anonymous_visitors_are_asked_to_sign_in(client, world):
    page = client.get(world.board.url)
    assert "Sign in to ask to join this group." in text(page)
    response = client.post(join_url(world.board), {"message": "Hello"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not JoinRequest.objects.exists()


def test_a_too_long_message_is_shown_again_with_the_error_beside_it(client, world):
    signed_in(client, world.non_member)
    typed = "I would like to join. " * 60
    response = client.post(join_url(world.board), {"message": typed})
    assert response.status_code == 200
    assert field_error(response, "message").startswith("Error: Ensure this value has at most 1000")
    assert field_value(response, "message").strip() == typed.strip()
    assert error_summary(response)
    assert soup(response).title.get_text().startswith("Error: ")
    assert not JoinRequest.objects.exists()


def test_a_too_long_note_is_shown_again_beside_its_request(client, world):
    join_request = JoinRequest.objects.create(group=world.board, person=world.non_member)
    signed_in(client, world.chair)
    prefix = f"request-{join_request.pk}"
    response = client.post(
        decide_url(join_request), {f"{prefix}-decision": "decline", f"{prefix}-note": "x" * 1001}
    )
    assert response.status_code == 200
    assert "at most 1000" in field_error(response, f"{prefix}-note")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING


def test_approving_someone_who_left_and_asks_again_makes_a_new_membership(client, world):
    old = Membership.objects.get(group=world.board, person=world.member)
    end_membership(old)
    join_request = JoinRequest.objects.create(group=world.board, person=world.member)
    signed_in(client, world.chair)
    decide(client, join_request, "approve")
    assert Membership.objects.filter(group=world.board, person=world.member).count() == 2
    assert Membership.objects.current().filter(group=world.board, person=world.member).exists()
