"""Who may see and do what in the governance tree. Views, services, queries and templates ask
these, nothing else. `may_view` is the one visibility rule; `can_view_paper` the one "may open
this paper" rule, and `Paper.objects.visible_to(user)` its twin in SQL (built on `may_view`)."""

import rules

from portal.rules import is_network_admin, is_network_member

from .models import Minutes
from .visibility import Visibility, record_visibility


def may_view(user, group, visibility, named_people=()):
    """The one place that decides whether `user` may open something of `group` at `visibility`.

    Confidential items are for group members other than lay members, unless the group's terms
    of reference let lay members see them. Network admins see everything.
    """
    visibility = Visibility(visibility)
    if visibility == Visibility.PUBLIC:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if is_network_admin(user):
        return True
    if visibility == Visibility.NETWORK:
        return user.is_network_member
    if visibility == Visibility.NAMED:
        return any(person.pk == user.pk for person in named_people)
    if group is None:
        return False
    membership = group.current_membership_of(user)
    if membership is None:
        return False
    if visibility == Visibility.GROUP:
        return True
    return not membership.is_lay or group.lay_members_see_confidential


@rules.predicate
def is_group_member(user, group):
    return group.current_membership_of(user) is not None


@rules.predicate
def can_manage_group(user, group):
    """Chairs, deputies and secretaries run their group (and the network office any group)."""
    if is_network_admin(user):
        return True
    membership = group.current_membership_of(user)
    return membership is not None and membership.is_leading


def can_open_meeting(user, meeting):
    """Unpublished meetings are for those running the group only."""
    return meeting.live or can_manage_group(user, meeting.group)


@rules.predicate
def can_view_item(user, item):
    return may_view(user, item.meeting.group, item.visibility)


@rules.predicate
def can_view_paper(user, paper):
    """The one "may open this paper" rule: the meeting is open to them, they may see the agenda
    item, and the paper's own visibility lets them. A paper is never wider than its item: the
    stricter of the two decides (the add-paper form refuses a looser paper anyway)."""
    item = paper.agenda_item
    meeting = item.meeting
    group = meeting.group
    return (
        can_open_meeting(user, meeting)
        and may_view(user, group, item.visibility)
        and may_view(user, group, paper.visibility, paper.named_people.all())
    )


class PaperAccess:
    """`can_view_paper` for one viewer and many papers (a meeting page's 120): apart from papers
    for named people, the answer depends only on the meeting and the item's and the paper's
    visibility, so each such combination is decided once."""

    def __init__(self, user):
        self.user = user
        self._decided = {}

    def __call__(self, paper):
        if paper.visibility == Visibility.NAMED:
            return can_view_paper(self.user, paper)
        item = paper.agenda_item
        key = (id(item.meeting), item.visibility, paper.visibility)  # a preview has no pks
        if key not in self._decided:
            self._decided[key] = can_view_paper(self.user, paper)
        return self._decided[key]


# Decisions and actions take their agenda item's visibility (group-only without an item).


def may_see_record(user, record, group):
    return may_view(user, group, record_visibility(record))


def may_see_action(user, action, group):
    """An action is seen by whoever may see its item, and always by its owner."""
    return (user.is_authenticated and user.pk == action.owner_id) or may_see_record(
        user, action, group
    )


def may_see_action_log(user, group):
    """A group's action log is for its members and those running it."""
    return is_group_member(user, group) or can_manage_group(user, group)


def may_see_trust_attendance(user):
    """Any network member may see how well each trust is represented."""
    return is_network_member(user) or is_network_admin(user)


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
can_administer_memberships = is_network_admin
rules.add_perm("governance.administer_memberships", can_administer_memberships)


# Each group's file library: its members browse it; those running the group add and replace
# files, and so may every member where the group allows it. Checked on every request, so a
# member who leaves loses access at once.
@rules.predicate
def can_browse_library(user, group):
    return is_network_admin(user) or is_group_member(user, group)


@rules.predicate
def can_upload_to_library(user, group):
    if can_manage_group(user, group):
        return True
    return group.members_may_upload and is_group_member(user, group)


rules.add_perm("governance.browse_library", can_browse_library)
rules.add_perm("governance.upload_to_library", can_upload_to_library)
