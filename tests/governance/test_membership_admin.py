"""The network office's membership admin: only they may use it, and every change re-syncs the
group's Wagtail editors, so edit rights follow at once."""

import datetime as dt

import pytest
from django.utils import timezone

from governance.models import Membership
from tests.portal.factories import PASSWORD, UserFactory
from tests.portal.html import soup

pytestmark = pytest.mark.django_db

INDEX = "/admin/memberships/"


def signed_in(client, person):
    client.login(email=person.email, password=PASSWORD)
    return client


@pytest.fixture
def office(world):
    return UserFactory(network_office=True, first_name="Olu", last_name="Office")


def is_editor(person, group):
    group.refresh_from_db()
    return person.groups.filter(pk=group.editors_group_id).exists()


def listed_people(response):
    rows = soup(response).find("table", class_="listing").find("tbody").find_all("tr")
    return {row.find("td").find("a").get_text(strip=True) for row in rows}


def test_the_network_office_lists_and_filters_memberships(client, world, office):
    signed_in(client, office)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert str(world.other_chair) in listed_people(response)

    by_group = client.get(INDEX, {"group": world.other_group.pk})
    assert listed_people(by_group) == {str(world.other_chair)}

    by_role = client.get(INDEX, {"role": Membership.Role.SECRETARY})
    assert listed_people(by_role) == {str(world.secretary)}

    leaver = UserFactory()
    Membership.objects.create(
        group=world.board,
        person=leaver,
        start=timezone.localdate() - dt.timedelta(days=90),
        end=timezone.localdate() - dt.timedelta(days=1),
    )
    assert str(leaver) not in listed_people(client.get(INDEX, {"status": "current"}))
    assert listed_people(client.get(INDEX, {"status": "ended"})) == {str(leaver)}

    searched = client.get(INDEX, {"q": world.member.last_name})
    assert str(world.member) in listed_people(searched)


@pytest.mark.parametrize("who", ["chair", "secretary", "other_chair", "member"])
def test_chairs_and_members_cannot_use_the_membership_admin(client, world, who):
    membership = Membership.objects.get(group=world.board, person=world.member)
    signed_in(client, world.people()[who])
    for url in (
        INDEX,
        f"{INDEX}new/",
        f"{INDEX}edit/{membership.pk}/",
        f"{INDEX}delete/{membership.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert not response.get("Location", "").startswith(url)
    response = client.post(f"{INDEX}edit/{membership.pk}/", {"role": "chair"})
    assert response.status_code in (302, 403)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER


def test_the_admin_menu_offers_memberships_only_to_the_office(client, world, office):
    assert "Group memberships" in signed_in(client, office).get("/admin/").content.decode()
    client.logout()
    assert "Group memberships" not in signed_in(client, world.chair).get("/admin/").content.decode()


def test_adding_a_chair_in_the_admin_gives_edit_rights(client, world, office):
    newcomer = UserFactory(first_name="Nia", last_name="Newcomer")
    signed_in(client, office)
    form = client.get(f"{INDEX}new/")
    assert form.status_code == 200
    response = client.post(
        f"{INDEX}new/",
        {
            "group": world.other_group.pk,
            "person": newcomer.pk,
            "role": Membership.Role.DEPUTY_CHAIR,
            "trust": world.trusts[2].pk,
            "voting": "on",
            "start": timezone.localdate().isoformat(),
            "end": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(group=world.other_group, person=newcomer)
    assert membership.role == Membership.Role.DEPUTY_CHAIR
    assert membership.trust == world.trusts[2]
    assert is_editor(newcomer, world.other_group)


def test_adding_someone_who_already_belongs_shows_the_reason(client, world, office):
    signed_in(client, office)
    response = client.post(
        f"{INDEX}new/",
        {
            "group": world.board.pk,
            "person": world.member.pk,
            "role": Membership.Role.MEMBER,
            "start": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert f"{world.member} is already a member of Operational Board." in response.content.decode()
    assert Membership.objects.filter(group=world.board, person=world.member).count() == 1


def test_ending_a_membership_in_the_admin_keeps_it_and_removes_edit_rights(client, world, office):
    membership = Membership.objects.get(group=world.board, person=world.secretary)
    assert is_editor(world.secretary, world.board)
    signed_in(client, office)
    edit_url = f"{INDEX}edit/{membership.pk}/"
    page = client.get(edit_url)
    assert page.status_code == 200
    assert soup(page).find("select", attrs={"name": "group"}).has_attr("disabled")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        edit_url,
        {
            "role": membership.role,
            "trust": membership.trust_id,
            "voting": "on",
            "start": membership.start.isoformat(),
            "end": yesterday.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    membership.refresh_from_db()
    assert membership.end == yesterday
    assert membership.group_id == world.board.pk
    assert not is_editor(world.secretary, world.board)


def test_promoting_a_member_to_secretary_in_the_admin_gives_edit_rights(client, world, office):
    membership = Membership.objects.get(group=world.board, person=world.member)
    signed_in(client, office)
    response = client.post(
        f"{INDEX}edit/{membership.pk}/",
        {
            "role": Membership.Role.SECRETARY,
            "trust": membership.trust_id,
            "voting": "on",
            "start": membership.start.isoformat(),
            "end": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert is_editor(world.member, world.board)


def test_an_end_before_the_start_is_refused_beside_the_dates(client, world, office):
    membership = Membership.objects.get(group=world.board, person=world.member)
    signed_in(client, office)
    response = client.post(
        f"{INDEX}edit/{membership.pk}/",
        {
            "role": membership.role,
            "voting": "on",
            "start": membership.start.isoformat(),
            "end": (membership.start - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.end is None


def test_deleting_a_membership_in_the_admin_removes_edit_rights(client, world, office):
    membership = Membership.objects.get(group=world.board, person=world.deputy)
    signed_in(client, office)
    confirm = client.get(f"{INDEX}delete/{membership.pk}/")
    assert "set an end date instead" in confirm.content.decode()
    response = client.post(f"{INDEX}delete/{membership.pk}/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not is_editor(world.deputy, world.board)
