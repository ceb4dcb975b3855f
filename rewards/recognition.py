"""Recognition where it motivates: what a member's name carries everywhere, and what a member sees of their own.

- ``flair``: reputation and gold, silver and bronze badge counts of many members in one query (the ``Reputation``
  row holds all four), for every place a name is shown;
- ``standing``: a member's own header — reputation, progress to the next privilege, and the points earned or
  lost since they last looked at their reputation changes — kept in the shared cache under the member's
  page-cache version (every ledger write and award bumps it), so the header costs no query;
- ``changes_by_day``: their reputation changes grouped per day, newest first, like an achievements list (the
  inbox's "Reputation" tab), and ``mark_changes_seen`` once they have seen them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Count, DateTimeField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from config import page_cache
from rewards import privileges
from rewards.models import LedgerEntry, Reputation
from rewards.rules import active_profile


@dataclass(frozen=True)
class Flair:
    """What shows beside a member's name: their reputation and badge counts by tier."""

    points: int = 1
    gold: int = 0
    silver: int = 0
    bronze: int = 0


NO_FLAIR = Flair()


def flair(member_ids: Iterable[int]) -> dict[int, Flair]:
    """Flair of each member id (members without a row have 1 point and no badge), in one query."""
    ids = {int(i) for i in member_ids if i}
    if not ids:
        return {}
    rows = Reputation.objects.filter(pk__in=ids).values_list("pk", "points", "gold", "silver", "bronze")
    found = {pk: Flair(max(points, 1), gold, silver, bronze) for pk, points, gold, silver, bronze in rows}
    return {i: found.get(i, NO_FLAIR) for i in ids}


@dataclass(frozen=True)
class Progress:
    """How far a member is from their next privilege: ``points`` of ``needed``, counted from ``start`` (the
    threshold of the privilege they last reached) so a bar starts empty at each step."""

    points: int
    needed: int
    start: int
    privilege: str  # a key of rewards.privileges.PRIVILEGES

    @property
    def verb(self) -> str:
        return privileges.BY_KEY[self.privilege].verb

    @property
    def remaining(self) -> int:
        return self.needed - self.points

    @property
    def done(self) -> int:
        """Points made on this step (``<progress value>``)."""
        return max(self.points - self.start, 0)

    @property
    def span(self) -> int:
        """Points this step asks for (``<progress max>``)."""
        return max(self.needed - self.start, 1)


def progress(points: int) -> Progress | None:
    """The next privilege for ``points`` under the rules in force, or None when every one is reached."""
    profile = active_profile()
    start = 1
    for needed, privilege in privileges.ladder(profile):
        if points < needed:
            return Progress(points=points, needed=needed, start=min(start, points), privilege=privilege.key)
        start = needed
    return None


@dataclass(frozen=True)
class Standing:
    """A member's own recognition, for their header and profile (data only: worded in the reader's language)."""

    points: int
    flair: Flair  # what shows beside their own name in the header
    progress: Progress | None
    unseen_points: int  # net points of the changes they have not seen yet
    unseen_changes: int  # how many changes they have not seen yet


# Before any entry: a member who never looked has seen none of their changes.
NEVER = Value(datetime(2000, 1, 1, tzinfo=UTC), output_field=DateTimeField())
# "Since you last looked" counts the changes of the last this-many days at most: what the inbox's Reputation tab
# lists (``changes_by_day``), and a range of the member's index bounded by time, not by their whole history (a
# top member who never looked summed 60,000 entries at 100,000 threads: 150 ms on every page-cache miss).
UNSEEN_DAYS = 30


def standing_key(member_id: int) -> str:
    return f"rewards:standing:{member_id}"


def standing(member) -> Standing:
    """The member's standing, from the shared cache while their page-cache version stands still."""

    def build():
        # One query: the row, with the net points and number of its member's entries after ``changes_seen_at``
        # (of the last UNSEEN_DAYS days).
        window = Value(timezone.now() - timezone.timedelta(days=UNSEEN_DAYS), output_field=DateTimeField())
        unseen = (
            LedgerEntry.objects.filter(
                member_id=OuterRef("pk"),
                created_at__gt=Greatest(Coalesce(OuterRef("changes_seen_at"), NEVER), window),
            )
            .exclude(points=0)
            .order_by()
            .values("member_id")
        )
        row = (
            Reputation.objects.filter(pk=member.pk)
            .annotate(
                unseen_points=Subquery(unseen.annotate(s=Sum("points")).values("s")[:1]),
                unseen_changes=Subquery(unseen.annotate(n=Count("pk")).values("n")[:1]),
            )
            .values_list("points", "gold", "silver", "bronze", "unseen_points", "unseen_changes")
            .first()
        )
        points, gold, silver, bronze, unseen_points, unseen_changes = row if row else (1, 0, 0, 0, 0, 0)
        points = max(points, 1)
        value = Standing(
            points=points,
            flair=Flair(points, gold, silver, bronze),
            progress=None if getattr(member, "is_moderator", False) else progress(points),
            unseen_points=unseen_points or 0,  # the subqueries give NULL when nothing is new
            unseen_changes=unseen_changes or 0,
        )
        return value, [page_cache.member_tag(member.pk)]

    value, _versions = page_cache.remember(standing_key(member.pk), build)
    return value


@dataclass(frozen=True)
class Day:
    """One day of a member's reputation changes: its net total and its entries, newest first."""

    day: date
    total: int
    entries: list[LedgerEntry]
    unseen: bool


def changes_by_day(member, *, days: int = UNSEEN_DAYS, limit: int = 300) -> list[Day]:
    """The member's reputation changes of the last ``days`` days (at most ``limit`` entries), grouped per UTC day,
    newest first; entries of no points (a capped vote) are left out. Two queries whatever the number."""
    seen_at = Reputation.objects.filter(pk=member.pk).values_list("changes_seen_at", flat=True).first()
    since = timezone.now() - timezone.timedelta(days=days)
    entries = list(
        LedgerEntry.objects.filter(member_id=member.pk, created_at__gte=since)
        .exclude(points=0)
        .select_related("thread", "answer")
        .only(
            "points",
            "reason",
            "note",
            "created_at",
            "thread_id",
            "answer_id",
            "thread__title",
            "thread__slug",
            "thread__is_deleted",
            "answer__thread_id",
            "answer__is_deleted",
        )  # fmt: skip
        .order_by("-created_at", "-pk")[:limit]
    )
    grouped: dict[date, list[LedgerEntry]] = {}
    for entry in entries:
        entry.unseen = seen_at is None or entry.created_at > seen_at
        grouped.setdefault(timezone.localdate(entry.created_at), []).append(entry)
    return [
        Day(day=day, total=sum(e.points for e in items), entries=items, unseen=any(e.unseen for e in items))
        for day, items in grouped.items()
    ]
