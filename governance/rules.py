"""Who may see and do what in the governance tree. Views and services ask these, nothing else."""

import rules

from portal.rules import is_network_office

from .models import Minutes
from .visibility import may_view


def _is_admin(user):
    return user.is_authenticated and (user.is_superuser or is_network_office(user))


@rules.predicate
def is_group_member(user, group):
    return group.current_membership_of(user) is not None


@rules.predicate
def can_manage_group(user, group):
    """Chairs, deputies and secretaries run their group (and the network office any group)."""
    if _is_admin(user):
        return True
    membership = group.current_membership_of(user)
    return membership is not None and membership.is_leading


@rules.predicate
def can_view_paper(user, paper):
    group = paper.agenda_item.meeting.group
    return may_view(user, group, paper.visibility, paper.named_people.all())


@rules.predicate
def can_view_item(user, item):
    return may_view(user, item.meeting.group, item.visibility)


@rules.predicate
def can_update_action(user, action):
    """An action's owner reports progress on it; so may those running its group."""
    if not user.is_authenticated:
        return False
    return user.pk == action.owner_id or can_manage_group(user, action.meeting.group)


@rules.predicate
def can_see_join_link(user, meeting):
    if not user.is_authenticated:
        return False
    return (
        can_manage_group(user, meeting.group)
        or is_group_member(user, meeting.group)
        or meeting.invitees.filter(pk=user.pk).exists()
    )


@rules.predicate
def can_read_minutes(user, minutes):
    """Drafts are for those running the group; circulated minutes for its members; approved
    minutes for everyone, item by item as each item's visibility allows."""
    group = minutes.meeting.group
    if minutes.status == Minutes.Status.DRAFT:
        return can_manage_group(user, group)
    if minutes.status == Minutes.Status.CIRCULATED:
        return can_manage_group(user, group) or is_group_member(user, group)
    return True


def visible_items(user, meeting, items):
    """The agenda items of `meeting` this person may see the detail of."""
    group = meeting.group
    return [item for item in items if may_view(user, group, item.visibility)]


rules.add_perm("governance.manage_group", can_manage_group)
rules.add_perm("governance.view_paper", can_view_paper)
rules.add_perm("governance.see_join_link", can_see_join_link)
rules.add_perm("governance.read_minutes", can_read_minutes)

# Memberships are edited in the admin by the network office only; chairs, who also have admin
# access for their pages, decide who joins through join requests on the group's page.
can_administer_memberships = rules.is_superuser | is_network_office
rules.add_perm("governance.administer_memberships", can_administer_memberships)


# Each group's file library: its members browse it; those running the group add and replace
# files, and so may every member where the group allows it. Checked on every request, so a
# member who leaves loses access at once.
@rules.predicate
def can_browse_library(user, group):
    return _is_admin(user) or is_group_member(user, group)


@rules.predicate
def can_upload_to_library(user, group):
    if can_manage_group(user, group):
        return True
    return group.members_may_upload and is_group_member(user, group)


rules.add_perm("governance.browse_library", can_browse_library)
rules.add_perm("governance.upload_to_library", can_upload_to_library)
