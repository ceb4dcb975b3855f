"""The ranked "best threads" of knowledge pages and topic hubs: computed once, cached, invalidated by events.

``ranked_threads(tag_names)`` asks ``search.api.rank_for_tags`` (relevance × the quality signals rewards
produces: votes, accepted answer, author reputation, freshness) for the best threads carrying any of the tags,
adds each thread's best answer (the accepted one, else the top-voted one, with its author) in one statement
and its tags' slugs in another — three statements in all, the first a bounded index read — and caches the
result as plain data. Pages render from the cache: no ranking and no query for the list on a warm view.

Invalidation is by version numbers, not by deleting keys (a cache cannot list its keys):

- every tag has a version, and so does "everything";
- the key of a ranked list names its tag set *and* the versions of its tags and of "everything" (and the
  reader's language: one list per language);
- community events bump versions after they commit: a vote, an answer, an accept, an edited answer or a
  hidden answer bumps the thread's tags; a new, edited (tags may have changed), hidden or restored thread and
  a profile change (names in the lists) bump "everything".

The next view then misses and recomputes once. Lists also expire after ``TTL`` seconds, which bounds what
no event announces: freshness decay, reputation earned elsewhere, and — with the database task backend — a
search index update still queued when a view refilled the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.utils import translation

from community.core import events
from community.core.rendering import excerpt
from community.forum.models import Answer, Member, Tag, TaggedThread, Thread, member_url

logger = logging.getLogger(__name__)

RANK_LIMIT = 30  # ranked per tag set; pages show a slice (community.knowledge.MAX_THREADS_SHOWN)
TTL = 600
UNAVAILABLE_TTL = 30  # search down: an empty list, retried soon
EVERYTHING = "knowledge:v:*"
PREFIX = "knowledge:rank:"


@dataclass(frozen=True)
class BestAnswer:
    id: int
    url: str
    author: str
    author_name: str
    author_url: str
    score: int
    accepted: bool
    excerpt: str
    author_id: int | None = None  # their reputation and badges show beside the name (community/core/flair.py)


@dataclass(frozen=True)
class RankedThread:
    id: int
    title: str
    url: str
    kind: str
    tags: tuple[tuple[str, str], ...]  # (name, slug)
    author: str
    author_name: str
    author_url: str
    score: int
    answer_count: int
    accepted: bool
    last_activity: object
    best_answer: BestAnswer | None
    author_id: int | None = None  # their reputation and badges show beside the name (community/core/flair.py)


# --- versions -----------------------------------------------------------------------------


def _tag_key(name: str) -> str:
    return "knowledge:v:tag:" + hashlib.sha1(name.encode()).hexdigest()[:20]


def _new_version() -> int:
    return time.time_ns()


def bump(*tag_names: str, everything: bool = False) -> None:
    """Invalidate the ranked lists of these tags (or of all tags)."""
    keys = [EVERYTHING] if everything else [_tag_key(n.lower()) for n in tag_names if n]
    if keys:
        version = _new_version()
        cache.set_many({k: version for k in keys}, timeout=None)


def _versions(names: list[str]) -> list[int]:
    keys = [EVERYTHING] + [_tag_key(n) for n in names]
    found = cache.get_many(keys)
    missing = {k: _new_version() for k in keys if k not in found}
    if missing:
        cache.set_many(missing, timeout=None)
    return [found.get(k) or missing[k] for k in keys]


def cache_key(names: list[str]) -> str:
    """Per tag set, versions and language: the list holds text drawn in the reader's language (the excerpts'
    ellipsis), so a French reader never gets the English list, nor the reverse."""
    raw = json.dumps([names, _versions(names), translation.get_language() or ""])
    return PREFIX + hashlib.sha1(raw.encode()).hexdigest()


# --- reading --------------------------------------------------------------------------------


def ranked_threads(tag_names) -> list[RankedThread]:
    """The best threads for any of ``tag_names`` (at most ``RANK_LIMIT``), from the cache when it has them."""
    names = sorted({str(n).strip().lower() for n in tag_names or [] if str(n).strip()})
    if not names:
        return []
    key = cache_key(names)
    ranked = cache.get(key)
    if ranked is None:
        ranked, ttl = compute(names)
        cache.set(key, ranked, ttl)
    return ranked


def compute(names: list[str]) -> tuple[list[RankedThread], int]:
    """Rank through search (the only door) and add each thread's best answer; returns (list, cache TTL)."""
    from search import api as search_api

    try:
        hits = search_api.rank_for_tags(names, limit=RANK_LIMIT)
    except search_api.SearchUnavailable:
        logger.warning("Knowledge ranking for %s: search unavailable", names, exc_info=True)
        return [], UNAVAILABLE_TTL
    best = _best_answers({h.id: h.url for h in hits if h.doc_type == "thread"})
    slugs = dict(Tag.objects.filter(name__in={t for h in hits for t in h.tags}).values_list("name", "slug"))
    ranked = []
    for h in hits:
        if h.id not in best:  # hidden since it was indexed
            continue
        ranked.append(
            RankedThread(
                id=h.id,
                title=h.title,
                url=h.url,
                kind=h.kind,
                tags=tuple((t, slugs.get(t, t)) for t in h.tags),
                author=h.author,
                author_name=h.author_name or h.author,
                author_url=_member_url(h.author),
                author_id=h.author_id,
                score=h.score,
                answer_count=h.answer_count,
                accepted=h.accepted,
                last_activity=h.last_activity,
                best_answer=best[h.id],
            )
        )
    return ranked, TTL


def _member_url(username: str) -> str:
    return member_url(username) if username else ""


def _best_answers(thread_urls: dict[int, str]) -> dict[int, BestAnswer | None]:
    """{visible thread id: its accepted answer, else its top-voted answer with a positive score, or None}.

    ``thread_urls`` maps each thread to its address as search indexed it (the answer's link is that and its
    anchor). One statement: each visible thread joined to its best answer (a hidden accepted answer leaves the
    thread without one) and that answer's author. The ORM wanted two, the second waiting for the first's ids,
    and compiling them cost more than running them: this is every cold topic hub's price.
    """
    if not thread_urls:
        return {}
    thread, answer, member = (m._meta.db_table for m in (Thread, Answer, Member))
    ids = list(thread_urls)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id, t.accepted_answer_id, a.id, a.score, a.body_html, a.author_id, m.username,"
            f" m.display_name FROM {thread} t"
            f" LEFT JOIN {answer} a ON NOT a.is_deleted AND a.id = COALESCE(t.accepted_answer_id,"
            f" (SELECT top.id FROM {answer} top WHERE top.thread_id = t.id AND NOT top.is_deleted"
            " ORDER BY top.score DESC, top.created_at, top.id LIMIT 1))"
            f" LEFT JOIN {member} m ON m.id = a.author_id"
            f" WHERE t.id IN ({', '.join(['%s'] * len(ids))}) AND NOT t.is_deleted",
            ids,
        )
        rows = cursor.fetchall()
    result: dict[int, BestAnswer | None] = {}
    for pk, accepted, answer_id, score, body_html, author_id, username, display_name in rows:
        if answer_id is None or (answer_id != accepted and score <= 0):
            result[pk] = None
            continue
        result[pk] = BestAnswer(
            id=answer_id,
            url=f"{thread_urls[pk]}#answer-{answer_id}",
            author=username,
            author_name=display_name or username,
            author_url=_member_url(username),
            author_id=author_id,
            score=score,
            accepted=answer_id == accepted,
            excerpt=excerpt(body_html, 220),
        )
    return result


# --- invalidation (subscribed in CommunityConfig.ready) ------------------------------------------


def _thread_tags(thread_id: int) -> list[str]:
    return list(TaggedThread.objects.filter(content_object_id=thread_id).values_list("tag__name", flat=True))


def on_thread_activity(event) -> None:
    bump(*_thread_tags(event.thread_id))


def on_everything(event) -> None:
    bump(everything=True)


def on_visibility(event) -> None:
    if event.model == "thread":
        bump(everything=True)
    elif event.model == "answer":
        bump(*_thread_tags(event.thread_id))
    # comments do not change a ranking


SUBSCRIPTIONS = [
    (events.VoteCast, on_thread_activity),
    (events.AnswerAccepted, on_thread_activity),
    (events.AnswerUnaccepted, on_thread_activity),
    (events.AnswerPosted, on_thread_activity),
    (events.AnswerEdited, on_thread_activity),
    (events.ThreadCreated, on_thread_activity),
    (events.ThreadEdited, on_everything),
    (events.PostHidden, on_visibility),
    (events.PostRestored, on_visibility),
    (events.ProfileUpdated, on_everything),
    (events.MemberErased, on_everything),  # credits and ranked lists name the member
]


def connect() -> None:
    for event_type, handler in SUBSCRIPTIONS:
        events.subscribe(event_type, handler)
