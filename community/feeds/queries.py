"""What each feed lists: visible posts only, at most ``FEED_LENGTH`` of them, in a constant number of queries
(the rows with their authors in one, the threads' tags in one more; a tag's or a thread's own row first).

A feed is read by machines every few minutes: its queries are the thread lists' (the same partial indexes over
visible threads, newest first) and it never counts. Bodies are read here, unlike in the lists, because an entry
carries the post's HTML.
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from community.forum.models import Answer, IdeaStatus, Tag, TaggedThread, Thread
from community.team import ideas

FEED_LENGTH = 30
# The ideas feeds: every status, the board's "open" ones, or one status.
IDEA_FILTERS = ("open", *IdeaStatus.values)


def _threads():
    return Thread.objects.visible().select_related("author").prefetch_related("tags").defer("body_md")


def newest_threads(kind: str | None = None) -> list[Thread]:
    """The newest visible threads, of one kind or all (``thread_kind_newest_idx`` / ``thread_list_newest_idx``)."""
    threads = _threads()
    if kind:
        threads = threads.filter(kind=kind)
    return list(threads.order_by("-created_at", "-pk")[:FEED_LENGTH])


def tag_or_404(slug: str) -> Tag:
    return get_object_or_404(Tag, slug=slug.lower())


def newest_tagged(tag: Tag) -> list[Thread]:
    """The tag's newest visible threads: the first rows of the tag's range of ``tag_link_newest_idx`` (the tag
    links carry copies of their thread's date and visibility), then those threads by id."""
    links = (
        TaggedThread.objects.filter(tag=tag, thread_is_deleted=False)
        .order_by("-thread_created_at", "-content_object_id")
        .values("content_object_id")[:FEED_LENGTH]
    )
    return list(_threads().filter(pk__in=links).order_by("-created_at", "-pk"))


def visible_thread_or_404(pk: int) -> Thread:
    return get_object_or_404(Thread.objects.visible().select_related("author").defer("body_md"), pk=pk)


def newest_answers(thread: Thread) -> list[Answer]:
    """The thread's newest visible answers (replies to a tip or an idea), newest first."""
    answers = list(
        Answer.objects.filter(thread=thread, is_deleted=False)
        .select_related("author")
        .defer("body_md")
        .order_by("-created_at", "-pk")[:FEED_LENGTH]
    )
    for answer in answers:
        answer.thread = thread  # its title and URL without a query per answer
    return answers


def ideas_by_status(status: str | None) -> list[Thread]:
    """Visible ideas, the latest to reach their status first (a new idea reached "new" when it was posted):
    what a reader of "planned" wants to hear about is an idea that has just become planned."""
    found = _threads().filter(kind=Thread.Kind.IDEA)
    if status == "open":
        found = found.filter(idea_status__in=ideas.OPEN)
    elif status:
        found = found.filter(idea_status=status)
    found = found.alias(reached=Coalesce(F("idea_status_at"), F("created_at")))
    return list(found.order_by("-reached", "-pk")[:FEED_LENGTH])
