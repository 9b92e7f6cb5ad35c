"""Path converters for the portal's URLs, registered once (from `portal/__init__.py`, which
Django imports before any URLconf or routable page).

`<id:…>` is Django's `<id:…>` with a length cap: an id of 19 or more digits cannot be a row's
key (a 64-bit key has at most 19 digits), and SQLite raises OverflowError when asked for one,
so such a URL is simply not found (404) instead of failing.
"""

from django.urls import register_converter
from django.urls.converters import get_converters

MAX_ID_DIGITS = 18


class IdConverter:
    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def register():
    if "id" not in get_converters():
        register_converter(IdConverter, "id")
