"""The demo risk registers: about forty risks with a year of history, some escalated and some
overdue for review, loaded once however often the loader runs."""

import io

import pytest

from governance.models import GroupPage, Membership
from governance.risks import demo as demo_risks
from governance.risks.models import Risk, RiskScoreChange, RiskTree
from governance.risks.services import escalated_risks_for

from .factories import GroupPageFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_demo_registers(world):
    """Groups with the demo's slugs, each with a chair, stand in for the full governance demo."""
    slugs = sorted({spec.group for spec in demo_risks.RISKS})
    top = GroupPageFactory(parent=world.index, slug="executive-board", title="Executive Board")
    board = GroupPageFactory(parent=top, slug="operational-board", title="Operational Board")
    for slug in slugs:
        if slug not in ("executive-board", "operational-board"):
            GroupPageFactory(parent=board, slug=slug, title=slug.replace("-", " ").title())
    for group in GroupPage.objects.filter(slug__in=slugs):
        MembershipFactory(group=group, role=Membership.Role.CHAIR)
        MembershipFactory(group=group, role=Membership.Role.MEMBER)

    demo_risks.load(io.StringIO())
    demo_risks.load(io.StringIO())

    assert Risk.objects.count() == len(demo_risks.RISKS) >= 40
    assert Risk.objects.review_overdue().count() >= 5
    assert RiskScoreChange.objects.exclude(previous_consequence=None).count() >= 40
    assert RiskScoreChange.objects.filter(escalation="de_escalated").exists()
    tree = RiskTree()
    assert escalated_risks_for(board, tree).count() >= 5
    assert escalated_risks_for(top, tree).count() >= 5
