"""Template helpers for the governance registers."""

from django import template

register = template.Library()


@register.filter
def days_after(later, earlier):
    """Whole days from `earlier` to `later` (for "overdue by N days")."""
    return (later - earlier).days


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def register_pagination(context, page_obj):
    """NHS.UK numbered pagination that keeps the filters in the query string."""
    paginator = page_obj.paginator
    return {
        "request": context["request"],
        "page_obj": page_obj,
        "pages": paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1),
        "ellipsis": paginator.ELLIPSIS,
    }
