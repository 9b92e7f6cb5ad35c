"""The header's unread count: one COUNT for a signed-in person, no query for anyone else."""

from django import template

from portal.notifications.queries import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
