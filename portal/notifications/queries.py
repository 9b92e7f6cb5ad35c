"""Reads of a person's own notifications."""

from .models import Notification


def unread_count(user):
    """One COUNT query for a signed-in person; none for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.for_person(user).unread().count()


def notifications_for(user):
    return Notification.objects.for_person(user).newest_unread_first()
