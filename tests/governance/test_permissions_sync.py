"""Wagtail edit rights follow memberships: chairs, deputies and secretaries edit and publish their
group's subtree in the admin, nothing else, and lose the right when the membership ends."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.html import escape

from governance.models import GroupPage, MeetingPage, Membership
from governance.services.memberships import (
    add_membership,
    end_membership,
    sync_all_group_editors,
    sync_group_editors,
)
from tests.portal.factories import PASSWORD
from tests.portal.html import soup

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def signed_in(client, person):
    client.login(email=person.email, password=PASSWORD)
    return client


def form_data(response, form_id):
    """What the browser would send from the admin form: every field as the page fills it."""
    form = soup(response).find("form", id=form_id)
    assert form is not None, f"no form #{form_id} on the page"
    data = {}
    for control in form.find_all(["input", "select", "textarea"]):
        name = control.get("name")
        if not name or control.get("type") in ("submit", "button", "file"):
            continue
        if control.get("type") in ("checkbox", "radio"):
            if control.has_attr("checked"):
                data[name] = control.get("value", "on")
        elif control.name == "select":
            chosen = control.find("option", selected=True) or control.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif control.name == "textarea":
            data[name] = control.get_text()
        else:
            data[name] = control.get("value", "")
    return data


def can_open_editor(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    return response.status_code == 200


def publish_edit(client, page, **changes):
    editor = client.get(f"/admin/pages/{page.pk}/edit/")
    assert editor.status_code == 200
    data = form_data(editor, "page-edit-form") | changes | {"action-publish": "action-publish"}
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


LEADERS = ["chair", "deputy", "secretary"]


@pytest.mark.parametrize("who", LEADERS)
def test_leaders_edit_and_publish_their_group_page_in_the_admin(client, world, who):
    signed_in(client, getattr(world, who))
    response = publish_edit(client, world.board, purpose="Runs the network day to day.")
    assert response.status_code == 302, response.content.decode()[:2000]
    board = GroupPage.objects.get(pk=world.board.pk)
    assert board.purpose == "Runs the network day to day."
    assert board.live
    assert board.live_revision.user == getattr(world, who)


@pytest.mark.parametrize("who", LEADERS)
def test_leaders_add_and_publish_a_meeting_under_their_group(client, world, who):
    signed_in(client, getattr(world, who))
    add_url = f"/admin/pages/add/governance/meetingpage/{world.board.pk}/"
    form = client.get(add_url)
    assert form.status_code == 200
    start = timezone.localtime() + dt.timedelta(days=40)
    data = form_data(form, "page-edit-form") | {
        "title": "Operational Board, September",
        "slug": "september",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "location": "Board room, Birmingham",
        "action-publish": "action-publish",
    }
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = MeetingPage.objects.get(slug="september")
    assert meeting.live
    assert meeting.get_parent().pk == world.board.pk


@pytest.mark.parametrize("who", LEADERS)
def test_leaders_may_edit_the_groups_below_theirs(client, world, who):
    assert can_open_editor(signed_in(client, getattr(world, who)), world.subgroup)


@pytest.mark.parametrize("who", LEADERS)
def test_leaders_cannot_edit_another_groups_pages_or_anything_outside_their_subtree(
    client, world, who
):
    signed_in(client, getattr(world, who))
    for page in (world.other_group, world.index, world.home):
        assert not can_open_editor(client, page), page
    response = client.post(
        f"/admin/pages/{world.other_group.pk}/edit/",
        {"title": "Taken over", "action-publish": "action-publish"},
    )
    assert response.status_code in (302, 403)
    assert GroupPage.objects.get(pk=world.other_group.pk).title == "Digital Board"
    add_there = client.get(f"/admin/pages/add/governance/meetingpage/{world.other_group.pk}/")
    assert add_there.status_code in (302, 403)


def test_the_chair_of_a_sub_group_cannot_edit_the_board_above_it(client, world):
    sig_chair = MembershipFactory(group=world.subgroup, role=Membership.Role.CHAIR).person
    sync_group_editors(world.subgroup)
    signed_in(client, sig_chair)
    assert can_open_editor(client, world.subgroup)
    assert not can_open_editor(client, world.board)


@pytest.mark.parametrize("who", ["member", "lay_member", "non_member"])
def test_members_without_a_leading_role_cannot_edit(client, world, who):
    signed_in(client, world.people()[who])
    assert not can_open_editor(client, world.board)


def test_ending_the_membership_removes_the_right_at_once(client, world):
    signed_in(client, world.chair)
    assert can_open_editor(client, world.board)
    end_membership(Membership.objects.get(group=world.board, person=world.chair))
    assert not can_open_editor(client, world.board)
    assert Membership.objects.filter(group=world.board, person=world.chair).exists()


def test_a_membership_whose_end_date_passes_loses_the_right_at_the_daily_sync(client, world):
    membership = Membership.objects.get(group=world.board, person=world.secretary)
    signed_in(client, world.secretary)
    assert can_open_editor(client, world.board)
    # The end date arrives: the row says it ended yesterday, but nothing has re-synced yet.
    Membership.objects.filter(pk=membership.pk).update(
        end=timezone.localdate() - dt.timedelta(days=1)
    )
    assert can_open_editor(client, world.board)
    sync_all_group_editors()
    assert not can_open_editor(client, world.board)
    assert can_open_editor(signed_in(client, world.chair), world.board)


def test_a_new_chair_gets_the_right_when_added(client, world):
    signed_in(client, world.member)
    assert not can_open_editor(client, world.board)
    end_membership(Membership.objects.get(group=world.board, person=world.member))
    add_membership(world.board, world.member, role=Membership.Role.DEPUTY_CHAIR)
    assert can_open_editor(client, world.board)


def test_leaders_preview_a_new_group_and_an_edited_one(client, world):
    signed_in(client, world.chair)
    add_url = f"/admin/pages/add/governance/grouppage/{world.board.pk}/"
    data = form_data(client.get(add_url), "page-edit-form") | {
        "title": "Breast Imaging SIG",
        "slug": "breast",
        "purpose": "Brings breast imaging teams together.",
    }
    assert client.post(add_url + "preview/", data).json()["is_valid"]
    preview = client.get(add_url + "preview/")
    assert preview.status_code == 200
    assert "Brings breast imaging teams together." in preview.content.decode()

    edit_url = f"/admin/pages/{world.board.pk}/edit/"
    data = form_data(client.get(edit_url), "page-edit-form") | {"purpose": "A new purpose."}
    assert client.post(edit_url + "preview/", data).json()["is_valid"]
    preview = client.get(edit_url + "preview/")
    assert preview.status_code == 200
    assert "A new purpose." in preview.content.decode()
    assert escape(str(world.member)) in preview.content.decode()  # a name may hold an apostrophe
