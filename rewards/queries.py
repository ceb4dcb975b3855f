"""Read paths of the rewards pages: leaderboards, profiles, badges."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import UTC, date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, Subquery, Sum, Window
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from community.models import Member, Tag
from config.pagination import KeptCountPaginator
from rewards.models import Award, Badge, LedgerEntry, Reputation, Standing, TagScore

PERIODS = {
    "week": (_("This week"), 7),
    "month": (_("This month"), 30),
    "year": (_("This year"), 365),
    "all": (_("All time"), None),
}


@dataclass
class Row:
    member: Member
    points: int


def leaderboard(period: str, tag: Tag | None):
    """A queryset of dicts {member_id, points}, best first. Paginate it (``leaderboard_page``), then
    ``attach_members``.

    All time reads the indexed totals; a period board reads its stored standings (``rewards.standings``); a tag's
    board sums the tag's entries of the period as they stand."""
    period = period if period in PERIODS else "week"
    days = PERIODS[period][1]
    if days is None and tag is None:
        return (
            Reputation.objects.filter(points__gt=1, member__is_active=True)
            .order_by("-points", "member_id")
            .values("member_id", "points")
        )
    if tag is None:
        return Standing.objects.filter(period=period).order_by("rank").values("member_id", "points", "computed_at")
    return period_totals(days, tag)


def period_totals(days: int | None, tag: Tag | None, *, now=None):
    """Entries of active members summed per member, over the last ``days`` days (all of them for None) and the
    threads of ``tag`` if given: {member_id, points} with points > 0, best first. The source of the stored
    standings; a page runs it only for a tag's board."""
    entries = LedgerEntry.objects.filter(member__is_active=True)
    if days is not None:
        entries = entries.filter(created_at__gte=(now or timezone.now()) - timedelta(days=days))
    if tag is not None:
        entries = entries.filter(thread__tags=tag)
    return (
        entries.values("member_id").annotate(points=Sum("points")).filter(points__gt=0).order_by("-points", "member_id")
    )


def page_number(number) -> int:
    """A page number from a query string: what is not a positive number is page 1."""
    try:
        return max(int(number), 1)
    except (TypeError, ValueError):
        return 1


class CountAlongPaginator(Paginator):
    """Pages of a tag's period board from one aggregate: each row carries the number of rows (``COUNT(*) OVER ()``).

    The stock paginator runs the period's ledger sum twice, once for ``COUNT(*)`` and once for the page; here the
    page query brings the count along, and only a page past the end costs a second query (to find the last page).
    """

    def get_page(self, number) -> Page:
        number = page_number(number)
        rows = self._rows(number)
        if rows:
            self.__dict__["count"] = rows[0]["rows_in_all"]  # Paginator.count is a cached property
        elif number > 1:
            number = self.num_pages  # past the end: the last page, as Paginator.get_page does
            rows = self._rows(number)
        else:
            self.__dict__["count"] = 0
        return self._get_page(rows, number, self)

    def _rows(self, number: int) -> list[dict]:
        bottom = (number - 1) * self.per_page
        return list(self.object_list.annotate(rows_in_all=Window(Count("*")))[bottom : bottom + self.per_page])


class StandingsPaginator(Paginator):
    """Pages of a stored period board (``leaderboard()``'s ``Standing`` rows): ranks run 1, 2, 3 … without gaps,
    so a page is the range of ranks (bottom, bottom + per page] on the (period, rank) index — no OFFSET — and the
    number of rows is the last rank, one probe of the same index, brought along by the page query. Only a page
    past the end costs a second query (the last rank, to find the last page)."""

    def __init__(self, object_list, per_page, *, period: str):
        super().__init__(object_list, per_page)
        self.period = period

    def get_page(self, number) -> Page:
        number = page_number(number)
        rows = self._rows(number)
        if rows:
            self.__dict__["count"] = rows[0]["rows_in_all"]  # Paginator.count is a cached property
        elif number > 1:
            self.__dict__["count"] = self._last_rank().first() or 0
            number = self.num_pages  # past the end: the last page, as Paginator.get_page does
            rows = self._rows(number) if self.count else []
        else:
            self.__dict__["count"] = 0
        return self._get_page(rows, number, self)

    def _last_rank(self):
        return Standing.objects.filter(period=self.period).order_by("-rank").values_list("rank", flat=True)[:1]

    def rows_query(self, number: int):
        """The page's rows with the board's number of rows (``rows_in_all``): what a page runs, for EXPLAIN."""
        bottom = (number - 1) * self.per_page
        return self.object_list.filter(rank__gt=bottom, rank__lte=bottom + self.per_page).annotate(
            rows_in_all=Subquery(self._last_rank())
        )

    def _rows(self, number: int) -> list[dict]:
        return list(self.rows_query(number))


# Where the all-time board's length is kept (config.pagination: a minute, once the board is long).
ALL_TIME_KEY = "rewards:all-time-board-length"


def leaderboard_page(period: str, tag: Tag | None, number, per_page: int = 50) -> Page:
    """One page of ``leaderboard()``: all time reads the indexed totals (its length kept a minute once long), a
    period board its stored standings (a range of ranks), a tag's board its live sum with the count brought along."""
    rows = leaderboard(period, tag)
    if rows.model is Reputation:
        return KeptCountPaginator(rows, per_page, key=ALL_TIME_KEY).get_page(number)
    if rows.model is Standing:
        return StandingsPaginator(rows, per_page, period=period).get_page(number)
    return CountAlongPaginator(rows, per_page).get_page(number)


# The leaderboard's tag box offers the most used tags in a <datalist>, so it works without JavaScript;
# static/guildhall/tag-picker.js refills it as the member types, from the composer's /tags-suggest/.
PICKER_TAGS = 60
NEAR_TAGS = 5


def _used_tags():
    """Tags that visible threads carry, most used first (the stored ``thread_count``, on ``tag_popular_idx``)."""
    return Tag.objects.filter(thread_count__gt=0).order_by("-thread_count", "name")


def picker_tags() -> list[str]:
    """The names of the most used tags, most used first (one query)."""
    return list(_used_tags().values_list("name", flat=True)[:PICKER_TAGS])


def find_tag(typed: str) -> Tag | None:
    """The tag a member typed in the leaderboard's tag box, forgiving what people type: any case, a leading "#",
    its name or its slug, spaces for hyphens ("Sync Errors" is ``sync-errors``). One query; None if none."""
    text = typed.strip().lstrip("#").strip()[:100]
    if not text:
        return None
    slugs = {text.lower(), slugify(text)} - {""}
    return Tag.objects.filter(Q(slug__in=slugs) | Q(name__iexact=text)).order_by("-thread_count").first()


def tags_like(typed: str, popular: list[str]) -> list[str]:
    """Tags a member may have meant by ``typed`` (no tag has that name): those whose name holds it, most used first
    (one query), else the popular tags spelled closest to it (``difflib``, no query)."""
    text = slugify(typed.strip().lstrip("#"))[:40]
    if not text:
        return []
    holding = list(_used_tags().filter(name__contains=text).values_list("name", flat=True)[:NEAR_TAGS])
    return holding or difflib.get_close_matches(text, popular, n=NEAR_TAGS, cutoff=0.6)


def computed_at(page: Page):
    """When the stored board on ``page`` was computed (None for live boards and empty pages)."""
    rows = page.object_list
    return rows[0].get("computed_at") if rows else None


def attach_members(rows) -> list[Row]:
    rows = list(rows)
    members = Member.objects.in_bulk([r["member_id"] for r in rows])
    return [Row(members[r["member_id"]], r["points"]) for r in rows if r["member_id"] in members]


def history_by_day(member: Member, since: date):
    """(day, points) rows of the member's entries since ``since``, summed per UTC day (``history``'s one query).

    On the entries' own ``day`` column, whose index carries the points (ledger_member_day_idx): an index-only
    range, about 2 ms for the 23,000 entries of a year of the busiest member at 100,000 threads."""
    return (
        LedgerEntry.objects.filter(member=member, day__gte=since)
        .values("day")
        .annotate(p=Sum("points"))
        .values_list("day", "p")
        .order_by()
    )


def history(member: Member, days: int = 365) -> list[tuple]:
    """Points per UTC day over the last ``days`` days: [(date, points), …] with zero days filled in."""
    today = timezone.now().astimezone(UTC).date()
    start = today - timedelta(days=days - 1)
    by_day = dict(history_by_day(member, start))
    return [(start + timedelta(days=i), by_day.get(start + timedelta(days=i), 0)) for i in range(days)]


def top_tags_query(member: Member, limit: int = 8):
    """The member's best tags by answer score: {name, slug, score, answers}, first rows of ``tag_score_top_idx``."""
    return (
        TagScore.objects.filter(member=member)
        .order_by("-score", "-answers", "tag_id")
        .values("score", "answers", name=F("tag__name"), slug=F("tag__slug"))[:limit]
    )


def top_tags(member: Member, limit: int = 8) -> list[dict]:
    return list(top_tags_query(member, limit))


def ledger(member: Member):
    """The member's entries, newest first, with what the profile's ledger shows of their thread and answer (not
    their bodies: 30 rows of them were a third of the reputation profile's SQL time)."""
    return (
        LedgerEntry.objects.filter(member=member)
        .select_related("thread", "answer")
        .defer("thread__body_md", "thread__body_html", "answer__body_md", "answer__body_html")
        .order_by("-created_at", "-pk")
    )


def member_awards(member: Member):
    return list(
        Award.objects.filter(member=member).select_related("badge", "tag").order_by("badge__tier", "-awarded_at")
    )


def awards_held_by_inactive_members():
    """(badge id, number of awards) held by inactive members: from the few inactive members to their awards."""
    return (
        Award.objects.filter(member__is_active=False)
        .order_by()
        .values("badge_id")
        .annotate(n=Count("pk"))
        .values_list("badge_id", "n")
    )


def badges_with_counts() -> list[Badge]:
    """Every badge with ``earned``: its stored number of awards less those of inactive members.

    Counting every award row grew with the community; the stored count does not, and inactive members (few:
    importers' placeholders, closed accounts) are found from the member side, through the awards' member index.
    """
    held_by_inactive = dict(awards_held_by_inactive_members())
    badges = list(Badge.objects.order_by("tier", "name"))
    for badge in badges:
        badge.earned = max(badge.awarded_count - held_by_inactive.get(badge.pk, 0), 0)
    return badges


def badge_awards(badge: Badge):
    return (
        Award.objects.filter(badge=badge, member__is_active=True)
        .select_related("member", "tag")
        .order_by("-awarded_at")
    )
