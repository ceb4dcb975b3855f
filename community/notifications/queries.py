"""Reads about follows for other pages (the follow buttons of the thread and tag pages)."""

from __future__ import annotations

from community.forum.models import Tag, Thread
from community.notifications.models import Follow


def is_following(viewer, *, thread: Thread | None = None, tag: Tag | None = None) -> bool:
    """Does the viewer follow this thread or tag? One query, none for visitors."""
    if viewer is None or not viewer.is_authenticated:
        return False

    target = {"thread": thread} if thread is not None else {"tag": tag}
    return Follow.objects.filter(member=viewer, **target).exists()
