"""Governance respects time: nothing is recorded of a meeting before it starts, minutes are
approved only at a later meeting that is under way or held, decisions carry their meeting's
date, settled records change only through a logged correction, a person present is nobody's
deputy, and standing items are on the agenda (once) before a meeting is published.

Every instant is fixed here or frozen with time-machine; nothing reads "today" at import."""

import datetime as dt
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from governance.errors import (
    AgendaRepeatsItem,
    CorrectionRefused,
    DeputyClash,
    MeetingNotStarted,
    MinutesApprovalRefused,
)
from governance.models import AgendaItem, Attendance, Decision, MeetingPage, Minutes
from governance.services import records
from governance.services.meetings import (
    add_standard_opening,
    check_agenda,
    record_attendance,
    record_attendance_sheet,
)
from governance.visibility import Visibility
from tests.portal.factories import UserFactory

from .factories import AgendaItemFactory, DecisionFactory, MeetingPageFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SEPTEMBER = dt.datetime(2026, 9, 14, 10, 0, tzinfo=LONDON)
JANUARY = dt.datetime(2027, 1, 11, 10, 0, tzinfo=LONDON)
MINUTE = dt.timedelta(minutes=1)
PRESENT = Attendance.Status.PRESENT
DEPUTISED = Attendance.Status.DEPUTISED


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def september(world):
    """The board's September meeting, with one ordinary item."""
    meeting = MeetingPageFactory(
        parent=world.board, title="Operational Board, September", start=SEPTEMBER
    )
    item = AgendaItemFactory(meeting=meeting, title="Budget", visibility=Visibility.PUBLIC)
    return meeting, item


@pytest.fixture
def january(world):
    """The board's January 2027 meeting, where the September minutes are due for approval."""
    meeting = MeetingPageFactory(
        parent=world.board, title="Operational Board, January", start=JANUARY
    )
    AgendaItemFactory(
        meeting=meeting,
        kind=AgendaItem.Kind.PREVIOUS_MINUTES,
        title="Minutes of the last meeting",
        visibility=Visibility.PUBLIC,
    )
    return meeting


@pytest.fixture
def circulated(world, september):
    meeting, item = september
    with at(SEPTEMBER + dt.timedelta(days=2)):
        records.write_minute(item, "The budget was agreed.", by=world.secretary)
        return records.circulate_minutes(meeting, by=world.secretary)


# 1. Attendance and minutes only once the meeting has started ---------------------------------


def test_attendance_is_refused_a_minute_before_the_start_and_taken_at_the_start(world, september):
    meeting, _ = september
    with at(SEPTEMBER - MINUTE), pytest.raises(MeetingNotStarted, match="10:00 on 14 September"):
        record_attendance(meeting, world.chair, PRESENT, recorded_by=world.secretary)
    assert not Attendance.objects.exists()
    with at(SEPTEMBER):
        record_attendance(meeting, world.chair, PRESENT, recorded_by=world.secretary)
    assert Attendance.objects.get().status == PRESENT


def test_minutes_are_neither_drafted_nor_circulated_before_the_meeting(world, september):
    meeting, item = september
    with at(SEPTEMBER - MINUTE):
        with pytest.raises(MeetingNotStarted):
            records.write_minute(item, "Written in advance", by=world.secretary)
        with pytest.raises(MeetingNotStarted):
            records.circulate_minutes(meeting, by=world.secretary)
    assert not Minutes.objects.filter(status=Minutes.Status.CIRCULATED).exists()
    with at(SEPTEMBER):
        records.write_minute(item, "The chair opened the meeting.", by=world.secretary)
        assert records.circulate_minutes(meeting, by=world.secretary).is_approved is False


def test_the_attendance_page_says_when_it_opens_instead_of_a_500(world, september, client):
    meeting, _ = september
    client.force_login(world.secretary)
    url = reverse("governance:attendance", args=[meeting.pk])
    with at(SEPTEMBER - dt.timedelta(days=30)):
        page = client.get(url).content.decode()
        response = client.post(url, {f"status_{world.chair.pk}": PRESENT})
    assert "only once the meeting has started, at 10:00 on 14 September 2026" in page
    assert "Save attendance" not in page
    assert response.status_code == 200
    assert "only once the meeting has started" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_minutes_and_decision_pages_wait_for_the_meeting(world, september, client):
    meeting, item = september
    client.force_login(world.secretary)
    with at(SEPTEMBER - MINUTE):
        minutes = client.get(reverse("governance:minutes", args=[meeting.pk])).content.decode()
        decision = client.post(
            reverse("governance:record_decision", args=[meeting.pk, item.pk]),
            {"text": "Agreed in advance"},
        )
    assert "Minutes can be recorded only once the meeting has started" in minutes
    assert "Save the minutes" not in minutes
    assert decision.status_code == 200
    assert "Decisions can be recorded only once the meeting has started" in (
        decision.content.decode()
    )
    assert not Decision.objects.exists()


def test_a_cancelled_meeting_records_nothing(world, september):
    meeting, _ = september
    meeting.status = MeetingPage.Status.CANCELLED
    meeting.save()
    with at(SEPTEMBER + dt.timedelta(hours=1)), pytest.raises(MeetingNotStarted, match="cancel"):
        record_attendance(meeting, world.chair, PRESENT, recorded_by=world.secretary)


# 2. Approval at a later meeting that is under way or held, by its decision -------------------


def test_minutes_are_not_approved_at_a_meeting_that_has_not_happened(world, circulated, january):
    # The reported bug: September's minutes "approved at" the January 2027 meeting in December.
    december = dt.datetime(2026, 12, 5, 15, 0, tzinfo=LONDON)
    with at(december), pytest.raises(MinutesApprovalRefused, match="has not started yet"):
        records.approve_minutes(circulated, at_meeting=january, by=world.chair)
    with at(JANUARY - MINUTE), pytest.raises(MinutesApprovalRefused):
        records.approve_minutes(circulated, at_meeting=january, by=world.chair)
    assert Minutes.objects.get(pk=circulated.pk).status == Minutes.Status.CIRCULATED
    assert not Decision.objects.exists()


def test_minutes_are_approved_once_the_later_meeting_is_under_way(world, circulated, january):
    with at(JANUARY):
        minutes = records.approve_minutes(circulated, at_meeting=january, by=world.chair)
    assert minutes.status == Minutes.Status.APPROVED
    decision = minutes.approved_by_decision
    assert decision.meeting == january
    assert decision.agenda_item.kind == AgendaItem.Kind.PREVIOUS_MINUTES
    assert decision.decided_on == dt.date(2027, 1, 11)


def test_minutes_are_not_approved_at_their_own_or_an_earlier_meeting(world, september, circulated):
    meeting, _ = september
    earlier = MeetingPageFactory(parent=world.board, start=SEPTEMBER - dt.timedelta(days=60))
    with at(SEPTEMBER + dt.timedelta(days=3)):
        for wrong in (meeting, earlier):
            with pytest.raises(MinutesApprovalRefused, match="later meeting"):
                records.approve_minutes(circulated, at_meeting=wrong, by=world.chair)


def test_the_approve_form_offers_only_later_meetings_already_started(
    world, september, circulated, january, client
):
    meeting, _ = september
    november = MeetingPageFactory(
        parent=world.board,
        title="Operational Board, November",
        start=dt.datetime(2026, 11, 9, 10, 0, tzinfo=LONDON),
    )
    client.force_login(world.chair)
    url = reverse("governance:minutes", args=[meeting.pk])
    with at(dt.datetime(2026, 12, 5, 15, 0, tzinfo=LONDON)):
        html = client.get(url).content.decode()
        response = client.post(url, {"action": "approve", "at_meeting": january.pk})
    assert "Operational Board, November" in html
    assert "Operational Board, January" not in html
    assert "Select a valid choice." in response.content.decode()
    with at(dt.datetime(2026, 12, 5, 15, 0, tzinfo=LONDON)):
        client.post(url, {"action": "approve", "at_meeting": november.pk})
    assert Minutes.objects.get(pk=circulated.pk).approved_by_decision.meeting == november


# 3. Decisions carry their meeting's date ------------------------------------------------------


def test_a_decision_is_dated_by_its_meeting_in_london_time(world):
    # 00:30 on 1 July in London is still 30 June in UTC.
    start = dt.datetime(2026, 7, 1, 0, 30, tzinfo=LONDON)
    meeting = MeetingPageFactory(parent=world.board, start=start)
    with at(start + dt.timedelta(days=3)):
        decision = records.record_decision(meeting, text="Agreed", by=world.secretary)
    assert decision.decided_on == dt.date(2026, 7, 1)


def test_the_decision_form_does_not_ask_for_a_date(world, september, client):
    meeting, item = september
    client.force_login(world.secretary)
    url = reverse("governance:record_decision", args=[meeting.pk, item.pk])
    with at(SEPTEMBER + dt.timedelta(days=10)):
        html = client.get(url).content.decode()
        client.post(url, {"text": "The budget was agreed.", "decided_on": "2027-06-01"})
    assert 'name="decided_on"' not in html
    assert "dated 14 September 2026, the day of the meeting" in html
    assert Decision.objects.get().decided_on == dt.date(2026, 9, 14)


def test_the_register_never_shows_a_decision_dated_after_today(world, september):
    meeting, _ = september
    made = DecisionFactory(meeting=meeting, decided_on=dt.date(2026, 9, 14), text="Made")
    DecisionFactory(meeting=meeting, decided_on=dt.date(2027, 1, 11), text="Typed ahead")
    with at(dt.datetime(2026, 12, 5, 12, 0, tzinfo=LONDON)):
        assert list(Decision.objects.for_register()) == [made]
    with at(dt.datetime(2027, 1, 11, 0, 0, tzinfo=LONDON)):
        assert Decision.objects.for_register().count() == 2


def test_the_data_migration_dates_existing_decisions_by_their_meeting(world, september):
    meeting, _ = september
    wrong = DecisionFactory(meeting=meeting, decided_on=dt.date(2027, 1, 11))
    right = DecisionFactory(meeting=meeting, decided_on=dt.date(2026, 9, 14))
    migration = import_module("governance.migrations.0009_decision_dates_from_meetings")
    migration.date_decisions_by_their_meetings(apps, None)
    wrong.refresh_from_db()
    right.refresh_from_db()
    assert wrong.decided_on == right.decided_on == dt.date(2026, 9, 14)


# 4. Corrections after the fact, logged ---------------------------------------------------------


def correction_logs(meeting):
    return list(
        PageLogEntry.objects.filter(page=meeting, action="governance.record.correct").order_by(
            "timestamp"
        )
    )


def test_approved_attendance_changes_only_by_a_logged_correction(world, circulated, january):
    meeting = circulated.meeting
    with at(SEPTEMBER + dt.timedelta(hours=1)):
        record_attendance(meeting, world.member, PRESENT, recorded_by=world.secretary)
    with at(JANUARY):
        records.approve_minutes(circulated, at_meeting=january, by=world.chair)
    later = JANUARY + dt.timedelta(days=1)
    with at(later):
        with pytest.raises(CorrectionRefused, match="reason"):
            record_attendance(
                meeting, world.member, Attendance.Status.APOLOGIES, recorded_by=world.chair
            )
        record_attendance(
            meeting,
            world.member,
            Attendance.Status.APOLOGIES,
            recorded_by=world.chair,
            reason="Sent apologies by email before the meeting.",
        )
    assert Attendance.objects.get(person=world.member).status == Attendance.Status.APOLOGIES
    (entry,) = correction_logs(meeting)
    assert entry.user == world.chair
    assert entry.timestamp == later
    assert entry.data["record"] == "attendance"
    assert entry.data["reason"] == "Sent apologies by email before the meeting."
    assert entry.data["changes"] == [
        {"person": world.member.get_full_name(), "from": "Present", "to": "Apologies"}
    ]


def test_the_chair_corrects_a_decision_with_a_reason_through_the_form(world, september, client):
    meeting, item = september
    with at(SEPTEMBER + dt.timedelta(hours=1)):
        decision = records.record_decision(
            meeting, text="Agreed the budget.", agenda_item=item, votes_for=5, by=world.secretary
        )
    url = reverse("governance:correct_decision", args=[meeting.pk, decision.pk])
    client.force_login(world.chair)
    with at(SEPTEMBER + dt.timedelta(days=20)):
        assert "Agreed the budget." in client.get(url).content.decode()
        refused = client.post(url, {"text": "Agreed the revised budget.", "votes_for": 6})
        response = client.post(
            url,
            {
                "text": "Agreed the revised budget.",
                "votes_for": 6,
                "reason": "The minute-taker missed the revision and one vote.",
            },
            follow=True,
        )
    assert "Give a reason for the correction." in refused.content.decode()
    assert f"Decision {decision.reference} was corrected." in response.content.decode()
    decision.refresh_from_db()
    assert (decision.text, decision.votes_for) == ("Agreed the revised budget.", 6)
    assert decision.decided_on == dt.date(2026, 9, 14)  # the date stays the meeting's
    (entry,) = correction_logs(meeting)
    assert entry.user == world.chair
    assert entry.data["changes"] == [
        {
            "field": "What was decided",
            "from": "Agreed the budget.",
            "to": "Agreed the revised budget.",
        },
        {"field": "Votes for", "from": 5, "to": 6},
    ]


def test_a_member_cannot_correct_a_decision(world, september, client):
    meeting, _ = september
    decision = DecisionFactory(meeting=meeting, decided_on=dt.date(2026, 9, 14))
    client.force_login(world.member)
    url = reverse("governance:correct_decision", args=[meeting.pk, decision.pk])
    response = client.post(url, {"text": "Mine now", "reason": "Because"})
    assert response.status_code == 403
    assert not correction_logs(meeting)


def test_a_minute_correction_is_logged_too(world, circulated, january):
    with at(JANUARY):
        records.approve_minutes(circulated, at_meeting=january, by=world.chair)
        entry = circulated.entries.get()
        records.correct_minute(
            entry, "The revised budget was agreed.", reason="Wrong paper named", by=world.chair
        )
    (log,) = correction_logs(circulated.meeting)
    assert log.data["changes"][0]["to"] == "The revised budget was agreed."


# 5. Present, or a deputy: not both ------------------------------------------------------------


def test_someone_present_cannot_also_deputise(world, september):
    meeting, _ = september
    with at(SEPTEMBER):
        record_attendance(meeting, world.secretary, PRESENT, recorded_by=world.secretary)
        with pytest.raises(DeputyClash, match="recorded as present") as raised:
            record_attendance(
                meeting, world.member, DEPUTISED, deputy=world.secretary, recorded_by=world.chair
            )
    assert (raised.value.person_id, raised.value.field) == (world.member.pk, "deputy")
    assert not Attendance.objects.filter(person=world.member).exists()


def test_a_deputy_cannot_then_be_marked_present(world, september):
    meeting, _ = september
    with at(SEPTEMBER):
        record_attendance(
            meeting, world.member, DEPUTISED, deputy=world.secretary, recorded_by=world.chair
        )
        with pytest.raises(DeputyClash, match="cannot also be recorded as present") as raised:
            record_attendance(meeting, world.secretary, PRESENT, recorded_by=world.chair)
    assert (raised.value.person_id, raised.value.field) == (world.secretary.pk, "status")


def test_one_person_deputises_for_one_member_and_a_swap_is_fine(world, september):
    meeting, _ = september
    stand_in = UserFactory()
    with at(SEPTEMBER):
        record_attendance(
            meeting, world.member, DEPUTISED, deputy=stand_in, recorded_by=world.chair
        )
        with pytest.raises(DeputyClash, match="already recorded as"):
            record_attendance(
                meeting, world.deputy, DEPUTISED, deputy=stand_in, recorded_by=world.chair
            )
        # Present → someone's deputy in one save is a correction of the sheet, not a clash.
        record_attendance(meeting, world.secretary, PRESENT, recorded_by=world.chair)
        record_attendance_sheet(
            meeting,
            [
                (world.secretary, Attendance.Status.APOLOGIES, None),
                (world.deputy, DEPUTISED, world.secretary),
            ],
            recorded_by=world.chair,
        )
    assert Attendance.objects.get(person=world.deputy).deputy == world.secretary


def test_the_attendance_form_shows_the_clash_at_the_deputy_field(world, september, client):
    meeting, _ = september
    client.force_login(world.secretary)
    url = reverse("governance:attendance", args=[meeting.pk])
    with at(SEPTEMBER + dt.timedelta(hours=1)):
        response = client.post(
            url,
            {
                f"status_{world.secretary.pk}": PRESENT,
                f"status_{world.member.pk}": DEPUTISED,
                f"deputy_{world.member.pk}": world.secretary.email,
            },
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_deputy_{world.member.pk}-error"' in html
    assert "is recorded as present, so cannot also be" in html
    assert not Attendance.objects.exists()  # the whole sheet is refused


# 6. Standing items: in the editor before publishing, never twice ------------------------------


def test_a_new_meeting_opens_in_the_editor_with_its_standing_items(world, client):
    client.force_login(world.admin)
    url = reverse("wagtailadmin_pages:add", args=["governance", "meetingpage", world.board.pk])
    html = client.get(url).content.decode()
    assert 'name="agenda_items-TOTAL_FORMS" value="3"' in html
    for title in ("Minutes of the last meeting", "Matters arising", "Actions carried forward"):
        assert f'value="{title}"' in html


def meeting_form(items, **extra):
    return nested_form_data(
        {
            "title": "Operational Board, March",
            "slug": "march",
            "start": "2027-03-08 10:00",
            "end": "2027-03-08 12:00",
            "status": "scheduled",
            "location": "",
            "join_url": "",
            "agenda_items": inline_formset(
                [
                    {
                        "title": title,
                        "kind": kind,
                        "purpose": "discussion",
                        "visibility": "public",
                        "presenter": "",
                        "presenter_person": "",
                        "minutes_allotted": 5,
                        "organisations_named": "",
                    }
                    for kind, title in items
                ]
            ),
            "comments": inline_formset([]),
            **extra,
        }
    )


def test_publishing_keeps_the_agenda_as_the_chair_left_it(world, client):
    client.force_login(world.admin)
    url = reverse("wagtailadmin_pages:add", args=["governance", "meetingpage", world.board.pk])
    items = [
        ("standard", "Welcome and apologies"),
        ("previous_minutes", "Minutes of the last meeting"),
        ("standard", "Imaging backlog"),
    ]
    response = client.post(url, meeting_form(items, **{"action-publish": "publish"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = MeetingPage.objects.get(slug="march")
    assert [i.title for i in meeting.agenda_items.all()] == [t for _, t in items]


def test_the_editor_refuses_a_second_minutes_of_the_last_meeting(world, client):
    client.force_login(world.admin)
    url = reverse("wagtailadmin_pages:add", args=["governance", "meetingpage", world.board.pk])
    items = [
        ("previous_minutes", "Minutes of the last meeting"),
        ("standard", "Matters arising"),
        ("standard", "Minutes of the last meeting."),
    ]
    response = client.post(url, meeting_form(items, **{"action-publish": "publish"}))
    assert response.status_code == 200
    assert "Item 3 (“Minutes of the last meeting.”) repeats item 1" in response.content.decode()
    assert not MeetingPage.objects.filter(slug="march").exists()


def test_standing_items_never_duplicate_one_the_chair_typed(world):
    meeting = MeetingPageFactory(parent=world.board, start=JANUARY)
    AgendaItemFactory(meeting=meeting, title="Welcome", sort_order=0)
    AgendaItemFactory(meeting=meeting, title="MINUTES of the last meeting", sort_order=1)
    add_standard_opening(meeting)
    titles = [i.title for i in MeetingPage.objects.get(pk=meeting.pk).agenda_items.all()]
    assert titles == [
        "Matters arising",
        "Actions carried forward",
        "Welcome",
        "MINUTES of the last meeting",
    ]
    with pytest.raises(AgendaRepeatsItem):
        check_agenda([AgendaItem(title="Matters arising"), AgendaItem(title="Matters  arising!")])
