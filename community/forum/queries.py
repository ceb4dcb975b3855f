"""Read paths: what each page shows, in a constant number of queries.

Writes go through ``community.forum.actions``; reads come here, so the
select_related / prefetch_related that keep query counts flat live in one
place and are covered by the query-count tests.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    DateTimeField,
    F,
    Field,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.lookups import GreaterThan, LessThan
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from community.core import fragments, permissions, validators
from community.forum.models import Answer, Comment, Member, Tag, TaggedThread, Thread, Vote
from config import cache as shared_cache
from config import page_cache

# The thread lists' sorts: (tab label, order). Threads are feminine in French (« discussions »): the context says so.
SORTS = {
    "newest": (pgettext_lazy("threads sorted by", "Newest"), ["-created_at", "-pk"]),
    "active": (pgettext_lazy("threads sorted by", "Active"), ["-last_activity_at", "-pk"]),
    "unanswered": (pgettext_lazy("threads sorted by", "Unanswered"), ["-created_at", "-pk"]),
    "top": (pgettext_lazy("threads sorted by", "Top"), ["-score", "-created_at", "-pk"]),
}
KINDS = {"question": gettext_lazy("Questions"), "tip": gettext_lazy("Tips"), "idea": gettext_lazy("Ideas")}


def thread_list(
    *,
    sort: str = "active",
    kind: str | None = None,
    tag: Tag | None = None,
    author: Member | None = None,
    languages: list[str] | None = None,
):
    """Visible threads in a list's order; ``languages`` limits them to threads written in those ("My languages")."""
    if sort not in SORTS:
        sort = "active"
    qs = Thread.objects.for_rows()
    if kind in KINDS:
        qs = qs.filter(kind=kind)
    if languages:
        qs = qs.filter(language__in=languages)
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


def thread_page(
    request,
    *,
    sort: str,
    kind: str | None,
    author: Member | None = None,
    per_page: int | None = None,
    cap: int | None = None,
    languages: list[str] | None = None,
):
    """A page of the thread list (or of a member's threads), numbered or by cursor (``list_page``)."""
    rows = thread_list(sort=sort, kind=kind, author=author, languages=languages)
    return list_page(
        request, rows, keys=row_keys(sort), per_page=per_page, cap=cap or COUNT_CAP, ranked=is_ranked(sort)
    )


def is_ranked(sort: str) -> bool:
    """Whether a sort orders by score rather than by time: its pages read "Next", not "Older"."""
    return sort == "top"


def row_keys(sort: str) -> list[str]:
    """The thread attributes that hold a sort's key, in order ("-created_at" -> "created_at")."""
    return [name.lstrip("-") for name in SORTS.get(sort, SORTS["active"])[1]]


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
    (``TaggedThread``): one index range, in order, whatever the tag's size — from the start (numbered pages) or
    from a cursor (deeper pages, ``list_page``); the page's threads are then read by id in the same query (a
    subquery). The tag's own row comes with the threads' prefetched tags, so a page with threads needs no query
    for it. An empty page — a tag without threads, an unknown tag — returns (None, None): the caller then takes
    the plain way, whose 404 stays Django's.
    """
    if sort not in SORTS:
        sort = "active"
    # The tag's id as a subquery, not a join: to the planner it is then a constant (an InitPlan), and the page is
    # the tag's range of the link index read in order, stopped after the page; joined to the tag, the range
    # comes in an order the planner cannot see and every link of the tag is sorted.
    tag_id = Subquery(Tag.objects.filter(slug=slug).order_by().values("pk"))
    links = TaggedThread.objects.filter(tag_id=tag_id, thread_is_deleted=False)
    if kind in KINDS:
        links = links.filter(thread_kind=kind)
    if sort == "unanswered":
        links = links.filter(thread_kind=Thread.Kind.QUESTION, thread_answer_count=0)

    def threads_of(sliced_links):
        if sliced_links.query.low_mark:
            # A numbered page past the first: the links it skips are counted on the index alone (an ``IN``
            # subquery), and only the page's threads are read and put in order.
            ids = sliced_links.values_list("content_object_id", flat=True)
            return list(Thread.objects.for_rows().filter(pk__in=ids).order_by(*SORTS[sort][1]))
        # The first page or a cursor's: the links joined to their threads (and authors) by primary key, in the
        # links' index order, with no second sort of the page.
        columns = [f"content_object__{name}" for name in Thread.objects.all().ROW_COLUMNS]
        page_links = sliced_links.select_related("content_object__author").only(*columns)
        threads = [link.content_object for link in _in_list_order(page_links)]
        prefetch_related_objects(threads, "tags")
        return threads

    page = list_page(
        request, links.order_by(*LINK_SORTS[sort]), keys=row_keys(sort), load=threads_of, ranked=is_ranked(sort)
    )
    rows = page.object_list
    tag = next((t for t in rows[0].tags.all() if t.slug == slug), None) if rows else None
    if tag is None:
        return None, None
    return tag, page


# --- pages of a list at any size ----------------------------------------------------------------------------------
#
# The first NUMBERED_PAGES pages of a list keep their numbers (``?page=N``: an OFFSET no deeper than a small
# community's last page, so old links keep working). Past them, the "Older" link carries the last row's sort key
# (``?after=<cursor>``) and "Newer" the first row's (``?before=<cursor>``): such a page is one range of the sort's
# index read from the cursor, as fast at the 100,000th thread as at the first. ``?page=last`` is the oldest rows
# (the same range read backwards). Counts stop at COUNT_CAP ("10,000+ threads"), as large sites show them: the
# exact figure is not worth reading every row of the list on every page.

COUNT_CAP = 10_000
NUMBERED_PAGES = 50
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_INT_LIMIT = 2**63


class _RowValue(Func):
    """``(a, b, id)``: compared with another row value, ``(a, b, id) < (x, y, z)`` is the keyset condition, which
    PostgreSQL reads as one bound of the index range of the sort (SQLite compares row values too)."""

    template = "(%(expressions)s)"
    output_field = Field()


class CappedPaginator(Paginator):
    """Django's paginator whose count stops at ``cap`` + 1 rows and whose page numbers stop at NUMBERED_PAGES."""

    def __init__(self, object_list, per_page: int, cap: int = COUNT_CAP):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        """``SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1)``: at most cap + 1 index entries, never the list."""
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._counted > self.cap

    @property
    def count_label(self) -> str:
        """What the page says: "31", "10,000+"."""
        return _number_label(self.count, self.is_capped)

    @property
    def num_pages(self) -> int:
        return max(1, min(NUMBERED_PAGES, -(-self.count // self.per_page)))

    @property
    def continues(self) -> bool:
        """Whether rows come after the last numbered page (reached by cursors)."""
        return self.count > NUMBERED_PAGES * self.per_page


@dataclass
class ListPage:
    """One page of a list: numbered (``number``) or reached by a cursor (``number`` is None); ``newer`` and
    ``older`` are the query strings of the neighbouring pages ("page=3", "after=…"), empty at either end."""

    object_list: list
    paginator: CappedPaginator
    number: int | None
    newer: str = ""
    older: str = ""
    oldest: str = ""  # "page=last" while the list goes on past the numbered pages and this is not its end
    # Ordered by score, not by time (the Top sort): its pages are "next" and "previous", never "older".
    ranked: bool = False

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)

    @property
    def label(self) -> str:
        if self.number is None:
            if self.ranked:
                if not self.older:
                    return pgettext("ranked list pages", "Last page")
                return pgettext("ranked list pages", "First page") if not self.newer else _("Further pages")
            if not self.older:
                return pgettext("list pages", "Oldest")
            return pgettext("list pages", "Newest") if not self.newer else _("Older pages")
        if self.paginator.continues:
            return _("Page %(number)s") % {"number": self.number}
        return _("Page %(number)s of %(pages)s") % {"number": self.number, "pages": self.paginator.num_pages}


def list_page(
    request,
    rows,
    *,
    keys: list[str],
    per_page: int | None = None,
    cap: int = COUNT_CAP,
    load=None,
    ranked: bool = False,
):
    """The page of ``rows`` (a queryset ordered by descending keys, ending with a unique one) that the request asks
    for: ``?page=N`` (numbered), ``?after=``/``?before=`` (cursors), ``?page=last``.

    ``keys`` are the attributes of the shown rows that hold the sort key, in order (the same values as the
    queryset's order columns); ``load`` turns a slice of ``rows`` into the shown rows in the list's order (by
    default the slice itself); ``ranked`` says the order is by score (the page's links then read "Next", not
    "Older"). Bad values never fail: not a number is page 1, a number below 1 is the last page,
    past the numbered pages is the last numbered one (an old link into a long list: its "Older" link goes on from
    there); a broken cursor is a 404.
    """
    page = _list_page(request, rows, keys=keys, per_page=per_page, cap=cap, load=load)
    page.ranked = ranked
    return page


def _list_page(request, rows, *, keys, per_page, cap, load) -> ListPage:
    paginator = CappedPaginator(rows, per_page or settings.GUILDHALL["THREADS_PER_PAGE"], cap)
    load = load or _in_list_order
    for direction in ("after", "before"):
        if direction in request.GET:
            cursor = _decode_cursor(request.GET[direction], rows)
            return _cursor_page(paginator, keys, load, cursor, older=direction == "after")
    number = _page_number(request.GET.get("page", ""))
    if number < 1 and paginator.continues:
        return _last_page(paginator, keys, load)
    if number < 1 or number > paginator.num_pages:
        number = paginator.num_pages
    return _numbered_page(paginator, keys, load, number)


def _page_number(raw: str) -> int:
    """``?page=``: a number; "last" (and any number below 1) is 0, the end; anything else is page 1."""
    if raw == "last":
        return 0
    try:
        return int(raw)
    except ValueError:
        return 1


def _numbered_page(paginator, keys, load, number: int) -> ListPage:
    """Page ``number`` (1 to NUMBERED_PAGES) by OFFSET, bounded by the numbered pages; the last numbered page of a
    longer list leads on by cursor."""
    start = (number - 1) * paginator.per_page
    shown = load(paginator.object_list[start : start + paginator.per_page])
    page = ListPage(shown, paginator, number)
    if number > 1:
        page.newer = f"page={number - 1}"
    if number < paginator.num_pages:
        page.older = f"page={number + 1}"
    elif paginator.continues and shown:
        page.older = f"after={_encode_cursor(shown[-1], keys)}"
    if paginator.continues:
        page.oldest = "page=last"
    return page


def _cursor_page(paginator, keys, load, cursor: tuple, *, older: bool) -> ListPage:
    """The page just older (``after``) or newer (``before``) than the cursor, with one more row read to know
    whether the list goes on. Past either end (rows deleted since, a forged cursor) or back at the start, the
    numbered first page or the last page stands in: the same rows, with their usual links."""
    rows = paginator.object_list
    order = _order_fields(rows)
    bound = _row_value(rows.model, order, cursor)
    lhs = _RowValue(*[F(name) for name in order])
    if older:
        sliced = rows.filter(LessThan(lhs, bound))[: paginator.per_page + 1]
    else:
        sliced = rows.filter(GreaterThan(lhs, bound)).reverse()[: paginator.per_page + 1]
    shown, more = _without_extra_row(load(sliced), paginator.per_page, at_end=older)
    if not more and not older:
        return _numbered_page(paginator, keys, load, 1)
    if not shown:
        return _last_page(paginator, keys, load)
    page = ListPage(shown, paginator, None, newer=f"before={_encode_cursor(shown[0], keys)}")
    if more or not older:
        page.older = f"after={_encode_cursor(shown[-1], keys)}"
        page.oldest = "page=last"
    return page


def _last_page(paginator, keys, load) -> ListPage:
    """The oldest rows: the list's range read backwards, one page and one row more."""
    shown, more = _without_extra_row(
        load(paginator.object_list.reverse()[: paginator.per_page + 1]), paginator.per_page
    )
    page = ListPage(shown, paginator, None)
    if more:
        page.newer = f"before={_encode_cursor(shown[0], keys)}"
    return page


def _without_extra_row(shown: list, per_page: int, *, at_end: bool = False) -> tuple[list, bool]:
    """(the page, whether the list goes on) from a page read with one row more, the furthest from where the read
    started: the last row going older, the first going newer."""
    if len(shown) <= per_page:
        return shown, False
    return (shown[:per_page] if at_end else shown[1:]), True


def _in_list_order(sliced) -> list:
    """The rows of a slice in the list's order (a reversed slice reads them backwards)."""
    shown = list(sliced)
    return shown if sliced.query.standard_ordering else shown[::-1]


def _order_fields(rows) -> list[str]:
    """The queryset's order columns: all descending, so that one row comparison bounds the index range."""
    order = list(rows.query.order_by)
    if not order or not all(name.startswith("-") for name in order):
        raise ValueError("A list paginated by cursors is ordered by descending keys.")
    return [name[1:] for name in order]


def _key_field(model, name: str):
    """The model field of an order column: a cursor's values are typed (and checked) as the column's."""
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _row_value(model, order: list[str], values: tuple) -> _RowValue:
    """The cursor as a row value of parameters, each adapted to its column's type."""
    return _RowValue(*[Value(v, output_field=_key_field(model, n)) for n, v in zip(order, values, strict=True)])


def _encode_cursor(row, keys: list[str]) -> str:
    """A row's sort key as a short URL-safe token: integers (datetimes in microseconds) joined by "_"."""
    values = (getattr(row, key) for key in keys)
    return "_".join(str((v - _EPOCH) // _MICROSECOND if isinstance(v, datetime) else int(v)) for v in values)


def _decode_cursor(token: str, rows) -> tuple:
    """The cursor's values typed as the queryset's order columns, or a 404 for anything else."""
    fields = [_key_field(rows.model, name) for name in _order_fields(rows)]
    parts = token.split("_")
    try:
        if len(parts) != len(fields) or not all(p.lstrip("-").isdigit() for p in parts):
            raise ValueError(token)
        numbers = [int(p) for p in parts]
        if any(abs(n) >= _INT_LIMIT for n in numbers):
            raise ValueError(token)
        return tuple(
            _EPOCH + n * _MICROSECOND if isinstance(f, DateTimeField) else n
            for n, f in zip(numbers, fields, strict=True)
        )
    except (ValueError, OverflowError) as exc:
        raise Http404(_("This page link is broken: start again from the first page.")) from exc


def home_lists(count: int) -> dict:
    base = Thread.objects.for_list()
    return {
        "newest_threads": list(base.order_by("-created_at", "-pk")[:count]),
        "active_threads": list(base.order_by("-last_activity_at", "-pk")[:count]),
    }


@dataclass(frozen=True)
class ThreadOutline:
    """What a thread page needs before it knows whether its cached body will do: the thread itself (title,
    description, follow button) and who and what its posts are (the page variant: own posts, my votes).

    Kept beside the thread's full data under the same versions and read instead of it, so a page whose body
    comes from the fragment cache never unpickles its answers and comments (tens of model instances)."""

    thread: Thread
    answer_ids: tuple[int, ...]
    author_ids: frozenset[int]

    @classmethod
    def of(cls, thread: Thread, answers, thread_comments) -> ThreadOutline:
        authors = {thread.author_id, *(a.author_id for a in answers), *(c.author_id for c in thread_comments)}
        authors.update(c.author_id for a in answers for c in a.visible_comments)
        return cls(thread, tuple(a.pk for a in answers), frozenset(authors))

    def __reduce__(self):
        """Pickled with the thread's prefetched tags as a plain list: a prefetched QuerySet pickles its query and
        the thread a second time, three quarters of what unpickling the outline took on every member's page."""
        thread = copy.copy(self.thread)  # the structure built beside it keeps its own
        prefetched = dict(getattr(thread, "_prefetched_objects_cache", {}))
        tags = prefetched.pop("tags", None)
        thread._prefetched_objects_cache = prefetched
        return _unpickle_outline, (thread, None if tags is None else list(tags), self.answer_ids, self.author_ids)


def _unpickle_outline(thread, tags, answer_ids, author_ids) -> ThreadOutline:
    if tags is not None:
        thread._prefetched_objects_cache["tags"] = _fetched(Tag, tags)
    return ThreadOutline(thread, answer_ids, author_ids)


def _fetched(model, rows) -> QuerySet:
    """A QuerySet holding ``rows`` already fetched, as ``prefetch_related`` leaves one. It stands for rows, not a
    query: anything chained on it finds nothing rather than every row of ``model``."""
    fetched = QuerySet(model=model)
    fetched.query.set_empty()
    fetched._result_cache, fetched._prefetch_done = list(rows), True
    return fetched


class ThreadView:
    """The thread page's data. ``answers`` and ``thread_comments`` are read from the cache (or the database)
    the first time they are asked for: a page whose body is a cached region never asks."""

    def __init__(self, outline: ThreadOutline, load, *, my_votes: dict, versions: dict, staff: bool):
        self.outline, self._load = outline, load
        self.thread, self.my_votes, self.versions = outline.thread, my_votes, versions
        self.region_slot = _body_slot(outline.thread.pk, staff)  # ``fragments.last_region``

    @cached_property
    def _posts(self):
        return self._load()

    @property
    def answers(self) -> list[Answer]:
        return self._posts[0]

    @property
    def thread_comments(self) -> list[Comment]:
        return self._posts[1]


def thread_detail(thread_id: int, viewer) -> ThreadView:
    """The thread page: the thread, its answers (accepted, then score, then date), comments and my votes.

    Everything but my votes is the same for every viewer of a kind (moderators also see deleted posts), so it
    is kept in the shared cache while the versions of what it shows stand still (``page_cache.remember``), and so
    are my votes on it: a warm thread page costs cache reads and no query. The outline is read first; the
    full data only when the page body has to be drawn (``ThreadView``).
    """
    staff = permissions.is_moderator(viewer)
    member = viewer if viewer and viewer.is_authenticated else None
    outline_key = _outline_key(thread_id, staff)
    structure_key = f"thread-view:{thread_id}:{int(staff)}"
    member_keys = _member_thread_keys(thread_id, member.pk) if member else []
    # A member's page had these read ahead with their standing (``thread_page_reads``): no trip then.
    page_cache.read_ahead([outline_key, *member_keys], tags=[page_cache.thread_tag(thread_id)])
    built = {}

    def build_outline():
        built["structure"] = structure, tags = _thread_structure(thread_id, staff)
        return ThreadOutline.of(*structure), tags

    outline, versions = page_cache.remember(outline_key, build_outline)
    _note_outline_tags(thread_id, staff, versions)
    thread = outline.thread
    my_votes = _my_votes(thread.pk, member) if member else {}
    thread.my_vote = my_votes.get(("thread", thread.pk), 0)

    def load():
        (_thread, answers, thread_comments), _versions = page_cache.remember(
            structure_key, lambda: built.get("structure") or _thread_structure(thread_id, staff)
        )
        for answer in answers:
            answer.thread = thread
            answer.my_vote = my_votes.get(("answer", answer.pk), 0)
        return answers, thread_comments

    return ThreadView(outline, load, my_votes=my_votes, versions=versions, staff=staff)


def _outline_key(thread_id: int, staff: bool) -> str:
    return f"thread-outline:{thread_id}:{int(staff)}"


def _member_thread_keys(thread_id: int, member_id: int) -> list[str]:
    """What a member's thread page reads beside the thread's own data: their votes, follow, bounty position."""
    return [
        _my_votes_key(thread_id, member_id),
        *(key_for(member_id, thread_id) for key_for in shared_cache.THREAD_READS),
    ]


# The page-cache tags each thread's outline showed when this process last read it (a thread, its answers and
# their authors: some thirty): a member's next visit reads their versions in the trip that fetches the outline,
# which ``page_cache.remember`` checks it against. A guess: a changed outline reads what it lacks.
_OUTLINE_TAGS: dict[tuple[int, bool], tuple[str, ...]] = {}
_OUTLINE_TAGS_MAX = 5_000


def _note_outline_tags(thread_id: int, staff: bool, versions: dict) -> None:
    if len(_OUTLINE_TAGS) >= _OUTLINE_TAGS_MAX:
        _OUTLINE_TAGS.clear()
    _OUTLINE_TAGS[thread_id, staff] = tuple(versions)


def _body_slot(thread_id: int, staff: bool) -> str:
    return f"thread-page:{thread_id}:{int(staff)}"


def thread_page_reads(member_id: int, kwargs: dict) -> tuple[list[str], list[str]]:
    """What a member's thread page reads first (``config.cache.page_read``), fetched with their standing: the
    outline a member who is not a moderator reads, their own reads on the thread, the versions of what the
    outline showed last time and the page body this process served last on the thread (most members get the
    same: ``fragments.last_region``)."""
    thread_id = kwargs["pk"]
    keys = [_outline_key(thread_id, False), *_member_thread_keys(thread_id, member_id)]
    body = fragments.last_region(_body_slot(thread_id, False))
    if body is not None:
        keys.append(body)
    return keys, [page_cache.thread_tag(thread_id), *_OUTLINE_TAGS.get((thread_id, False), ())]


def connect() -> None:
    """A member's thread page: its first reads come with the member's own (one round trip)."""
    shared_cache.page_read("community:thread")(thread_page_reads)


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
        raise Http404(_("No such thread."))

    answers = Answer.objects.filter(thread=thread).select_related("author").defer("body_md")
    comments = Comment.objects.filter(thread=thread).select_related("author").order_by("created_at", "pk")
    if not staff:
        answers = answers.filter(is_deleted=False)
        comments = comments.filter(is_deleted=False)
    answers = list(
        answers.alias(
            accepted_first=Case(
                When(pk=thread.accepted_answer_id or 0, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        ).order_by("-accepted_first", "-score", "created_at", "pk")
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
    """The tags that visible threads carry, most used first, each with its ``thread_count``: the stored count
    (kept by database triggers on the tag links), read in order on ``tag_popular_idx`` — no link is counted on
    the view (tests/forum/test_tag_counts.py)."""
    qs = Tag.objects.filter(thread_count__gt=0)
    if query:
        qs = qs.filter(name__icontains=query.strip().lower()[:40])
    return qs.order_by("-thread_count", "name")


def member_answers(member: Member):
    """A member's answers, best first: the range of ``answer_author_top_idx`` for the member, read in order and
    stopped after the slice (the reputation profile's top answers use it too)."""
    return (
        Answer.objects.filter(author=member, is_deleted=False, thread__is_deleted=False)
        .select_related("thread", "thread__author")
        .defer("body_md", "body_html", "thread__body_md", "thread__body_html")
        .order_by("-score", "-created_at", "-pk")
    )


# A member page's figures stop here ("1,000+"): each is counted on the member's index range, at most this long.
MEMBER_COUNT_CAP = 1_000


def member_threads(request, member: Member):
    """A member's threads, newest first, 15 a page: the range of ``thread_author_newest_idx`` for the member."""
    return thread_page(request, sort="newest", kind=None, author=member, per_page=15, cap=MEMBER_COUNT_CAP)


def member_stats(member: Member) -> dict:
    """The member page's answer and accepted-answer figures, each counted to MEMBER_COUNT_CAP at most.

    The accepted answers are read on ``answer_author_accepted_idx`` (the member's visible answers flagged
    ``is_accepted``), and each one's thread is looked up by primary key for its visibility — a scalar subquery,
    which PostgreSQL runs per row rather than turning it into a join that hashes or merges every visible thread
    (it did both at 100,000 threads). So at most the cap's answers and their threads are read: 1,001 lookups for
    the busiest member, where finding the accepted ones among all their answers walked 12,000 rows.
    """
    answers = Answer.objects.filter(author=member, is_deleted=False)
    accepted = (
        Answer.objects.filter(author=member, is_accepted=True, is_deleted=False)
        .alias(thread_hidden=_thread_hidden())
        .filter(thread_hidden=False)
    )
    return {"answer_count": _capped_label(answers), "accepted_count": _capped_label(accepted)}


def _thread_hidden():
    """The answer's thread's ``is_deleted``, read per answer by primary key (see ``member_stats``)."""
    return Subquery(Thread.objects.filter(pk=OuterRef("thread_id")).order_by().values("is_deleted")[:1])


def _capped_label(queryset, cap: int = MEMBER_COUNT_CAP) -> str:
    """The queryset's count as the page shows it ("37", "1,000+"), from at most cap + 1 rows."""
    counted = queryset.order_by().values("pk")[: cap + 1].count()
    return _number_label(min(counted, cap), counted > cap)


def _number_label(count: int, capped: bool) -> str:
    """A count as the reader's language writes it ("10,000", « 10 000 »), "+" after it when there are more."""
    return formats.number_format(count, force_grouping=True) + ("+" if capped else "")


def looks_like_a_moderator(name: str, *, other_than: Member | None = None) -> bool:
    """Whether ``name`` could be taken for the display name or username of a moderator or staff member other than
    ``other_than`` (same skeleton: confusable letters, case, spacing and punctuation aside). Used for display names
    and for usernames at sign-up, since a member without a display name is shown by their username."""
    skeleton = validators.name_skeleton(name)
    if not skeleton:  # nothing but punctuation: it cannot pass for anyone's name
        return False
    moderators = Member.objects.with_perm(
        Member.MODERATOR_PERMISSION, include_superusers=True, backend="django.contrib.auth.backends.ModelBackend"
    )
    staff = moderators | Member.objects.filter(is_staff=True, is_active=True)
    if other_than is not None:
        staff = staff.exclude(pk=other_than.pk)
    names = staff.values_list("display_name", "username")
    return any(skeleton in (validators.name_skeleton(d), validators.name_skeleton(u)) for d, u in names)
