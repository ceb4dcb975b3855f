"""Read paths of the rewards pages: leaderboards, profiles, badges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Sum, Window
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join

from community.models import Member, Tag
from rewards.models import Award, Badge, LedgerEntry, Reputation, TagScore

PERIODS = {"week": ("This week", 7), "month": ("This month", 30), "year": ("This year", 365), "all": ("All time", None)}


@dataclass
class Row:
    member: Member
    points: int


def leaderboard(period: str, tag: Tag | None):
    """A queryset of dicts {member_id, points}, best first. Paginate it, then ``attach_members``."""
    days = PERIODS.get(period, PERIODS["week"])[1]
    if days is None and tag is None:
        return (
            Reputation.objects.filter(points__gt=1, member__is_active=True)
            .order_by("-points", "member_id")
            .values("member_id", "points")
        )
    entries = LedgerEntry.objects.filter(member__is_active=True)
    if days is not None:
        entries = entries.filter(created_at__gte=timezone.now() - timedelta(days=days))
    if tag is not None:
        entries = entries.filter(thread__tags=tag)
    return (
        entries.values("member_id").annotate(points=Sum("points")).filter(points__gt=0).order_by("-points", "member_id")
    )


class CountAlongPaginator(Paginator):
    """Pages of a period leaderboard from one aggregate: each row carries the number of rows (``COUNT(*) OVER ()``).

    The stock paginator runs the period's ledger sum twice, once for ``COUNT(*)`` and once for the page; here the
    page query brings the count along, and only a page past the end costs a second query (to find the last page).
    """

    def get_page(self, number) -> Page:
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
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


def leaderboard_page(period: str, tag: Tag | None, number, per_page: int = 50) -> Page:
    """One page of ``leaderboard()``: period boards bring their count along; all time reads the indexed totals."""
    rows = leaderboard(period, tag)
    paginator_class = Paginator if rows.model is Reputation else CountAlongPaginator
    return paginator_class(rows, per_page).get_page(number)


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


def chart(points_by_day: list[tuple], width: int = 720, height: int = 140) -> dict:
    """Geometry for a server-rendered SVG bar chart of points per day."""
    peak = max((abs(p) for _, p in points_by_day), default=0) or 1
    has_negative = any(p < 0 for _, p in points_by_day)
    baseline = height * (0.7 if has_negative else 1.0)
    bar_width = width / max(len(points_by_day), 1)
    bars = []
    for i, (day, points) in enumerate(points_by_day):
        if not points:
            continue
        scaled = abs(points) / peak * (baseline if points > 0 else height - baseline)
        y = baseline - scaled if points > 0 else baseline
        bars.append(
            {
                "x": round(i * bar_width, 2),
                "y": round(y, 2),
                "h": round(max(scaled, 1), 2),
                "day": day,
                "points": points,
            }
        )
    drawn_width = round(max(bar_width - 0.5, 1), 2)
    return {
        "width": width,
        "height": height,
        "bar_width": drawn_width,
        "bars": bars,
        "svg_bars": _svg_bars(bars, drawn_width),
        "baseline": baseline,
        "peak": peak,
        "total": sum(p for _, p in points_by_day),
        "first": points_by_day[0][0] if points_by_day else None,
    }


def _svg_bars(bars: list[dict], width: float) -> str:
    """The chart's ``<rect>`` elements, built here rather than by the template: a busy member has a bar on each
    of 365 days, and a template loop with a date filter per bar was most of the profile's time. Coordinates are
    plain numbers whatever the language (a localised "12,5" is not SVG); the day labels use the active
    language's month abbreviations, as the ``date`` filter would ("M j, Y")."""
    months = {m: date_format(date(2000, m, 1), "M") for m in {bar["day"].month for bar in bars}}
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{} {}, {}: {}</title></rect>',
        (
            (
                bar["x"],
                bar["y"],
                width,
                bar["h"],
                "gain" if bar["points"] > 0 else "loss",
                months[bar["day"].month],
                bar["day"].day,
                bar["day"].year,
                f"{bar['points']:+d}",
            )
            for bar in bars
        ),
    )


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
    return LedgerEntry.objects.filter(member=member).select_related("thread", "answer").order_by("-created_at", "-pk")


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
