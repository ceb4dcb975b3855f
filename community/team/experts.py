"""Who knows a tag: expert finding for the tag page and for routing unanswered questions.

A member's *expertise points* in a tag add up, over their visible answers to
visible questions in that tag (self-answers do not count):

    (1 + the answer's score if positive + 10 if it was accepted) × recency

where recency is 2 for answers of the last 90 days, 1 for the last year and
0.5 before. Members with at least ``EXPERT_MIN_POINTS`` (10) are the tag's
experts, best first — one accepted answer this quarter is enough; ten old
unvoted answers are not. It is one aggregate query over the answers of the
tag (indexed joins), cached for ten minutes per tag.

``community_route_questions`` (``community.team.routing``) offers questions
unanswered after ``EXPERT_ROUTING_DELAY_HOURS`` to a few of these experts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, F, FloatField, IntegerField, Sum, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from community.forum.models import Answer, Member, Thread
from config import page_cache

ACCEPTED_POINTS = 10
RECENT_DAYS, YEAR_DAYS = 90, 365
CACHE_SECONDS = 600


@dataclass(frozen=True)
class Expertise:
    member_id: int
    tag_id: int
    answers: int
    accepted: int
    score: int
    points: float


@dataclass
class Expert:
    member: Member
    expertise: Expertise


def _expertise_query(tag_id: int, limit: int):
    now = timezone.now()
    recency = Case(
        When(created_at__gte=now - timedelta(days=RECENT_DAYS), then=Value(2.0)),
        When(created_at__gte=now - timedelta(days=YEAR_DAYS), then=Value(1.0)),
        default=Value(0.5),
        output_field=FloatField(),
    )
    accepted = Case(When(accepted_for__isnull=False, then=Value(1)), default=Value(0), output_field=IntegerField())
    points = (Value(1.0) + Greatest(F("score"), Value(0)) + accepted * Value(ACCEPTED_POINTS)) * recency
    return (
        Answer.objects.filter(
            thread__tags=tag_id,
            is_deleted=False,
            thread__is_deleted=False,
            thread__kind=Thread.Kind.QUESTION,
            author__is_active=True,
        )
        .exclude(author=F("thread__author"))
        .order_by()
        .values("author_id")
        .annotate(
            # Named apart from the fields: an annotation called "score" would shadow F("score") above.
            expert_points=Sum(points, output_field=FloatField()),
            answer_count=Count("pk"),
            accepted_count=Sum(accepted),
            score_total=Sum("score"),
        )
        .filter(expert_points__gte=settings.GUILDHALL["EXPERT_MIN_POINTS"])
        .order_by("-expert_points", "author_id")[:limit]
    )


def expertise(tag_id: int, limit: int | None = None) -> list[Expertise]:
    """The tag's experts, best first (cached)."""
    limit = limit or max(settings.GUILDHALL["EXPERTS_PER_TAG"], 10)
    key = f"community:experts:{tag_id}:{limit}"
    rows = cache.get(key)
    if rows is None:
        rows = [
            Expertise(
                r["author_id"],
                tag_id,
                r["answer_count"],
                r["accepted_count"] or 0,
                r["score_total"] or 0,
                round(r["expert_points"], 1),
            )
            for r in _expertise_query(tag_id, limit)
        ]
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def tag_experts(tag, limit: int | None = None) -> list[Expert]:
    """For the tag page: the experts with their member rows, kept in the shared cache until an event changes
    the ranking (``content``: votes, accepts) or one of their names (``member:<id>``), so a warm tag page runs
    the thread list's queries and no more."""
    limit = limit or settings.GUILDHALL["EXPERTS_PER_TAG"]

    def build():
        rows = expertise(tag.pk)[:limit]
        members = Member.objects.in_bulk([r.member_id for r in rows])
        experts = [Expert(members[r.member_id], r) for r in rows if r.member_id in members]
        return experts, [page_cache.CONTENT, *(page_cache.member_tag(e.member.pk) for e in experts)]

    experts, _versions = page_cache.remember(f"tag-experts:{tag.pk}:{limit}", build)
    return experts


def experts_for_tags(tag_ids) -> list[Expertise]:
    """Experts of any of these tags, each once (with their best tag), best first."""
    best: dict[int, Expertise] = {}
    for tag_id in tag_ids:
        for row in expertise(tag_id):
            if row.member_id not in best or row.points > best[row.member_id].points:
                best[row.member_id] = row
    return sorted(best.values(), key=lambda r: (-r.points, r.member_id))
