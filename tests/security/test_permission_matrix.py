"""The permission matrix: for each kind of person, the confidential things they can actually open
(an HTTP 200 from the download view) are exactly those the one rule grants — the predicate
(`can_view_paper`) and the queryset (`Paper.objects.visible_to`) alike — and never a paper under
an agenda item they may not see.

Covered here: meeting papers at every visibility, papers looser than their item (saved past
the form, as older data may be), a paper of another group, and a paper of an unpublished
meeting.
"""

import pytest
from django.urls import reverse

from governance.models import Paper
from governance.rules import can_view_item, can_view_paper
from tests.security.roles import as_user, client_for, papers_of_every_kind, people_by_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers(world, agenda):
    return papers_of_every_kind(world, agenda)


@pytest.fixture
def roles(world):
    return people_by_role(world)


def test_papers_anyone_can_open_are_exactly_those_the_one_rule_grants(papers, roles):
    mismatches = []
    for role, person in roles.items():
        client = client_for(person)
        user = as_user(person)
        opened = {
            name
            for name, paper in papers.items()
            if client.get(reverse("governance:paper_download", args=[paper.pk])).status_code == 200
        }
        by_predicate = {name for name, paper in papers.items() if can_view_paper(user, paper)}
        in_queryset = set(
            Paper.objects.visible_to(user)
            .filter(pk__in=[p.pk for p in papers.values()])
            .values_list("pk", flat=True)
        )
        by_queryset = {name for name, paper in papers.items() if paper.pk in in_queryset}
        hidden_items = {
            name for name, paper in papers.items() if not can_view_item(user, paper.agenda_item)
        }
        if not opened == by_predicate == by_queryset:
            mismatches.append((role, sorted(opened), sorted(by_predicate), sorted(by_queryset)))
        if opened & hidden_items:
            mismatches.append((role, "opens a paper under a hidden item", opened & hidden_items))
    assert mismatches == []


def test_the_matrix_is_not_trivially_empty_or_full(papers, roles):
    """The roles see different sets: the comparison above means something."""
    seen = {
        role: frozenset(
            name for name, paper in papers.items() if can_view_paper(as_user(person), paper)
        )
        for role, person in roles.items()
    }
    assert "public" in seen["anonymous"]
    assert "confidential" not in seen["volunteer"]
    assert "confidential" in seen["chair"]
    assert "public paper under a confidential item" not in seen["non_member"]
    assert len(set(seen.values())) >= 4
