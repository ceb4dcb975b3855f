"""Rows moderation writes because something happened elsewhere: first posts and late answers go to review.

Subscribed *within* the posting action's transaction (``community.core.events.subscribe_within``), so a post
and its review task commit together, as they did when the forum's actions wrote both.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from community.core import events
from community.forum.models import Thread
from community.moderation.models import ReviewTask
from community.moderation.queries import forget_open_counts


def queue(queue_name: str, **target) -> ReviewTask:
    """Put an item in a review queue once (an open task for the same item is reused)."""
    key = {"thread": None, "answer": None, "comment": None, "suggested_edit": None, **target}
    if "thread_id" in key:
        key.pop("thread")
    task = ReviewTask.objects.filter(queue=queue_name, status=ReviewTask.Status.OPEN, **key).first()
    if task is None:
        task = ReviewTask.objects.create(queue=queue_name, **key)
        forget_open_counts()
    return task


def on_thread_created(event: events.ThreadCreated) -> None:
    if event.first_post and not event.backdated:
        queue(ReviewTask.Queue.FIRST_POSTS, thread_id=event.thread_id)


def on_answer_posted(event: events.AnswerPosted) -> None:
    if event.backdated:
        return
    if event.first_post:
        queue(ReviewTask.Queue.FIRST_POSTS, answer_id=event.answer_id, thread_id=event.thread_id)
        return
    asked = Thread.objects.values_list("created_at", flat=True).get(pk=event.thread_id)
    if event.at - asked > timedelta(days=settings.GUILDHALL["LATE_ANSWER_DAYS"]):
        queue(ReviewTask.Queue.LATE_ANSWERS, answer_id=event.answer_id, thread_id=event.thread_id)


def connect() -> None:
    events.subscribe_within(events.ThreadCreated, on_thread_created)
    events.subscribe_within(events.AnswerPosted, on_answer_posted)
