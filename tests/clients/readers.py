"""Independent readers of what the portal writes: ical.js (under node) and vobject for
calendars, the Nu HTML Checker for pages, feedparser for feeds, lxml + XSD for the sitemap.

None of them is the library that wrote the file (icalendar, Django's feed generator).
"""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vobject
import vobject.icalendar

JS = Path(__file__).resolve().parent.parent / "js"
VNU_JAR = JS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITEMAP_XSD = Path(__file__).resolve().parent / "sitemap.xsd"


def _need_node():
    if shutil.which("node") is None:
        pytest.skip("node is not installed, so ical.js cannot read the calendars")
    if not (JS / "node_modules" / "ical.js").is_dir():
        pytest.fail("ical.js is not installed: run `make install-test` (npm ci --prefix tests/js)")


def icaljs_events(calendars, tmp_path):
    """{label: {uid: event}} as ical.js reads each calendar (bytes) in `calendars`."""
    _need_node()
    paths = {}
    for number, (label, body) in enumerate(calendars.items()):
        path = tmp_path / f"calendar-{number}.ics"
        path.write_bytes(body)
        paths[str(path)] = label
    result = subprocess.run(  # noqa: S603 (node on PATH, our own script, our temp files)
        [shutil.which("node"), str(JS / "read_ics.mjs"), *paths],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    read = {}
    for calendar in json.loads(result.stdout):
        read[paths[calendar["path"]]] = {
            event["uid"]: {
                **event,
                "start": dt.datetime.fromisoformat(event["start"].replace("Z", "+00:00")),
                "end": dt.datetime.fromisoformat(event["end"].replace("Z", "+00:00")),
            }
            for event in calendar["events"]
        }
    return read


def vobject_events(body):
    """{uid: event} as vobject reads one calendar, as a client opening just this file would.

    vobject keeps the first VTIMEZONE it ever saw for a TZID for the rest of the process, so
    its registry is emptied first: each file is read on its own, as a calendar app reads it.
    """
    registry = vobject.icalendar.__dict__["__tzidMap"]
    registry.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    calendar = vobject.readOne(body.decode("utf-8"))
    events = {}
    for event in calendar.contents.get("vevent", []):
        events[event.uid.value] = {
            "start": event.dtstart.value.astimezone(dt.UTC),
            "end": event.dtend.value.astimezone(dt.UTC),
            "sequence": int(event.sequence.value) if hasattr(event, "sequence") else 0,
            "status": event.status.value if hasattr(event, "status") else None,
        }
    return events


def calendar_attachments(message):
    """The text/calendar parts of an email received by the SMTP server, as bytes."""
    return [
        part.get_payload(decode=True)
        for part in message.walk()
        if part.get_content_type() == "text/calendar"
    ]


def raw_header(message, name):
    """A header as it travelled (folded, unencoded), not as the parser decodes it."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return value
    return None


def html_parts(message):
    return [part.get_content() for part in message.walk() if part.get_content_type() == "text/html"]


def text_parts(message):
    return [
        part.get_content() for part in message.walk() if part.get_content_type() == "text/plain"
    ]


def nu_check(documents, tmp_path):
    """Errors the Nu HTML Checker reports for each {label: html}; {} when all are valid."""
    if shutil.which("java") is None:
        pytest.skip("java is not installed, so the Nu HTML Checker cannot run")
    if not VNU_JAR.is_file():
        pytest.fail("vnu-jar is not installed: run `make install-test` (npm ci --prefix tests/js)")
    labels, files = {}, []
    for number, (label, html) in enumerate(documents.items()):
        path = tmp_path / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        labels[path.as_uri()] = label
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 (java on PATH, the pinned vnu.jar, our temp files)
        [
            shutil.which("java"),
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    errors = {}
    for message in report["messages"]:
        if message["type"] != "error":
            continue
        label = labels.get(message.get("url", ""), message.get("url"))
        errors.setdefault(label, []).append(
            f"line {message.get('lastLine')}: {message['message']} {message.get('extract', '')!r}"
        )
    return errors
