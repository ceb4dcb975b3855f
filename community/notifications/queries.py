"""Reads about follows for other pages (the follow buttons of the thread and tag pages)."""

from __future__ import annotations

from community.forum.models import Tag, Thread
from community.notifications.models import Follow
from config import page_cache


def is_following(viewer, *, thread: Thread | None = None, tag: Tag | None = None) -> bool:
    """Does the viewer follow this thread or tag? From the shared cache (a query when it changed), nothing for visitors."""
    if viewer is None or not viewer.is_authenticated:
        return False

    target = {"thread": thread} if thread is not None else {"tag": tag}
    name = "thread" if thread is not None else "tag"

    def build():
        # Following or not moves with the member's own events (FollowChanged bumps member:<id>).
        return Follow.objects.filter(member=viewer, **target).exists(), [page_cache.member_tag(viewer.pk)]

    return page_cache.remember(follow_cache_key(viewer.pk, name, target[name].pk), build)[0]


def follow_cache_key(member_id: int, target: str, target_id: int) -> str:
    return f"follows:{member_id}:{target}:{target_id}"


def thread_follow_cache_key(member_id: int, thread_id: int) -> str:
    """The thread page's follow state, read ahead with the thread's data (``config.cache.thread_read``)."""
    return follow_cache_key(member_id, "thread", thread_id)
