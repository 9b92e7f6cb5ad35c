"""The site search shows a result only to someone who may open it, and never lets the text of
a paper they may not open into a snippet: the full governance permission matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from governance.visibility import Visibility
from portal.search import SearchContext, SearchFilters, search
from tests.governance.factories import ActionFactory, DecisionFactory
from tests.governance.fixtures_meetings import VISIBILITIES, may_open, paper_title

from .conftest import search_as

pytestmark = pytest.mark.django_db

# Everyone the world knows, and what may_view makes of them beyond the world's own table.
PEOPLE = [
    "anonymous",
    "applicant",
    "non_member",
    "member",
    "lay_member",
    "secretary",
    "chair",
    "other_chair",
    "network_office",
    "admin",
]


def expected(who, visibility, lay_members_see_confidential=False):
    if who == "applicant":  # signed in, but not (yet) a network member
        return visibility == Visibility.PUBLIC
    if who == "network_office":
        return True
    return may_open(who, visibility, lay_members_see_confidential)


def secret_word(visibility):
    """A word only in the text inside this paper's file (see fixtures_meetings.paper_text)."""
    return f"xk{visibility[:3]}"


def body_of(visibility):
    return f"Body text of the {visibility} paper"


@pytest.mark.parametrize("lay_members_see_confidential", [False, True])
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_words_inside_a_paper_find_it_only_for_those_who_may_open_it(
    client, world, indexed_agenda, searchers, visibility, lay_members_see_confidential
):
    world.board.lay_members_see_confidential = lay_members_see_confidential
    world.board.save_revision().publish()
    paper = indexed_agenda.papers[visibility]
    for who in PEOPLE:
        response = search_as(client, searchers[who], query=secret_word(visibility))
        html = response.content.decode()
        assert response.status_code == 200
        if expected(who, visibility, lay_members_see_confidential):
            assert paper_title(visibility) in html, who
            assert f"<mark>{secret_word(visibility)}</mark>" in html, who
            assert f"/governance/papers/{paper.pk}/download/" in html, who
            assert "1 result for" in html, who
        else:
            assert paper_title(visibility) not in html, who
            assert body_of(visibility) not in html, who
            assert f"<mark>{secret_word(visibility)}</mark>" not in html, who
            assert "0 results for" in html, who


def test_a_paper_found_by_its_title_never_shows_its_text_to_those_who_may_not_open_it(
    world, indexed_agenda, searchers
):
    """Every paper's title says "eyes": whoever searches sees only the papers they may open,
    and every snippet they see comes from one of those."""
    for who in PEOPLE:
        user = searchers[who] or AnonymousUser()
        outcome = search("eyes", SearchContext(user=user, request=None, filters=SearchFilters()))
        shown = {result.title for result in outcome.page_obj if result.kind == "paper"}
        assert shown == {paper_title(v) for v in VISIBILITIES if expected(who, v)}, who
        snippets = " ".join(str(result.snippet) for result in outcome.page_obj)
        for visibility in VISIBILITIES:
            if not expected(who, visibility):
                assert body_of(visibility) not in snippets, who


def test_a_paper_for_named_people_is_found_by_them_alone(client, world, indexed_agenda, searchers):
    """Named people who may also see the agenda item: a named outsider under a members-only
    item finds nothing (the paper is never wider than its item)."""
    paper = indexed_agenda.papers[Visibility.GROUP]
    paper.visibility = Visibility.NAMED
    paper.save()
    paper.named_people.set([world.non_member, world.member])
    for who in PEOPLE:
        html = search_as(client, searchers[who], query="xkgro").content.decode()
        found = who in ("member", "network_office", "admin")
        assert (paper_title(Visibility.GROUP) in html) is found, who


def test_a_superseded_version_is_not_found_only_the_current_one(client, world, indexed_agenda):
    from governance.services.meetings import add_paper
    from tests.governance.fixtures_meetings import upload

    item = indexed_agenda.items[Visibility.PUBLIC]
    old = indexed_agenda.papers[Visibility.PUBLIC]
    add_paper(
        item,
        upload("public-v2.pdf", "Second version xkpub"),
        title="Paper for public eyes, version two",
        visibility=Visibility.PUBLIC,
        uploaded_by=world.secretary,
        replaces=old,
    )
    html = search_as(client, None, query="public eyes").content.decode()
    assert "version two" in html
    assert f"/governance/papers/{old.pk}/download/" not in html


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_decisions_and_actions_follow_their_items_visibility(
    client, world, indexed_agenda, searchers, visibility
):
    item = indexed_agenda.items[visibility]
    DecisionFactory(
        meeting=world.meeting, agenda_item=item, text=f"Agreed the {visibility} gadolinium plan."
    )
    ActionFactory(
        meeting=world.meeting,
        agenda_item=item,
        owner=world.other_chair,
        description=f"Cost the {visibility} gadolinium plan",
    )
    for who in PEOPLE:
        html = search_as(client, searchers[who], query="gadolinium").content.decode()
        sees_item = expected(who, visibility)
        assert (f"Agreed the {visibility} <mark>gadolinium</mark> plan" in html) is sees_item, who
        # The action's owner always sees it, as the action log does.
        sees_action = sees_item or who == "other_chair"
        assert (f"Cost the {visibility} <mark>gadolinium</mark> plan" in html) is sees_action, who


def test_unpublished_meetings_keep_their_papers_and_decisions_out_of_search(
    client, world, indexed_agenda
):
    DecisionFactory(meeting=world.meeting, agenda_item=None, text="Agreed the gadolinium plan.")
    world.meeting.unpublish()
    for who in ("admin", "chair", "member"):
        html = search_as(client, getattr(world, who), query="gadolinium xkpub").content.decode()
        assert "0 results" in html
        html = search_as(client, getattr(world, who), query="xkpub").content.decode()
        assert paper_title(Visibility.PUBLIC) not in html


def test_pages_behind_a_sign_in_restriction_are_found_only_when_signed_in(client, world):
    from wagtail.models import PageViewRestriction

    from tests.portal.factories import StandardPageFactory

    page = StandardPageFactory(parent=world.home, title="Members handbook", slug="handbook")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert page.url not in search_as(client, None, query="handbook").content.decode()
    assert page.url in search_as(client, world.member, query="handbook").content.decode()
