"""Template helpers: the site header with account links, and NHS.UK-styled form widgets."""

from django import forms, template
from wagtailnhsukfrontend.settings.templatetags.nhsukfrontendsettings_tags import (
    header as nhsuk_header,
)

register = template.Library()


@register.inclusion_tag("wagtailnhsukfrontend/header.html", takes_context=True)
def site_header(context):
    """The NHS.UK header from the site's header settings, plus the signed-in person's links."""
    request = context["request"]
    return {
        **nhsuk_header(context),
        "request": request,
        "user": request.user,
        "perms": context.get("perms"),
    }


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
    """The pages above this one, from the home page down (the tree's root is left out)."""
    return list(page.get_ancestors().filter(depth__gt=1))
