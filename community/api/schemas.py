"""What the API answers: one schema per thing a reader sees, shared by the reads (``reads/``) and the writes.

Every schema is filled by a ``present_*`` function below from the rows the site's own query modules return, never
from a second query of its own: a list of 100 threads costs the queries of the list plus ONE for its members'
reputation (``rewards.api.flair``), whatever the number of rows (tests/api/test_read_*.py count them).
Absolute URLs point at the site's pages, so an integration links a member to what they would read there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from ninja import Schema
from pydantic import Field

from community.bounties import queries as bounty_queries
from community.forum import queries as forum_queries
from community.forum.models import IdeaStatus, Thread
from community.team import ideas
from rewards import api as rewards_api
from search import api as search_api

# --- query parameter values (enums, so the schema lists what each accepts) ----------------------------------------


# Derived from the site's own definitions, so a new kind, sort or status reaches the API (and its schema) with it;
# each member's name is its value (``ThreadSort.active``).
def _values_enum(name: str, values: Iterable[str], doc: str) -> type[StrEnum]:
    enum = StrEnum(name, {value: value for value in values})
    enum.__doc__ = doc
    return enum


ThreadKind = _values_enum("ThreadKind", Thread.Kind.values, "A thread's kind (community.forum.models Thread.Kind).")
ThreadSort = _values_enum(
    "ThreadSort", forum_queries.SORTS, "The site's thread list tabs (community/forum/queries.py SORTS)."
)


class ThreadStatus(StrEnum):
    """What the search page's "Status" facet offers, and "closed" (a duplicate or a locked thread)."""

    answered = "answered"
    unanswered = "unanswered"
    accepted = "accepted"
    closed = "closed"


IdeaStatusFilter = _values_enum(
    "IdeaStatusFilter",
    ["open", "all", *IdeaStatus.values],
    "An idea's status (community.forum.models.IdeaStatus), or the ideas board's \"open\" (not done or declined) and "
    '"all".',
)
IdeaSort = _values_enum("IdeaSort", ideas.SORTS, "The ideas board's sorts (community/team/ideas.py SORTS).")


class LeaderboardPeriod(StrEnum):
    week = "week"
    month = "month"
    year = "year"
    all = "all"


SearchSort = _values_enum("SearchSort", search_api.SORTS, "The search page's sorts (search.api).")


class SearchStatus(StrEnum):
    """The search page's "Status" facet (questions)."""

    answered = "answered"
    unanswered = "unanswered"
    accepted = "accepted"


class SearchKind(StrEnum):
    question = "question"
    tip = "tip"
    idea = "idea"
    page = "page"


class Problem(Schema):
    """An RFC 9457 problem document (``application/problem+json``, community/api/errors.py)."""

    type: str
    title: str
    status: int
    detail: str


# --- members ---------------------------------------------------------------------------------------------------


class MemberSummary(Schema):
    """A member as every post names them: handle, shown name, page and reputation."""

    username: str
    display_name: str = Field(description="The name the site shows: the display name, else the username.")
    url: str = Field(description="The member's page on the site.")
    reputation: int


class BadgeCounts(Schema):
    gold: int
    silver: int
    bronze: int


class Award(Schema):
    badge: str = Field(description="The badge's name, in the reader's language.")
    slug: str
    tier: str
    tag: str = Field(description="The tag a tag badge was earned in, else empty.")
    awarded_at: datetime


class TopTag(Schema):
    name: str
    score: int = Field(description="The member's answer score in the tag.")
    answers: int


class MemberDetail(MemberSummary):
    bio: str
    joined_at: datetime
    is_moderator: bool
    badge_counts: BadgeCounts
    badges: list[Award] = Field(description="The member's most recent badges, newest first (at most 100).")
    top_tags: list[TopTag]
    reputation_url: str = Field(description="The member's reputation page on the site (ledger, chart, badges).")


class LedgerEntry(Schema):
    points: int
    reason: str = Field(description="Why the points moved, as a code (e.g. answer_upvoted, answer_accepted).")
    reason_label: str = Field(description="The reason in the reader's language.")
    created_at: datetime
    thread_id: int | None = Field(description="The thread concerned, unless it is hidden.")
    answer_id: int | None = Field(description="The answer concerned, unless it or its thread is hidden.")
    note: str


class LedgerPage(Schema):
    results: list[LedgerEntry]
    next: str | None = Field(description="The next (older) page, or null at the end.")


# --- tags ------------------------------------------------------------------------------------------------------


class Tag(Schema):
    name: str
    description: str
    thread_count: int = Field(description="Visible threads carrying the tag.")
    url: str


class Expert(Schema):
    member: MemberSummary
    answers: int
    accepted: int
    score: int
    points: float = Field(description="The expert ranking's score (recent, accepted and upvoted answers count most).")


class TagDetail(Tag):
    experts: list[Expert]


class TagPage(Schema):
    results: list[Tag]
    page: int
    num_pages: int
    next: str | None


# --- threads, answers, comments -----------------------------------------------------------------------------


class Thread(Schema):
    """A thread as a list row shows it (no body: see ``ThreadDetail``)."""

    id: int
    kind: ThreadKind
    title: str
    url: str
    language: str = Field(description="The language the thread is written in (an ISO 639-1 code).")
    author: MemberSummary
    tags: list[str]
    created_at: datetime
    last_activity_at: datetime
    score: int
    answer_count: int
    accepted_answer_id: int | None
    idea_status: str | None = Field(description="Ideas only: new, under_review, planned, in_progress, done, declined.")


class Comment(Schema):
    id: int
    url: str
    author: MemberSummary
    created_at: datetime
    body_html: str = Field(description="The comment as the site shows it (sanitised HTML).")
    is_deleted: bool = Field(description="Only moderators ever receive deleted posts.")


class Answer(Schema):
    id: int
    url: str
    author: MemberSummary
    created_at: datetime
    edited_at: datetime | None
    score: int
    is_accepted: bool
    body_html: str = Field(description="The answer as the site shows it (sanitised HTML).")
    is_deleted: bool = Field(description="Only moderators ever receive deleted posts.")
    comments: list[Comment]
    my_vote: int | None = Field(None, description="The caller's vote (1, -1 or 0); null without credentials.")


class OpenBounty(Schema):
    """Reputation a member put on the question (community/bounties; docs/rewards.md, "Bounties")."""

    amount: int
    offered_by: MemberSummary
    ends_at: datetime = Field(
        description="Unless its offerer awards it first; then half may go to the best new answer."
    )


class ThreadDetail(Thread):
    body_html: str = Field(description="The post as the site shows it (sanitised HTML).")
    edited_at: datetime | None
    comment_count: int
    is_locked: bool
    is_deleted: bool = Field(description="Only moderators ever receive deleted posts.")
    duplicate_of: int | None = Field(description="The thread this one was closed as a duplicate of.")
    idea_status_note: str = Field(description="Ideas only: the team's public explanation of the status.")
    answers: list[Answer] = Field(description="Accepted first, then by score, then oldest first, as on the site.")
    comments: list[Comment] = Field(description="The comments on the thread itself, oldest first.")
    my_vote: int | None = Field(None, description="The caller's vote (1, -1 or 0); null without credentials.")
    following: bool | None = Field(None, description="Whether the caller follows the thread; null without credentials.")
    bounty: OpenBounty | None = Field(None, description="Questions only: the open bounty, if there is one.")


class ThreadPage(Schema):
    results: list[Thread]
    next: str | None = Field(description="The next page (an opaque cursor in a full URL), or null at the end.")


class IdeaPage(ThreadPage):
    status_counts: dict[str, int] = Field(description="Visible ideas per status (with the tag filter, if any).")


# --- leaderboards, search, knowledge ----------------------------------------------------------------------------


class LeaderboardRow(Schema):
    rank: int
    member: MemberSummary
    points: int = Field(description="Points earned in the period (and the tag, if any).")


class Leaderboard(Schema):
    period: LeaderboardPeriod
    tag: str | None
    page: int
    num_pages: int
    results: list[LeaderboardRow]
    next: str | None


class SearchHit(Schema):
    type: str = Field(description="thread or page (a knowledge article).")
    id: int
    title: str
    url: str
    kind: str
    tags: list[str]
    author: str | None = Field(description="The author's username (threads).")
    author_name: str
    score: int
    answer_count: int
    accepted: bool
    language: str
    created_at: datetime | None
    last_activity_at: datetime | None
    title_html: str = Field(description="The title, escaped, with the matched words in <mark>.")
    snippet_html: str = Field(description="An excerpt, escaped, with the matched words in <mark>.")


class SearchResults(Schema):
    query: str
    total: int
    total_is_lower_bound: bool = Field(description="True when there are at least this many (the count stopped).")
    page: int
    num_pages: int
    sort: SearchSort
    suggestion: str | None = Field(description="'Did you mean': a spelling that finds more.")
    notices: list[str] = Field(description="What the search made of the query, in the reader's language.")
    results: list[SearchHit]
    next: str | None


class SimilarThreads(Schema):
    results: list[SearchHit]


class Article(Schema):
    id: int
    title: str
    url: str
    language: str
    tags: list[str]
    first_published_at: datetime | None
    last_published_at: datetime | None
    source_thread_id: int | None = Field(description="The community thread the article was promoted from.")


class ArticleDetail(Article):
    intro_html: str
    body_html: str


class ArticlePage(Schema):
    results: list[Article]
    next: str | None


# --- presenting rows ---------------------------------------------------------------------------------------------


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def reputations_of(members: Iterable) -> dict[int, int]:
    """Every listed member's reputation in ONE query (the flair the site shows beside names)."""
    ids = {m.pk for m in members if m is not None}
    return {pk: flair.points for pk, flair in rewards_api.flair(ids).items()} if ids else {}


def present_member(request, member, reputations: dict[int, int]) -> dict:
    return {
        "username": member.username,
        "display_name": member.public_name,
        "url": absolute(request, member.get_absolute_url()),
        "reputation": reputations.get(member.pk, 1),
    }


def present_thread(request, thread, reputations: dict[int, int]) -> dict:
    """A thread row: the columns ``Thread.objects.for_rows()`` reads, its prefetched tags and its author."""
    return {
        "id": thread.pk,
        "kind": thread.kind,
        "title": thread.title,
        "url": absolute(request, thread.get_absolute_url()),
        "language": thread.language,
        "author": present_member(request, thread.author, reputations),
        "tags": sorted(t.name for t in thread.tags.all()),
        "created_at": thread.created_at,
        "last_activity_at": thread.last_activity_at,
        "score": thread.score,
        "answer_count": thread.answer_count,
        "accepted_answer_id": thread.accepted_answer_id,
        "idea_status": thread.idea_status or None,
    }


def present_threads(request, threads) -> list[dict]:
    threads = list(threads)
    reputations = reputations_of(t.author for t in threads)
    return [present_thread(request, t, reputations) for t in threads]


def present_comment(request, comment, reputations: dict[int, int], *, thread_url: str) -> dict:
    """``thread_url``: the thread's absolute URL (a comment's own ``get_absolute_url`` would read its thread)."""
    return {
        "id": comment.pk,
        "url": f"{thread_url}#comment-{comment.pk}",
        "author": present_member(request, comment.author, reputations),
        "created_at": comment.created_at,
        "body_html": comment.body_html,
        "is_deleted": comment.is_deleted,
    }


def present_answer(request, answer, reputations: dict[int, int], *, my_vote: int | None = None) -> dict:
    """An answer with its comments (``visible_comments``, as ``forum.queries.thread_detail`` attaches them)."""
    thread_url = absolute(request, answer.thread.get_absolute_url())
    return {
        "id": answer.pk,
        "url": f"{thread_url}#answer-{answer.pk}",
        "author": present_member(request, answer.author, reputations),
        "created_at": answer.created_at,
        "edited_at": answer.edited_at,
        "score": answer.score,
        "is_accepted": answer.thread.accepted_answer_id == answer.pk,
        "body_html": answer.body_html,
        "is_deleted": answer.is_deleted,
        "comments": [
            present_comment(request, c, reputations, thread_url=thread_url)
            for c in getattr(answer, "visible_comments", [])
        ],
        "my_vote": my_vote,
    }


def present_thread_detail(request, view, *, following: bool | None = None) -> dict:
    """A thread page's data (``forum.queries.thread_detail``'s ``ThreadView``): the thread, its answers and
    comments as the viewer may see them, the viewer's votes and follow (members only)."""
    thread, answers, thread_comments = view.thread, view.answers, view.thread_comments
    member = request.user.is_authenticated
    bounty = bounty_queries.for_thread(thread).open if thread.is_question else None
    people = [thread.author, *(a.author for a in answers), *(c.author for c in thread_comments)]
    people += [c.author for a in answers for c in a.visible_comments]
    people += [bounty.offered_by] if bounty else []
    reputations = reputations_of(people)
    thread_url = absolute(request, thread.get_absolute_url())
    return {
        **present_thread(request, thread, reputations),
        "body_html": thread.body_html,
        "edited_at": thread.edited_at,
        "comment_count": thread.comment_count,
        "is_locked": thread.is_locked,
        "is_deleted": thread.is_deleted,
        "duplicate_of": thread.duplicate_of_id,
        "idea_status_note": thread.idea_status_note,
        "answers": [
            present_answer(request, a, reputations, my_vote=view.my_votes.get(("answer", a.pk), 0) if member else None)
            for a in answers
        ],
        "comments": [present_comment(request, c, reputations, thread_url=thread_url) for c in thread_comments],
        "my_vote": view.my_votes.get(("thread", thread.pk), 0) if member else None,
        "following": following if member else None,
        "bounty": {
            "amount": bounty.amount,
            "offered_by": present_member(request, bounty.offered_by, reputations),
            "ends_at": bounty.ends_at,
        }
        if bounty
        else None,
    }


def thread_detail_modified(view) -> list:
    """The dates of everything a thread's body shows (its Last-Modified is the newest)."""
    thread = view.thread
    moments = [thread.last_activity_at, thread.edited_at, thread.idea_status_at]
    for answer in view.answers:
        moments += [answer.created_at, answer.edited_at, *(c.created_at for c in answer.visible_comments)]
    moments += [c.created_at for c in view.thread_comments]
    bounty = bounty_queries.for_thread(thread).open if thread.is_question else None
    moments += [bounty.created_at] if bounty else []
    return moments


def present_hit(request, hit) -> dict:
    """A search result (``search.api.Hit``)."""
    return {
        "type": hit.doc_type,
        "id": hit.id,
        "title": hit.title,
        "url": absolute(request, hit.url),
        "kind": hit.kind,
        "tags": list(hit.tags),
        "author": hit.author or None,
        "author_name": hit.author_name,
        "score": hit.score,
        "answer_count": hit.answer_count,
        "accepted": hit.accepted,
        "language": hit.language,
        "created_at": hit.created,
        "last_activity_at": hit.last_activity,
        "title_html": hit.title_html,
        "snippet_html": hit.snippet_html,
    }
