"""Emails as mail servers and mailbox providers read them, from the real SMTP server: every
link on the configured base URL (never a local host), no template code in the text part,
whole HTML documents, Message-IDs on the site's domain, and list headers as plain ASCII."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin import mail as wagtail_admin_mail

from events.services import organiser
from events.services.booking import book_place, cancel_booking
from publications.roundup.models import IssueSend
from publications.roundup.services import drafting, sending
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.roundup.factories import SubscriberFactory
from tests.roundup.fixtures import run_send

from .conftest import BASE
from .readers import calendar_attachments, html_parts, raw_header, text_parts

pytestmark = pytest.mark.django_db
LOCAL_HOST = re.compile(r"(https?:)?//(localhost|127\.0\.0\.1|\[::1\]|testserver)\b", re.I)
LINK = re.compile(r"""https?://[^\s"'<>)]+""")
HREF = re.compile(r'(?:href|src)="(https?://[^"]+)"')
OUTSIDE = {"teams.example", "meet.example"}  # join links: another organisation's service
JOIN = "https://teams.example/join/secret-webinar-room"


def everything_in(message):
    """All the decoded text of a message: headers, text, HTML and calendar parts."""
    parts = [f"{name}: {value}" for name, value in message.items()]
    parts += text_parts(message) + html_parts(message)
    parts += [body.decode().replace("\r\n ", "") for body in calendar_attachments(message)]
    return "\n".join(parts)


def assert_well_formed(message):
    everything = everything_in(message)
    assert not LOCAL_HOST.search(everything), (message["Subject"], LOCAL_HOST.findall(everything))
    links = [link for text in text_parts(message) for link in LINK.findall(text)]
    links += [link for html in html_parts(message) for link in HREF.findall(html)]
    links += [
        link
        for body in calendar_attachments(message)
        for link in LINK.findall(body.decode().replace("\r\n ", ""))
    ]
    assert links, message["Subject"]
    for link in links:
        host = urlsplit(link).hostname
        assert link.startswith(BASE + "/") or link == BASE or host in OUTSIDE, link
    assert message["Message-ID"].endswith("@portal.wmin.example>"), message["Message-ID"]
    for text in text_parts(message):
        assert "{{" not in text and "{%" not in text and "}}" not in text, message["Subject"]
    for html in html_parts(message):
        assert html.lstrip().lower().startswith("<!doctype html>"), message["Subject"]
        assert '<html lang="en-GB"' in html, message["Subject"]
        assert re.search(r'<meta charset="utf-8">', html, re.I), message["Subject"]


def test_booking_emails_link_only_to_the_configured_address_and_are_whole_documents(
    world, events_index, client, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    study_day = EventPageFactory(parent=events_index, organising_group=world.board)
    webinar = EventPageFactory(parent=events_index, webinar=True, organising_group=world.board)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_place(study_day, world.member, {})
        book_place(webinar, world.member, {})
    with django_capture_on_commit_callbacks(execute=True):
        organiser.change_time_or_place(study_day, world.chair, venue_name="Room 2")
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking, world.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": world.member.email})
    messages = smtp_inbox.to(world.member.email)
    assert len(messages) == 5
    for message in messages:
        assert_well_formed(message)


def test_the_event_emails_text_part_gives_the_address_on_one_line(
    world, events_index, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=events_index)  # 1 Broad Street / Birmingham B1 2AA
    with django_capture_on_commit_callbacks(execute=True):
        book_place(event, world.member, {})
    (message,) = smtp_inbox.to(world.member.email)
    text = smtp_inbox.text(message).replace("\r\n", "\n")
    assert "Where: Birmingham Conference Centre, 1 Broad Street, Birmingham B1 2AA\n" in text
    assert "linebreaks" not in text and "{{" not in text


def test_the_booking_confirmation_and_its_calendar_file_agree_about_the_join_link(
    world, events_index, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    webinar = EventPageFactory(parent=events_index, webinar=True)
    with django_capture_on_commit_callbacks(execute=True):
        book_place(webinar, world.member, {})
    (message,) = smtp_inbox.to(world.member.email)
    text = smtp_inbox.text(message)
    (calendar,) = calendar_attachments(message)
    assert JOIN in calendar.decode().replace("\r\n ", "")
    assert f"Join online: {JOIN}" in text
    assert "in the attached calendar file" in text
    assert "We will send you the link to join online the day before" not in text


def test_the_round_up_links_its_items_and_headers_on_the_configured_address(
    roundup_site,
    settings,
    smtp_inbox,
):
    settings.ROUNDUP_RATE_PER_MINUTE = 0

    events = EventIndexPageFactory(parent=roundup_site.home)
    EventPageFactory(
        parent=events, title="CT study day", start=timezone.now() + dt.timedelta(days=9)
    )
    reader = SubscriberFactory(email="reader@partner.example")
    issue = drafting.draft_next_issue()
    links = [i["link"] for block in issue.sections for i in block.value["items"]]
    assert links and all(link.startswith(BASE + "/") for link in links), links

    run_send(IssueSend.objects.get(pk=sending.request_send(issue).pk))
    (message,) = smtp_inbox.to(reader.email)
    assert_well_formed(message)
    html = html_parts(message)[0]
    assert f'href="{links[0]}"' in html

    unsubscribe = raw_header(message, "List-Unsubscribe")
    assert unsubscribe.isascii() and "=?" not in unsubscribe
    entries = [entry.strip() for entry in unsubscribe.split(",")]
    assert entries[0].startswith(f"<{BASE}/round-up/unsubscribe/") and entries[0].endswith(">")
    assert entries[1].startswith("<mailto:") and entries[1].endswith(">")
    assert all(len(line) <= 998 for line in unsubscribe.splitlines())
    assert (
        raw_header(message, "List-Id") == "Imaging Network round-up <roundup.portal.wmin.example>"
    )
    assert raw_header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"


def test_emails_the_portal_does_not_build_itself_still_carry_the_sites_message_id(smtp_inbox):
    """Wagtail's admin builds its own workflow emails (page submitted, approved, rejected) with
    this function; threads and spam filters still see the network's domain in the Message-ID,
    never the sending machine's name."""
    wagtail_admin_mail.send_mail(
        "The MRI SIG page was submitted for moderation", "Review it.", ["editor@nhs.example"]
    )
    (message,) = smtp_inbox.to("editor@nhs.example")
    assert message["Message-ID"].endswith("@portal.wmin.example>"), message["Message-ID"]
