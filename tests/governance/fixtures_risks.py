"""Risk register fixtures: the test world with an Executive Board above the Operational Board,
people in the MRI SIG, and a factory for risks with their opening history row."""

import datetime as dt
from dataclasses import dataclass

import factory
import pytest
from django.utils import timezone

from governance.models import Membership
from governance.risks.models import Risk, RiskReferenceCounter, RiskScoreChange
from governance.services.memberships import sync_group_editors
from tests.portal.factories import UserFactory

from .factories import GroupPageFactory, MembershipFactory


class RiskFactory(factory.django.DjangoModelFactory):
    """A risk straight into the table (for volume); services are tested through open_risk."""

    class Meta:
        model = Risk
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"TEST-R-{n:04d}")
    title = factory.Sequence(lambda n: f"Risk {n}")
    cause = "Vacancies in the radiographer workforce"
    event = "Scanners stand idle at weekends"
    effect = "Patients wait longer than six weeks"
    category = Risk.Category.WORKFORCE
    owner = factory.SubFactory(UserFactory)
    initial_consequence = 3
    initial_likelihood = 3
    current_consequence = 3
    current_likelihood = 3
    target_consequence = 2
    target_likelihood = 2
    next_review_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))

    @factory.post_generation
    def history(risk, create, extracted, **kwargs):
        if create:
            RiskScoreChange.objects.create(
                risk=risk,
                changed_by=risk.owner,
                reason="Risk opened.",
                new_consequence=risk.current_consequence,
                new_likelihood=risk.current_likelihood,
            )


@dataclass
class RiskPeople:
    world: object
    executive: object
    exec_member: object
    sig_chair: object
    sig_member: object
    sig_lay: object

    @property
    def board(self):
        return self.world.board

    @property
    def sig(self):
        return self.world.subgroup


@pytest.fixture
def risk_world(world):
    """Executive Board → Operational Board (world.board) → MRI SIG (world.subgroup)."""
    RiskReferenceCounter.objects.all().delete()
    executive = GroupPageFactory(parent=world.index, title="Executive Board", slug="executive")
    world.board.move(executive, pos="last-child")
    for name in ("board", "subgroup", "meeting", "other_group"):
        getattr(world, name).refresh_from_db()

    def member(group, role, **user):
        person = UserFactory(**user)
        MembershipFactory(group=group, person=person, role=role, trust=world.trusts[0])
        return person

    people = RiskPeople(
        world=world,
        executive=executive,
        exec_member=member(executive, Membership.Role.MEMBER),
        sig_chair=member(world.subgroup, Membership.Role.CHAIR),
        sig_member=member(world.subgroup, Membership.Role.MEMBER),
        sig_lay=member(world.subgroup, Membership.Role.PATIENT_VOLUNTEER, is_lay_member=True),
    )
    for group in (executive, world.board, world.subgroup):
        sync_group_editors(group)
        group.refresh_from_db()
    return people


def risk_fields(consequence=3, likelihood=3, **overrides):
    """Everything open_risk needs besides the group and who is opening it."""
    fields = {
        "title": "Radiographer vacancies",
        "cause": "A 15% vacancy rate among imaging staff",
        "event": "Lists are cancelled at short notice",
        "effect": "1 in 5 patients waits more than six weeks",
        "category": Risk.Category.WORKFORCE,
        "source": Risk.Source.HORIZON_SCANNING,
        "initial_consequence": consequence,
        "initial_likelihood": likelihood,
        "current_consequence": consequence,
        "current_likelihood": likelihood,
        "target_consequence": 2,
        "target_likelihood": 2,
    }
    return fields | overrides
