"""Input a hostile (or clumsy) person sends: each case gave a server error before, and now gets
a clear message with a 4xx, or is simply not found — and nothing is lost or doubled."""

import datetime as dt
import io
import json
import socket
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from filer.models import File

from events.cpd.models import CpdEntry
from events.forms import ChangeEventForm
from events.models import EventPage
from portal.text_extraction import read_text
from tests.events.factories import EventPageFactory
from tests.plugins.task_queue import EMAIL_TASK, run_due
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

HUGE_ID = "9" * 30


def page_text(response):
    return " ".join(response.content.decode().split())


# Adoption: a post that names no trust -------------------------------------------------------


@pytest.mark.parametrize("trust", ["abc", "", "1.5", "-1"])
def test_an_adoption_post_without_a_trust_is_refused_with_a_message(
    client, sig_world, approved_protocol, trust
):
    client.force_login(sig_world.lead)
    url = f"/sigs/protocols/{approved_protocol.pk}/adoption/"
    response = client.post(url, {"trust": trust, "status": "adopted"})
    assert response.status_code == 400
    assert "Choose one of the trusts listed on this page." in page_text(response)


# Search: quotes and brackets are words to look for, not syntax -----------------------------


@pytest.mark.parametrize("query", ['a"b', '"', "NEAR(", 'a OR "b', "(x", "*", "^a"])
def test_punctuation_in_the_search_box_finds_nothing_rather_than_failing(
    client, world, immediate_tasks, query
):
    client.force_login(world.member)
    response = client.get(reverse("search:search"), {"query": query})
    assert response.status_code == 200


# The dashboard: far dates, and 29 February --------------------------------------------------


def test_our_year_for_a_period_in_the_far_future_is_refused_with_a_message(client, world):
    client.force_login(UserFactory(network_office=True))
    response = client.get(
        reverse("dashboard:our_year"), {"start": "9990-01-01", "end": "9999-12-31"}
    )
    assert response.status_code == 400
    assert "Choose a date no later than" in page_text(response)
    assert (
        client.get(
            reverse("dashboard:our_year_csv"), {"start": "9990-01-01", "end": "9999-12-31"}
        ).status_code
        == 404
    )


def test_the_dashboard_opens_on_29_february(client, world):
    office = UserFactory(network_office=True)
    with time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC), tick=False):
        client.force_login(office)
        for name in ("dashboard:overview", "dashboard:meetings", "dashboard:our_year"):
            assert client.get(reverse(name)).status_code == 200, name


# Attendance import --------------------------------------------------------------------------

HEADER = "Name,User Email,Duration (Minutes)\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # UTF-16 by its byte-order mark, cut one byte short.
        ("utf16-odd", "it says it is UTF-16 but is cut short"),
        (HEADER + "Priya,priya.shah@nhs.net," + "9" * 400 + "\n", "is not a length of time"),
        (HEADER + "Priya,priya.shah@nhs.net,52," + "x" * 200_000 + "\n", "could not be read"),
        (HEADER + "P" * 50_000 + ",priya.shah@nhs.net,52\n", "longer than 10,000 characters"),
    ],
)
def test_a_damaged_attendance_report_is_explained_beside_the_field(
    client, world, finished_event, content, message
):
    if content == "utf16-odd":
        data = (HEADER + "Priya,priya.shah@nhs.net,52\n").encode("utf-16")[:-1]
    else:
        data = content.encode()
    client.force_login(world.chair)
    response = client.post(
        reverse("cpd:import_attendance", args=[finished_event.pk]),
        {"report": _file("report.csv", data)},
    )
    assert response.status_code == 400
    assert 'id="id_report-error"' in response.content.decode()
    assert message in page_text(response)


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


# Events in year 1 ---------------------------------------------------------------------------


def test_the_change_event_form_refuses_dates_outside_the_years_events_are_held():
    form = ChangeEventForm(
        {
            "start": "0001-01-01T09:00",
            "end": "0001-01-01T17:00",
            "online": "on",
            "join_url": "https://example.org",
        }
    )
    assert not form.is_valid()
    assert "Enter a date between 2000 and 2100." in form.errors["start"]


def test_the_page_editor_refuses_an_event_in_year_1(events_index, world):
    event = EventPageFactory(parent=events_index, organising_group=world.board)
    event.start = dt.datetime(1, 1, 1, 9, tzinfo=dt.UTC)
    with pytest.raises(Exception, match="Enter a date between 2000 and 2100"):
        event.full_clean()


def test_check_in_pages_of_an_event_already_saved_in_year_1_do_not_fail(
    client, events_index, world
):
    event = EventPageFactory(parent=events_index, organising_group=world.board)
    EventPage.objects.filter(pk=event.pk).update(
        start=dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.UTC),
        end=dt.datetime(1, 1, 1, 0, 30, tzinfo=dt.UTC),
    )
    client.force_login(world.chair)
    for name in ("cpd:check_in_list", "cpd:check_in_code"):
        response = client.get(reverse(name, args=[event.pk]))
        assert response.status_code < 500, name


# The deliverability webhook -----------------------------------------------------------------


def test_the_webhook_answers_deeply_nested_json_with_a_400(client, settings):
    settings.ROUNDUP_WEBHOOK_SECRET = "s3cret"
    body = "[" * 50_000 + "]" * 50_000
    response = client.post(
        reverse("roundup:deliverability_webhook"),
        body,
        content_type="application/json",
        headers={"X-Webhook-Secret": "s3cret"},
    )
    assert response.status_code == 400
    assert json.loads(response.content)["error"] == "The JSON is nested too deeply."


# Ids too big for the database ---------------------------------------------------------------


def test_an_id_of_thirty_digits_is_not_found(client, world):
    client.force_login(world.admin)
    for url in (
        f"/sigs/protocols/{HUGE_ID}/adoption/",
        f"/cpd/events/{HUGE_ID}/attendance/",
        f"/bookings/{HUGE_ID}/attendees/",
        f"/admin/pages/{HUGE_ID}/",
        f"/admin/pages/{HUGE_ID}/edit/",
    ):
        assert client.get(url).status_code == 404, url


# Password reset with the mail relay down ----------------------------------------------------


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends


def test_a_password_reset_while_the_relay_is_down_is_sent_later(
    client, world, smtp_inbox, settings
):
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2},
        }
    }
    response = client.post(reverse("account_reset_password"), {"email": world.member.email})
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "sent you an email" in page_text(follow).lower() or follow.status_code == 200

    assert run_due(EMAIL_TASK) == 1  # the worker tries while the relay is down…
    failed_once = DBTaskResult.objects.filter(task_path=EMAIL_TASK).order_by("enqueued_at")
    assert [r.return_value for r in failed_once] == ["retry", None]
    assert run_due(EMAIL_TASK) == 0  # …and the retry waits its turn

    settings.MAILERS = working
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert run_due(EMAIL_TASK) == 1
    [message] = smtp_inbox.to(world.member.email)
    assert "password" in message["Subject"].lower()


# Double submits -----------------------------------------------------------------------------


def test_an_activity_posted_eight_times_is_added_once(client, world):
    client.force_login(world.member)
    url = reverse("cpd:add_activity")
    token = _token(client.get(url))
    data = {
        "activity_type": CpdEntry.ActivityType.choices[0][0],
        "title": "Reporting course",
        "provider": "RCR",
        "start_date": "2024-01-10",
        "hours": "2",
        "submission_token": token,
    }
    responses = [client.post(url, data) for _ in range(8)]
    assert {r.status_code for r in responses} == {302}
    assert CpdEntry.objects.filter(person=world.member, title="Reporting course").count() == 1
    assert "already in your CPD log" in page_text(client.get(reverse("cpd:log")))
    # A fresh form adds a second, deliberate, entry.
    client.post(url, {**data, "submission_token": _token(client.get(url))})
    assert CpdEntry.objects.filter(person=world.member, title="Reporting course").count() == 2


def _token(response):
    html = response.content.decode()
    marker = 'name="submission_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


# Round-up sign-up ---------------------------------------------------------------------------


def test_round_up_sign_up_never_echoes_what_was_typed_into_the_email(
    client, world, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("roundup:subscribe"),
            {
                "email": "victim@example.org",
                "first_name": "Click http://evil.example now",
                "organisation": "Win a prize at evil.example",
                "sig_choice": "all",
            },
        )
    [message] = smtp_inbox.to("victim@example.org")
    raw = message.as_string()
    assert "evil.example" not in raw and "Click" not in raw


def test_round_up_sign_up_is_rate_limited(client, world, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "roundup_subscribe": "3/h/ip"}
    statuses = [
        client.post(
            reverse("roundup:subscribe"),
            {"email": f"person{n}@example.org", "sig_choice": "all"},
        ).status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    refused = client.post(
        reverse("roundup:subscribe"), {"email": "late@example.org", "sig_choice": "all"}
    )
    assert "too many requests to sign up" in page_text(refused)


# Office files -------------------------------------------------------------------------------


def _stored(name, data):
    return File.objects.create(file=ContentFile(data, name=name), original_filename=name)


def zip_bomb_docx():
    """A DOCX whose document part expands 1,000-fold: 100 MB of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(100):
                part.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_docx_is_indexed_without_its_text_and_says_why():
    data = zip_bomb_docx()
    assert len(data) < 200_000
    extraction = read_text(_stored("bomb.docx", data).file, "bomb.docx")
    assert extraction.text == ""
    assert "compressed more than 100 times" in extraction.problem


def test_a_malformed_docx_gives_a_reason_not_an_error():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", "<w:document><unclosed>")
    extraction = read_text(_stored("odd.docx", out.getvalue()).file, "odd.docx")
    assert extraction.text == ""
    assert "damaged" in extraction.problem


def test_rebuild_search_carries_on_past_a_zip_bomb_once_and_the_office_sees_why(world):
    from django.core.management import call_command
    from wagtail.models import ModelLogEntry

    from governance.models import Paper
    from governance.visibility import Visibility
    from tests.governance.factories import AgendaItemFactory

    item = AgendaItemFactory(meeting=world.meeting, visibility=Visibility.NETWORK)
    paper = Paper.objects.create(
        agenda_item=item,
        title="Bomb",
        file=_stored("bomb.docx", zip_bomb_docx()),
        visibility=Visibility.NETWORK,
    )
    call_command("rebuild_search", verbosity=0)
    entry = ModelLogEntry.objects.get(action="portal.search_text_skipped", object_id=str(paper.pk))
    assert "compressed more than 100 times" in entry.data["reason"]
    assert "compressed more than 100 times" in entry.message
    # The next rebuild does not open the refused file again (nor log it twice).
    again = io.StringIO()
    call_command("rebuild_search", stdout=again)
    assert "meeting papers" not in again.getvalue()
    skipped = ModelLogEntry.objects.filter(action="portal.search_text_skipped")
    assert skipped.filter(object_id=str(paper.pk)).count() == 1


# Headers ------------------------------------------------------------------------------------


def test_pages_carry_a_content_security_policy_with_no_inline_script(client, world):
    response = client.get("/")
    policy = response["Content-Security-Policy"]  # enforced, not only reported
    assert "Content-Security-Policy-Report-Only" not in response
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0] and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    html = response.content.decode()
    assert "<script>" not in html


def test_a_signed_in_page_carries_the_enforced_policy_too(client, world):
    client.force_login(world.member)
    response = client.get("/my/")
    assert response.status_code == 200
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response
    assert "camera=()" in response["Permissions-Policy"]


def test_the_admin_gets_the_policy_as_report_only(client, world):
    client.force_login(world.admin)
    response = client.get("/admin/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.fixture
def finished_event(events_index, world):
    start = timezone.now() - dt.timedelta(days=1, hours=3)
    return EventPageFactory(
        parent=events_index,
        organising_group=world.board,
        title="MRI safety update",
        webinar=True,
        start=start,
        end=start + dt.timedelta(hours=2),
        cpd_hours=Decimal("3.0"),
    )
