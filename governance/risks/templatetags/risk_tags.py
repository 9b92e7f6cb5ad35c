"""Template helpers for risk registers, and the pieces other governance pages include.

The library keeps its name, so templates still `{% load risk_tags %}`."""

from django import template

from ..models import Band, RiskTree
from ..rules import can_view_risk_register
from ..services import escalated_risks_for, next_meeting_of, risk_rows, risk_settings

register = template.Library()

BAND_COLOURS = {
    Band.LOW: "green",
    Band.MODERATE: "yellow",
    Band.HIGH: "orange",
    Band.EXTREME: "red",
}


@register.filter
def band_colour(band):
    """The NHS.UK tag colour of a band."""
    return BAND_COLOURS[Band(band)]


@register.filter
def titles(groups):
    """Group titles joined for a sentence: "A", "A and B", "A, B and C"."""
    names = [group.title for group in groups]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


@register.inclusion_tag("governance/includes/escalated_risks.html", takes_context=True)
def escalated_risks(context, meeting):
    """The "Escalated risks" part of a group's next meeting agenda, for those who may see the
    group's register (nothing for anyone else, and nothing on other meetings)."""
    request = context["request"]
    group = meeting.get_parent().specific
    # A meeting that has ended or is cancelled is no group's next meeting: no need to ask.
    shown = meeting.is_upcoming and can_view_risk_register(request.user, group)
    if shown:
        upcoming = next_meeting_of(group)
        shown = upcoming is not None and upcoming.pk == meeting.pk
    rows = []
    if shown:
        tree = RiskTree()
        rows = risk_rows(
            escalated_risks_for(group, tree),
            bands=risk_settings(request),
            tree=tree,
            register_group=group,
        )
    return {"request": request, "shown": shown, "group": group, "rows": rows}


@register.inclusion_tag("governance/includes/risk_register_link.html", takes_context=True)
def risk_register_link(context, group):
    """A link to a group's risk register, shown only to those who may open it."""
    request = context["request"]
    return {"group": group, "shown": can_view_risk_register(request.user, group)}
