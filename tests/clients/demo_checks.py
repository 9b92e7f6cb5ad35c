"""Client checks on the demo network (run from tests/test_demo_network.py as the "clients"
area): the key pages pass the Nu HTML Checker, the sitemap lists only pages anonymous visitors
can open, and the demo's calendars read the same in ical.js, vobject and zoneinfo."""

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.test import override_settings
from django.urls import reverse
from lxml import etree

from events.models import EventPage
from governance.models import MeetingPage
from portal.models import User

from .readers import SITEMAP_XSD, icaljs_events, nu_check, vobject_events

BASE = "https://portal.wmin.example"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def counts():
    return {}


def key_pages(client):
    """The seven pages the Nu HTML Checker failed on, each as the person who uses it."""
    admin = User.objects.get(email="admin@demo.example")
    member = User.objects.get(email="member@demo.example")
    meeting = (
        MeetingPage.objects.live().filter(agenda_items__isnull=False).order_by("-start").first()
    )
    pages = {
        "meeting": (admin, meeting.url),
        "decisions": (admin, reverse("governance:decision_register")),
        "risks": (admin, reverse("governance:risk_network")),
        "my bookings": (member, reverse("events:my_bookings")),
        "CPD": (member, reverse("cpd:log")),
        "dashboard": (member, reverse("dashboard:overview")),
        "variation": (admin, reverse("sigs:variation_dashboard")),
    }
    rendered = {}
    for name, (person, url) in pages.items():
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        rendered[name] = response.content.decode()
    client.logout()
    return rendered


def check_html(client):
    with tempfile.TemporaryDirectory() as folder:
        assert nu_check(key_pages(client), Path(folder)) == {}


def check_sitemap(client):
    response = client.get(reverse("sitemap"))
    document = etree.fromstring(response.content)
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    assert schema.validate(document), schema.error_log
    found = [loc.text for loc in document.iter(f"{SITEMAP}loc")]
    assert found and all(loc.startswith(BASE + "/") for loc in found)
    closed = []
    for loc in found:
        status = client.get(urlsplit(loc).path).status_code
        if status != 200:
            closed.append((loc, status))
    assert closed == [], closed


def check_calendars(client):
    meetings = list(MeetingPage.objects.live().order_by("start"))
    group = meetings[0].get_parent()
    calendars = {
        "public events feed": client.get(reverse("events:public_feed")).content,
        "a group's meetings": client.get(
            reverse("governance:group_meetings_calendar", args=[group.pk])
        ).content,
    }
    for meeting in meetings[:: max(len(meetings) // 12, 1)]:
        calendars[f"meeting {meeting.pk}"] = client.get(
            reverse("governance:meeting_calendar", args=[meeting.pk])
        ).content
    starts = {f"event-{e.pk}": e.start for e in EventPage.objects.live()}
    starts |= {f"meeting-{m.pk}": m.start for m in meetings}
    with tempfile.TemporaryDirectory() as folder:
        by_icaljs = icaljs_events(calendars, Path(folder))
    read = 0
    for label, body in calendars.items():
        by_vobject = vobject_events(body)
        for uid, event in by_icaljs[label].items():
            expected = starts[uid.split("@")[0]]
            assert event["start"] == expected, (label, uid, "ical.js")
            assert by_vobject[uid]["start"] == expected, (label, uid, "vobject")
            read += 1
    assert read > 12


def check(client):
    """Each check runs, so one failing does not hide the others."""
    failures = []
    with override_settings(PORTAL_BASE_URL=BASE, WAGTAILADMIN_BASE_URL=BASE):
        for one in (check_html, check_sitemap, check_calendars):
            try:
                one(client)
            except Exception as failure:  # noqa: BLE001 (reported together below)
                failures.append(f"{one.__name__}: {type(failure).__name__}: {failure}")
    assert not failures, "\n".join(failures)
