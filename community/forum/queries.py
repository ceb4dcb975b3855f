"""Read paths: what each page shows, in a constant number of queries.

Writes go through ``community.forum.actions``; reads come here, so the
select_related / prefetch_related that keep query counts flat live in one
place and are covered by the query-count tests.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404

from community.core import permissions
from community.forum.models import Answer, Comment, Member, Tag, TaggedThread, Thread, Vote
from config import page_cache

SORTS = {
    "newest": ("Newest", ["-created_at", "-pk"]),
    "active": ("Active", ["-last_activity_at", "-pk"]),
    "unanswered": ("Unanswered", ["-created_at", "-pk"]),
    "top": ("Top", ["-score", "-created_at", "-pk"]),
}
KINDS = {"question": "Questions", "tip": "Tips", "idea": "Ideas"}


def thread_list(*, sort: str = "active", kind: str | None = None, tag: Tag | None = None, author: Member | None = None):
    if sort not in SORTS:
        sort = "active"
    qs = Thread.objects.for_list()
    if kind in KINDS:
        qs = qs.filter(kind=kind)
    if tag is not None:
        qs = qs.filter(tags=tag)
    if author is not None:
        qs = qs.filter(author=author)
    if sort == "unanswered":
        # A question is unanswered while it has no answer at all; tips never are.
        qs = qs.filter(kind=Thread.Kind.QUESTION, answer_count=0)
    return qs.order_by(*SORTS[sort][1])


def paginate(request, queryset, per_page: int | None = None):
    paginator = Paginator(queryset, per_page or settings.GUILDHALL["THREADS_PER_PAGE"])
    return paginator.get_page(request.GET.get("page"))


# The same orders on the tag links' copies of the thread columns (TaggedThread): a tag page reads its index.
LINK_SORTS = {
    "newest": ["-thread_created_at", "-content_object_id"],
    "active": ["-thread_last_activity_at", "-content_object_id"],
    "unanswered": ["-thread_created_at", "-content_object_id"],
    "top": ["-thread_score", "-thread_created_at", "-content_object_id"],
}


def tag_page(request, slug: str, *, sort: str, kind: str | None):
    """(tag, page of its threads) in the thread list's queries — the count, the page, the page's tags — or
    (None, None) when nothing is listed.

    The count and the order come from the tag's links alone, which carry copies of the threads' sort keys
    (``TaggedThread``): one index range, in order, whatever the tag's size; the page's threads are then read
    by id in the same query (a subquery). The tag's own row comes with the threads' prefetched tags, so a
    page with threads needs no query for it. An empty page — a tag without threads, an unknown tag — returns
    (None, None): the caller then takes the plain way, whose 404 stays Django's.
    """
    if sort not in SORTS:
        sort = "active"
    links = TaggedThread.objects.filter(tag__slug=slug, thread_is_deleted=False)
    if kind in KINDS:
        links = links.filter(thread_kind=kind)
    if sort == "unanswered":
        links = links.filter(thread_kind=Thread.Kind.QUESTION, thread_answer_count=0)
    page = paginate(request, links.order_by(*LINK_SORTS[sort]).values_list("content_object_id", flat=True))
    rows = list(Thread.objects.for_list().filter(pk__in=page.object_list).order_by(*SORTS[sort][1]))
    tag = next((t for t in rows[0].tags.all() if t.slug == slug), None) if rows else None
    if tag is None:
        return None, None
    page.object_list = rows
    return tag, page


def home_lists(count: int) -> dict:
    base = Thread.objects.for_list()
    return {
        "newest_threads": list(base.order_by("-created_at", "-pk")[:count]),
        "active_threads": list(base.order_by("-last_activity_at", "-pk")[:count]),
    }


@dataclass
class ThreadView:
    thread: Thread
    answers: list[Answer]
    thread_comments: list[Comment]
    my_votes: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)  # page-cache versions of everything shown (fragment keys)


def thread_detail(thread_id: int, viewer) -> ThreadView:
    """The thread page: the thread, its answers (accepted, then score, then date), comments and my votes.

    Everything but my votes is the same for every viewer of a kind (moderators also see deleted posts), so it
    is kept in the shared cache while the versions of what it shows stand still (``page_cache.remember``), and so
    are my votes on it: a warm thread page costs cache reads and no query.
    """
    staff = permissions.is_moderator(viewer)
    member = viewer if viewer and viewer.is_authenticated else None
    structure_key = f"thread-view:{thread_id}:{int(staff)}"
    page_cache.read_ahead(
        [structure_key, *([_my_votes_key(thread_id, member.pk)] if member else [])],
        tags=[page_cache.thread_tag(thread_id)],
    )
    (thread, answers, thread_comments), versions = page_cache.remember(
        structure_key, lambda: _thread_structure(thread_id, staff)
    )
    my_votes = _my_votes(thread.pk, member) if member else {}
    thread.my_vote = my_votes.get(("thread", thread.pk), 0)
    for answer in answers:
        answer.my_vote = my_votes.get(("answer", answer.pk), 0)
    return ThreadView(thread, answers, thread_comments, my_votes=my_votes, versions=versions)


def _my_votes(thread_id: int, viewer) -> dict:
    """The viewer's votes on the thread and its answers, kept while neither the thread nor the viewer changes
    (every vote bumps both: community/core/freshness.py)."""

    def build():
        votes = {}
        for thread_pk, answer_pk, value in (
            Vote.objects.filter(voter=viewer)
            .filter(Q(thread_id=thread_id) | Q(answer__thread_id=thread_id))
            .values_list("thread_id", "answer_id", "value")
        ):
            votes[("answer", answer_pk) if answer_pk else ("thread", thread_pk)] = value
        return votes, [page_cache.thread_tag(thread_id), page_cache.member_tag(viewer.pk)]

    return page_cache.remember(_my_votes_key(thread_id, viewer.pk), build)[0]


def _my_votes_key(thread_id: int, member_id: int) -> str:
    return f"my-votes:{thread_id}:{member_id}"


def _thread_structure(thread_id: int, staff: bool):
    """(thread, answers with their comments, the thread's comments) and the page-cache tags they show."""
    threads = Thread.objects.select_related("author", "accepted_answer", "duplicate_of").prefetch_related("tags")
    if not staff:
        threads = threads.filter(is_deleted=False)
    thread = threads.filter(pk=thread_id).first()
    if thread is None:
        raise Http404("No such thread.")

    answers = Answer.objects.filter(thread=thread).select_related("author").defer("body_md")
    comments = Comment.objects.filter(thread=thread).select_related("author").order_by("created_at", "pk")
    if not staff:
        answers = answers.filter(is_deleted=False)
        comments = comments.filter(is_deleted=False)
    answers = list(
        answers.annotate(
            is_accepted=Case(
                When(pk=thread.accepted_answer_id or 0, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        ).order_by("-is_accepted", "-score", "created_at", "pk")
    )
    by_answer: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        by_answer[comment.answer_id].append(comment)
    for answer in answers:
        answer.thread = thread  # already loaded: no query per answer for its URL
        answer.visible_comments = by_answer.get(answer.pk, [])
    thread_comments = by_answer.get(None, [])
    return (thread, answers, thread_comments), thread_page_tags(thread, answers, thread_comments)


def thread_page_tags(thread: Thread, answers, thread_comments) -> list[str]:
    """Everything the thread page shows, as page-cache tags: the thread, the thread it duplicates, every
    member named on it, and its knowledge articles."""
    members = {thread.author_id}
    members.update(a.author_id for a in answers)
    members.update(c.author_id for c in thread_comments)
    members.update(c.author_id for a in answers for c in a.visible_comments)
    tags = [page_cache.SITE, page_cache.KNOWLEDGE, page_cache.thread_tag(thread.pk)]
    if thread.duplicate_of_id:
        tags.append(page_cache.thread_tag(thread.duplicate_of_id))
    return tags + [page_cache.member_tag(m) for m in sorted(members)]


def tags_with_counts(query: str = ""):
    qs = Tag.objects.annotate(
        thread_count=Count("tagged_threads", filter=Q(tagged_threads__content_object__is_deleted=False))
    ).filter(thread_count__gt=0)
    if query:
        qs = qs.filter(name__icontains=query.strip().lower()[:40])
    return qs.order_by("-thread_count", "name")


def member_answers(member: Member):
    return (
        Answer.objects.filter(author=member, is_deleted=False, thread__is_deleted=False)
        .select_related("thread", "thread__author")
        .order_by("-score", "-created_at")
    )


def member_stats(member: Member) -> dict:
    return {
        "answer_count": Answer.objects.filter(author=member, is_deleted=False).count(),
        "accepted_count": Thread.objects.filter(accepted_answer__author=member, is_deleted=False).count(),
    }
