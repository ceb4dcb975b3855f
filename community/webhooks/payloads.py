"""What a delivery says: ``{"id", "event", "created_at", "data"}``, built once per event for every endpoint.

``data`` names things by id and absolute URL (``GUILDHALL_BASE_URL``) with the titles and names a receiver
shows, never private data (no e-mail address, no draft, no moderator note). Each builder returns None when
what the event is about is gone or hidden by the time the subscriber runs: nothing is sent about it.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from community.forum.models import Answer, Comment, Member, Thread
from community.webhooks.models import Event


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def member_data(member: Member | None) -> dict | None:
    if member is None:
        return None
    return {
        "id": member.pk,
        "username": member.username,
        "name": member.public_name,
        "url": absolute(member.get_absolute_url()),
    }


def thread_data(thread: Thread) -> dict:
    return {
        "id": thread.pk,
        "kind": thread.kind,
        "title": thread.title,
        "url": absolute(thread.get_absolute_url()),
        "tags": sorted(tag.name for tag in thread.tags.all()),
        "language": thread.language,
        "created_at": thread.created_at,
        "answer_count": thread.answer_count,
    }


def answer_data(answer: Answer) -> dict:
    return {"id": answer.pk, "url": absolute(answer.get_absolute_url()), "created_at": answer.created_at}


def envelope(event: str, data: dict, *, at: datetime) -> tuple[str, str]:
    """(event id, the JSON body): compact, keys in a stable order, dates in ISO 8601 with their offset."""
    event_id = str(uuid.uuid4())
    body = {"id": event_id, "event": event, "created_at": at, "data": data}
    return event_id, json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def _visible_thread(thread_id) -> Thread | None:
    return (
        Thread.objects.select_related("author").prefetch_related("tags").filter(pk=thread_id, is_deleted=False).first()
    )


def thread_created(event) -> dict | None:
    thread = _visible_thread(event.thread_id)
    if thread is None:
        return None
    return {"thread": thread_data(thread), "author": member_data(thread.author)}


def answer_posted(event) -> dict | None:
    answer = Answer.objects.select_related("author").filter(pk=event.answer_id, is_deleted=False).first()
    thread = _visible_thread(event.thread_id)
    if answer is None or thread is None:
        return None
    return {"answer": answer_data(answer), "thread": thread_data(thread), "author": member_data(answer.author)}


def answer_accepted(event) -> dict | None:
    data = answer_posted(event)
    if data is None:
        return None
    acceptor = Member.objects.filter(pk=event.acceptor_id).first()
    return {**data, "accepted_by": member_data(acceptor)}


def question_unanswered(thread: Thread, hours: int) -> dict:
    return {"thread": thread_data(thread), "author": member_data(thread.author), "hours": hours}


def idea_status_changed(event) -> dict | None:
    thread = _visible_thread(event.thread_id)
    if thread is None:
        return None
    actor = Member.objects.filter(pk=event.actor_id).first()
    return {
        "thread": thread_data(thread),
        "author": member_data(thread.author),
        "old_status": event.old_status or None,
        "new_status": event.new_status or None,
        "note": thread.idea_status_note,
        "changed_by": member_data(actor),
    }


def _post(target_type: str, target_id) -> dict | None:
    model = {"thread": Thread, "answer": Answer, "comment": Comment}.get(target_type)
    if model is None or target_id is None:
        return None
    post = model.objects.select_related("author", *([] if model is Thread else ["thread"])).filter(pk=target_id).first()
    if post is None:
        return None
    return {
        "type": target_type,
        "id": post.pk,
        "url": absolute(post.get_absolute_url()),
        "author": member_data(post.author),
        "hidden": post.is_deleted,
    }


def flag_raised(event) -> dict | None:
    post = _post(event.target_type, event.target_id)
    if post is None:
        return None
    thread = Thread.objects.select_related("author").prefetch_related("tags").filter(pk=event.thread_id).first()
    return {
        "flag": {"id": event.flag_id, "reason": event.reason},
        "post": post,
        "thread": thread_data(thread) if thread is not None else None,
        "flagged_by": member_data(Member.objects.filter(pk=event.flagger_id).first()),
        "review_url": absolute(reverse("wagtailadmin_home")),
    }


def dissatisfaction_detected(event) -> dict | None:
    if event.comment_id:
        post = _post("comment", event.comment_id)
    elif event.answer_id:
        post = _post("answer", event.answer_id)
    else:
        post = _post("thread", event.thread_id)
    thread = _visible_thread(event.thread_id)
    if post is None or thread is None or post["hidden"]:
        return None
    return {
        "item": {"id": event.item_id, "negativity": round(event.negativity, 3)},
        "post": post,
        "thread": thread_data(thread),
        "watch_url": absolute(reverse("community_watch:index")),
    }


def member_joined(event) -> dict | None:
    member = Member.objects.filter(pk=event.member_id, is_active=True).first()
    if member is None:
        return None
    return {"member": {**member_data(member), "joined_at": member.date_joined}}


BUILDERS = {
    Event.THREAD_CREATED: thread_created,
    Event.ANSWER_POSTED: answer_posted,
    Event.ANSWER_ACCEPTED: answer_accepted,
    Event.IDEA_STATUS_CHANGED: idea_status_changed,
    Event.FLAG_RAISED: flag_raised,
    Event.DISSATISFACTION_DETECTED: dissatisfaction_detected,
    Event.MEMBER_JOINED: member_joined,
}
