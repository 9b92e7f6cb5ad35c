"""Who may open a confidential thing: one rule for papers, minutes, recordings and files."""

from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    NETWORK = "network", "Network members"
    GROUP = "group", "Group members"
    CONFIDENTIAL = "confidential", "Confidential (Part B): group members, not lay members"
    NAMED = "named", "Named people only"

    @property
    def is_public(self):
        return self == Visibility.PUBLIC


def may_view(user, group, visibility, named_people=()):
    """The one place that decides whether `user` may open something of `group` at `visibility`.

    Confidential items are for group members other than lay members, unless the group's terms
    of reference let lay members see them. Network-office staff and superusers see everything.
    """
    visibility = Visibility(visibility)
    if visibility == Visibility.PUBLIC:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.office_team == user.OfficeTeam.NETWORK_OFFICE:
        return True
    if visibility == Visibility.NETWORK:
        return user.is_network_member
    if visibility == Visibility.NAMED:
        return any(person.pk == user.pk for person in named_people)
    membership = group.current_membership_of(user)
    if membership is None:
        return False
    if visibility == Visibility.GROUP:
        return True
    return not membership.is_lay or group.lay_members_see_confidential
