"""Factories for the dashboard's records: maturity assessments, QSI, QSIN and the plan."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from governance.models import Attendance, MeetingPage
from publications.dashboard.models import (
    DomainScore,
    MaturityAssessment,
    MaturityDomain,
    MaturityStage,
    ObjectiveStatus,
    PlanObjective,
    QsinSnapshot,
    QsiProgress,
)
from tests.governance.factories import MeetingPageFactory
from tests.portal.factories import TrustFactory


class MaturityDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaturityDomain
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Domain {n}")
    sort_order = factory.Sequence(lambda n: n)


class MaturityAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaturityAssessment

    submitted_on = factory.Sequence(lambda n: dt.date(2022, 1, 1) + dt.timedelta(days=180 * n))
    overall_stage = MaturityStage.EMERGING
    overall_score = Decimal("5")


class DomainScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DomainScore

    assessment = factory.SubFactory(MaturityAssessmentFactory)
    domain = factory.SubFactory(MaturityDomainFactory)
    stage = MaturityStage.EMERGING
    score = Decimal("1.5")


class QsiProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QsiProgress

    trust = factory.SubFactory(TrustFactory)
    stage = 1


class QsinSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QsinSnapshot

    taken_on = factory.Sequence(lambda n: dt.date(2023, 1, 1) + dt.timedelta(days=120 * n))
    percent_complete = 20
    percent_commenced = 20


class PlanObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanObjective

    year = 3
    text = factory.Sequence(lambda n: f"Objective {n}")
    status = ObjectiveStatus.IN_PROGRESS


def held_meeting(group, days_ago, **fields):
    start = timezone.now() - dt.timedelta(days=days_ago)
    return MeetingPageFactory(
        parent=group,
        start=start,
        end=start + dt.timedelta(hours=2),
        status=MeetingPage.Status.HELD,
        **fields,
    )


def attend(meeting, **people):
    for person, status in people.values():
        Attendance.objects.create(meeting=meeting, person=person, status=status)
