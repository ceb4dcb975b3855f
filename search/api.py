"""The only door into search. Other apps call these functions and nothing else in ``search``.

Reading:
    search(query, filters=None, page=1, sort="relevance")  -> SearchResults (hits, total, facets, suggestion)
    similar(title, body="", limit=5, language=None)       -> list[Hit]  threads like the one being written
    rank_for_tags(tags, limit=10)                         -> list[Hit]  best threads for a knowledge page
    suggest(prefix, limit=5)                              -> Suggestions threads, tags, members as one types

Indexing (normally driven by community events, see ``search.handlers``):
    changed(threads=..., members=...)                     mark and enqueue an update (thread_changed,
                                                          member_changed: shorthands)
    sync()                                                deliver every pending update now
    deferred_indexing()                                   context manager for batch writers (seeder, importers)
    index_knowledge_page(...), remove_knowledge_page(page_id)
    reindex(progress=None)                                zero-downtime rebuild (``manage.py search_reindex``)
    refresh()                                             make recent writes searchable now (tests, scripts)

Synonyms (moderators keep them in the CMS, ``search.cms``; the demo seeder through here):
    add_synonyms(moderator, "ipa, india pale ale")        a new set of terms a search treats as one

Every function works on Elasticsearch (``ELASTICSEARCH_URL`` set) and on the database otherwise.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.utils import translation
from django.utils.translation import gettext as _

from search import breaker, conf, pipeline, rebuild
from search import suggest as suggestions
from search.backends import get_backend
from search.query import FALLBACK_LANGUAGE, language_code, parse
from search.types import SORTS, Hit, SearchResults, SearchUnavailable

logger = logging.getLogger(__name__)

__all__ = [
    "Hit",
    "add_synonyms",
    "SearchResults",
    "SearchUnavailable",
    "backend_name",
    "changed",
    "deferred_indexing",
    "health",
    "index_knowledge_page",
    "member_changed",
    "rank_for_tags",
    "refresh",
    "reindex",
    "remove_knowledge_page",
    "search",
    "similar",
    "suggest",
    "sync",
    "thread_changed",
]


def backend_name() -> str:
    return "elasticsearch" if conf.uses_elasticsearch() else "database"


def search(
    query: str | None,
    filters: dict | None = None,
    page: int | str | None = 1,
    *,
    sort: str = "relevance",
    per_page: int | None = None,
) -> SearchResults:
    """Search threads (and knowledge pages) with the member query syntax (see ``search.query``).

    ``filters`` may hold ``tags`` (list), ``kind``, ``status`` and ``user``, as facet links send them.
    An empty query returns no hits and no error. Raises ``SearchUnavailable`` if the backend is down.
    """
    parsed = parse(query, filters)
    per_page = per_page or conf.option("PER_PAGE")
    sort = sort if sort in SORTS else "relevance"
    page = _page_number(page)
    if page > conf.option("MAX_PAGE"):
        page = conf.option("MAX_PAGE")
        parsed.notices.append(_("Results stop at page %(page)s; narrow your search to see more.") % {"page": page})
    if parsed.is_empty:
        return SearchResults(
            parsed=parsed, page=1, per_page=per_page, sort=sort, notices=parsed.notices, backend=backend_name()
        )
    results = get_backend().search(parsed, page=page, per_page=per_page, sort=sort)
    results.notices = parsed.notices + results.notices
    if results.total and page > results.num_pages:
        # Past the last page (a stale link): show the last page instead of an empty one.
        results = get_backend().search(parsed, page=results.num_pages, per_page=per_page, sort=sort)
        results.notices = parsed.notices
    return results


def similar(
    title: str, body: str = "", limit: int = 5, language: str | None = None, *, tags: Iterable[str] = ()
) -> list[Hit]:
    """Up to ``limit`` existing threads like this title (and body): shown while a member asks.

    ``language`` is the asker's (what they write in; the page's language if None): threads written in it come
    first, all else equal. ``tags`` are the ones the asker chose so far: threads sharing them rank higher
    (``search.similarity``). Never raises: suggestions are a nicety, so an unavailable backend gives an empty list.
    """
    title = " ".join((title or "").split())[:300]
    body = (body or "")[:5000]
    if len(title) < 4 and len(body.strip()) < 20:
        return []
    language = language_code(language or translation.get_language() or "") or FALLBACK_LANGUAGE
    names = list(dict.fromkeys(t.strip().lower() for t in tags or () if t and t.strip()))[:10]
    try:
        return get_backend().similar(title, body, limit=max(1, min(limit, 20)), language=language, tags=names)
    except SearchUnavailable:
        logger.warning("similar(): search unavailable", exc_info=True)
        return []


def rank_for_tags(tags, limit: int = 10) -> list[Hit]:
    """The best threads carrying any of ``tags``, ranked by quality (for knowledge pages)."""
    names = [t.strip().lower() for t in (tags or []) if t and t.strip()][:20]
    if not names:
        return []
    return get_backend().rank_for_tags(names, limit=max(1, min(limit, 100)))


def suggest(prefix: str | None, limit: int = 5) -> suggestions.Suggestions:
    """What the header's search box suggests for ``prefix`` (search as you type, ``search.suggest``): up to
    ``limit`` thread titles, 3 tags and 3 members; nothing under 2 characters. Never raises for what was typed,
    and an unavailable backend only empties the threads (tags and members come from the database)."""
    return suggestions.suggest(prefix, threads=max(1, min(int(limit), 10)))


# --- indexing ---------------------------------------------------------------------


def thread_changed(*thread_ids: int) -> None:
    changed(threads=thread_ids)


def member_changed(*member_ids: int) -> None:
    """A member's display name or reputation changed: their threads' documents follow."""
    changed(members=member_ids)


_deferral = threading.local()


@contextmanager
def deferred_indexing():
    """Batch writers (the demo seeder, importers): inside, events only mark what changed; on leaving, one
    bulk delivery sends it all. Saves ~20 ms per event on the immediate task backend. Nestable."""
    depth = getattr(_deferral, "depth", 0)
    _deferral.depth = depth + 1
    try:
        yield
    finally:
        _deferral.depth = depth
    if depth == 0:
        with conf.background_work():
            pipeline.process_all()


def changed(*, threads=(), members=()) -> None:
    """Mark what changed and enqueue one sync task for all of it.

    Mark and enqueue share one transaction: with the immediate task backend the index update commits
    together with its mark (one commit per event instead of several), with the database backend the task
    row and the mark land together.
    """
    from django.db import transaction

    from search.tasks import sync_search_index

    wanted = [("thread", i) for i in threads] + [("member", i) for i in members]
    if getattr(_deferral, "depth", 0):
        pipeline.mark(wanted)
        return
    with transaction.atomic():
        keys = pipeline.mark(wanted)
        if not keys:
            return
        try:
            with transaction.atomic():
                sync_search_index.enqueue([list(k) for k in keys])
        except Exception:
            # The marks are saved; the next task run or `manage.py search_sync` delivers them.
            logger.exception("Could not enqueue the search index update for %s", keys)


def sync() -> pipeline.SyncResult:
    """Deliver every pending update now (``manage.py search_sync``).

    An operator asked for it: it tries even while the circuit breaker is open (and closes it on success),
    with the background timeout.
    """
    with conf.background_work(), breaker.bypassed():
        return pipeline.process_all()


def index_knowledge_page(
    *,
    page_id: int,
    title: str,
    body: str,
    url: str,
    updated_at,
    tags=(),
    author: str = "",
    author_name: str = "",
    language: str = FALLBACK_LANGUAGE,
) -> None:
    """Index (or re-index) one knowledge page. ``body`` may be text or sanitised HTML; ``language`` is what it is
    written in (a code of ``settings.LANGUAGES``).

    Raises ``SearchUnavailable`` when the backend is down: the caller (a publish hook) should retry.
    """
    payload = pipeline.page_payload(
        page_id=page_id,
        title=title,
        body=body,
        tags=tags,
        url=url,
        updated_at=updated_at,
        author=author,
        author_name=author_name,
        language=language_code(language or "") or FALLBACK_LANGUAGE,
    )
    get_backend().upsert("pages", [payload])


def remove_knowledge_page(page_id: int) -> None:
    get_backend().delete("pages", [int(page_id)])


def sync_knowledge_page(page_id: int) -> None:
    """Make search agree with one knowledge page: indexed while live, removed otherwise (or when deleted).

    Reads the page from community's models; a search outage is logged, not raised — the page stays
    published and ``manage.py knowledge_reindex`` puts it back.
    """
    from community.models import KnowledgePage

    page = KnowledgePage.objects.filter(pk=page_id).first()
    try:
        if page is None or not page.live:
            remove_knowledge_page(page_id)
            return
        first = page.credited_authors.order_by("pk").first()
        index_knowledge_page(
            page_id=page.pk,
            title=page.title,
            body=page.search_text(),
            url=page.url or page.url_path,
            updated_at=page.last_published_at or page.latest_revision_created_at,
            tags=page.tag_names(),
            author=first.username if first else "",
            author_name=first.public_name if first else "",
            language=page_language(page),
        )
    except Exception:
        logger.exception("Could not update knowledge page %s in search", page_id)


def page_language(page) -> str:
    """What a knowledge page is written in: its Wagtail locale's language ("fr-ca" counts as "fr" if the site
    speaks French), "en" when it has none or the site does not speak it."""
    locale = getattr(page, "locale", None)
    return language_code(getattr(locale, "language_code", "") or "") or FALLBACK_LANGUAGE


def reindex(*, progress=None, before_swap=None, keep_old: bool = False, batch_size: int = 500) -> str:
    """Rebuild the thread index from the database and swap it in; copy knowledge pages across.

    Searches keep working throughout (they use the old index until the atomic alias swap). Threads hidden
    while the rebuild ran are removed from the new index before the swap. An operator's command: it runs
    with the background timeout and tries even while the circuit breaker is open.
    """
    with conf.background_work(), breaker.bypassed():
        return rebuild.rebuild(progress=progress, before_swap=before_swap, keep_old=keep_old, batch_size=batch_size)


def add_synonyms(moderator, terms: str):
    """A new search synonym set, as a moderator adds it in the CMS (``search.actions.add_synonyms``: validated,
    raises ``ValidationError`` with the reason; applied to Elasticsearch on commit)."""
    from search import actions

    return actions.add_synonyms(moderator, terms)


def refresh() -> None:
    get_backend().refresh()


def health() -> dict:
    """Whether search answers now, for ``/readyz``: ``{"ok": bool, "detail": str}``. Bounded by the member-facing
    timeout, and answered at once while the circuit breaker keeps away from a failing cluster."""
    try:
        detail = get_backend().health()
    except SearchUnavailable as exc:
        return {"ok": False, "backend": backend_name(), "detail": str(exc)}
    return {"ok": True, "backend": backend_name(), "detail": detail}


def _page_number(page) -> int:
    try:
        number = int(str(page or 1).strip()[:6])
    except (TypeError, ValueError):
        return 1
    return max(1, number)
