"""Rebuild the denormalised counters from the source rows.

Actions keep ``score``, ``answer_count`` and ``comment_count`` current with F
expressions; this is the proof that they can always be recomputed, and the
repair tool if a bug or a manual fix ever lets them drift. The tag links' copies
of the threads' sort keys (database triggers) are refreshed with them.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from community.forum.models import Answer, Comment, Tag, TaggedThread, Thread, Vote


def _sum_votes(**match):
    return Coalesce(
        Subquery(
            Vote.objects.filter(**match)
            .order_by()
            .values(*match.keys())
            .annotate(total=Sum("value"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _count(model, **match):
    key = next(iter(match))
    return Coalesce(
        Subquery(
            model.objects.filter(is_deleted=False, **match)
            .order_by()
            .values(key)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def recount_threads(ids) -> None:
    with transaction.atomic():
        Thread.objects.filter(pk__in=ids).update(
            score=_sum_votes(thread=OuterRef("pk")),
            answer_count=_count(Answer, thread=OuterRef("pk")),
            comment_count=Coalesce(
                Subquery(
                    Comment.objects.filter(thread=OuterRef("pk"), answer__isnull=True, is_deleted=False)
                    .order_by()
                    .values("thread")
                    .annotate(n=Count("pk"))
                    .values("n")[:1],
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
        Answer.objects.filter(thread_id__in=ids).update(
            score=_sum_votes(answer=OuterRef("pk")),
            comment_count=_count(Comment, answer=OuterRef("pk")),
        )
        recount_first_answers(ids)
        refresh_links(ids)
        refresh_accepted_flags(ids)


def refresh_links(ids) -> None:
    """The tag links' copies of their thread's sort keys (``TaggedThread.COPIED``), from the threads."""
    thread = Thread.objects.filter(pk=OuterRef("content_object_id"))
    TaggedThread.objects.filter(content_object_id__in=ids).update(
        **{copy: Subquery(thread.values(column)[:1]) for column, copy in TaggedThread.COPIED.items()}
    )


def refresh_tag_counts() -> int:
    """Every tag's ``thread_count`` from its links to visible threads (database triggers keep it; this rebuilds
    it if they were ever bypassed), so run it after ``refresh_links``. Only the tags whose count is wrong are
    written; returns how many were."""
    visible = Coalesce(
        Subquery(
            TaggedThread.objects.filter(tag=OuterRef("pk"), thread_is_deleted=False)
            .order_by()
            .values("tag")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    return Tag.objects.exclude(thread_count=visible).update(thread_count=visible)


def refresh_accepted_flags(ids) -> None:
    """The threads' answers' ``is_accepted`` from the threads' ``accepted_answer`` (database triggers keep it;
    this rebuilds it from the source if they were ever bypassed). Only the answers whose flag is wrong are
    written."""
    named = Exists(Thread.objects.filter(accepted_answer=OuterRef("pk")))
    answers = Answer.objects.filter(thread_id__in=ids)
    answers.filter(named, is_accepted=False).update(is_accepted=True)
    answers.filter(~named, is_accepted=True).update(is_accepted=False)


def recount_first_answers(ids) -> None:
    """``first_answer_at`` / ``first_answer_seconds`` (the response-time KPIs) from the visible answers."""
    first = (
        Answer.objects.filter(thread=OuterRef("pk"), is_deleted=False)
        .exclude(author=OuterRef("author"))
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    Thread.objects.filter(pk__in=ids).update(first_answer_at=Subquery(first))
    rows = list(Thread.objects.filter(pk__in=ids).only("pk", "created_at", "first_answer_at"))
    for thread in rows:
        thread.first_answer_seconds = (
            None
            if thread.first_answer_at is None
            else max(0, int((thread.first_answer_at - thread.created_at).total_seconds()))
        )
    Thread.objects.bulk_update(rows, ["first_answer_seconds"])
