"""Template helpers for lay review: glossary mark-up of lay summaries, the lay-summary flag on
agendas, the public "you said, we did" log of a board, and whether a patient volunteer's name
is shown to the viewer. (Feedback raised at a meeting comes with the meeting page's agenda.)"""

from django import template
from django.contrib.auth.models import AnonymousUser

from governance.rules import can_manage_group

from .. import queries
from ..readability import mark_up_terms
from ..rules import may_see_name
from ..services import changes, review, summaries

register = template.Library()

PUBLIC_LOG_ON_GROUP_PAGE = 5


def _request_cache(context, key, compute):
    """Compute once per request: the agenda includes these per item, the query runs once."""
    request = context.get("request")
    if request is None:
        return compute()
    cache = request.__dict__.setdefault("_lay_tags_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


@register.simple_tag(takes_context=True)
def lay_summary_html(context, text, key=""):
    """A lay summary with its glossary terms marked up (definition on hover and focus); `key`
    keeps the tooltips' ids unique when a page shows several summaries."""
    terms = _request_cache(context, "glossary", summaries.glossary)
    return mark_up_terms(text, terms, id_prefix=f"term-{key}" if key else "term")


@register.simple_tag(takes_context=True)
def is_lay_board(context, group):
    """Whether the group has patient volunteers (its agenda flags papers with no lay summary)."""
    if not getattr(group, "pk", None):
        return False
    return _request_cache(context, ("lay_board", group.pk), lambda: review.has_lay_members(group))


@register.inclusion_tag("governance/lay/includes/public_change_log.html", takes_context=True)
def you_said_we_did(context, group):
    """The latest public entries of a board's "you said, we did" log, for its page."""
    if group.pk is None:  # a new group previewed before its first save has no log yet
        return {"group": group, "entries": [], "more": False, "is_manager": False}
    entries = list(changes.public_change_log(group)[: PUBLIC_LOG_ON_GROUP_PAGE + 1])
    for entry in entries:
        entry.public_name = changes.public_name(entry)
    request = context.get("request")
    return {
        "group": group,
        "entries": entries[:PUBLIC_LOG_ON_GROUP_PAGE],
        "more": len(entries) > PUBLIC_LOG_ON_GROUP_PAGE,
        "is_manager": request is not None and can_manage_group(request.user, group),
    }


@register.simple_tag(takes_context=True)
def may_name(context, person, group):
    """Whether the viewer sees `person`'s name on `group`'s pages: a patient volunteer is
    "Patient volunteer" to people outside the group unless they agreed to be named."""
    if person is None or not getattr(group, "pk", None):
        return True
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    facts = _request_cache(context, ("naming", group.pk), lambda: queries.naming_facts(group))
    return may_see_name(user, person, group, facts)
