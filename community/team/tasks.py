"""Keeping the stored expert rankings (``community.team.experts``) fresh: domain events -> one task per burst.

Every event that can move a tag's ranking enqueues ``refresh_experts`` for the thread's tags — immediate in
development and tests, the database backend + ``manage.py db_worker`` in production. A burst of votes on a
popular tag must not queue a 380 ms recount per vote, so a tag is enqueued only if no refresh of it is already
waiting: ``cache.add`` of ``experts-due:<tag>`` succeeds once; the task deletes the mark *before* it reads the
answers, so a change committed after that enqueues again and no change is ever left out once the worker has
caught up. The mark expires after ``DUE_SECONDS`` in case a queued task is lost; the daily
``community_refresh_experts`` covers what no event announces (recency, deactivated members).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Q
from django_tasks import task

from community.core import events
from community.forum.models import Answer, Revision, Tag
from community.team import experts
from community.team.models import TagExpert
from config.tasks import enqueue_once

DUE_SECONDS = 3600


def due_key(tag_id: int) -> str:
    return f"experts-due:{tag_id}"


@task()
def refresh_experts(tag_ids: list[int]) -> int:
    cache.delete_many([due_key(int(t)) for t in tag_ids])
    return experts.refresh_tag_experts(int(t) for t in tag_ids)


def schedule(tag_ids: Iterable[int]) -> list[int]:
    """Enqueue one refresh for those of ``tag_ids`` that have none waiting; return them."""
    tags = sorted(set(tag_ids))
    return enqueue_once(
        refresh_experts, [due_key(t) for t in tags], lambda due: (due,), units=tags, timeout=DUE_SECONDS
    )


# --- which events move which tags' rankings -------------------------------------------------------------


def on_answer_event(event) -> None:
    """An answer appeared, was accepted or unaccepted: its author's points in the question's tags moved."""
    schedule(experts.question_tag_ids(event.thread_id))


def on_vote(event: events.VoteCast) -> None:
    if event.answer_id:  # a question's own score counts for nobody's expertise
        schedule(experts.question_tag_ids(event.thread_id))


def on_visibility(event) -> None:
    """A hidden or restored answer moves its author; a hidden or restored question moves all who answered."""
    if event.model in ("answer", "thread"):
        schedule(experts.question_tag_ids(event.thread_id))


def on_thread_edited(event: events.ThreadEdited) -> None:
    """A retagged question: the tags it left lose its answers, the tags it joined gain them."""
    before, after = _revision_tags(event.thread_id, event.revision)
    if before is not None and before == after:
        return
    current = experts.question_tag_ids(event.thread_id)
    if not current:
        return  # not a question: its answers count nowhere
    if before is None:  # the earlier tags are unknown: the left tags that can move are those ranking an answerer
        left = TagExpert.objects.filter(
            member_id__in=Answer.objects.filter(thread_id=event.thread_id).values("author_id")
        ).values_list("tag_id", flat=True)
    else:
        left = Tag.objects.filter(name__in=before).values_list("pk", flat=True)
    schedule([*current, *left])


def _revision_tags(thread_id: int, revision: int) -> tuple[set[str] | None, set[str] | None]:
    """The tag names of the edit's revision and of the one before (None where unknown)."""
    found = dict(
        Revision.objects.filter(Q(number=revision) | Q(number=revision - 1), thread_id=thread_id).values_list(
            "number", "tags"
        )
    )
    names = {number: set(tags.split()) for number, tags in found.items()}
    return names.get(revision - 1), names.get(revision)


def on_tags_merged(event: events.TagsMerged) -> None:
    """The source tag is gone (its rows with it); the target gained its threads."""
    schedule([event.target_id])


SUBSCRIPTIONS = [
    (events.AnswerPosted, on_answer_event),
    (events.AnswerAccepted, on_answer_event),
    (events.AnswerUnaccepted, on_answer_event),
    (events.VoteCast, on_vote),
    (events.PostHidden, on_visibility),
    (events.PostRestored, on_visibility),
    (events.ThreadEdited, on_thread_edited),
    (events.TagsMerged, on_tags_merged),
]


def connect() -> None:
    for event_type, handler in SUBSCRIPTIONS:
        events.subscribe(event_type, handler)
