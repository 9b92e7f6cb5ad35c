"""The visibilities a confidential thing can have, and their expansion into SQL.

Who may open what is decided by `governance.rules.may_view` alone; `visible_condition` turns
that answer into a filter by asking the rule once per group and visibility.
"""

from django.db import models
from django.db.models import Q


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    NETWORK = "network", "Network members"
    GROUP = "group", "Group members"
    CONFIDENTIAL = "confidential", "Confidential (Part B): group members, not lay members"
    NAMED = "named", "Named people only"

    @property
    def is_public(self):
        return self == Visibility.PUBLIC

    @property
    def strictness(self):
        """How narrow the audience is: a paper may be as strict as its item, or stricter."""
        return list(Visibility).index(self)


def paper_wider_than_item(paper_visibility, item_visibility):
    """Whether a paper would open to more people than its agenda item: never allowed."""
    return Visibility(paper_visibility).strictness < Visibility(item_visibility).strictness


def wider_than_item_message(item):
    label = Visibility(item.visibility).label
    return (
        f"This paper cannot be opened by more people than its agenda item, which is for "
        f"“{label}”. Choose “{label}” or a stricter setting, or change the item first."
    )


# A decision or action with no agenda item (minutes approved, "any other business") is treated
# as group-members-only: the safe choice when nobody has said it may go wider.
UNLINKED_RECORD_VISIBILITY = Visibility.GROUP


def record_visibility(record):
    """The visibility a decision or action takes: its item's, or group-only without one."""
    if record.agenda_item_id is None:
        return UNLINKED_RECORD_VISIBILITY
    return record.agenda_item.visibility


def visible_condition(user, groups, *, field, group_path_field="group_path", named=None):
    """A filter for the rows whose `field` visibility `may_view` grants `user` in their group.

    `groups` maps each group's page path to the group (memberships primed); the queryset must
    have `group_path_field`. `named` is the condition for "named people only" rows that name
    the user (the rule cannot be asked per row for those).
    """
    from .rules import may_view  # the rules import the models, which import this module

    condition = Q(pk__in=[])
    for visibility in Visibility:
        paths = [path for path, group in groups.items() if may_view(user, group, visibility)]
        if paths and len(paths) == len(groups):
            condition |= Q(**{field: visibility})
        elif paths:
            condition |= Q(**{field: visibility, f"{group_path_field}__in": paths})
    if named is not None and user.is_authenticated:
        condition |= Q(**{field: Visibility.NAMED}) & named
    return condition


# Members-only things whose existence is no secret (a network-members protocol or publication,
# a group's library): someone signed out is asked to sign in and brought back, rather than
# told they do not exist. Confidential and named-people-only things still answer 404.
SIGN_IN_TO_OPEN = frozenset({Visibility.NETWORK, Visibility.GROUP})


def asks_to_sign_in(user, visibility):
    """Whether `user`, refused something at `visibility`, should be sent to sign in."""
    return not user.is_authenticated and Visibility(visibility) in SIGN_IN_TO_OPEN
