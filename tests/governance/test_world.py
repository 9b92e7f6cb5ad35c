import pytest

from governance.models import Membership


@pytest.mark.django_db
def test_world_has_one_person_in_each_role(world):
    roles = set(world.board.memberships.current().values_list("role", flat=True))
    assert roles == {r.value for r in Membership.Role} - {Membership.Role.OBSERVER}
    assert world.chair.groups.filter(pk=world.board.editors_group_id).exists()
    assert not world.member.groups.filter(pk=world.board.editors_group_id).exists()
