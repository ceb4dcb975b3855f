"""Search as you type: what the header's search box suggests while a member types (``search.api.suggest``).

Three groups, each read with one bounded query whatever the size of the community:

- **Threads**: visible threads whose title has every typed word, the last one as a prefix ("sync offl" finds
  "Sync stops when offline"), best first. Elasticsearch runs a ``bool_prefix`` multi_match on the title fields
  (stock, no ``search_as_you_type`` field: that type lives in a module the test node lacks) inside the ranking's
  function_score; the database backend takes the newest matches of a prefix full-text query (FTS5 ``"word" *``,
  PostgreSQL ``word:*A``, weight A holding the title and the tags) and orders them by the ranking's quality
  (``ranking.sql_quality``).
- **Tags**: tags whose name, or one of whose synonyms ("js" for javascript), starts with what was typed, most
  used first, with their count of visible threads (``Tag.thread_count``, read in popularity order from
  ``tag_popular_idx``; ``community.forum.synonyms.tags_starting_with``, the composer's tag field's query).
- **Members**: active, unsuspended members whose username or display name starts with what was typed, highest
  reputation first. Erased members (inactive, renamed) and suspended ones are never suggested.

An unavailable search backend leaves the thread group empty: tags and members come from the database and
still answer. What the member typed is only ever used as bound parameters or words of ``\\w`` characters.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from search.backends import get_backend
from search.types import Hit, SearchUnavailable

logger = logging.getLogger(__name__)

MIN_LENGTH = 2  # fewer characters match too much to help anyone
MAX_LENGTH = 100  # what is kept of the typed text: a title's beginning, a tag, a name
MAX_WORDS = 8
THREADS = 5
TAGS = 3
MEMBERS = 3

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class ThreadSuggestion:
    title: str
    url: str
    kind: str
    answers: int
    accepted: bool
    language: str


@dataclass(frozen=True)
class TagSuggestion:
    name: str
    url: str
    threads: int
    synonym: str = ""  # the other name of the tag that was typed ("js" for javascript), if that is what matched


@dataclass(frozen=True)
class MemberSuggestion:
    username: str
    name: str
    url: str
    reputation: int


@dataclass(frozen=True)
class Suggestions:
    query: str = ""
    threads: list[ThreadSuggestion] = field(default_factory=list)
    tags: list[TagSuggestion] = field(default_factory=list)
    members: list[MemberSuggestion] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.threads) + len(self.tags) + len(self.members)

    def as_dict(self) -> dict:
        return asdict(self)


def clean(text: str | None) -> str:
    """The typed text as it is matched: control characters (NUL included) dropped, spaces collapsed, cut short."""
    text = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in (text or "")[: MAX_LENGTH * 4])
    return " ".join(text.split())[:MAX_LENGTH]


def suggest(text: str | None, *, threads: int = THREADS, tags: int = TAGS, members: int = MEMBERS) -> Suggestions:
    query = clean(text)
    if len(query) < MIN_LENGTH:
        return Suggestions(query=query)
    return Suggestions(
        query=query,
        threads=_threads(query, threads),
        tags=_tags(query, tags),
        members=_members(query, members),
    )


def words_of(query: str) -> list[str]:
    """The words to match, the last one a prefix; at most ``MAX_WORDS`` (the first ones: a title's beginning)."""
    return _WORD.findall(query)[:MAX_WORDS]


def _threads(query: str, limit: int) -> list[ThreadSuggestion]:
    words = words_of(query)
    if not words or limit < 1:
        return []
    try:
        hits: list[Hit] = get_backend().suggest_titles(words, limit=limit)
    except SearchUnavailable:
        logger.warning("suggest(): search unavailable", exc_info=True)
        return []
    return [
        ThreadSuggestion(
            title=h.title, url=h.url, kind=h.kind, answers=h.answer_count, accepted=h.accepted, language=h.language
        )
        for h in hits
    ]


def _tags(query: str, limit: int) -> list[TagSuggestion]:
    """Tags are lower-case slugs ("web-clipper"): what was typed, lower-cased, spaces as hyphens. A tag whose
    synonym starts with it comes too, naming the synonym ("js" → javascript), as in the composer's tag field."""
    from community.forum.synonyms import tags_starting_with

    prefix = query.lstrip("#").strip().lower().replace(" ", "-")
    if len(prefix) < MIN_LENGTH:
        return []
    return [
        TagSuggestion(
            name=tag["name"],
            url=reverse("community:tag", args=[tag["slug"]]),
            threads=tag["count"],
            synonym=tag.get("synonym", ""),
        )
        for tag in tags_starting_with(prefix, limit)
    ]


def _members(query: str, limit: int) -> list[MemberSuggestion]:
    """Members by username or display name prefix ("@ali" finds alice), highest reputation first."""
    from community.models import Member

    prefix = query.lstrip("@").strip()
    if len(prefix) < MIN_LENGTH or limit < 1:
        return []
    rows = (
        Member.objects.filter(is_active=True)
        .filter(Q(suspended_until__isnull=True) | Q(suspended_until__lte=timezone.now()))
        .filter(Q(username__istartswith=prefix) | Q(display_name__istartswith=prefix))
        .order_by(F("reputation__points").desc(nulls_last=True), "username")
        .values_list("username", "display_name", "reputation__points")[:limit]
    )
    return [
        MemberSuggestion(
            username=username,
            name=display_name or username,
            url=reverse("community:member", args=[username]),
            reputation=points or 1,
        )
        for username, display_name, points in rows
    ]
