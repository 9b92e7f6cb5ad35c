"""The whole demo network, as `make demo` builds it, loaded twice: the second load duplicates
nothing, and every area's demo is checked against the result.

Loading the demo is the slowest thing the suite does, so it happens in this one test; each
area's checks live in its `demo_checks.py` and run here as a subtest named after the area.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from portal.models import User
from tests.clients import demo_checks as clients
from tests.dashboard import demo_checks as dashboard
from tests.events import cpd_demo_checks as cpd
from tests.events import demo_checks as events
from tests.governance import demo_checks as governance
from tests.lay import demo_checks as lay
from tests.publications import demo_checks as publications
from tests.roundup import demo_checks as roundup
from tests.sigs import demo_checks as sigs

AREAS = {
    "governance": governance,
    "sigs": sigs,
    "events": events,
    "cpd": cpd,
    "publications": publications,
    "lay review": lay,
    "round-up": roundup,
    "dashboard": dashboard,
    "clients (HTML, sitemap, calendars)": clients,
}


def load_demo_network():
    out = StringIO()
    call_command("load_demo_network", stdout=out)
    return out.getvalue()


def site_core():
    return {
        "users": set(User.objects.values_list("id", flat=True)),
        "pages": set(Page.objects.values_list("id", flat=True)),
    }


@pytest.fixture(autouse=True)
def _demo_password_from_default(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_network_loads_twice_and_every_area_is_in_place(client, subtests):
    output = load_demo_network()
    assert "Demo logins (password: network-demo)" in output
    first = {"site core": site_core()} | {name: area.counts() for name, area in AREAS.items()}

    load_demo_network()

    with subtests.test("the second load duplicates nothing"):
        second = {"site core": site_core()} | {n: area.counts() for n, area in AREAS.items()}
        assert second == first
    for name, area in AREAS.items():
        with subtests.test(name):
            client.logout()
            area.check(client)
