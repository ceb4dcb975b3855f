"""The ideas board: members' product suggestions, sorted by votes, filtered by status and tag.

Ideas are threads of kind ``idea``: members post them with the ask form, vote on
them with the same votes and privileges as any post, and reply to them. Staff
set their status (``actions.set_idea_status``) with a public explanation;
members who voted for an idea, follow it, or posted it are notified
(``community.notifications.inbox``). Ideas never have an accepted answer.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from community.forum import queries
from community.forum.models import IdeaStatus, Tag, Thread, Vote
from config import page_cache

SORTS = {
    "top": (_("Most votes"), ["-score", "-created_at", "-pk"]),
    "newest": (pgettext_lazy("sort ideas", "Newest"), ["-created_at", "-pk"]),
    "updated": (_("Recently updated"), ["-last_activity_at", "-pk"]),
}
# Finished ideas drop off the default view ("open"): new, under review, planned, in progress.
OPEN = [IdeaStatus.NEW, IdeaStatus.UNDER_REVIEW, IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS]


def parse_filters(params) -> tuple[str, str, str]:
    """(status, tag slug, sort) from the query string; ValidationError for values we do not know."""
    status = params.get("status", "") or ""
    if status and status not in IdeaStatus.values and status not in ("open", "all"):
        raise ValidationError(
            gettext("“%(status)s” is not a status. Use one of: %(statuses)s, open or all.")
            % {"status": status[:30], "statuses": ", ".join(IdeaStatus.values)}
        )
    sort = params.get("sort", "") or "top"
    if sort not in SORTS:
        raise ValidationError(gettext("Sort by %(sorts)s.") % {"sorts": ", ".join(SORTS)})
    return status or "all", (params.get("tag", "") or "").strip().lower()[:40], sort


def board(*, status: str = "all", tag: Tag | None = None, sort: str = "top"):
    ideas = Thread.objects.for_list().filter(kind=Thread.Kind.IDEA)
    if status == "open":
        ideas = ideas.filter(idea_status__in=OPEN)
    elif status in IdeaStatus.values:
        ideas = ideas.filter(idea_status=status)
    if tag is not None:
        ideas = ideas.filter(tags=tag)
    return ideas.order_by(*SORTS[sort][1])


def board_page(request, *, status: str = "all", tag: Tag | None = None, sort: str = "top"):
    """``(page, counts)``: the page of the board the request asks for (its ideas, with their authors and tags, in
    ``page.object_list``) and ``status_counts(tag)``, kept in the shared cache while the community's content and
    the authors it names stand still (``page_cache.remember``): a kept page reads neither the ideas, their tags,
    the count nor the statuses (about 20 ms of the board at 100,000 threads). What is the viewer's own — their
    arrows, ``attach_my_votes`` — is read per request."""
    asked = request.GET.get("page", "")[:20]

    def build():
        page = queries.paginate(request, board(status=status, tag=tag, sort=sort))
        page.object_list = list(page.object_list)
        page.paginator.num_pages  # noqa: B018 — worked out (and the count with it) before the query set goes
        page.paginator.object_list = ()  # the page's own rows are kept, never the whole board's query
        authors = sorted({page_cache.member_tag(idea.author_id) for idea in page.object_list})
        return (page, status_counts(tag)), [page_cache.CONTENT, *authors]

    key = f"ideas-board:{status}:{tag.pk if tag else ''}:{sort}:{asked}"
    (page, counts), _versions = page_cache.remember(key, build, seconds=BOARD_SECONDS)
    return page, counts


# How long a kept page of the board lives at most: what it holds is checked against the versions on every read,
# so this only bounds the memory of pages nobody asks for again.
BOARD_SECONDS = 600


def status_counts(tag: Tag | None = None) -> dict[str, int]:
    """The board's ideas per status. ``COUNT(*)``, not of a column: over every idea it is then read from
    ``thread_idea_status_idx`` alone (an index-only scan: 0.7 ms for 8,000 ideas at 100,000 threads, where
    counting the ids visited 6,000 table pages: 9 ms; tests/team/test_kpis_scale_more.py EXPLAINs it)."""
    ideas = Thread.objects.filter(kind=Thread.Kind.IDEA, is_deleted=False)
    if tag is not None:
        ideas = ideas.filter(tags=tag)
    counts = dict(ideas.order_by().values_list("idea_status").annotate(n=Count("*")))
    return {value: counts.get(value, 0) for value in IdeaStatus.values}


def attach_my_votes(viewer, ideas: list[Thread]) -> None:
    """Set ``my_vote`` and ``by_viewer`` (the viewer wrote it: no arrows for them) on each idea for the vote
    buttons: one query."""
    mine = {}
    if viewer is not None and viewer.is_authenticated and ideas:
        mine = dict(Vote.objects.filter(voter=viewer, thread__in=ideas).values_list("thread_id", "value"))
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    for idea in ideas:
        idea.my_vote = mine.get(idea.pk, 0)
        idea.by_viewer = viewer_id is not None and idea.author_id == viewer_id
