"""``GET /leaderboards/``: the site's leaderboard (its periods and its tag filter), through ``rewards.api``."""

from __future__ import annotations

from typing import Annotated

from ninja import Query

from community.api import caching, routers, schemas
from community.api.pagination import page_url
from community.api.reads import lookups
from config import page_cache
from rewards import api as rewards_api


@routers.leaderboards.get(
    "/", response={200: schemas.Leaderboard, 404: schemas.Problem}, summary="Leaderboard", operation_id="leaderboard"
)
@caching.cached_read
def leaderboard(
    request,
    period: schemas.LeaderboardPeriod = schemas.LeaderboardPeriod.week,
    tag: Annotated[str | None, Query(max_length=100, description="Points earned in this tag's threads only.")] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
):
    """Members by the reputation they earned this week, month or year, or all time (`period`), optionally in
    one tag's threads only, best first, as the leaderboard page ranks them. Period boards are refreshed by the
    site's worker every few minutes; numbered pages."""
    tag_row = lookups.tag_named(tag) if tag else None
    rows, shown = rewards_api.leaderboard_page(period.value, tag_row, page, per_page=limit)
    reputations = schemas.reputations_of(row["member"] for row in rows)
    page_cache.depends_on(*(page_cache.member_tag(row["member"].pk) for row in rows))
    return {
        "period": period,
        "tag": tag_row.name if tag_row else None,
        "page": shown.number,
        "num_pages": shown.paginator.num_pages,
        "results": [
            {
                "rank": row["rank"],
                "member": schemas.present_member(request, row["member"], reputations),
                "points": row["points"],
            }
            for row in rows
        ],
        "next": page_url(request, shown.next_page_number() if shown.has_next() else None),
    }
