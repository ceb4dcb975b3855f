"""``GET /threads/``, ``/threads/{id}``, ``/threads/{id}/similar``: the site's thread lists and thread page as data.

The list is ``forum.queries.thread_list`` (the site's sorts, kinds and languages) with the API's extra filters
(status, an idea's status, author, tag); the thread is ``forum.queries.thread_detail`` — the same cached structure
the thread page draws, so a visitor never receives a hidden answer or comment and a moderator receives what
they see on the site.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query

from community.api import caching, routers, schemas
from community.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_url
from community.api.reads import lookups
from community.core.errors import RateLimited
from community.forum import queries
from community.forum.models import Thread
from community.notifications import queries as notifications
from community.team import ideas
from config import page_cache, throttle
from search import api as search_api

# The site's languages (settings.LANGUAGES), as the values the ``language`` filter accepts.
Language = Enum("Language", {code: code for code, _name in settings.LANGUAGES}, type=str)


def _status_filter(rows, status: schemas.ThreadStatus | None):
    """The search page's status facet, on the thread columns (search/backends/database.py filters the same)."""
    if status == schemas.ThreadStatus.answered:
        return rows.filter(answer_count__gte=1)
    if status == schemas.ThreadStatus.unanswered:
        return rows.filter(kind=Thread.Kind.QUESTION, answer_count=0)
    if status == schemas.ThreadStatus.accepted:
        return rows.filter(accepted_answer__isnull=False)
    if status == schemas.ThreadStatus.closed:
        return rows.filter(Q(duplicate_of__isnull=False) | Q(is_locked=True))
    return rows


def _idea_status_filter(rows, status: schemas.IdeaStatusFilter | None):
    if status is None or status == schemas.IdeaStatusFilter.all:
        return rows if status is None else rows.filter(kind=Thread.Kind.IDEA)
    if status == schemas.IdeaStatusFilter.open:
        return rows.filter(kind=Thread.Kind.IDEA, idea_status__in=ideas.OPEN)
    return rows.filter(kind=Thread.Kind.IDEA, idea_status=status.value)


@routers.threads.get(
    "/", response={200: schemas.ThreadPage, 404: schemas.Problem}, summary="List threads", operation_id="list_threads"
)
@caching.cached_read
def list_threads(
    request,
    kind: schemas.ThreadKind | None = None,
    tag: Annotated[str | None, Query(max_length=100, description="A tag's name, e.g. `sync`.")] = None,
    status: schemas.ThreadStatus | None = None,
    idea_status: Annotated[
        schemas.IdeaStatusFilter | None, Query(description="Ideas by status (implies ideas).")
    ] = None,
    author: Annotated[str | None, Query(max_length=150, description="The author's username.")] = None,
    language: Annotated[Language | None, Query(description="Threads written in this language.")] = None,
    sort: schemas.ThreadSort = schemas.ThreadSort.active,
    cursor: Annotated[str | None, Query(max_length=400, description="The `next` link's cursor.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """Threads as the site's lists show them: visible threads only, in the site's sorts (`active`: latest
    activity first; `newest`; `top`: score; `unanswered`: questions without an answer, newest first).

    Filters combine: `kind`, `tag`, `status` (answered, unanswered, accepted — the search page's — and closed:
    a duplicate or a locked thread), `idea_status`, `author`, `language`. Pages follow the `next` link (cursor
    pagination: stable while people post); an unknown tag or author is a 404 problem."""
    tag_row = lookups.tag_named(tag) if tag else None
    member = lookups.member_named(author) if author else None
    rows = queries.thread_list(
        sort=sort.value,
        kind=kind.value if kind else None,
        tag=tag_row,
        author=member,
        languages=[language.value] if language else None,
    )
    rows = _idea_status_filter(_status_filter(rows, status), idea_status)
    page = cursor_page(rows, cursor=cursor, limit=limit, scope=f"threads:{sort.value}")
    caching.modified(request, *(t.last_activity_at for t in page.items))
    page_cache.depends_on(*(page_cache.member_tag(t.author_id) for t in page.items))
    return {"results": schemas.present_threads(request, page.items), "next": next_url(request, page.next_cursor)}


@routers.threads.get(
    "/{int:thread_id}", response=schemas.ThreadDetail, summary="Get a thread", operation_id="get_thread"
)
@caching.cached_read
def get_thread(request, thread_id: int):
    """A thread with its body, its answers (accepted first, then by score, then oldest first, as on the site) and
    their comments, and the comments on the thread itself.

    Hidden threads and posts are left out (a 404 for a hidden thread), as a visitor sees them; moderators receive
    them too, marked `is_deleted`. With credentials, `my_vote` says how the caller voted and `following`
    whether they follow the thread."""
    view = queries.thread_detail(thread_id, request.user)
    page_cache.exact(*view.versions)
    following = notifications.is_following(request.user, thread=view.thread) if request.user.is_authenticated else None
    body = schemas.present_thread_detail(request, view, following=following)
    caching.modified(request, *schemas.thread_detail_modified(view))
    return body


@routers.threads.get(
    "/{int:thread_id}/similar",
    response=schemas.SimilarThreads,
    summary="Similar threads",
    operation_id="similar_threads",
)
@caching.cached_read
def similar_threads(request, thread_id: int, limit: int = Query(5, ge=1, le=20)):
    """Threads like this one (its title and body), ranked by the search engine the way the ask form suggests
    them while a member writes: threads in the thread's language first, all else equal. The thread itself is
    left out. Shares the "similar questions" rate limit with the ask form."""
    message = throttle.over_limit(request, "similar")
    if message:
        raise RateLimited(message)
    thread = Thread.objects.visible().only("title", "body_md", "language", "last_activity_at").filter(pk=thread_id)
    thread = thread.first()
    if thread is None:
        raise Http404(_("No such thread."))
    hits = search_api.similar(thread.title, thread.body_md, limit + 1, language=thread.language)
    hits = [h for h in hits if not (h.doc_type == "thread" and h.id == thread.pk)][:limit]
    caching.modified(request, thread.last_activity_at)
    return {"results": [schemas.present_hit(request, h) for h in hits]}
