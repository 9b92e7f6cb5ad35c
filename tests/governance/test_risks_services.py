"""The risk register's rules: bands, references, score history with reasons, reviews, and
escalation up (and back down) two levels of the governance tree."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.errors import NotAllowed
from governance.models import GroupPage, Membership
from governance.risks import services
from governance.risks.errors import ReasonRequired, RiskError
from governance.risks.models import Band, Risk, RiskScoreChange, RiskSettings, RiskTree, Trend

from .factories import MembershipFactory
from .fixtures_risks import RiskFactory, risk_fields

pytestmark = pytest.mark.django_db


# Bands


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, Band.LOW),
        (3, Band.LOW),
        (4, Band.MODERATE),
        (6, Band.MODERATE),
        (8, Band.HIGH),
        (12, Band.HIGH),
        (15, Band.EXTREME),
        (25, Band.EXTREME),
    ],
)
def test_default_bands_at_their_edges(score, band):
    assert RiskSettings.load().band(score) == band


@pytest.mark.parametrize("score", [0, 26])
def test_a_score_outside_the_matrix_has_no_band(score):
    with pytest.raises(ValueError):
        RiskSettings.load().band(score)


def test_bands_are_configurable_and_review_frequency_follows_them():
    bands = RiskSettings.load()
    bands.low_max, bands.moderate_max, bands.high_max = 4, 9, 15
    bands.review_days_high = 60
    bands.save()
    bands = RiskSettings.load()
    assert [bands.band(s) for s in (4, 5, 9, 10, 15, 16)] == [
        Band.LOW,
        Band.MODERATE,
        Band.MODERATE,
        Band.HIGH,
        Band.HIGH,
        Band.EXTREME,
    ]
    assert bands.review_days(15) == 60
    assert bands.review_days(16) == 30


def test_bands_must_rise():
    bands = RiskSettings(low_max=6, moderate_max=6, high_max=12)
    with pytest.raises(ValidationError):
        bands.clean()


def test_default_review_frequency_by_band():
    bands = RiskSettings.load()
    assert [bands.review_days(s) for s in (2, 5, 10, 20)] == [365, 180, 90, 30]


# Opening a risk


def test_references_are_sequential_and_never_reused(risk_world):
    sig, chair = risk_world.sig, risk_world.sig_chair
    first = services.open_risk(sig, by=chair, **risk_fields(owner=chair))
    second = services.open_risk(sig, by=chair, **risk_fields(owner=chair))
    assert (first.reference, second.reference) == ("WMIN-R-001", "WMIN-R-002")
    second.delete()
    third = services.open_risk(sig, by=chair, **risk_fields(owner=chair))
    assert third.reference == "WMIN-R-003"


def test_opening_a_risk_writes_its_first_history_row_and_review_date(risk_world):
    sig, chair = risk_world.sig, risk_world.sig_chair
    risk = services.open_risk(sig, by=chair, **risk_fields(4, 3, owner=risk_world.sig_member))
    assert risk.current_score == 12
    (change,) = risk.score_changes.all()
    assert (change.previous_score, change.new_score, change.changed_by) == (None, 12, chair)
    # High band: reviewed quarterly by default.
    assert risk.next_review_date == timezone.localdate() + dt.timedelta(days=90)


def test_only_those_running_the_group_open_risks(risk_world):
    with pytest.raises(NotAllowed):
        services.open_risk(
            risk_world.sig,
            by=risk_world.sig_member,
            **risk_fields(owner=risk_world.sig_member),
        )


# Score history


@pytest.fixture
def risk(risk_world):
    chair = risk_world.sig_chair
    opened = timezone.localdate() - dt.timedelta(days=60)
    return services.open_risk(
        risk_world.sig,
        by=chair,
        **risk_fields(3, 3, owner=risk_world.sig_member, opened_on=opened),
    )


def test_every_score_change_is_kept_with_who_when_why_and_the_score_before(risk, risk_world):
    owner = risk_world.sig_member
    services.change_score(
        risk, consequence=4, likelihood=3, reason="Two more radiographers left", by=owner
    )
    services.change_score(
        risk, consequence=3, likelihood=2, reason="Agency staff in post", by=risk_world.sig_chair
    )
    changes = list(risk.score_changes.order_by("changed_at", "pk"))
    assert [(c.previous_score, c.new_score) for c in changes] == [(None, 9), (9, 12), (12, 6)]
    assert [c.reason for c in changes[1:]] == [
        "Two more radiographers left",
        "Agency staff in post",
    ]
    assert [c.changed_by for c in changes[1:]] == [owner, risk_world.sig_chair]
    risk.refresh_from_db()
    assert (risk.current_score, risk.trend()) == (6, Trend.DOWN)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_score_change_without_a_reason_is_refused_and_nothing_changes(risk, risk_world, reason):
    with pytest.raises(ReasonRequired):
        services.change_score(
            risk, consequence=5, likelihood=5, reason=reason, by=risk_world.sig_chair
        )
    risk.refresh_from_db()
    assert risk.current_score == 9
    assert risk.score_changes.count() == 1


def test_the_same_score_again_is_not_a_change(risk, risk_world):
    assert (
        services.change_score(risk, consequence=3, likelihood=3, reason="", by=risk_world.sig_chair)
        is None
    )
    assert risk.score_changes.count() == 1


def test_only_the_owner_or_the_groups_officers_change_a_score(risk, risk_world):
    for person in (risk_world.exec_member, risk_world.world.other_chair, risk_world.sig_lay):
        with pytest.raises(NotAllowed):
            services.change_score(risk, consequence=4, likelihood=4, reason="x", by=person)


def test_trend_rises_falls_and_stays_flat(risk, risk_world):
    chair = risk_world.sig_chair
    assert Risk.objects.get(pk=risk.pk).trend() == Trend.FLAT
    services.change_score(risk, consequence=4, likelihood=4, reason="Worse", by=chair)
    assert Risk.objects.get(pk=risk.pk).trend() == Trend.UP
    services.change_score(risk, consequence=2, likelihood=4, reason="Better", by=chair)
    assert Risk.objects.get(pk=risk.pk).trend() == Trend.DOWN
    services.change_score(risk, consequence=4, likelihood=2, reason="Reworded", by=chair)
    assert Risk.objects.get(pk=risk.pk).trend() == Trend.FLAT


def test_moving_into_a_more_frequently_reviewed_band_brings_the_review_forward(risk, risk_world):
    assert risk.next_review_date == risk.opened_on + dt.timedelta(days=90)  # high (9)
    services.change_score(
        risk, consequence=5, likelihood=4, reason="Scanner failed", by=risk_world.sig_chair
    )
    risk.refresh_from_db()
    assert risk.next_review_date == timezone.localdate() + dt.timedelta(days=30)


# Editing, closing, reviewing


def test_update_rescoring_needs_a_reason_and_closing_needs_one_too(risk, risk_world):
    chair = risk_world.sig_chair
    base = {"current_consequence": 3, "current_likelihood": 3}
    with pytest.raises(ReasonRequired):
        services.update_risk(risk, by=chair, current_consequence=4, current_likelihood=4)
    with pytest.raises(ReasonRequired):
        services.update_risk(risk, by=chair, status=Risk.Status.CLOSED, **base)
    services.update_risk(
        risk, by=chair, status=Risk.Status.CLOSED, closure_reason="Vacancies filled", **base
    )
    risk.refresh_from_db()
    assert (risk.status, risk.closure_reason) == (Risk.Status.CLOSED, "Vacancies filled")
    with pytest.raises(RiskError):
        services.change_score(risk, consequence=5, likelihood=5, reason="x", by=chair)
    services.update_risk(risk, by=chair, status=Risk.Status.OPEN, **base)
    risk.refresh_from_db()
    assert (risk.status, risk.closure_reason, risk.closed_on) == (Risk.Status.OPEN, "", None)


def test_the_owner_hands_a_risk_on_and_keeps_no_rights_over_it(risk, risk_world):
    owner = risk_world.sig_member
    services.update_risk(
        risk, by=owner, current_consequence=3, current_likelihood=3, owner=risk_world.sig_chair
    )
    with pytest.raises(NotAllowed):
        services.update_risk(risk, by=owner, current_consequence=3, current_likelihood=3)


def test_recording_a_review_sets_the_next_review_one_interval_on(risk, risk_world):
    last_week = timezone.localdate() - dt.timedelta(days=7)
    services.record_review(risk, by=risk_world.sig_member, reviewed_on=last_week)
    risk.refresh_from_db()
    assert risk.last_reviewed_on == last_week
    assert risk.next_review_date == last_week + dt.timedelta(days=90)  # high (9)
    risk.review_frequency_days = 14
    risk.save()
    services.record_review(risk, by=risk_world.sig_member)
    risk.refresh_from_db()
    assert risk.next_review_date == timezone.localdate() + dt.timedelta(days=14)


def test_a_review_cannot_be_in_the_future(risk, risk_world):
    with pytest.raises(RiskError):
        services.record_review(
            risk,
            by=risk_world.sig_member,
            reviewed_on=timezone.localdate() + dt.timedelta(days=1),
        )


# Escalation through two levels


@pytest.fixture
def thresholds(risk_world):
    """MRI SIG escalates at 15 (the default); the Operational Board passes risks on at 20."""
    risk_world.board.risk_escalation_threshold = 20
    risk_world.board.save()
    return risk_world


def _registers(risk_world, risk):
    tree = RiskTree()
    return {
        name: services.register_for(group, tree).filter(pk=risk.pk).exists()
        for name, group in (
            ("sig", risk_world.sig),
            ("board", risk_world.board),
            ("executive", risk_world.executive),
        )
    }


def test_escalation_and_de_escalation_through_two_levels(risk, thresholds):
    world, chair = thresholds, thresholds.sig_chair
    assert _registers(world, risk) == {"sig": True, "board": False, "executive": False}

    change = services.change_score(risk, consequence=4, likelihood=4, reason="Worse", by=chair)
    assert change.escalation == RiskScoreChange.Escalation.ESCALATED
    assert change.escalation_note == "Escalated to the Operational Board register."
    assert _registers(world, risk) == {"sig": True, "board": True, "executive": False}

    change = services.change_score(risk, consequence=5, likelihood=4, reason="Worse", by=chair)
    assert change.escalation_note == "Escalated to the Executive Board register."
    assert _registers(world, risk) == {"sig": True, "board": True, "executive": True}

    change = services.change_score(risk, consequence=4, likelihood=4, reason="Better", by=chair)
    assert change.escalation == RiskScoreChange.Escalation.DE_ESCALATED
    assert change.escalation_note == "De-escalated from the Executive Board register."
    assert _registers(world, risk) == {"sig": True, "board": True, "executive": False}

    change = services.change_score(risk, consequence=3, likelihood=4, reason="Better", by=chair)
    assert change.escalation_note == "De-escalated from the Operational Board register."
    assert _registers(world, risk) == {"sig": True, "board": False, "executive": False}

    change = services.change_score(risk, consequence=5, likelihood=5, reason="Worst", by=chair)
    assert change.escalation_note == (
        "Escalated to the Operational Board and Executive Board registers."
    )


def test_escalation_is_derived_so_a_new_threshold_applies_at_once(risk, thresholds):
    services.change_score(
        risk, consequence=4, likelihood=4, reason="Worse", by=thresholds.sig_chair
    )
    thresholds.sig.risk_escalation_threshold = 20
    thresholds.sig.save()
    assert _registers(thresholds, risk)["board"] is False


def test_a_closed_risk_is_not_escalated(risk, thresholds):
    chair = thresholds.sig_chair
    services.change_score(risk, consequence=5, likelihood=5, reason="Worst", by=chair)
    services.update_risk(
        risk,
        by=chair,
        current_consequence=5,
        current_likelihood=5,
        status=Risk.Status.CLOSED,
        closure_reason="Transferred to the trust's register",
    )
    assert _registers(thresholds, risk) == {"sig": True, "board": False, "executive": False}


def test_escalated_risks_for_a_group_are_only_those_from_below(risk, thresholds):
    own = RiskFactory(group=thresholds.board, current_consequence=5, current_likelihood=5)
    services.change_score(
        risk, consequence=4, likelihood=4, reason="Worse", by=thresholds.sig_chair
    )
    assert list(services.escalated_risks_for(thresholds.board)) == [risk]
    assert list(services.escalated_risks_for(thresholds.executive)) == [own]
    assert list(services.escalated_risks_for(thresholds.sig)) == []


def test_rows_mark_escalated_risks_on_the_parent_register(risk, thresholds):
    services.change_score(
        risk, consequence=4, likelihood=4, reason="Worse", by=thresholds.sig_chair
    )
    tree = RiskTree()
    risks = services.register_for(thresholds.board, tree).for_listing()
    (row,) = services.risk_rows(
        risks, bands=RiskSettings.load(), tree=tree, register_group=thresholds.board
    )
    assert row.escalated_from.pk == thresholds.sig.pk
    assert [g.pk for g in row.escalated_to] == [thresholds.board.pk]
    assert row.band == Band.EXTREME


# Who sees a register


@pytest.mark.parametrize("lay_allowed", [False, True])
def test_one_groups_register_check_agrees_with_the_whole_tree(risk_world, lay_allowed):
    """A group's page asks `RiskTree.register_visible_to` (its own memberships and the bodies
    above it) rather than walking every group: both answer the same, for everyone."""
    risk_world.sig.lay_members_see_confidential = lay_allowed
    risk_world.sig.save()
    # A member of the Executive Board who also sits on the SIG as a patient volunteer.
    both = risk_world.exec_member
    MembershipFactory(group=risk_world.sig, person=both, role=Membership.Role.PATIENT_VOLUNTEER)
    people = [p for p in risk_world.world.people().values() if p is not None]
    people += [risk_world.sig_chair, risk_world.sig_member, risk_world.sig_lay, AnonymousUser()]
    groups = list(GroupPage.objects.order_by("path"))
    for person in people:
        visible = RiskTree().registers_visible_to(person)
        for group in groups:
            answer = RiskTree.register_visible_to(person, group)
            assert answer == (group.pk in visible), (person, group.title)
