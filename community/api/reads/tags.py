"""``GET /tags/`` and ``GET /tags/{name}``: the tags index (most used first, with counts) and a tag with its experts.

The list is ``forum.queries.tags_with_counts`` (the stored counts, read in popularity order); the experts are
``team.experts.tag_experts``, the stored ranking the tag page shows, kept in the shared cache.
"""

from __future__ import annotations

from typing import Annotated

from django.core.paginator import Paginator
from ninja import Query

from community.api import caching, routers, schemas
from community.api.pagination import MAX_LIMIT, page_url
from community.api.reads import lookups
from community.forum import queries
from community.team import experts


def present_tag(request, tag) -> dict:
    return {
        "name": tag.name,
        "description": tag.description,
        "thread_count": tag.thread_count,
        "url": schemas.absolute(request, tag.get_absolute_url()),
    }


@routers.tags.get("/", response=schemas.TagPage, summary="List tags", operation_id="list_tags")
@caching.cached_read
def list_tags(
    request,
    q: Annotated[str, Query(max_length=40, description="Only tags whose name contains this.")] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 60,
):
    """The tags visible threads carry, most used first, each with its number of threads (as the tags page
    lists them). Numbered pages: `next` links the following one; a page past the end is the last page."""
    paginator = Paginator(queries.tags_with_counts(q), limit)
    shown = paginator.get_page(page)
    return {
        "results": [present_tag(request, tag) for tag in shown.object_list],
        "page": shown.number,
        "num_pages": paginator.num_pages,
        "next": page_url(request, shown.next_page_number() if shown.has_next() else None),
    }


@routers.tags.get("/{name}", response=schemas.TagDetail, summary="Get a tag", operation_id="get_tag")
@caching.cached_read
def get_tag(request, name: str):
    """A tag, its number of visible threads and its experts: the members whose recent answers in the tag were
    most accepted and upvoted, best first (the ranking the tag page shows, refreshed as answers come)."""
    tag = lookups.tag_named(name)
    found = experts.tag_experts(tag)
    reputations = schemas.reputations_of(e.member for e in found)
    return {
        **present_tag(request, tag),
        "experts": [
            {
                "member": schemas.present_member(request, e.member, reputations),
                "answers": e.expertise.answers,
                "accepted": e.expertise.accepted,
                "score": e.expertise.score,
                "points": e.expertise.points,
            }
            for e in found
        ],
    }
