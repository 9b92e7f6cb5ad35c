"""A small governance world: a board with a sub-group, and one person in each role.

A plugin (tests/conftest.py registers it): `world` is there for every test that asks."""

from dataclasses import dataclass

import pytest
from wagtail.models import Page, Site

from governance.models import GroupPage, Membership
from governance.services.memberships import sync_group_editors
from tests.portal.factories import HomePageFactory, TrustFactory, UserFactory

from .factories import (
    GovernanceIndexPageFactory,
    GroupPageFactory,
    MeetingPageFactory,
    MembershipFactory,
)


@dataclass
class World:
    home: object
    index: object
    board: object
    subgroup: object
    other_group: object
    meeting: object
    chair: object
    deputy: object
    secretary: object
    member: object
    lay_member: object
    non_member: object
    other_chair: object
    admin: object
    trusts: list

    def people(self):
        return {
            "anonymous": None,
            "non_member": self.non_member,
            "member": self.member,
            "lay_member": self.lay_member,
            "secretary": self.secretary,
            "chair": self.chair,
            "other_chair": self.other_chair,
            "admin": self.admin,
        }


@pytest.fixture
def world(db, snapshots):
    """Built once per worker and copied back for each test (tests/plugins/snapshots.py)."""
    return snapshots.take("world", build_world)


def build_world():
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    index = GovernanceIndexPageFactory(parent=home)
    board = GroupPageFactory(parent=index, title="Operational Board", slug="operational-board")
    subgroup = GroupPageFactory(
        parent=board, title="MRI SIG", slug="mri-sig", kind=GroupPage.Kind.SIG
    )
    other_group = GroupPageFactory(parent=index, title="Digital Board", slug="digital-board")
    meeting = MeetingPageFactory(parent=board, title="Operational Board, May", slug="may")
    trusts = [TrustFactory() for _ in range(4)]

    def member(role, trust=0, group=board, **user):
        person = UserFactory(**user)
        MembershipFactory(group=group, person=person, role=role, trust=trusts[trust])
        return person

    world = World(
        home=home,
        index=index,
        board=board,
        subgroup=subgroup,
        other_group=other_group,
        meeting=meeting,
        chair=member(Membership.Role.CHAIR, 0),
        deputy=member(Membership.Role.DEPUTY_CHAIR, 1),
        secretary=member(Membership.Role.SECRETARY, 2),
        member=member(Membership.Role.MEMBER, 3),
        lay_member=member(
            Membership.Role.PATIENT_VOLUNTEER, 0, is_lay_member=True, email="volunteer@example.org"
        ),
        non_member=UserFactory(),
        other_chair=member(Membership.Role.CHAIR, 1, group=other_group),
        admin=UserFactory(superuser=True),
        trusts=trusts,
    )
    for group in (board, subgroup, other_group):
        sync_group_editors(group)
        group.refresh_from_db()
    return world
