"""The permission matrix: for each kind of person, the confidential things they can actually open
(an HTTP 200 from the download view) are exactly those the one rule grants — the predicate
(`can_view_paper`) and the queryset (`Paper.objects.visible_to`) alike — and never a paper under
an agenda item they may not see.

Covered here: meeting papers at every visibility, papers looser than their item (saved past
the form, as older data may be), a paper of another group, and a paper of an unpublished
meeting.
"""

import pytest
from django.test import Client
from django.urls import reverse

from governance.models import Paper
from governance.rules import can_view_item, can_view_paper
from governance.visibility import Visibility
from tests.governance.factories import AgendaItemFactory, MeetingPageFactory
from tests.governance.fixtures_meetings import upload
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def _paper(item, visibility, title):
    from filer.models import File

    source = upload(f"{title}.pdf", title)
    stored = File.objects.create(file=source, original_filename=f"{title}.pdf")
    return Paper.objects.create(agenda_item=item, title=title, file=stored, visibility=visibility)


@pytest.fixture
def papers(world, agenda):
    """The agenda's papers (one per visibility), and the awkward cases beside them."""
    found = {f"{visibility}": paper for visibility, paper in agenda.papers.items()}
    confidential_item = agenda.items[Visibility.CONFIDENTIAL]
    group_item = agenda.items[Visibility.GROUP]
    found["public paper under a confidential item"] = _paper(
        confidential_item, Visibility.PUBLIC, "looser-than-confidential"
    )
    found["network paper under a group item"] = _paper(
        group_item, Visibility.NETWORK, "looser-than-group"
    )
    other_meeting = MeetingPageFactory(parent=world.other_group, title="Digital Board, May")
    other_item = AgendaItemFactory(meeting=other_meeting, visibility=Visibility.GROUP)
    found["another group's group paper"] = _paper(other_item, Visibility.GROUP, "other-group")
    draft = MeetingPageFactory(parent=world.board, title="Draft meeting", live=False)
    draft_item = AgendaItemFactory(meeting=draft, visibility=Visibility.PUBLIC)
    found["public paper of an unpublished meeting"] = _paper(
        draft_item, Visibility.PUBLIC, "unpublished"
    )
    return found


@pytest.fixture
def roles(world):
    """At least the eight roles the issue names, from the small world."""
    return {
        "anonymous": None,
        "applicant": UserFactory(applicant=True),
        "non_member": world.non_member,
        "member": world.member,
        "volunteer": world.lay_member,
        "secretary": world.secretary,
        "chair": world.chair,
        "another group's chair": world.other_chair,
        "comms": UserFactory(office_team="comms"),
        "network_office": UserFactory(network_office=True),
    }


def test_papers_anyone_can_open_are_exactly_those_the_one_rule_grants(papers, roles):
    from django.contrib.auth.models import AnonymousUser

    mismatches = []
    for role, person in roles.items():
        client = Client()
        if person is not None:
            client.force_login(person)
        user = person or AnonymousUser()
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
    from django.contrib.auth.models import AnonymousUser

    seen = {
        role: frozenset(
            name
            for name, paper in papers.items()
            if can_view_paper(person or AnonymousUser(), paper)
        )
        for role, person in roles.items()
    }
    assert "public" in seen["anonymous"]
    assert "confidential" not in seen["volunteer"]
    assert "confidential" in seen["chair"]
    assert "public paper under a confidential item" not in seen["non_member"]
    assert len(set(seen.values())) >= 4
