"""Reads about knowledge pages for other pages (the thread page's article links)."""

from __future__ import annotations

from community.knowledge.models import KnowledgePage


def articles_for_thread(thread_id: int) -> list[KnowledgePage]:
    """Every knowledge page promoted from this thread (drafts included), in one query."""
    return list(KnowledgePage.objects.filter(source_thread_id=thread_id).defer("intro", "body").order_by("pk"))
