from governance.models import Decision
from portal.search import SearchContext, SearchFilters, registered_sources, search
from tests.governance.factories import DecisionFactory
from wagtail.search.models import IndexEntry


def test_scratch(world, indexed_agenda):
    d = DecisionFactory(meeting=world.meeting, text="The board agreed the gadolinium policy.")
    print(IndexEntry.objects.count(), list(IndexEntry.objects.values_list("content_type__model", "title")[:40]))
    for who, user in world.people().items():
        from django.contrib.auth.models import AnonymousUser
        user = user or AnonymousUser()
        ctx = SearchContext(user=user, request=None, filters=SearchFilters())
        out = search("xkcon", ctx)
        print(who, out.total, [(r.title, str(r.snippet)) for r in out.page_obj])
    ctx = SearchContext(user=world.admin, request=None, filters=SearchFilters())
    out = search("gadolinium", ctx)
    print([(r.title, str(r.snippet), r.score) for r in out.page_obj])
    out = search("gadolinum", ctx)
    print(out.corrected_from, out.searched_for, [(r.title, str(r.snippet), r.score) for r in out.page_obj])
    assert 0
