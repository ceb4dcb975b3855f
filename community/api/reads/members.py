"""``GET /members/{username}`` and ``/members/{username}/reputation``: a member's public profile and their
reputation ledger, as their member and reputation pages show them (``rewards.api``)."""

from __future__ import annotations

from typing import Annotated

from django.urls import reverse
from ninja import Query

from community.api import caching, routers, schemas
from community.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_url
from community.api.reads import lookups
from config import page_cache
from rewards import api as rewards_api

BADGES_LISTED = 100


@routers.members.get("/{username}", response=schemas.MemberDetail, summary="Get a member", operation_id="get_member")
@caching.cached_read
def get_member(request, username: str):
    """A member's public profile: reputation, badge counts by tier and their latest badges, best tags (by
    answer score) and when they joined."""
    member = lookups.member_named(username)
    flair = rewards_api.flair([member.pk])[member.pk]
    awards = rewards_api.awards_between(member, limit=BADGES_LISTED)
    page_cache.depends_on(page_cache.member_tag(member.pk))
    caching.modified(request, member.date_joined, *(a["awarded_at"] for a in awards))
    return {
        **schemas.present_member(request, member, {member.pk: flair.points}),
        "bio": member.bio,
        "joined_at": member.date_joined,
        "is_moderator": member.is_moderator,
        "badge_counts": {"gold": flair.gold, "silver": flair.silver, "bronze": flair.bronze},
        "badges": [{key: a[key] for key in ("badge", "slug", "tier", "tag", "awarded_at")} for a in awards],
        "top_tags": [
            {"name": t["name"], "score": t["score"], "answers": t["answers"]} for t in rewards_api.top_tags(member)
        ],
        "reputation_url": schemas.absolute(request, reverse("rewards:profile", args=[member.username])),
    }


@routers.members.get(
    "/{username}/reputation",
    response=schemas.LedgerPage,
    summary="A member's reputation ledger",
    operation_id="member_reputation",
)
@caching.cached_read
def member_reputation(
    request,
    username: str,
    cursor: Annotated[str | None, Query(max_length=400, description="The `next` link's cursor.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """Every change to the member's reputation, newest first, with its reason and the thread and answer it came
    from (left out when they are hidden), as their public reputation page lists it. Cursor pages."""
    member = lookups.member_named(username)
    entries = (
        rewards_api.ledger_entries(member)
        .select_related("thread", "answer")
        .only(
            "points",
            "reason",
            "note",
            "created_at",
            "member_id",
            "thread__is_deleted",
            "answer__is_deleted",
            "answer__thread_id",
        )
    )
    page = cursor_page(entries, cursor=cursor, limit=limit, scope=f"ledger:{member.pk}")
    page_cache.depends_on(page_cache.member_tag(member.pk))
    caching.modified(request, *(e.created_at for e in page.items))
    results = []
    for entry in page.items:
        thread_shown = entry.thread is not None and not entry.thread.is_deleted
        answer_shown = thread_shown and entry.answer is not None and not entry.answer.is_deleted
        results.append(
            {
                "points": entry.points,
                "reason": entry.reason,
                "reason_label": entry.get_reason_display(),
                "created_at": entry.created_at,
                "thread_id": entry.thread_id if thread_shown else None,
                "answer_id": entry.answer_id if answer_shown else None,
                "note": entry.localized_note,
            }
        )
    return {"results": results, "next": next_url(request, page.next_cursor)}
