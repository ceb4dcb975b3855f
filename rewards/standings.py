"""Stored period leaderboards: who earned the most this week, month and year.

Summing every ledger entry of the rolling window on each view grew with the community (a year is ~340,000 entries
at 100,000 threads), so the boards are *stored*, as large sites do for their reputation leagues: ``Standing`` rows,
one per member with points in the period, read through the (period, rank) index (``rewards.queries``).
``refresh_standings`` is their only writer: it sums each period from the ledger (``queries.period_totals``, the
query the page ran before) and replaces the period's rows in one transaction. It runs

- after ledger writes (``rewards.tasks``: ``actions._write`` schedules it on commit), as one background task per
  burst, de-duplicated;
- every few minutes (``manage.py rewards_refresh_standings``): the window moves without any write, and members
  deactivated in the admin send no event;
- at the end of ``rewards_recompute`` (the scale generator and imports call it).

Tag-filtered boards stay live queries on the tag's entries (a tag's entries are few, and there are many tags).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from config import page_cache
from rewards.models import Standing
from rewards.queries import PERIODS, period_totals

STORED_PERIODS = tuple(Standing.Period.values)  # ("week", "month", "year")
# The page-cache tag of the stored boards: bumped when a refresh commits, so cached leaderboards go stale.
STANDINGS = "standings"
BATCH = 2_000


def refresh_standings(periods: Iterable[str] = STORED_PERIODS, *, now=None) -> dict[str, int]:
    """Recompute the stored boards of ``periods`` from the ledger as of ``now``; return {period: rows}.

    One transaction for all: the boards move together and a reader sees the old rows or the new ones, never a
    half-written board. On PostgreSQL the table is locked against other refreshes only (readers go on): two
    refreshes run one after the other, and the later one reads every committed entry.
    """
    periods = _checked(periods)
    now = now or timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE rewards_standing IN EXCLUSIVE MODE")
        written = {period: _replace(period, now) for period in periods}
        transaction.on_commit(lambda: page_cache.bump(STANDINGS))
    return written


def _checked(periods: Iterable[str]) -> list[str]:
    periods = list(dict.fromkeys(periods))
    unknown = [p for p in periods if p not in STORED_PERIODS]
    if unknown:
        raise ValueError(f"Unknown leaderboard period {unknown[0]!r}; stored periods: {', '.join(STORED_PERIODS)}.")
    return periods


def _replace(period: str, now) -> int:
    """The period's rows replaced by its sums: one aggregate over the window's entries, one bulk insert."""
    rows = source_rows(period, now=now)
    Standing.objects.filter(period=period).delete()
    Standing.objects.bulk_create(
        (
            Standing(period=period, member_id=member_id, points=points, rank=rank, computed_at=now)
            for rank, (member_id, points) in enumerate(rows, start=1)
        ),
        batch_size=BATCH,
    )
    return len(rows)


def source_rows(period: str, *, now=None) -> list[tuple[int, int]]:
    """(member, points) of the period summed from the ledger, best first: active members with points > 0."""
    return [(r["member_id"], r["points"]) for r in period_totals(PERIODS[period][1], None, now=now)]


def stored_rows(period: str) -> list[tuple[int, int]]:
    return list(Standing.objects.filter(period=period).order_by("rank").values_list("member_id", "points"))


def drift(periods: Iterable[str] = STORED_PERIODS, *, now=None) -> list[str]:
    """The periods whose stored board differs from the ledger's sums as of ``now`` (for checks, never a page)."""
    return [p for p in _checked(periods) if stored_rows(p) != source_rows(p, now=now)]
