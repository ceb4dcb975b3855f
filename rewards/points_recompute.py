"""Bring reward points in line with the reputation ledger, by appending corrections.

What each (member, reputation origin) should hold is the rules' share of what that origin pays in reputation
(``rewards.actions.points.target``), and a balance is the sum of the member's points entries. This module finds
where the points ledger disagrees and, unless only asked to check, appends ``RECOMPUTED`` entries (never deleting
or editing one) and resets each ``PointsBalance`` to its ledger sum. Redemptions, refunds, recognitions and the
team's adjustments are not derived from reputation: they stand as written and count in the balance.

It runs after ``rewards_recompute`` rebuilds the reputation ledger (``rewards.recompute.recompute_all``) and from
``manage.py rewards_recompute_points``. Built for size like the reputation rebuild: the comparison is one grouped
query in the database, streamed, and only the drifting rows reach Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from config import page_cache
from rewards.actions.points import DERIVED_REASONS, UNEARNING_ORIGIN_PREFIX, target
from rewards.models import LedgerEntry, PointsBalance, PointsEntry
from rewards.rules import active_profile

BATCH = 5_000
P = PointsEntry.Reason


@dataclass
class Report:
    """What a check found, or a run corrected."""

    origins: int = 0  # (member, origin) pairs holding other than their target
    points: int = 0  # the sum of the corrections those pairs need (or got)
    balances: list[tuple[int, int, int]] = field(default_factory=list)  # (member, stored, expected)

    @property
    def members(self) -> int:
        return len(self.balances)

    def __bool__(self) -> bool:
        return bool(self.origins or self.balances)


def _origin_drift(percent: int):
    """(member, origin, reputation net, points held) for every pair whose holding is not its target, streamed.

    The target is computed by the database with ``rewards.actions.points.target``'s arithmetic: the share of a
    positive net, rounded down (integer division), 0 otherwise; moderators' adjustments earn nothing."""
    reasons = ", ".join(["%s"] * len(DERIVED_REASONS))
    sql = f"""
        SELECT COALESCE(l.member_id, p.member_id), COALESCE(l.origin, p.origin),
               COALESCE(l.net, 0), COALESCE(p.held, 0)
        FROM (SELECT member_id, origin, SUM(points) AS net FROM {LedgerEntry._meta.db_table}
              WHERE origin NOT LIKE %s GROUP BY member_id, origin) l
        FULL OUTER JOIN (SELECT member_id, origin, SUM(points) AS held FROM {PointsEntry._meta.db_table}
              WHERE reason IN ({reasons}) GROUP BY member_id, origin) p
          ON p.member_id = l.member_id AND p.origin = l.origin
        WHERE (CASE WHEN COALESCE(l.net, 0) > 0 THEN COALESCE(l.net, 0) * %s / 100 ELSE 0 END)
              <> COALESCE(p.held, 0)
        ORDER BY 1, 2"""
    # A server-side cursor on PostgreSQL (inside the caller's transaction): memory stays flat however many drift.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [UNEARNING_ORIGIN_PREFIX + "%", *DERIVED_REASONS, percent])
        while rows := cursor.fetchmany(BATCH):
            yield from rows


def balance_drift() -> list[tuple[int, int, int]]:
    """Members whose stored balance differs from their points ledger's sum: (member, stored, ledger)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT COALESCE(b.member_id, e.member_id), COALESCE(b.points, 0), COALESCE(e.total, 0)
                FROM {PointsBalance._meta.db_table} b FULL OUTER JOIN (
                    SELECT member_id, SUM(points) AS total FROM {PointsEntry._meta.db_table} GROUP BY member_id
                ) e ON e.member_id = b.member_id
                WHERE COALESCE(b.points, 0) <> COALESCE(e.total, 0)
                ORDER BY 1"""
        )
        return [(int(m), int(stored), int(total)) for m, stored, total in cursor.fetchall()]


COLUMNS = ["member_id", "points", "reason", "origin", "event_key", "note", "created_at"]


def _insert(entries: list[PointsEntry]) -> None:
    """Write correction entries: COPY on PostgreSQL (a first run on a large site corrects every origin, as
    ``rewards.recompute`` writes its ledger), bulk insert elsewhere."""
    if not entries:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {PointsEntry._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for entry in entries:
                    copy.write_row([getattr(entry, column) for column in COLUMNS])
    else:
        PointsEntry.objects.bulk_create(entries)


def _lock_tables() -> None:
    """On PostgreSQL: reputation writes wait (its ledger is what we follow), then points writes (what we fix).

    Always in this order, the order of a live write (a ledger entry, then its points), so no deadlock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {LedgerEntry._meta.db_table} IN SHARE MODE")
            cursor.execute(f"LOCK TABLE {PointsEntry._meta.db_table}, {PointsBalance._meta.db_table} IN EXCLUSIVE MODE")


def check() -> Report:
    """What ``bring_in_line`` would correct, writing nothing: the drifting origins, and the members whose stored
    balance differs from what it should be (their points ledger's sum plus the corrections their origins need)."""
    percent = active_profile().points_percent
    report = Report()
    corrections: dict[int, int] = {}
    with transaction.atomic():
        for member_id, _origin, net, held in _origin_drift(percent):
            move = target(net, percent) - held
            report.origins += 1
            report.points += move
            corrections[member_id] = corrections.get(member_id, 0) + move
        off = {member_id: (stored, total) for member_id, stored, total in balance_drift()}
    # The other members whose origins move: their balance equals their ledger sum now (else they are in ``off``).
    moved = [member_id for member_id, move in corrections.items() if move and member_id not in off]
    stored = dict(PointsBalance.objects.filter(pk__in=moved).values_list("pk", "points"))
    for member_id in moved:
        off[member_id] = (stored.get(member_id, 0), stored.get(member_id, 0))
    report.balances = sorted(
        (member_id, stored, total + corrections.get(member_id, 0))
        for member_id, (stored, total) in off.items()
        if stored != total + corrections.get(member_id, 0)
    )
    return report


@transaction.atomic
def bring_in_line(*, progress: bool = False, at=None) -> Report:
    """Append a ``RECOMPUTED`` entry for each drifting origin and reset every balance to its ledger sum.

    Safe to run at any time and any number of times: a second run finds nothing to correct."""
    at = at or timezone.now()
    _lock_tables()
    percent = active_profile().points_percent
    report = Report()
    key = f"recompute-points:{at.isoformat()}"
    batch: list[PointsEntry] = []
    with tqdm(unit="origin", disable=not progress, desc="Bringing points in line", miniters=1000) as bar:
        for member_id, origin, net, held in _origin_drift(percent):
            bar.update(1)
            move = target(net, percent) - held
            report.origins += 1
            report.points += move
            batch.append(
                PointsEntry(
                    member_id=member_id,
                    points=move,
                    reason=P.RECOMPUTED,
                    origin=origin,
                    event_key=f"{key}:{origin}",
                    created_at=at,
                )
            )
            if len(batch) >= BATCH:
                _insert(batch)
                batch.clear()
    _insert(batch)
    report.balances = balance_drift()
    if report.balances:
        PointsBalance.objects.bulk_create(
            [PointsBalance(member_id=m) for m, _stored, _total in report.balances], ignore_conflicts=True
        )
        PointsBalance.objects.bulk_update(
            [PointsBalance(member_id=m, points=total, updated_at=at) for m, _stored, total in report.balances],
            ["points", "updated_at"],
            batch_size=BATCH,
        )
        transaction.on_commit(lambda: page_cache.bump(page_cache.SITE))  # balances show on members' own pages
    return report
