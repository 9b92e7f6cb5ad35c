"""The link to a group's file library, for those who may open it."""

from django import template

from ..rules import can_browse_library

register = template.Library()


@register.inclusion_tag("governance/library/library_link.html", takes_context=True)
def library_link(context, group):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "group": group,
        "show": bool(group.pk and user is not None and can_browse_library(user, group)),
    }
