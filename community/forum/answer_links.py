"""Threads a question's accepted answer points to: "see this thread" answers.

When the answer its asker accepted links to another thread of the site, the asker's question was answered
there: the linked thread asks the same thing, or answers it. ``ThreadLink.Kind.ANSWERED`` records it (from the
question to each linked thread), and search reads it as it reads a close-as-duplicate: the question's title is
one more phrasing of the linked thread's question (``search.pipeline.duplicate_titles``), so the next asker
phrasing it that way is offered the thread that answered it.

The links follow the accepted answer: accepting, un-accepting, editing the accepted answer or deleting it calls
``sync`` inside the action's transaction, which emits ``ThreadLinksChanged`` for the threads whose phrasings
changed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import validate_host
from django.urls import Resolver404, resolve
from django.utils import timezone

from community.core import events
from community.forum.models import Thread, ThreadLink

_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
THREAD_VIEWS = {"thread", "thread_short"}  # the URL names of a thread's page (community/forum/urls.py)
MAX_LINKS = 20  # an answer listing more threads than this is a list of reading, not "see this thread"


def _site_hosts() -> list[str]:
    """The hosts a link of this site is written with: the public base URL's and the allowed ones."""
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname
    return [h for h in [base, *settings.ALLOWED_HOSTS] if h and h != "*"]


def linked_thread_ids(body_html: str) -> list[int]:
    """Ids of the threads ``body_html`` links to (relative links, or absolute ones to this site), in order."""
    hosts = _site_hosts()
    found: list[int] = []
    for href in _HREF.findall(body_html or ""):
        url = urlsplit(href.strip())
        if url.scheme not in ("", "http", "https"):
            continue
        if url.netloc and not validate_host((url.hostname or "").lower(), hosts):
            continue
        try:
            match = resolve(url.path or "/")
        except Resolver404:
            continue
        if match.url_name in THREAD_VIEWS and match.kwargs.get("pk") not in found:
            found.append(match.kwargs["pk"])
    return found[:MAX_LINKS]


def sync(thread_id: int) -> None:
    """Make ``thread_id``'s ANSWERED links those of its accepted answer now; tell search what moved."""
    thread = Thread.objects.select_related("accepted_answer").get(pk=thread_id)
    answer = thread.accepted_answer
    wanted = set()
    if answer is not None and not answer.is_deleted:
        ids = [pk for pk in linked_thread_ids(answer.body_html) if pk != thread_id]
        wanted = set(Thread.objects.filter(pk__in=ids).values_list("pk", flat=True))
    links = ThreadLink.objects.filter(from_thread_id=thread_id, kind=ThreadLink.Kind.ANSWERED)
    current = set(links.values_list("to_thread_id", flat=True))
    if wanted == current:
        return
    links.filter(to_thread_id__in=current - wanted).delete()
    ThreadLink.objects.bulk_create(
        [
            ThreadLink(from_thread_id=thread_id, to_thread_id=pk, kind=ThreadLink.Kind.ANSWERED)
            for pk in wanted - current
        ]
    )
    events.emit(
        events.ThreadLinksChanged(thread_id=thread_id, linked_ids=tuple(sorted(wanted ^ current)), at=timezone.now())
    )
