"""Template helpers: the site header with account links, and NHS.UK-styled form widgets."""

from django import forms, template
from wagtail.models import Site
from wagtailnhsukfrontend.settings.models import HeaderSettings

from portal import navigation, page_cache
from portal.routing import routed_ancestors

register = template.Library()


@register.simple_tag(takes_context=True)
def live_data(context):
    """Marks the page as showing live numbers (places left): the anonymous page cache keeps it
    only until the next booking changes (portal.page_cache)."""
    page_cache.mark_live(context.get("request"))
    return ""


@register.inclusion_tag("wagtailnhsukfrontend/header.html", takes_context=True)
def site_header(context):
    """The NHS.UK header: the public areas in its menu, and the signed-in person's own areas
    in its account links, each shown only to those it applies to (see portal.navigation)."""
    request = context["request"]
    site = Site.find_for_request(request)
    names = page_cache.while_pages_unchanged(
        f"header:{site.pk if site else None}", lambda: _header_names(request)
    )
    return {
        **names,
        "request": request,
        "user": request.user,
        "primary_links": navigation.links_for(request, navigation.MENU),
        "account_links": navigation.links_for(request, navigation.ACCOUNT),
    }


def _header_names(request):
    header = HeaderSettings.for_request(request)
    return {"service_name": header.service_name, "organisation_name": header.organisation_name}


def _widget_classes(widget):
    """The NHS.UK class for a widget, and the class it takes when its field has an error."""
    if isinstance(widget, forms.CheckboxInput):
        return "nhsuk-checkboxes__input", ""
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "nhsuk-select", "nhsuk-select--error"
    if isinstance(widget, forms.Textarea):
        return "nhsuk-textarea", "nhsuk-textarea--error"
    return "nhsuk-input", "nhsuk-input--error"


@register.filter
def nhsuk_widget(bound_field):
    """Render a field's widget with NHS.UK classes and the ids of its hint and error."""
    widget = bound_field.field.widget
    css, error_css = _widget_classes(widget)
    classes = [widget.attrs.get("class", ""), css, error_css if bound_field.errors else ""]
    attrs = {"class": " ".join(c for c in classes if c)}
    described_by = [
        f"{bound_field.auto_id}-{suffix}"
        for suffix, present in (("hint", bound_field.help_text), ("error", bound_field.errors))
        if present
    ]
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field):
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def breadcrumb_ancestors(page):
    """The pages above this one, from the home page down (the tree's root is left out): from
    the route when the page was routed to (portal.routing.routed_ancestors), else one query."""
    ancestors = routed_ancestors(page)
    if ancestors is None:
        return list(page.get_ancestors().filter(depth__gt=1))
    return ancestors


def _error_anchor(field):
    """Where an error summary link goes: the field, or the first of its radios or checkboxes."""
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.filter
def error_summary(form):
    """The NHS.UK error summary's entries for a form: (anchor, message), each naming its field
    (Django's own messages, such as "This field is required.", do not) and linking to it."""
    entries = [("", str(error)) for error in form.non_field_errors()]
    for field in form.visible_fields():
        label = str(field.label or field.name).rstrip(":?").strip()
        for error in field.errors:
            message = str(error)
            if label.lower() not in message.lower():
                message = f"{label}: {message}"
            entries.append((_error_anchor(field), message))
    return entries
