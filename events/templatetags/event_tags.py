"""Events shown on other apps' pages: `{% group_events group %}` on a group or SIG page."""

from django import template
from django.contrib.auth.models import AnonymousUser

from ..pages import EventCard
from ..services.booking import availability
from ..services.listing import group_upcoming_events

register = template.Library()


@register.inclusion_tag("events/includes/group_events.html", takes_context=True)
def group_events(context, group, limit=5):
    """The group's next events, with places left, in two queries however many there are."""
    events = list(group_upcoming_events(group, limit))
    user = getattr(context.get("request"), "user", None) or AnonymousUser()
    return {
        "request": context.get("request"),
        "group": group,
        "cards": [
            EventCard(event=e, availability=availability(e, user), booking=None) for e in events
        ],
    }
