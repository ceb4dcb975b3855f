"""Reward points: every change to the spendable balance, each in a transaction.

The balance is the sum of the member's ``PointsEntry`` rows; ``PointsBalance`` keeps that sum beside them and
moves with each entry (an F() update under the row's lock), never anywhere else. An entry is keyed by (event
key, member, reason), so a replayed event or a second click writes nothing. Reputation is never spent: these
functions write no ``LedgerEntry``.

Earning follows the reputation ledger (``follow_ledger``): for each (member, reputation origin) the points it
holds are the rules' share of what that origin still pays in reputation, never less than zero. Each ledger write
moves the origin's points to that target, so what a reversal takes back is exactly what was earned.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core import events
from config import page_cache
from rewards.models import LedgerEntry, PointsBalance, PointsEntry
from rewards.rules import active_profile

P = PointsEntry.Reason

# The entries that follow the reputation ledger: what an origin holds is their sum (the recompute's corrections
# carry the origin they correct). Redemptions, refunds, recognitions and the team's adjustments stand apart.
DERIVED_REASONS = (P.EARNED, P.CLAWED_BACK, P.RECOMPUTED)
# A moderator's adjustment of reputation corrects trust, not participation: it earns and takes nothing.
UNEARNING_ORIGIN_PREFIX = "adjust:"
KEY_LENGTH = PointsEntry._meta.get_field("event_key").max_length
# The most the team gives or takes in one adjustment: a typo of a few zeros is refused, not applied.
MAX_ADJUSTMENT = 100_000


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


def earns(origin: str) -> bool:
    """Whether reputation paid under ``origin`` earns reward points."""
    return not origin.startswith(UNEARNING_ORIGIN_PREFIX)


def target(net_reputation: int, percent: int) -> int:
    """The points an origin holds: ``percent``/100 of what it pays in reputation, rounded down, never below 0.

    The same arithmetic as ``rewards.points_recompute``'s SQL (integer division of a non-negative product)."""
    return net_reputation * percent // 100 if net_reputation > 0 else 0


def derived_key(entry: LedgerEntry) -> str:
    """The points entry's event key, from the ledger entry's own (event key, reason), unique per member as it is.

    Kept within the column: a key too long ends with a digest of the whole instead of being cut (never two
    ledger entries on one key)."""
    key = f"rep:{entry.event_key}|{entry.reason}"
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha1(key.encode()).hexdigest()
    return f"{key[: KEY_LENGTH - len(digest) - 1]}#{digest}"


def follow_ledger(entry: LedgerEntry) -> PointsEntry | None:
    """Move the member's points for the origin of a reputation entry just written; the points entry, or None.

    Called by ``rewards.actions._write`` inside its transaction, under the lock of the member's reputation row,
    which serialises every ledger write of the member: no other writer moves what an origin holds meanwhile.
    One query decides (the origin's reputation and points together); only a move writes. Upvotes and accepts
    earn, penalties cost nothing (the target never goes below 0), and an undone vote, a withdrawn accept, a hidden
    post or a serial-vote correction takes back what the origin had earned. The balance has no floor."""
    if not earns(entry.origin):
        return None
    net, holding = _origin_sums(entry.member_id, entry.origin)
    move = target(net, active_profile().points_percent) - holding
    if not move:
        return None
    points_entry = PointsEntry(
        member_id=entry.member_id,
        points=move,
        reason=P.EARNED if move > 0 else P.CLAWED_BACK,
        origin=entry.origin,
        event_key=derived_key(entry),
        actor_id=entry.actor_id,
        created_at=entry.created_at,
    )
    if PointsEntry.objects.filter(
        event_key=points_entry.event_key, member_id=entry.member_id, reason=points_entry.reason
    ).exists():
        return None
    points_entry.save()
    _move_balance(entry.member_id, move)
    return points_entry


def _origin_sums(member_id: int, origin: str) -> tuple[int, int]:
    """(reputation the origin pays the member, points it holds for them), in one query on the two ledgers' indexes."""
    placeholders = ", ".join(["%s"] * len(DERIVED_REASONS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT (SELECT COALESCE(SUM(points), 0) FROM {LedgerEntry._meta.db_table}
                        WHERE member_id = %s AND origin = %s),
                       (SELECT COALESCE(SUM(points), 0) FROM {PointsEntry._meta.db_table}
                        WHERE member_id = %s AND origin = %s AND reason IN ({placeholders}))""",
            [member_id, origin, member_id, origin, *DERIVED_REASONS],
        )
        net, holding = cursor.fetchone()
    return int(net), int(holding)


def _move_balance(member_id: int, points: int) -> None:
    """Add ``points`` to the member's balance row (created at 0 first if missing): one UPDATE, which locks the row."""
    moved = PointsBalance.objects.filter(pk=member_id).update(points=F("points") + points, updated_at=timezone.now())
    if not moved:
        PointsBalance.objects.bulk_create([PointsBalance(member_id=member_id)], ignore_conflicts=True)
        PointsBalance.objects.filter(pk=member_id).update(points=F("points") + points, updated_at=timezone.now())
    member_tag = page_cache.member_tag(member_id)
    transaction.on_commit(lambda: page_cache.bump(member_tag))


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


@transaction.atomic
def adjust(member, points: int, *, note: str, actor, key: str) -> PointsEntry:
    """The team gives (or, negative, takes) reward points by hand, saying why; the member reads the note in their
    history, and the audit log records who did it (``events.PointsAdjusted``). ``key`` comes from the form, so a
    second submit of the same form writes nothing and returns the first entry. Reputation does not move."""
    note = " ".join((note or "").split())
    if not points:
        raise ValidationError(_("Enter a number of points other than zero."))
    if abs(points) > MAX_ADJUSTMENT:
        raise ValidationError(
            _("One adjustment gives or takes at most %(max)s points.") % {"max": f"{MAX_ADJUSTMENT:,}"}
        )
    if not note:
        raise ValidationError(_("Say why: the member reads this note beside the change."))
    event_key = f"points-adjust:{key}"[:KEY_LENGTH]
    entry = credit(
        member.pk,
        points,
        reason=P.ADJUSTMENT,
        origin=f"points-adjust:{member.pk}",
        event_key=event_key,
        actor_id=actor.pk,
        note=note,
    )
    if entry is None:  # the same form sent twice
        return PointsEntry.objects.get(event_key=event_key, member_id=member.pk, reason=P.ADJUSTMENT)
    events.emit(
        events.PointsAdjusted(
            entry_id=entry.pk,
            member_id=member.pk,
            actor_id=actor.pk,
            points=points,
            note=entry.note,
            at=entry.created_at,
        )
    )
    return entry
