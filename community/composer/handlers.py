"""The composer's reactions: a post that is saved takes its draft with it, an erased member their drafts and images.

The forum's actions know nothing of drafts; they announce what was posted (community/core/events.py) and the
draft of exactly that (the member, the purpose, the thread or post) is dropped here."""

from __future__ import annotations

from community.composer import actions
from community.composer.models import Draft
from community.core import events


def on_thread_created(event: events.ThreadCreated) -> None:
    actions.discard_draft(event.author_id, event.kind, 0)


def on_answer_posted(event: events.AnswerPosted) -> None:
    actions.discard_draft(event.author_id, Draft.Purpose.ANSWER, event.thread_id)


def on_thread_edited(event: events.ThreadEdited) -> None:
    actions.discard_draft(event.editor_id, Draft.Purpose.EDIT_THREAD, event.thread_id)


def on_answer_edited(event: events.AnswerEdited) -> None:
    actions.discard_draft(event.editor_id, Draft.Purpose.EDIT_ANSWER, event.answer_id)


def on_member_erased(event: events.MemberErased) -> None:
    actions.forget_member(event.member_id)


def connect() -> None:
    events.subscribe(events.ThreadCreated, on_thread_created)
    events.subscribe(events.AnswerPosted, on_answer_posted)
    events.subscribe(events.ThreadEdited, on_thread_edited)
    events.subscribe(events.AnswerEdited, on_answer_edited)
    events.subscribe_within(events.MemberErased, on_member_erased)  # gone with the account, or not at all
