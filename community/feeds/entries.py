"""Rows and search hits as feed entries: what every entry carries, whatever the feed.

**Ids never change.** An entry's ``<id>`` is how a feed reader knows it has seen the entry: a title edit (which
changes the thread's slug and so its URL) must not make it new again. Each id is a ``tag:`` URI (RFC 4151) made of
the site's canonical host (``GUILDHALL_BASE_URL``, not the host a request came through), a fixed date and the
post's kind and primary key: ``tag:forum.example.com,2026:thread:12``, ``…:answer:345``, ``…:page:7``. A thread
has the same id in every feed that lists it (newest, its tag's, the ideas', a search's).

**Authors** are named as the site names them, with their profile's address while the profile exists (an erased
member's has none).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from community.core.rendering import excerpt
from community.forum.models import Answer, Member, Thread

# Part of every id: never change it, or every reader sees every entry again.
ID_DATE = "2026"
SUMMARY_LENGTH = 300


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str  # a path; the feed makes it absolute
    published: datetime | None
    updated: datetime
    author_name: str
    author_uri: str | None
    summary: str
    content: str = ""  # sanitised HTML
    categories: tuple[str, ...] = ()
    language: str = ""


@lru_cache(maxsize=8)
def _authority(base_url: str) -> str:
    return (urlsplit(base_url).hostname or "localhost").lower()


def entry_id(kind: str, pk: int) -> str:
    """The permanent id of a post (``kind`` is thread, answer or page)."""
    return f"tag:{_authority(settings.WAGTAILADMIN_BASE_URL)},{ID_DATE}:{kind}:{pk}"


def _author(request, member: Member) -> tuple[str, str | None]:
    uri = request.build_absolute_uri(member.get_absolute_url()) if member.is_active else None
    return member.public_name, uri


def _updated(*dates) -> datetime:
    return max(d for d in dates if d is not None)


def thread_entry(request, thread: Thread, *, content_before: str = "") -> Entry:
    name, uri = _author(request, thread.author)
    return Entry(
        id=entry_id("thread", thread.pk),
        title=thread.title,
        link=thread.get_absolute_url(),
        published=thread.created_at,
        updated=_updated(thread.created_at, thread.edited_at),
        author_name=name,
        author_uri=uri,
        summary=excerpt(thread.body_html, SUMMARY_LENGTH),
        content=content_before + thread.body_html,
        categories=tuple(tag.name for tag in thread.tags.all()),
        language=thread.language,
    )


def idea_entry(request, idea: Thread) -> Entry:
    """An idea with where it stands: its status (and the team's explanation) above its text; the entry is
    updated when the status changes, so readers see the news."""
    status = idea.get_idea_status_display()
    line = ""
    if status:
        said = _("Status: %(status)s") % {"status": status}
        if idea.idea_status_note:
            line = format_html(
                "<p><strong>{}</strong></p><p><strong>{}</strong> {}</p>", said, _("The team:"), idea.idea_status_note
            )
        else:
            line = format_html("<p><strong>{}</strong></p>", said)
    entry = thread_entry(request, idea, content_before=line)
    return replace(entry, updated=_updated(entry.updated, idea.idea_status_at))


def answer_entry(request, answer: Answer) -> Entry:
    name, uri = _author(request, answer.author)
    return Entry(
        id=entry_id("answer", answer.pk),
        title=str(answer),  # "Answer to “…”" / "Reply to “…”"
        link=answer.get_absolute_url(),
        published=answer.created_at,
        updated=_updated(answer.created_at, answer.edited_at),
        author_name=name,
        author_uri=uri,
        summary=excerpt(answer.body_html, SUMMARY_LENGTH),
        content=answer.body_html,
        language=answer.thread.language,  # answers are written in their thread's language, as a rule
    )


def hit_entry(request, hit, *, fallback: datetime) -> Entry:
    """A search result as the search page shows it: its title, its snippet (as plain text) and its author; a
    knowledge page's date is its last publication. (A thread's last activity is not an update of its entry.)"""
    uri = None
    if hit.doc_type == "thread" and hit.author:
        uri = request.build_absolute_uri(reverse("community:member", args=[hit.author]))
    return Entry(
        id=entry_id("thread" if hit.doc_type == "thread" else "page", hit.id),
        title=hit.title,
        link=hit.url,
        published=hit.created,
        updated=hit.created or fallback,
        author_name=hit.author_name or hit.author,
        author_uri=uri,
        summary=excerpt(hit.snippet_html, SUMMARY_LENGTH),
        categories=tuple(hit.tags),
        language=hit.language,
    )
