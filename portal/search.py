"""One search over everything a person may open: the service behind /search/, and the registry
of search sources each app contributes through the `register_search_source` Wagtail hook.

Each source narrows its own model to what the searcher may see (in the database, so counts are
right); one statement matches the index against every source at once, ranks, counts and pages
the matches; only the page shown is loaded, one query per kind on it, the source's own
permission predicate has the last word on each, and snippets are cut from the fields of things
the searcher may open.
"""

import difflib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import AutoField, CharField, IntegerField, Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import get_descendants_content_types_pks

logger = logging.getLogger(__name__)

SEARCH_SOURCE_HOOK = "register_search_source"
PAGE_SIZE = 10
# Ranking reads each document's whole text, so at most this many matches of each kind are
# ranked, counted and paged through; a search that matches more says so, and is narrowed with
# the filters or more words.
MAX_HITS_PER_KIND = 200
SNIPPET_CHARS = 240
VOCABULARY_CACHE_KEY = "portal.search.vocabulary"
VOCABULARY_SECONDS = 15 * 60
# The spelling vocabulary is read from the newest index entries' titles and openings: a
# network's words recur, and reading every paper in full would keep one searcher waiting.
VOCABULARY_ENTRIES = 5_000
VOCABULARY_BODY_CHARS = 1_000
MAX_QUERY_CHARS = 200

_WORD = re.compile(r"\w+", re.UNICODE)
_SUFFIXES = ("ing", "ed", "es", "s")


@dataclass(frozen=True)
class SearchFilters:
    """What the searcher narrowed the search to; every field optional."""

    kinds: tuple = ()
    group: Page | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def group_path(self):
        return self.group.path if self.group else None

    def without_group(self):
        """The same filters less the group: for sources that apply the group themselves."""
        return replace(self, group=None)

    def moment_range(self):
        """The date range as aware datetimes covering whole London days."""
        start = end = None
        if self.date_from:
            start = timezone.make_aware(datetime.combine(self.date_from, time.min))
        if self.date_to:
            end = timezone.make_aware(datetime.combine(self.date_to, time.max))
        return start, end


@dataclass
class SearchContext:
    """One search by one person: sources share per-search lookups through `memo`."""

    user: object
    request: object
    filters: SearchFilters
    memo: dict = field(default_factory=dict)

    def remember(self, key, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


@dataclass
class SearchResult:
    kind: str
    kind_label: str
    title: str
    url: str
    when: date | datetime | None = None
    context: str = ""
    texts: list = field(default_factory=list, repr=False)
    title_html: str = ""
    snippet: str = ""


class SearchSource:
    """One kind of thing the search covers. Subclasses name the model and say who sees what."""

    key = ""
    label = ""
    model = None
    date_field = None  # a DateField or DateTimeField on `model` for the date-range filter
    group_path_field = None  # a page path on or above `model` for the group filter

    def visible(self, context):
        """The rows the searcher may see, narrowed by the filters: a queryset of `model`."""
        raise NotImplementedError

    def fetch(self, context, pks):
        """The rows with these keys, with whatever `allowed` and `result` need loaded."""
        return self.model._default_manager.filter(pk__in=pks)

    def allowed(self, context, objects):
        """The app's own permission predicate: the last word on every result shown."""
        return objects

    def content_type_ids(self):
        """The content types of the index entries this source searches among."""
        return _content_type_ids(self.model)

    def result(self, context, obj):
        raise NotImplementedError

    def group_choices(self, context):
        """(page, label) pairs the results can be narrowed to; one source provides them."""
        return []

    # Sources of uploaded documents read their text in the background; `rebuild_search`
    # catches up on any the background work missed.
    documents_label = ""

    def documents_missing_text(self):
        return []

    def read_document_text(self, pk):
        raise NotImplementedError

    def narrow(self, queryset, filters):
        """Apply the group and date filters through the fields the source names; a source
        with no such field has nothing that passes that filter."""
        if filters.group_path:
            if not self.group_path_field:
                return queryset.none()
            queryset = queryset.filter(
                **{f"{self.group_path_field}__startswith": filters.group_path}
            )
        if filters.date_from or filters.date_to:
            if not self.date_field:
                return queryset.none()
            field_ = self.model._meta.get_field(self.date_field)
            is_moment = field_.get_internal_type() == "DateTimeField"
            start, end = (
                filters.moment_range() if is_moment else (filters.date_from, filters.date_to)
            )
            if start:
                queryset = queryset.filter(**{f"{self.date_field}__gte": start})
            if end:
                queryset = queryset.filter(**{f"{self.date_field}__lte": end})
        return queryset


def _content_type_ids(model, left_out=()):
    """Ids of the content types of `model` and its subclasses, less those of `left_out` and
    theirs (the content type cache answers after the first search)."""
    excluded = {pk for other in left_out for pk in get_descendants_content_types_pks(other)}
    return [pk for pk in get_descendants_content_types_pks(model) if pk not in excluded]


def registered_sources():
    """Every source the apps register, in the order their hooks run, then the pages of every
    other type."""
    sources = []
    for hook in hooks.get_hooks(SEARCH_SOURCE_HOOK):
        provided = hook()
        sources.extend(provided if isinstance(provided, list | tuple) else [provided])
    claimed = [source.model for source in sources if isinstance(source, PageSource)]
    return [*sources, OtherPagesSource(claimed)]


# Pages


def restricted_page_paths(user):
    """Paths of pages whose Wagtail view restriction shuts this person out (password-protected
    pages are always left out: the search cannot know the password)."""
    if user.is_authenticated:
        group_ids = set(user.groups.values_list("pk", flat=True))
    paths = []
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
        "groups"
    ):
        if restriction.restriction_type == PageViewRestriction.LOGIN and user.is_authenticated:
            continue
        if (
            restriction.restriction_type == PageViewRestriction.GROUPS
            and user.is_authenticated
            and (user.is_superuser or group_ids & {group.pk for group in restriction.groups.all()})
        ):
            continue
        paths.append(restriction.page.path)
    return paths


class PageSource(SearchSource):
    """Live pages of one type, less those under a view restriction the searcher fails."""

    model = Page
    date_field = "first_published_at"
    group_path_field = "path"

    def pages(self, context):
        return self.model.objects.live()

    def visible(self, context):
        pages = self.pages(context)
        restricted = context.remember(
            "restricted_page_paths", lambda: restricted_page_paths(context.user)
        )
        if restricted:
            excluded = Q()
            for path in restricted:
                excluded |= Q(path__startswith=path)
            pages = pages.exclude(excluded)
        return self.narrow(pages, context.filters)

    def result(self, context, page):
        return SearchResult(
            kind=self.key,
            kind_label=self.label,
            title=page.title,
            url=page.get_url(context.request),
            when=self.when(page),
            context=self.describe(context, page),
            texts=page_texts(page),
        )

    def when(self, page):
        return page.last_published_at or page.first_published_at

    def describe(self, context, page):
        return ""


def guards_itself(model):
    """Whether a page type decides in its own `serve()` who may see it (a project rule, not
    Wagtail's): such pages are searchable only through a source of their app that asks it."""
    serve = getattr(model, "serve", None)
    return serve is not Page.serve and not serve.__module__.startswith("wagtail.")


class OtherPagesSource(PageSource):
    """Every live page whose type no other source claims (home, about, contact…)."""

    key = "page"
    label = "Page"

    def __init__(self, claimed_models):
        self.left_out = [
            model
            for model in get_page_models()
            if model in claimed_models or (model is not Page and guards_itself(model))
        ]

    def pages(self, context):
        pages = Page.objects.live().filter(depth__gt=1)
        if self.left_out:
            pages = pages.not_type(*self.left_out)
        return pages

    def fetch(self, context, pks):
        return Page.objects.filter(pk__in=pks).specific()

    def content_type_ids(self):
        return _content_type_ids(Page, self.left_out)


def page_texts(page):
    """The words a page is indexed by, as plain text, for cutting a snippet from."""
    texts = [page.search_description] if getattr(page, "search_description", "") else []
    for search_field in page.get_search_fields():
        name = getattr(search_field, "field_name", "")
        if name == "title" or type(search_field).__name__ != "SearchField":
            continue
        value = getattr(page, name, None)
        if value is None:
            continue
        model_field = search_field.get_field(type(page))
        if model_field is not None and hasattr(model_field, "get_searchable_content"):
            texts.extend(str(part) for part in model_field.get_searchable_content(value))
        else:
            texts.append(strip_tags(str(value)))
    return [text for text in texts if text]


# The search itself


@dataclass
class SearchOutcome:
    query: str
    page_obj: object = None
    total: int = 0
    searched_for: str = ""  # the query the results are for (a correction, if one was needed)
    corrected_from: str = ""
    kind_counts: dict = field(default_factory=dict)
    capped: bool = False  # some kind matched more than MAX_HITS_PER_KIND: its best are ranked

    @property
    def max_hits_per_kind(self):
        return MAX_HITS_PER_KIND


def terms(query):
    return [word.lower() for word in _WORD.findall(query)]


def index_query(query):
    """What the index is asked for: the query's words and nothing else. A quote or bracket
    typed into the box is not search syntax here (SQLite's full-text engine would take `a"b`
    as an unterminated string and fail)."""
    return " ".join(_WORD.findall(query))


def _stem(term):
    """A generous stem for highlighting: the index stems words its own way (PostgreSQL's
    English stemmer, SQLite's tokenizer), so a snippet marks every word sharing the stem."""
    stems = [term]
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            stems.append(term[: -len(suffix)])
            break
    if len(term) >= 6:
        stems.append(term[:-2])
    return min(stems, key=len)


def match_pattern(query):
    """A pattern matching the query's words and their simple English variants."""
    stems = sorted({_stem(term) for term in terms(query)}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.I)


def highlight(text, pattern):
    """`text` escaped, with every match of `pattern` wrapped in <mark>."""
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)


def snippet(texts, pattern, length=SNIPPET_CHARS):
    """A passage around the first match in `texts`, highlighted; or the opening of the first
    text when the match was in the title alone."""
    texts = [" ".join(text.split()) for text in texts if text and text.strip()]
    if not texts:
        return ""
    for text in texts:
        found = pattern.search(text) if pattern else None
        if found:
            start = max(0, found.start() - length // 3)
            if start:
                start = text.find(" ", start) + 1 or start
            end = min(len(text), start + length)
            if end < len(text):
                end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
            passage = highlight(text[start:end], pattern)
            return mark_safe(  # noqa: S308 (the passage is escaped by highlight)
                ("… " if start else "") + passage + (" …" if end < len(text) else "")
            )
    opening = texts[0]
    if len(opening) > length:
        opening = opening[: opening.rfind(" ", 0, length)] + " …"
    return escape(opening)


# One statement finds, counts and ranks the matches of every source, as far as each source's
# `visible()` queryset lets the searcher see them; only the page shown is then loaded.
#
# `matched` reads the index once through its full-text index (PostgreSQL: the GIN index on
# `title || body`; SQLite: the FTS5 table). Each source keeps the matches of its own content
# types that its visibility queryset lets through, at most MAX_HITS_PER_KIND + 1 of them (to
# know whether there were more), taken in the order of `prior`; those are ranked together,
# counted by kind and paged.
_SEARCH_SQL = """
WITH matched AS ({matched}),
hits AS ({hits}),
candidates AS (
    SELECT source, id, object_id, score,
        COUNT(*) OVER (PARTITION BY source) AS kind_total,
        ROW_NUMBER() OVER (PARTITION BY source ORDER BY prior DESC, id DESC) AS candidate
    FROM hits
),
ranked AS (
    SELECT c.source, c.object_id, c.kind_total, c.candidate,
        ROW_NUMBER() OVER (ORDER BY {score} DESC, c.id DESC) AS position
    FROM candidates c{score_join}
    WHERE c.candidate <= %s
)
SELECT source, object_id, position, kind_total, candidate FROM ranked
WHERE (position > %s AND position <= %s) OR candidate = 1
"""
# A kind's matches are put in order before the visibility check, so that the check can stop
# once it has let enough through (PostgreSQL is kept from undoing that by OFFSET 0).
_HIT_SQL = """SELECT * FROM (
    SELECT {number} AS source, m.id, m.object_id, m.prior, m.score
    FROM (
        SELECT * FROM matched WHERE content_type_id IN ({content_types})
        ORDER BY prior DESC, id DESC{fence}
    ) m
    WHERE {key} IN ({visible})
    ORDER BY m.prior DESC, m.id DESC LIMIT %s
) kind_{number}"""


def _full_text(query, vendor):
    """The vendor's SQL for `matched` (with `prior`, which orders each kind's candidates for
    ranking, and `score` where it comes free with the match), the ranking expression and its
    parameters. Only the query's words reach the full-text engine (see `index_query`)."""
    from wagtail.search.models import IndexEntry

    words = index_query(query).split()
    entries = connection.ops.quote_name(IndexEntry._meta.db_table)
    if vendor == "postgresql":
        from modelsearch.backends.database.postgres.weights import get_sql_weights

        config = getattr(get_search_backend(), "config", None)
        tsquery = "to_tsquery(%s::regconfig, %s)" if config else "to_tsquery(%s)"
        tsquery_params = [config] if config else []
        tsquery_params.append(" & ".join(f"'{word}'" for word in words))
        # Ranking reads each document's whole vector, so only the candidates are ranked;
        # they are taken from the matches by whether the words are in the title, then newest.
        # A table name and SQL of our own; the words are parameters.
        matched = (
            f"SELECT e.id, e.content_type_id, e.object_id, (e.title @@ {tsquery}) AS prior, "  # noqa: S608
            f"0.0 AS score FROM {entries} e WHERE (e.title || e.body) @@ {tsquery}"
        )
        rank = (
            f"ts_rank(%s::float4[], e.title, {tsquery}) * e.title_norm"
            f" + ts_rank(%s::float4[], e.body, {tsquery})"
        )
        weights = get_sql_weights()
        return (
            matched,
            tsquery_params * 2,
            rank,
            [weights, *tsquery_params, weights, *tsquery_params],
            f" JOIN {entries} e ON e.id = c.id",
        )
    if vendor == "sqlite":
        from wagtail.search.models import SQLiteFTSIndexEntry

        fts = connection.ops.quote_name(SQLiteFTSIndexEntry._meta.db_table)
        # FTS5's bm25 is lower for better matches; the title counts again by its norm, as in
        # Wagtail's own SQLite backend.
        score = f"-bm25({fts}) * (e.title_norm + 1)"
        matched = (
            f"SELECT e.id, e.content_type_id, e.object_id, {score} AS prior, {score} AS score "  # noqa: S608
            f"FROM {fts} JOIN {entries} e ON e.id = {fts}.rowid WHERE {fts} MATCH %s"
        )
        match = "{title body} : (" + " AND ".join(f'"{word}"' for word in words) + ")"
        return matched, [match], "c.score", [], ""
    raise NotImplementedError(f"The site search needs PostgreSQL or SQLite, not {vendor}.")


def _visible_keys(source, context):
    """SQL comparing an index entry's key with those of the rows of `source` the searcher may
    see, and that SQL; or None when the filters leave nothing to see. Integer keys are
    compared as integers, so the database may look each match up by primary key."""
    visible = source.visible(context).order_by()
    if isinstance(source.model._meta.pk, AutoField | IntegerField):
        key, keys = "CAST(m.object_id AS bigint)", visible.values("pk")
    else:
        key, keys = "m.object_id", visible.values(_key=Cast("pk", output_field=CharField()))
    try:
        return key, *keys.query.sql_with_params()
    except EmptyResultSet:
        return None


def _search_index(query, context, sources, offset, limit):
    """The page of matches from `offset` (as (source, key) pairs, best first) and the number
    of matches of each source, up to one more than are ranked: one statement."""
    vendor = connection.vendor
    matched, matched_params, rank, rank_params, rank_join = _full_text(query, vendor)
    hits, hit_params = [], []
    for number, source in enumerate(sources):
        content_types = ", ".join(str(pk) for pk in source.content_type_ids())
        visible = _visible_keys(source, context) if content_types else None
        if visible is None:
            continue
        key, visible_sql, visible_params = visible
        hits.append(
            _HIT_SQL.format(
                number=number,
                content_types=content_types,
                fence=" OFFSET 0" if vendor == "postgresql" else "",
                key=key,
                visible=visible_sql,
            )
        )
        hit_params.extend([*visible_params, MAX_HITS_PER_KIND + 1])
    if not hits:
        return [], Counter()
    sql = _SEARCH_SQL.format(
        matched=matched,
        hits="\nUNION ALL\n".join(hits),
        score=rank,
        score_join=rank_join,
    )
    params = [
        *matched_params,
        *hit_params,
        *rank_params,
        MAX_HITS_PER_KIND,
        offset,
        offset + limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    page, counts = [], Counter()
    for number, key, position, kind_total, candidate in rows:
        if candidate == 1:
            counts[sources[number].key] = kind_total
        if offset < position <= offset + limit:
            page.append((position, sources[number], key))
    page.sort(key=lambda row: row[0])
    return [(source, key) for _position, source, key in page], counts


def _page_results(context, query, hits):
    """The results for one page of hits: each source's rows loaded in one go, and each asked
    of the source's own predicate, which has the last word."""
    keys_by_source = {}
    for source, key in hits:
        keys_by_source.setdefault(source, []).append(source.model._meta.pk.to_python(key))
    loaded = {}
    for source, keys in keys_by_source.items():
        objects = list(source.fetch(context, keys))
        for obj in source.allowed(context, objects):
            loaded[source, obj.pk] = obj
    pattern = match_pattern(query)
    results = []
    for source, key in hits:
        obj = loaded.get((source, source.model._meta.pk.to_python(key)))
        if obj is None:  # its visibility queryset let through what its predicate refuses
            logger.warning("Search left out %s %s: its predicate refused it", source.key, key)
            continue
        result = source.result(context, obj)
        result.title_html = highlight(result.title, pattern)
        result.snippet = snippet(result.texts, pattern)
        results.append(result)
    return results


def _page_number(number):
    try:
        return max(1, int(number))
    except (TypeError, ValueError):
        return 1


def run_search(query, context, sources, page_number=1, per_page=PAGE_SIZE):
    """Search `sources` for `query` as `context.user`: the page, the number of matches, the
    number of each kind, and whether some kind had more matches than are ranked."""
    chosen = [s for s in sources if not context.filters.kinds or s.key in context.filters.kinds]
    number = _page_number(page_number)
    hits, counts = _search_index(query, context, chosen, (number - 1) * per_page, per_page)
    kind_counts = {
        source.key: min(counts[source.key], MAX_HITS_PER_KIND)
        for source in chosen
        if counts[source.key]
    }
    total = sum(kind_counts.values())
    page_obj = Paginator(range(total), per_page).get_page(number)
    if page_obj.number != number:  # past the last page: show the last
        offset = (page_obj.number - 1) * per_page
        hits, _counts = _search_index(query, context, chosen, offset, per_page)
    page_obj.object_list = _page_results(context, query, hits)
    capped = any(count > MAX_HITS_PER_KIND for count in counts.values())
    return page_obj, total, kind_counts, capped


def search(query, context, sources=None, page_number=1, per_page=PAGE_SIZE, correct=True):
    """The search page's one call: results for `query`, or (with `correct`) for a correction
    of its spelling if it found nothing and the correction finds something."""
    sources = registered_sources() if sources is None else sources
    query = " ".join(query.split())[:MAX_QUERY_CHARS]
    outcome = SearchOutcome(query=query, searched_for=query)
    if not terms(query):
        return outcome
    page_obj, total, counts, capped = run_search(query, context, sources, page_number, per_page)
    if total == 0 and correct:
        correction = suggest_correction(query)
        if correction:
            corrected = run_search(correction, context, sources, page_number, per_page)
            if corrected[1]:
                page_obj, total, counts, capped = corrected
                outcome.searched_for, outcome.corrected_from = correction, query
    outcome.page_obj, outcome.total, outcome.kind_counts = page_obj, total, counts
    outcome.capped = capped
    return outcome


# Spelling


def vocabulary():
    """Words in the search index with how often they occur; cached, since it only serves
    searches that found nothing. A correction is only ever offered if it finds something the
    searcher may open, so words from confidential text cannot leak through it."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        words = _index_words()
        cache.set(VOCABULARY_CACHE_KEY, words, VOCABULARY_SECONDS)
    return words


def forget_vocabulary():
    cache.delete(VOCABULARY_CACHE_KEY)


def _index_words():
    from wagtail.search.models import IndexEntry

    names = {f.name for f in IndexEntry._meta.get_fields()}
    title, body = ("title_text", "body_text") if "title_text" in names else ("title", "body")
    if title not in names:
        return {}
    counted = Counter()
    rows = (
        IndexEntry.objects.annotate(opening=Substr(body, 1, VOCABULARY_BODY_CHARS))
        .order_by("-pk")
        .values_list(title, "opening")[:VOCABULARY_ENTRIES]
    )
    for row in rows.iterator(chunk_size=2000):
        for text in row:
            counted.update(w for w in terms(text or "") if len(w) > 2 and not w.isdigit())
    return dict(counted)


def suggest_correction(query):
    """The query with each unknown word replaced by the closest indexed word, or None."""
    words = vocabulary()
    if not words:
        return None
    known = list(words)
    corrected, changed = [], False
    for term in terms(query):
        if term in words or len(term) < 4:
            corrected.append(term)
            continue
        close = difflib.get_close_matches(term, known, n=3, cutoff=0.75)
        if not close:
            corrected.append(term)
            continue
        best = max(close, key=lambda w: (difflib.SequenceMatcher(None, term, w).ratio(), words[w]))
        corrected.append(best)
        changed = True
    return " ".join(corrected) if changed else None
