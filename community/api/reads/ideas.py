"""``GET /ideas/``: the ideas board (``team.ideas.board``: its statuses, tag filter and sorts) with each idea's
status and votes, and the board's count per status."""

from __future__ import annotations

from typing import Annotated

from ninja import Query

from community.api import caching, routers, schemas
from community.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_url
from community.api.reads import lookups
from community.team import ideas


@routers.ideas.get(
    "/", response={200: schemas.IdeaPage, 404: schemas.Problem}, summary="List ideas", operation_id="list_ideas"
)
@caching.cached_read
def list_ideas(
    request,
    status: Annotated[
        schemas.IdeaStatusFilter, Query(description="A status, `open` (not done or declined) or `all`.")
    ] = schemas.IdeaStatusFilter.all,
    tag: Annotated[str | None, Query(max_length=100, description="A tag's name.")] = None,
    sort: schemas.IdeaSort = schemas.IdeaSort.top,
    cursor: Annotated[str | None, Query(max_length=400, description="The `next` link's cursor.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """Members' product ideas as the ideas board lists them: `top` (most votes: `score`), `newest` or `updated`,
    by status (`idea_status`), with the number of ideas per status. Cursor pages."""
    tag_row = lookups.tag_named(tag) if tag else None
    rows = ideas.board(status=status.value, tag=tag_row, sort=sort.value)
    page = cursor_page(rows, cursor=cursor, limit=limit, scope=f"ideas:{sort.value}")
    caching.modified(request, *(i.last_activity_at for i in page.items))
    return {
        "results": schemas.present_threads(request, page.items),
        "next": next_url(request, page.next_cursor),
        "status_counts": ideas.status_counts(tag_row),
    }
