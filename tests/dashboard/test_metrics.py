"""Each live figure of the dashboard, checked against data built with factories."""

import datetime as dt

from django.utils import timezone

from governance.models import Action, Decision, GroupPage
from governance.services.meetings import add_paper
from governance.visibility import Visibility
from publications.dashboard.models import QuorumCheck
from publications.dashboard.services import metrics
from publications.dashboard.services.quorum import check_unchecked_meetings
from tests.events.factories import BookingFactory, EventIndexPageFactory, EventPageFactory
from tests.governance.factories import (
    ActionFactory,
    AgendaItemFactory,
    DecisionFactory,
    GroupPageFactory,
    pdf_upload,
)
from tests.governance.fixtures_risks import RiskFactory

from .factories import held_meeting


def by_group(rows):
    return {row.group.title: row for row in rows}


def test_attendance_and_quoracy_by_group(year):
    check_unchecked_meetings()
    rows = by_group(metrics.attendance_by_group(year.period))
    board = rows["Operational Board"]
    assert (board.meetings, board.checked, board.quorate) == (2, 2, 1)
    assert (board.attended, board.recorded, board.attendance_percent) == (4, 6, 67)
    sig = rows["MRI SIG"]
    assert (sig.meetings, sig.recorded, sig.attendance_percent) == (1, 0, None)
    assert "Digital Board" not in rows  # held no meetings in the period


def test_quorum_checks_use_the_governance_rule_and_are_kept(year):
    assert check_unchecked_meetings() == 4
    quorate = QuorumCheck.objects.get(meeting=year.quorate)
    assert quorate.is_quorate and quorate.voting_present == 3
    inquorate = QuorumCheck.objects.get(meeting=year.inquorate)
    assert not inquorate.is_quorate
    assert "1 of 3 voting members" in inquorate.summary
    assert check_unchecked_meetings() == 0  # nothing left to check


def test_a_meeting_not_marked_held_is_not_counted(year, world):
    rows = by_group(metrics.attendance_by_group(year.period))
    assert rows["Operational Board"].meetings == 2  # world.meeting is still scheduled
    assert world.meeting.pk not in [m.pk for m in metrics.meetings_held(year.period)]


def test_meeting_rows_carry_attendance_counts_and_filter_by_group(year, world):
    check_unchecked_meetings()
    rows = list(metrics.meeting_rows(year.period))
    assert [m.title for m in rows] == [
        "Board, last month",
        "MRI SIG meeting",
        "Board, in the spring",
    ]
    assert (rows[0].attended, rows[0].recorded, rows[0].quorum_check.is_quorate) == (3, 4, True)
    assert [m.title for m in metrics.meeting_rows(year.period, world.subgroup)] == [
        "MRI SIG meeting"
    ]


def test_attendance_by_trust_counts_the_trust_each_seat_represents(year, world):
    rows = {row.trust.pk: row for row in metrics.attendance_by_trust(year.period)}
    chair_trust, deputy_trust, secretary_trust = (rows[t.pk] for t in world.trusts[:3])
    assert (chair_trust.attended, chair_trust.recorded, chair_trust.attendance_percent) == (
        2,
        2,
        100,
    )
    assert (len(chair_trust.represented), len(chair_trust.meetings)) == (2, 2)
    assert (deputy_trust.attended, deputy_trust.recorded) == (0, 2)
    assert deputy_trust.represented_percent == 0
    assert (secretary_trust.attended, secretary_trust.recorded) == (1, 1)


def test_action_completion_and_overdue(year, world):
    today = timezone.localdate()
    ActionFactory(meeting=year.quorate, status=Action.Status.DONE, owner=world.member)
    ActionFactory(meeting=year.quorate, status=Action.Status.DROPPED, owner=world.member)
    ActionFactory(meeting=year.inquorate, due=today - dt.timedelta(days=1), owner=world.member)
    ActionFactory(meeting=year.inquorate, due=today, owner=world.member)  # due today: not overdue
    ActionFactory(meeting=year.too_old, status=Action.Status.OPEN, due=today - dt.timedelta(300))
    health = metrics.action_health(year.period, today=today)
    assert (health.agreed, health.done, health.dropped, health.open, health.overdue) == (
        4,
        1,
        1,
        2,
        1,
    )
    assert health.completion_percent == 33  # 1 of the 3 not dropped
    assert "1 of 3 actions agreed in the period are done (33%)" in health.summary()


def test_action_rows_follow_the_register_visibility_rule(year, world):
    secret = AgendaItemFactory(meeting=year.quorate, visibility=Visibility.CONFIDENTIAL)
    hidden = ActionFactory(meeting=year.quorate, agenda_item=secret, owner=world.chair)
    open_item = AgendaItemFactory(meeting=year.quorate, visibility=Visibility.NETWORK)
    shown = ActionFactory(meeting=year.quorate, agenda_item=open_item, owner=world.chair)
    assert set(metrics.action_rows(world.chair, year.period)) == {hidden, shown}
    assert list(metrics.action_rows(world.lay_member, year.period)) == [shown]
    assert list(metrics.action_rows(world.non_member, year.period)) == [shown]
    assert list(metrics.action_rows(world.chair, year.period, "done")) == []


def test_risk_profile_counts_the_open_risks_the_viewer_may_see(world):
    RiskFactory(group=world.board, current_consequence=5, current_likelihood=5)
    RiskFactory(group=world.board, current_consequence=1, current_likelihood=2)
    RiskFactory(group=world.other_group, current_consequence=3, current_likelihood=3)
    assert metrics.risk_profile(world.admin)["total"] == 3
    chair_view = metrics.risk_profile(world.chair)
    assert chair_view["total"] == 2  # not the Digital Board's register
    assert {band.value: n for band, n in chair_view["by_band"].items() if n} == {
        "extreme": 1,
        "low": 1,
    }


def test_pack_review_counts_papers_a_volunteer_read(year, world):
    from governance.lay.models import PaperReview

    item = AgendaItemFactory(meeting=year.quorate)
    first = add_paper(
        item, pdf_upload(), title="Finance", visibility=Visibility.GROUP, uploaded_by=world.admin
    )
    add_paper(
        item, pdf_upload(), title="Workforce", visibility=Visibility.GROUP, uploaded_by=world.admin
    )
    PaperReview.objects.create(paper=first, volunteer=world.lay_member)
    rows = metrics.pack_review(year.period)
    assert [(row.meeting.pk, row.reviewed, row.total, row.percent) for row in rows] == [
        (year.quorate.pk, 1, 2, 50)
    ]


def test_event_figures_come_from_the_events_app(world):
    index = EventIndexPageFactory(parent=world.home)
    past = timezone.now() - dt.timedelta(days=20)
    event = EventPageFactory(
        parent=index, start=past, end=past + dt.timedelta(hours=3), cpd_hours=3
    )
    EventPageFactory(parent=index)  # a fortnight away: not held yet
    BookingFactory(event=event, person=world.member, attended=True)
    BookingFactory(event=event, person=world.chair, attended=True)
    BookingFactory(event=event, person=world.deputy, attended=False)
    figures = metrics.event_figures(metrics.Period.last_twelve_months())
    assert (figures.held, figures.attendees, figures.cpd_hours) == (1, 2, 6)
    assert [(row["label"], row["hours"]) for row in figures.cpd_by_staff_group] == [
        ("Radiographer", 6)
    ]
    assert [(row["label"], row["attendances"]) for row in figures.cpd_by_trust] == [
        ("No trust recorded", 2)
    ]


def test_year_in_numbers(year, world):
    DecisionFactory(meeting=year.quorate, decided_on=timezone.localdate() - dt.timedelta(30))
    DecisionFactory(meeting=year.too_old, decided_on=timezone.localdate() - dt.timedelta(500))
    GroupPageFactory(parent=world.board, title="Quiet SIG", slug="quiet", kind=GroupPage.Kind.SIG)
    numbers = metrics.year_in_numbers(year.period)
    assert numbers.meetings_held == 3
    assert numbers.decisions == 1
    assert (numbers.sigs_active, numbers.sigs_total) == (1, 2)
    assert Decision.objects.count() == 2


def test_a_meeting_held_before_the_period_is_left_out(world):
    old = held_meeting(world.board, 400)
    assert old.pk not in [m.pk for m in metrics.meetings_held(metrics.Period.last_twelve_months())]
    day = timezone.localtime(old.start).date()
    assert [m.pk for m in metrics.meetings_held(metrics.Period(day, day))] == [old.pk]
    next_day = day + dt.timedelta(days=1)
    assert list(metrics.meetings_held(metrics.Period(next_day, next_day))) == []


def test_protocol_adoption_reads_the_sigs_service(world, monkeypatch):
    import sigs.services.adoption as adoption

    monkeypatch.setattr(adoption, "adopted_count_by_trust", lambda: {world.trusts[0].pk: 4})
    rows = {
        row.trust.pk: row
        for row in metrics.attendance_by_trust(metrics.Period.last_twelve_months())
    }
    assert rows[world.trusts[0].pk].protocols_adopted == 4
    assert rows[world.trusts[1].pk].protocols_adopted == 0


def test_sig_deliverables_of_the_period(world):
    from sigs.models import WorkItem
    from tests.sigs.factories import SigPageFactory, WorkItemFactory

    sig = SigPageFactory(parent=world.board, title="CT SIG", slug="ct-sig")
    today = timezone.localdate()
    period = metrics.Period(today - dt.timedelta(days=365), today)
    WorkItemFactory(sig=sig, title="Dose audit", status=WorkItem.Status.DONE, completed_on=today)
    WorkItemFactory(sig=sig, title="Shared rota", status=WorkItem.Status.IN_PROGRESS)
    WorkItemFactory(
        sig=sig,
        title="Finished long ago",
        status=WorkItem.Status.DONE,
        completed_on=today - dt.timedelta(days=800),
    )
    WorkItemFactory(sig=sig, title="A benefit", kind=WorkItem.Kind.BENEFIT)
    (entry,) = metrics.sig_deliverables(period)
    assert entry.sig.title == "CT SIG"
    assert [item.title for item in entry.items] == ["Dose audit", "Shared rota"]
    assert (entry.done, entry.in_progress, entry.planned) == (1, 1, 0)
