"""Reward points: every change to the spendable balance, each in a transaction.

The balance is the sum of the member's ``PointsEntry`` rows; ``PointsBalance`` keeps that sum beside them and
moves with each entry (an F() update under the row's lock), never anywhere else. An entry is keyed by (event
key, member, reason), so a replayed event or a second click writes nothing. Reputation is never spent: these
functions touch no ``LedgerEntry``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config import page_cache
from rewards.models import PointsBalance, PointsEntry

P = PointsEntry.Reason


class NotEnoughPoints(Exception):
    """The member's balance does not cover the cost (a clawback may even have left it below zero)."""

    def __init__(self, balance: int, needed: int):
        super().__init__(f"balance {balance} < {needed}")
        self.balance = balance
        self.needed = needed


def lock_balances(member_ids: Iterable[int]) -> dict[int, PointsBalance]:
    """Lock the members' balances in a fixed order (creating missing rows), so concurrent writes never deadlock."""
    ids = sorted(set(member_ids))
    existing = set(PointsBalance.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [PointsBalance(member_id=i) for i in ids if i not in existing]
    if missing:
        PointsBalance.objects.bulk_create(missing, ignore_conflicts=True)
    return {b.pk: b for b in PointsBalance.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def write(entry: PointsEntry, balance: PointsBalance) -> bool:
    """Insert one entry and move the balance; False when this event already wrote this entry (nothing moves)."""
    if PointsEntry.objects.filter(event_key=entry.event_key, member_id=entry.member_id, reason=entry.reason).exists():
        return False
    entry.save()
    if entry.points:
        PointsBalance.objects.filter(pk=balance.pk).update(points=F("points") + entry.points, updated_at=timezone.now())
        balance.points += entry.points
        member_tag = page_cache.member_tag(entry.member_id)  # the balance shows on the member's own pages
        transaction.on_commit(lambda: page_cache.bump(member_tag))
    return True


@transaction.atomic
def credit(
    member_id: int,
    points: int,
    *,
    reason: str,
    origin: str,
    event_key: str,
    at=None,
    actor_id: int | None = None,
    redemption_id: int | None = None,
    note: str = "",
) -> PointsEntry | None:
    """Add (or, negative, take) ``points``: the entry written, or None when this event already wrote it."""
    balance = lock_balances([member_id])[member_id]
    entry = PointsEntry(
        member_id=member_id,
        points=points,
        reason=reason,
        origin=origin,
        event_key=event_key,
        actor_id=actor_id,
        redemption_id=redemption_id,
        note=note[:200],
        created_at=at or timezone.now(),
    )
    return entry if write(entry, balance) else None


@transaction.atomic
def spend(member_id: int, amount: int, *, redemption_id: int, at=None) -> PointsEntry:
    """Take ``amount`` for a redemption, or raise ``NotEnoughPoints`` (a balance below the cost, or below zero)."""
    balance = lock_balances([member_id])[member_id]
    if balance.points < amount:
        raise NotEnoughPoints(balance.points, amount)
    entry = PointsEntry(
        member_id=member_id,
        points=-amount,
        reason=P.REDEEMED,
        origin=f"redemption:{redemption_id}",
        event_key=f"redemption:{redemption_id}",
        redemption_id=redemption_id,
        created_at=at or timezone.now(),
    )
    write(entry, balance)
    return entry


@transaction.atomic
def refund(member_id: int, *, redemption_id: int, actor_id: int | None = None, at=None) -> PointsEntry | None:
    """Give back what a rejected redemption spent (the net of its origin), once."""
    spent = -sum(
        PointsEntry.objects.filter(member_id=member_id, origin=f"redemption:{redemption_id}").values_list(
            "points", flat=True
        )
    )
    if spent <= 0:
        return None
    return credit(
        member_id,
        spent,
        reason=P.REFUNDED,
        origin=f"redemption:{redemption_id}",
        event_key=f"redemption:{redemption_id}:refund",
        at=at,
        actor_id=actor_id,
        redemption_id=redemption_id,
    )


def balance(member_id: int) -> int:
    """The member's reward points now (0 without a row)."""
    return PointsBalance.objects.filter(pk=member_id).values_list("points", flat=True).first() or 0
