"""Reading pages the way a person does: the text of a form field's group, its typed value."""

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(response):
    """The page's visible text, whitespace collapsed."""
    return " ".join(soup(response).get_text(" ").split())


def field_group(response, name):
    """The NHS.UK form group that holds the field called `name` (label, hint, error, input)."""
    control = soup(response).find(attrs={"name": name}, id=True)
    assert control is not None, f"no field called {name!r} on the page"
    group = control.find_parent(class_="nhsuk-form-group")
    assert group is not None, f"field {name!r} is not inside an NHS.UK form group"
    return group


def field_error(response, name):
    """The error message shown beside a field, or '' if there is none."""
    error = field_group(response, name).find(class_="nhsuk-error-message")
    return " ".join(error.get_text(" ").split()) if error else ""


def field_value(response, name):
    """What the field shows as typed in (inputs) or chosen (selects)."""
    control = field_group(response, name).find(attrs={"name": name})
    if control.name == "select":
        chosen = control.find("option", selected=True)
        return chosen["value"] if chosen else ""
    if control.name == "textarea":
        return control.get_text()
    return control.get("value", "")


def error_summary(response):
    """The items in the NHS.UK error summary at the top of the page."""
    summary = soup(response).find(class_="nhsuk-error-summary")
    if summary is None:
        return []
    return [" ".join(li.get_text(" ").split()) for li in summary.find_all("li")]
