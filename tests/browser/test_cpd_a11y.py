"""CPD in a real browser: an attendee evaluates an event and downloads the certificate, checks in
to a running event with the room's code, keeps their CPD log and watches a recording; an
organiser runs the check-in pages; anyone checks a certificate. Every page is scanned by axe
(WCAG 2.2 A/AA) at desktop width and at 320 CSS pixels."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from events.cpd.models import CpdEntry
from events.cpd.queries import cpd_log
from events.cpd.services import attendance
from events.models import Booking
from tests.events.factories import BookingFactory, EventPageFactory
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser

ZOOM = (
    "Name (Original Name),User Email,Duration (Minutes)\n"
    "Priya Shah,priya.shah@nhs.net,110\n"
    "Guest Viewer,guest@example.com,90\n"
)


@pytest.fixture
def running_event(events_index, world):
    start = timezone.now() - dt.timedelta(minutes=15)
    return EventPageFactory(
        parent=events_index,
        organising_group=world.board,
        title="Ultrasound study day",
        start=start,
        end=start + dt.timedelta(hours=6),
    )


def test_an_attendee_evaluates_and_downloads_the_certificate(
    page, scans, sign_in, attended_booking, attendee
):
    event = attended_booking.event
    sign_in(page, attendee.email, PASSWORD)
    page.goto(event.url)
    scans.check("event page, CPD panel (attendee)", "MRI safety update", narrow_axe=True)
    page.get_by_role("button", name="Evaluate the event").click()
    scans.check("evaluation", "Evaluate the event")
    page.get_by_role("button", name="Send evaluation").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    scans.check("evaluation with errors", "Evaluate the event", narrow_axe=True)
    page.get_by_label("Excellent").check()
    page.get_by_label("Yes, fully").check()
    page.get_by_label("What was most useful?").fill("The implant screening cases.")
    page.locator("input[name=would_recommend][value=yes]").check()
    page.get_by_role("button", name="Send evaluation").click()
    expect(page.get_by_text("Thank you for your evaluation of MRI safety update.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate of attendance (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "certificate-mri-safety-update.pdf"
    with open(download.path(), "rb") as pdf:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert "Priya Shah" in text and "HCPC RA123456" in text
    certificate = attended_booking.certificate
    assert certificate.display_code in text

    page.goto("/cpd/")
    scans.check("CPD log", "My CPD", narrow_axe=True)
    page.get_by_role("link", name="MRI safety update", exact=True).click()
    scans.check("network event entry", "MRI safety update")
    page.get_by_label("Reflection").fill("I now screen every implant card before the scan.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your entry for “MRI safety update” was saved.")).to_be_visible()

    page.get_by_role("button", name="Add an activity").click()
    scans.check("add an activity", "Add an activity to your CPD log")
    page.get_by_role("button", name="Add to my CPD log").click()
    scans.check("add an activity with errors", "Add an activity to your CPD log", narrow_axe=True)
    page.get_by_label("Type of activity").select_option("self_directed")
    page.get_by_label("Activity", exact=True).fill("Read the new IR(ME)R guidance")
    page.get_by_label("Date", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_label("Hours").fill("1.5")
    page.get_by_role("button", name="Add to my CPD log").click()
    expect(page.get_by_text("was added to your CPD log")).to_be_visible()
    page.get_by_role("link", name="Read the new IR(ME)R guidance").click()
    page.get_by_role("link", name="Remove this entry").click()
    scans.check("remove an entry", "Remove “Read the new IR(ME)R guidance” from your CPD log?")

    page.context.clear_cookies()
    page.goto("/cpd/verify/")
    scans.check("verify start", "Check a CPD certificate")
    page.get_by_label("Verification code").fill(certificate.display_code.lower())
    page.get_by_role("button", name="Check the certificate").click()
    scans.check("verify", "This certificate is genuine", narrow_axe=True)
    expect(page.get_by_text("HCPC RA123456")).to_be_visible()
    page.goto("/cpd/verify/AAAA-BBBB-CCCC-DDDD/")
    scans.check("verify not found", "Certificate not found")
    scans.assert_clean()


def test_an_attendee_checks_in_with_the_code_in_the_room(
    page, scans, sign_in, running_event, attendee
):
    BookingFactory(event=running_event, person=attendee)
    code = attendance.check_in_code(running_event).code
    sign_in(page, attendee.email, PASSWORD)
    page.goto(running_event.url)
    page.get_by_role("button", name="Check in").click()
    scans.check("check in", "Check in to an event")
    page.get_by_label("Check-in code").fill("WRONG1")
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("#id_code-error")).to_contain_text("That code is not right.")
    scans.check("check in with an error", "Check in to an event", narrow_axe=True)
    page.get_by_label("Check-in code").fill(code.lower())
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text(f"You are checked in to {running_event.title}.")).to_be_visible()
    assert Booking.objects.get(person=attendee).attended is True
    assert CpdEntry.objects.filter(person=attendee).count() == 1

    page.goto(f"/cpd/check-in/{code}/")
    scans.check("check in from the QR code", f"Check in to {running_event.title}")
    scans.assert_clean()


def test_an_organiser_runs_check_in(page, scans, sign_in, world, finished_event, attendee):
    BookingFactory(event=finished_event, person=attendee)
    BookingFactory(event=finished_event)
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(finished_event.url)
    scans.check("event page, CPD panel (organiser)", "MRI safety update", narrow_axe=True)
    page.get_by_role("link", name="Check-in list").click()
    scans.check("check-in list", "Check-in", narrow_axe=True)
    page.get_by_label("Priya Shah attended").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 2 changes.")).to_be_visible()

    page.get_by_role("link", name="Show the self check-in code and QR code").click()
    scans.check("check-in code", "Check in to this event")
    expect(page.locator("svg").first).to_be_visible()

    page.goto(f"/cpd/events/{finished_event.pk}/attendance/import/")
    scans.check("import", "Import attendance from Teams or Zoom")
    page.get_by_label("Attendance report (CSV)").set_input_files(
        files=[{"name": "participants.csv", "mimeType": "text/csv", "buffer": ZOOM.encode()}]
    )
    page.get_by_role("button", name="Import attendance").click()
    expect(page.get_by_text("Attendance imported: 1 person marked as attended.")).to_be_visible()
    scans.check("import report", "Import attendance from Teams or Zoom", narrow_axe=True)
    scans.assert_clean()


def test_a_member_watches_a_recording_and_logs_it(page, scans, sign_in, world, recording):
    page.goto(recording.event.url)
    scans.check("event page, recordings (anonymous)", "MRI safety update")
    expect(page.get_by_text("Network members can watch the recording")).to_be_visible()
    sign_in(page, world.member.email, PASSWORD)
    page.goto(recording.event.url)
    scans.check("event page, recordings (member)", "MRI safety update")
    page.get_by_role("link", name="Recording of the webinar").click()
    scans.check("recording", "Recording of the webinar", narrow_axe=True)
    page.get_by_label("How many minutes did you watch?").fill("90")
    page.get_by_role("button", name="Add to my CPD log").click()
    expect(page.get_by_text("Added to your CPD log")).to_be_visible()
    assert cpd_log(world.member).get().hours == 1.5
    scans.assert_clean()
