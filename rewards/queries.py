"""Read paths of the rewards pages: leaderboards, profiles, badges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from community.models import Answer, Member, Tag
from rewards.models import Award, Badge, LedgerEntry, Reputation

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


def attach_members(rows) -> list[Row]:
    rows = list(rows)
    members = Member.objects.in_bulk([r["member_id"] for r in rows])
    return [Row(members[r["member_id"]], r["points"]) for r in rows if r["member_id"] in members]


def history(member: Member, days: int = 365) -> list[tuple]:
    """Points per UTC day over the last ``days`` days: [(date, points), …] with zero days filled in."""
    today = timezone.now().date()
    start = today - timedelta(days=days - 1)
    by_day = dict(
        LedgerEntry.objects.filter(member=member, created_at__date__gte=start)
        .values("created_at__date")
        .annotate(p=Sum("points"))
        .values_list("created_at__date", "p")
    )
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
    return {
        "width": width,
        "height": height,
        "bar_width": round(max(bar_width - 0.5, 1), 2),
        "bars": bars,
        "baseline": baseline,
        "peak": peak,
        "total": sum(p for _, p in points_by_day),
        "first": points_by_day[0][0] if points_by_day else None,
    }


def top_tags(member: Member, limit: int = 8):
    return list(
        Answer.objects.filter(author=member, is_deleted=False, thread__is_deleted=False)
        .values("thread__tags__name", "thread__tags__slug")
        .exclude(thread__tags__name=None)
        .annotate(score=Sum("score"), answers=Count("pk"))
        .order_by("-score", "-answers")[:limit]
    )


def ledger(member: Member):
    return LedgerEntry.objects.filter(member=member).select_related("thread", "answer").order_by("-created_at", "-pk")


def member_awards(member: Member):
    return list(
        Award.objects.filter(member=member).select_related("badge", "tag").order_by("badge__tier", "-awarded_at")
    )


def badges_with_counts():
    return Badge.objects.annotate(earned=Count("awards", filter=Q(awards__member__is_active=True))).order_by(
        "tier", "name"
    )


def badge_awards(badge: Badge):
    return (
        Award.objects.filter(badge=badge, member__is_active=True)
        .select_related("member", "tag")
        .order_by("-awarded_at")
    )
