"""Who knows a tag: expert finding for the tag page and for routing unanswered questions.

A member's *expertise points* in a tag add up, over their visible answers to
visible questions in that tag (self-answers do not count):

    (1 + the answer's score if positive + 10 if it was accepted) × recency

where recency is 2 for answers of the last 90 days, 1 for the last year and
0.5 before. Members with at least ``EXPERT_MIN_POINTS`` (10) are the tag's
experts, best first — one accepted answer this quarter is enough; ten old
unvoted answers are not.

Summing every answer of a popular tag cost ~380 ms per tag page at 100,000
threads, so the ranking is *stored*: ``TagExpert`` rows, the first
``stored_limit()`` experts of each tag, which the tag page and routing read
through the (tag, rank) index. ``refresh_tag_experts`` is their only writer:
it recomputes a tag's ranking from the answers (``ranking_from_source``) and
replaces its rows in one transaction. It runs

- after every event that can move a ranking (``community.team.tasks``: answers
  posted, hidden, restored, accepted or not, votes on answers, retagged
  threads, merged tags), as a background task per tag, de-duplicated;
- daily for every tag (``manage.py community_refresh_experts``): recency
  weights move with the calendar, and members deactivated in the admin send
  no event; ``community_recount`` and the scale generator rebuild them too.

``community_route_questions`` (``community.team.routing``) offers questions
unanswered after ``EXPERT_ROUTING_DELAY_HOURS`` to a few of these experts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, F, FloatField, IntegerField, Sum, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from community.forum.models import Answer, Member, Tag, TaggedThread, Thread
from community.team.models import TagExpert
from config import page_cache

logger = logging.getLogger(__name__)

ACCEPTED_POINTS = 10
RECENT_DAYS, YEAR_DAYS = 90, 365


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


def stored_limit() -> int:
    """How many experts each tag keeps: what the tag page shows, and enough for routing to pass over the
    opted-out and the busy."""
    return max(settings.GUILDHALL["EXPERTS_PER_TAG"], 10)


def experts_tag(tag_id: int) -> str:
    """The page-cache tag of one tag's stored ranking: bumped whenever ``refresh_tag_experts`` rewrites it."""
    return f"tag-experts:{tag_id}"


# --- the ranking from the answers (the source of truth) ----------------------------------------------------


def _expertise_query(tag_id: int, limit: int, now=None):
    now = now or timezone.now()
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


def ranking_from_source(tag_id: int, limit: int | None = None, *, now=None) -> list[Expertise]:
    """The tag's experts summed from its answers as they stand (one aggregate over every answer of the tag:
    for the refresh and for checks, never for a page)."""
    return [
        Expertise(
            r["author_id"],
            tag_id,
            r["answer_count"],
            r["accepted_count"] or 0,
            r["score_total"] or 0,
            r["expert_points"],
        )
        for r in _expertise_query(tag_id, limit or stored_limit(), now)
    ]


# --- the stored ranking ----------------------------------------------------------------------------------


def refresh_tag_experts(tag_ids: Iterable[int], *, now=None) -> int:
    """Recompute the stored ranking of each tag from its answers; return how many tags were rewritten.

    Each tag in its own transaction: its row is locked (``FOR NO KEY UPDATE``: new links to the tag are not
    held up), so two refreshes of one tag run one after the other and the later one reads every committed
    change. A tag that no longer exists (merged away) is skipped. Cached pages showing the ranking go stale once
    the new rows commit (``experts_tag``).
    """
    done = 0
    for tag_id in sorted(set(tag_ids)):
        if _refresh_one(tag_id, now or timezone.now()):
            done += 1
    return done


@transaction.atomic
def _refresh_one(tag_id: int, now) -> bool:
    if not list(Tag.objects.select_for_update(no_key=True).filter(pk=tag_id).values_list("pk", flat=True)):
        return False  # merged away or deleted: its rows went with it
    rows = ranking_from_source(tag_id, now=now)
    TagExpert.objects.filter(tag_id=tag_id).delete()
    TagExpert.objects.bulk_create(
        TagExpert(
            tag_id=tag_id,
            member_id=row.member_id,
            rank=rank,
            answers=row.answers,
            accepted=row.accepted,
            score=row.score,
            points=row.points,
            computed_at=now,
        )
        for rank, row in enumerate(rows, start=1)
    )
    transaction.on_commit(lambda: page_cache.bump(experts_tag(tag_id)))
    return True


def refresh_all(*, progress: Callable[[Iterable, int], Iterable] | None = None, now=None) -> int:
    """Every tag's ranking (``community_refresh_experts``, daily): tag ids are read a batch at a time and each
    tag holds at most ``stored_limit()`` rows in memory, whatever the size of the community."""
    now = now or timezone.now()
    done = 0
    for tag_id in (progress or (lambda it, total: it))(_all_tag_ids(), Tag.objects.count()):
        done += _refresh_one(tag_id, now)
    return done


def _all_tag_ids(batch: int = 500):
    last = 0
    while True:
        ids = list(Tag.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        yield from ids
        if len(ids) < batch:
            return
        last = ids[-1]


def stored_ranking(tag_id: int, limit: int | None = None):
    """The stored rows of one tag, best first, with their members: one range of the (tag, rank) index."""
    return TagExpert.objects.filter(tag_id=tag_id).select_related("member").order_by("rank")[: limit or stored_limit()]


def _expertise(row: TagExpert) -> Expertise:
    return Expertise(row.member_id, row.tag_id, row.answers, row.accepted, row.score, round(row.points, 1))


def expertise(tag_id: int, limit: int | None = None) -> list[Expertise]:
    """The tag's experts, best first, from the stored ranking."""
    return [_expertise(row) for row in stored_ranking(tag_id, limit)]


def tag_experts(tag, limit: int | None = None) -> list[Expert]:
    """For the tag page: the experts with their member rows, kept in the shared cache until the stored ranking
    is rewritten (``tag-experts:<id>``) or one of their names changes (``member:<id>``), so a warm tag page runs
    the thread list's queries and no more. The page itself depends on the ranking too: a refresh that finishes
    in the worker after the event makes a cached tag page stale."""
    limit = limit or settings.GUILDHALL["EXPERTS_PER_TAG"]

    def build():
        experts = [Expert(row.member, _expertise(row)) for row in stored_ranking(tag.pk, limit)]
        return experts, [experts_tag(tag.pk), *(page_cache.member_tag(e.member.pk) for e in experts)]

    experts, versions = page_cache.remember(f"tag-experts:{tag.pk}:{limit}", build)
    page_cache.depends_on(*versions)
    return experts


def experts_for_tags(tag_ids) -> list[Expertise]:
    """Experts of any of these tags, each once (with their best tag), best first: one read of the stored rows."""
    best: dict[int, Expertise] = {}
    rows = TagExpert.objects.filter(tag_id__in=list(tag_ids), rank__lte=stored_limit()).order_by("tag_id", "rank")
    for row in rows:
        found = _expertise(row)
        if found.member_id not in best or found.points > best[found.member_id].points:
            best[found.member_id] = found
    return sorted(best.values(), key=lambda r: (-r.points, r.member_id))


# --- which tags an event concerns (community.team.tasks) ---------------------------------------------------


def question_tag_ids(thread_id: int) -> list[int]:
    """The thread's tags if it is a question (only questions' answers count), from the tag links' copies."""
    return list(
        TaggedThread.objects.filter(content_object_id=thread_id, thread_kind=Thread.Kind.QUESTION).values_list(
            "tag_id", flat=True
        )
    )
