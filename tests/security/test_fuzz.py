"""Every URL the portal routes, opened by each kind of person with malformed values in its path,
query string and form data: huge, negative and non-numeric numbers, far dates, quotes, unicode,
nothing at all, and 10 kB of text. Nothing may answer with a server error.

The values are rotated across routes and people (rather than every value on every route) so the
walk stays well under two minutes; over the roles each route meets several of them. The admin
areas (Wagtail's and Django's) are left out: they are the libraries' own, tested upstream; the
portal's guard for them (a 30-digit id is a 404) is in test_hostile_input.py.
"""

import itertools
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
LONG = "x" * 10_000
NUMBERS = [HUGE, "-1", "0", "abc", "1.5", ""]
DATES = ["9999-12-31", "0001-01-01", "2024-02-30", "31/12/9999", "-1", ""]
TEXTS = ['a"b', "'; DROP TABLE x;--", "<script>alert(1)</script>", "ü漢字🙂", "", LONG, "%00"]
VALUES = [*NUMBERS, *DATES, *TEXTS]
PATH_VALUES = {
    "id": [HUGE, "1", "0"],
    "int": [HUGE, "1", "0"],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
    "str": ['a"b', "ü漢字", "x" * 2_000, "-1", HUGE],
    "slug": ["a-b", "x" * 2_000, "-1", HUGE],
    "path": ['a"b/c', "ü/漢", "x" * 2_000],
}
PARAMETERS = [
    "page", "q", "query", "start", "end", "date_from", "date_to", "year", "month", "trust",
    "sig", "group", "status", "kind", "view", "sort", "modality", "next", "type", "topic",
]  # fmt: skip
FORM_FIELDS = [
    "email", "name", "first_name", "title", "body", "text", "reason", "status", "trust",
    "start", "end", "hours", "amount", "date", "code", "report", "comment", "visibility",
]  # fmt: skip
LEFT_OUT = ("admin/", "django-admin/", "static/", "media/", "__debug__/")
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def routes(patterns=None, prefix=""):
    """Every route as a path template with its converters, e.g. `cpd/events/<id:event_id>/`."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            if pattern.pattern.regex.groups == 0 and isinstance(pattern, URLPattern):
                route = pattern.pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\", "")
                yield prefix + route
            elif isinstance(pattern, URLResolver) and pattern.pattern.regex.groups == 0:
                inner = pattern.pattern.regex.pattern.lstrip("^").replace("\\", "")
                yield from routes(pattern.url_patterns, prefix + inner)
            continue
        route = prefix + str(pattern.pattern)
        if route.startswith(LEFT_OUT):
            continue
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route


def fill(route, turn):
    """The route with each parameter given a malformed value, chosen by `turn`."""

    def value(match):
        choices = PATH_VALUES.get(match["converter"] or "str", PATH_VALUES["str"])
        return choices[turn % len(choices)]

    return "/" + _PARAMETER.sub(value, route)


def junk(names, turn):
    return {name: VALUES[(turn + n) % len(VALUES)] for n, name in enumerate(names)}


@pytest.fixture
def people(world):
    """The demo roles, built small: nobody, a member, a volunteer, a chair, comms and the
    network office."""
    return {
        "anonymous": None,
        "member": world.member,
        "volunteer": world.lay_member,
        "chair": world.chair,
        "comms": UserFactory(office_team="comms"),
        "network_office": UserFactory(network_office=True),
    }


def test_no_route_answers_malformed_input_with_a_server_error(world, people):
    all_routes = sorted(set(routes()))
    # Pages in the tree (served by Wagtail's catch-all) get the same treatment.
    page_urls = [world.board.url, world.meeting.url, world.home.url]
    assert len(all_routes) > 50
    failures = []
    turn = itertools.count()
    clients = {}
    for role, person in people.items():
        client = Client()
        if person is not None:
            client.force_login(person)
        clients[role] = client
    for route in all_routes + [url.lstrip("/") for url in page_urls if url]:
        for role, client in clients.items():
            n = next(turn)
            url = fill(route, n) if "<" in route else "/" + route
            for method in ("get", "post"):
                data = junk(PARAMETERS if method == "get" else FORM_FIELDS + PARAMETERS[:4], n)
                try:
                    response = getattr(client, method)(url, data)
                except Exception as error:  # noqa: BLE001 (collected, reported together below)
                    failures.append(f"{method.upper()} {url[:120]} as {role}: {error!r}"[:400])
                    continue
                if response.status_code >= 500:
                    failures.append(
                        f"{method.upper()} {url[:120]} as {role}: {response.status_code}"
                    )
    assert failures == []


def test_the_walk_reaches_the_portals_own_routes():
    found = set(routes())
    for route in (
        "sigs/protocols/<id:protocol_id>/adoption/",
        "cpd/events/<id:event_id>/attendance/import/",
        "round-up/webhooks/deliverability/",
        "dashboard/our-year/",
        "search/",
    ):
        assert route in found
    assert not any(route.startswith("admin/") for route in found)
