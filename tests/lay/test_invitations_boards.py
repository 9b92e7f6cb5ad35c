"""Volunteer invitations: only the latest link works and it works once (issue 15, leak 8),
each step is audited (leak 9), and the boards the invitation names are joined on acceptance
through the membership service (issue 19)."""

import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from governance.lay.models import VolunteerInvitation
from governance.lay.rules import is_volunteer_in
from governance.models import Membership
from portal.models import User
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "pat.newcomer@gmail.example"
PASSWORD = "mammogram-tulip-91"


@pytest.fixture
def office(world):
    return UserFactory(network_office=True)


def invite(client, office, django_capture_on_commit_callbacks, **extra):
    client.force_login(office)
    data = {"first_name": "Pat", "last_name": "Newcomer", "email": EMAIL, **extra}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteer_invite"), data)
    assert response.status_code == 302
    client.logout()


def latest_link(inbox):
    message = inbox.to(EMAIL)[-1]
    [url] = [link for link in inbox.links(message) if "/volunteers/join/" in link]
    return re.sub(r"^https?://[^/]+", "", url)


def accept(client, path):
    return client.post(path, {"password1": PASSWORD, "password2": PASSWORD})


def test_a_reissued_invitation_leaves_only_the_latest_link_working_once(
    office, client, smtp_inbox, django_capture_on_commit_callbacks
):
    invite(client, office, django_capture_on_commit_callbacks)
    first = latest_link(smtp_inbox)
    invite(client, office, django_capture_on_commit_callbacks)
    second = latest_link(smtp_inbox)
    assert first != second

    old = client.get(first)
    assert old.status_code == 400 and b"replaced by a newer one" in old.content
    assert accept(client, first).status_code == 400
    person = User.objects.get(email=EMAIL)
    assert not person.has_usable_password()

    assert accept(client, second).status_code == 302
    client.logout()
    again = accept(client, second)
    assert again.status_code == 400 and b"already set your password" in again.content
    assert client.get(first).status_code == 400

    actions = list(
        ModelLogEntry.objects.filter(action__startswith="lay.invitation.")
        .order_by("pk")
        .values_list("action", "user_id")
    )
    assert actions == [
        ("lay.invitation.issue", office.pk),
        ("lay.invitation.reissue", office.pk),
        ("lay.invitation.accept", person.pk),
    ]


def test_the_invitation_names_boards_and_acceptance_makes_the_memberships(
    world, office, client, smtp_inbox, django_capture_on_commit_callbacks
):
    client.force_login(office)
    form = client.get(reverse("volunteer_invite")).content.decode()
    assert "Operational Board (has patient volunteers)" in form and "Digital Board" in form
    invite(
        client,
        office,
        django_capture_on_commit_callbacks,
        groups=[world.board.pk, world.other_group.pk],
    )
    invitation = VolunteerInvitation.objects.get(person__email=EMAIL)
    assert set(invitation.groups.all()) == {world.board.specific, world.other_group.specific}
    person = invitation.person
    assert not Membership.objects.filter(person=person).exists()  # not before they accept

    accept(client, latest_link(smtp_inbox))
    memberships = Membership.objects.current().filter(person=person)
    assert {m.group_id for m in memberships} == {world.board.pk, world.other_group.pk}
    assert all(m.role == Membership.Role.PATIENT_VOLUNTEER and not m.voting for m in memberships)
    assert is_volunteer_in(person, world.board)
    world.board.refresh_from_db()
    assert person not in world.board.editors_group.user_set.all()  # synced: not an editor
    log = ModelLogEntry.objects.get(action="lay.invitation.accept")
    assert sorted(log.data["groups"]) == sorted([world.board.pk, world.other_group.pk])


def test_an_invitation_without_boards_joins_none(
    world, office, client, smtp_inbox, django_capture_on_commit_callbacks
):
    invite(client, office, django_capture_on_commit_callbacks)
    accept(client, latest_link(smtp_inbox))
    assert not Membership.objects.filter(person__email=EMAIL).exists()


@pytest.mark.parametrize("who", ["non_member", "lay_member", "member", "chair"])
def test_only_the_network_office_invites_onto_boards(world, client, who):
    client.force_login(world.people()[who])
    response = client.post(
        reverse("volunteer_invite"),
        {"first_name": "A", "last_name": "B", "email": "a@b.example", "groups": [world.board.pk]},
    )
    assert response.status_code == 404
    assert not VolunteerInvitation.objects.exists()
