"""The indexing pipeline: what the index owes (the outbox) and how it is paid.

    community event ──on commit──> handlers.mark(...)          a PendingUpdate row per thread/member
                                   tasks.sync_search_index     django-tasks: immediate in development and
                                     └─> process(keys)           tests, database backend + worker in production
                                           read the rows, build documents from the database, send them,
                                           delete exactly the rows delivered

If the backend is unavailable (Elasticsearch stopped), ``process`` leaves the rows where they are and
records the error: posting keeps working, and the next task run or ``manage.py search_sync`` delivers them.
While the circuit breaker is open (``search.breaker``) it does not even try: the rows simply wait, and the
worker's scheduled retry (``search.tasks``) delivers them once the cluster is back.
A row marked again while it was being delivered keeps its newer ``marked_at`` and is delivered again.
"""

from __future__ import annotations

import html
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone

from search import breaker, conf
from search.models import PendingUpdate
from search.query import FALLBACK_LANGUAGE, normalise_title
from search.types import SearchUnavailable

logger = logging.getLogger(__name__)

MAX_ANSWERS_CHARS = 60_000  # answers' text kept per thread (the first answers count most anyway)

_BLOCK_TAG_RE = re.compile(r"</?(?:p|br|li|ul|ol|h[1-6]|pre|blockquote|div|tr|td|th|table|hr)\b[^>]*>", re.I)
_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


def html_text(rendered_html: str) -> str:
    """Text of already-sanitised HTML (bodies are rendered once on save): block tags become spaces, inline
    tags vanish ("<strong>Keep</strong>." stays "Keep."), entities are decoded."""
    text = _TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", rendered_html or ""))
    return _SPACE_RE.sub(" ", html.unescape(text)).strip()


def reputations(member_ids: Iterable[int]) -> dict[int, int]:
    """Authors' reputation from the rewards app (1 for everyone while it is not installed)."""
    ids = sorted({int(i) for i in member_ids if i is not None})
    if not ids:
        return {}
    from django.apps import apps

    if not apps.is_installed("rewards"):
        return dict.fromkeys(ids, 1)
    from rewards.api import reputations as rewards_reputations

    found = rewards_reputations(ids)
    return {i: int(found.get(i, 1)) for i in ids}


# --- documents from the database ------------------------------------------------


def thread_payloads(thread_ids: Iterable[int]) -> dict[int, dict]:
    """Documents for the visible threads among ``thread_ids`` (hidden or missing ones are left out).

    Five queries whatever the number: threads + authors, tags, answers, duplicates' titles, reputations.
    """
    from community.models import Answer, Thread

    ids = sorted({int(i) for i in thread_ids})
    if not ids:
        return {}
    threads = list(
        Thread.objects.filter(pk__in=ids, is_deleted=False).select_related("author").prefetch_related("tags")
    )
    answers: dict[int, list[str]] = defaultdict(list)
    sizes: dict[int, int] = defaultdict(int)
    for thread_id, body_html in (
        Answer.objects.filter(thread_id__in=[t.pk for t in threads], is_deleted=False)
        .order_by("thread_id", "-score", "created_at")
        .values_list("thread_id", "body_html")
        .iterator(chunk_size=2000)
    ):
        if sizes[thread_id] < MAX_ANSWERS_CHARS:
            text = html_text(body_html)
            answers[thread_id].append(text)
            sizes[thread_id] += len(text)
    duplicates = duplicate_titles([t.pk for t in threads])
    reps = reputations(t.author_id for t in threads)
    return {
        t.pk: {
            **_thread_payload(t, answers.get(t.pk, []), reps.get(t.author_id, 1)),
            "duplicate_titles": duplicates.get(t.pk, []),
        }
        for t in threads
    }


PHRASING_LINKS = ("duplicate", "answered")  # ThreadLink kinds that say "the same question as the one it points to"
MAX_DUPLICATE_TITLES = 50  # phrasings kept per thread (a popular question's first closings say it already)


def duplicate_titles(thread_ids: list[int]) -> dict[int, list[str]]:
    """Titles of the visible threads closed as duplicates of each of ``thread_ids``, or whose accepted answer links
    to it ("see this thread"), oldest first: more phrasings of its question, so the next asker phrasing it that way
    finds it (search.similarity)."""
    from community.models import ThreadLink

    titles: dict[int, list[str]] = defaultdict(list)
    links = (
        ThreadLink.objects.filter(to_thread_id__in=thread_ids, kind__in=PHRASING_LINKS, from_thread__is_deleted=False)
        .order_by("to_thread_id", "created_at", "pk")
        .values_list("to_thread_id", "from_thread_id", "from_thread__title")
    )
    seen = set()  # a thread closed as a duplicate whose accepted answer also links to the original: one phrasing
    for original, phrasing, title in links:
        if (original, phrasing) not in seen and len(titles[original]) < MAX_DUPLICATE_TITLES:
            seen.add((original, phrasing))
            titles[original].append(title)
    return dict(titles)


def _thread_payload(thread, answer_texts: list[str], reputation: int) -> dict:
    return {
        "doc_type": "thread",
        "object_id": thread.pk,
        "kind": thread.kind,
        "language": thread.language or FALLBACK_LANGUAGE,
        "title": thread.title,
        "title_key": normalise_title(thread.title),
        "body": html_text(thread.body_html),
        "answers": "\n".join(answer_texts)[:MAX_ANSWERS_CHARS],
        "tags": sorted(tag.name for tag in thread.tags.all()),
        "author": thread.author.username,
        "author_name": thread.author.public_name,
        "author_id": thread.author_id,
        "score": thread.score,
        "votes_up": max(thread.score, 0),
        "answer_count": thread.answer_count,
        "accepted": thread.accepted_answer_id is not None,
        "author_reputation": reputation,
        "created": thread.created_at,
        "last_activity": thread.last_activity_at,
        "url": thread.get_absolute_url(),
    }


def iter_thread_payloads(batch_size: int = 500) -> Iterator[list[dict]]:
    """Every visible thread's document, in batches, walking the table by primary key (never all in memory)."""
    from community.models import Thread

    last = 0
    while True:
        ids = list(
            Thread.objects.filter(pk__gt=last, is_deleted=False)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return
        last = ids[-1]
        payloads = thread_payloads(ids)
        yield [payloads[i] for i in ids if i in payloads]


def count_threads() -> int:
    from community.models import Thread

    return Thread.objects.filter(is_deleted=False).count()


def page_payload(
    *,
    page_id: int,
    title: str,
    body: str,
    tags: Iterable[str] = (),
    url: str,
    updated_at,
    author: str = "",
    author_name: str = "",
    language: str = FALLBACK_LANGUAGE,
) -> dict:
    """A knowledge page's document (pages are indexed directly, see ``search.api.index_knowledge_page``)."""
    return {
        "doc_type": "page",
        "object_id": int(page_id),
        "kind": "page",
        "language": language or FALLBACK_LANGUAGE,
        "title": title,
        "title_key": normalise_title(title),
        "body": html_text(body) if "<" in (body or "") else (body or ""),
        "answers": "",
        "duplicate_titles": [],
        "tags": sorted({t.strip().lower() for t in tags if t and t.strip()}),
        "author": author,
        "author_name": author_name,
        "author_id": None,
        "score": 0,
        "votes_up": 0,
        "answer_count": 0,
        "accepted": False,
        "author_reputation": 1,
        "created": updated_at,
        "last_activity": updated_at,
        "url": url,
    }


# --- the outbox -------------------------------------------------------------------


def mark(keys: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Record that the index owes these (kind, id); marking again refreshes ``marked_at``."""
    now = timezone.now()
    unique = sorted({(kind, int(object_id)) for kind, object_id in keys if object_id is not None})
    if unique:
        PendingUpdate.objects.bulk_create(
            [PendingUpdate(kind=kind, object_id=object_id, marked_at=now) for kind, object_id in unique],
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["marked_at"],
        )
    return unique


@dataclass
class SyncResult:
    delivered: int = 0
    failed: int = 0
    pending: int = 0
    error: str = ""


def process(keys: Iterable[tuple[str, int]] | None = None, limit: int | None = None) -> SyncResult:
    """Deliver pending updates: ``keys`` first (if given), then the oldest others, ``limit`` in all."""
    from search.backends import get_backend

    limit = limit or conf.option("SYNC_BATCH")
    started = timezone.now()
    rows: dict[int, PendingUpdate] = {}
    wanted = list(keys or [])[:limit]
    if wanted:
        by_kind: dict[str, list[int]] = defaultdict(list)
        for kind, object_id in wanted:
            by_kind[kind].append(int(object_id))
        mine = Q()
        for kind, ids in by_kind.items():
            mine |= Q(kind=kind, object_id__in=ids)
        # Ours first, then the oldest others (left over from an outage), in one query.
        ordered = PendingUpdate.objects.annotate(
            mine=Case(When(mine, then=Value(0)), default=Value(1), output_field=IntegerField())
        ).order_by("mine", "marked_at", "pk")
    else:
        ordered = PendingUpdate.objects.order_by("marked_at", "pk")
    for row in ordered[:limit]:
        rows[row.pk] = row
    if not rows:
        return SyncResult()
    if paused_by_breaker():
        error = f"Elasticsearch failed recently; next try in {breaker.seconds_until_trial():.0f} s"
        return SyncResult(failed=len(rows), pending=-1, error=error)

    thread_ids = [r.object_id for r in rows.values() if r.kind == PendingUpdate.Kind.THREAD]
    member_ids = [r.object_id for r in rows.values() if r.kind == PendingUpdate.Kind.MEMBER]
    backend = get_backend()
    try:
        if thread_ids:
            payloads = thread_payloads(thread_ids)
            backend.upsert("threads", list(payloads.values()))
            backend.delete("threads", [i for i in thread_ids if i not in payloads])
        if member_ids:
            _update_members(backend, member_ids)
    except SearchUnavailable as exc:
        error = str(exc)[:500] or exc.__class__.__name__
        PendingUpdate.objects.filter(pk__in=list(rows)).update(attempts=F("attempts") + 1, last_error=error)
        logger.warning("Search index unavailable; %d update(s) stay queued: %s", len(rows), error)
        return SyncResult(failed=len(rows), pending=-1, error=error)

    # Exactly what was delivered: a row marked again meanwhile has a newer marked_at and stays. ("page" marks
    # have no database source yet and are only cleared: api.index_knowledge_page writes pages directly.)
    PendingUpdate.objects.filter(pk__in=list(rows), marked_at__lte=started).delete()
    return SyncResult(delivered=len(rows), pending=-1)  # -1: not counted (process_all counts)


def paused_by_breaker() -> bool:
    """Elasticsearch failed moments ago: leave the queue alone instead of waiting on it (operators' commands,
    which bypass the breaker, still try)."""
    return conf.uses_elasticsearch() and not breaker.bypassing() and breaker.is_open()


def process_all(progress=None) -> SyncResult:
    """Deliver the whole queue, batch after batch, until it is empty or the backend fails."""
    total = SyncResult()
    while True:
        result = process()
        total.delivered += result.delivered
        total.pending = PendingUpdate.objects.count()
        if progress:
            progress(result)
        if result.failed:
            total.failed, total.error = result.failed, result.error
            return total
        if not result.delivered or not total.pending:
            return total


def _update_members(backend, member_ids: list[int]) -> None:
    """A member's name or reputation changed: refresh those two fields on every thread of theirs."""
    from community.models import Member

    reps = reputations(member_ids)
    for member in Member.objects.filter(pk__in=member_ids):
        backend.update_author(member.pk, author_name=member.public_name, reputation=reps.get(member.pk, 1))
