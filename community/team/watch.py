"""The dissatisfaction watch: posts that read as complaints or frustration, most urgent first.

A subscriber reads every new or edited thread, answer and comment with
``community.team.sentiment.read`` once the write commits ("on save"). A post that
reads as dissatisfied gets (or updates) a ``DissatisfactionItem``; a post
edited so it no longer does loses its open item. The community team sees the
open items in the CMS (Community team → Dissatisfaction watch), the ones
nobody has replied to yet first, then the most negative, then the oldest, and
marks each one handled (with an optional note) once someone has replied.
"""

from __future__ import annotations

import logging

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.text import Truncator

from community.core import events
from community.core.rendering import plain_text
from community.forum.models import Answer, Comment, Thread
from community.team import sentiment
from community.team.models import DissatisfactionItem

logger = logging.getLogger(__name__)


def _record(
    *,
    thread: Thread,
    answer: Answer | None = None,
    comment: Comment | None = None,
    text: str,
    author_id: int,
    posted_at,
) -> None:
    reading = sentiment.read(text)
    target = {"thread": thread, "answer": answer, "comment": comment}
    existing = DissatisfactionItem.objects.filter(**target).first()
    if not reading.dissatisfied:
        if existing is not None and existing.handled_at is None:
            existing.delete()  # edited into a calm post: nothing left to watch
        return
    values = {
        "author_id": author_id,
        "language": reading.language,
        "score": reading.score,
        "negativity": reading.negativity,
        "cues": ", ".join(reading.cues)[:300],
        "excerpt": Truncator(" ".join(plain_text(text).split())).chars(300),
        "posted_at": posted_at,
    }
    if existing is None:
        item = DissatisfactionItem.objects.create(**target, **values)
        events.emit(
            events.DissatisfactionDetected(
                item_id=item.pk,
                thread_id=thread.pk,
                answer_id=answer.pk if answer else None,
                comment_id=comment.pk if comment else None,
                author_id=author_id,
                negativity=reading.negativity,
                at=item.detected_at,
            )
        )
    else:
        DissatisfactionItem.objects.filter(pk=existing.pk).update(**values)


def on_thread(event) -> None:
    thread = Thread.objects.filter(pk=event.thread_id, is_deleted=False).first()
    if thread is not None:
        _record(
            thread=thread,
            text=f"{thread.title}. {thread.body_md}",
            author_id=thread.author_id,
            posted_at=thread.created_at,
        )


def on_answer(event) -> None:
    answer = Answer.objects.select_related("thread").filter(pk=event.answer_id, is_deleted=False).first()
    if answer is not None:
        _record(
            thread=answer.thread,
            answer=answer,
            text=answer.body_md,
            author_id=answer.author_id,
            posted_at=answer.created_at,
        )


def on_comment(event: events.CommentPosted) -> None:
    comment = Comment.objects.select_related("thread", "answer").filter(pk=event.comment_id, is_deleted=False).first()
    if comment is not None:
        _record(
            thread=comment.thread,
            answer=comment.answer,
            comment=comment,
            text=comment.body,
            author_id=comment.author_id,
            posted_at=comment.created_at,
        )


def connect() -> None:
    events.subscribe(events.ThreadCreated, on_thread)
    events.subscribe(events.ThreadEdited, on_thread)
    events.subscribe(events.AnswerPosted, on_answer)
    events.subscribe(events.AnswerEdited, on_answer)
    events.subscribe(events.CommentPosted, on_comment)


# --- reading ------------------------------------------------------------------------------


def _replied():
    """Has someone other than the unhappy member answered or commented in the thread since?"""
    later = {"thread": OuterRef("thread"), "is_deleted": False, "created_at__gt": OuterRef("posted_at")}
    return ExpressionWrapper(
        Q(Exists(Answer.objects.filter(**later).exclude(author=OuterRef("author"))))
        | Q(Exists(Comment.objects.filter(**later).exclude(author=OuterRef("author")))),
        output_field=BooleanField(),
    )


def visible_items():
    return DissatisfactionItem.objects.filter(
        Q(answer__isnull=True) | Q(answer__is_deleted=False),
        Q(comment__isnull=True) | Q(comment__is_deleted=False),
        thread__is_deleted=False,
    )


def watch_list(state: str = "open"):
    """Open items: unreplied first, then the most negative, then the oldest. Handled: latest first."""
    items = visible_items().select_related("thread", "author", "handled_by").annotate(replied=_replied())
    if state == "handled":
        return items.filter(handled_at__isnull=False).order_by("-handled_at", "-pk")
    return items.filter(handled_at__isnull=True).order_by("replied", "-negativity", "posted_at", "pk")


def open_count() -> int:
    return visible_items().filter(handled_at__isnull=True).count()
