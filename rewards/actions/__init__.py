"""Every change to rewards state, one function per use case, each in a transaction.

Paying is idempotent: an entry is keyed by (event key, member, reason), so a
replayed event pays nothing twice. Undoing is compensation: a new entry with
the opposite of what an origin (a vote, an accept, a bounty) still pays.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from config import page_cache
from rewards import tasks as standings_tasks
from rewards.actions.points import follow_ledger
from rewards.badges import unseen_cache_key
from rewards.models import Award, LedgerEntry, Reputation
from rewards.rules import Payment, active_profile, clamp, day_of

R = LedgerEntry.Reason


def _lock_reputations(member_ids: Iterable[int]) -> dict[int, Reputation]:
    """Lock the members' totals in a fixed order, so concurrent events never deadlock."""
    ids = sorted(set(member_ids))
    existing = set(Reputation.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [Reputation(member_id=i) for i in ids if i not in existing]
    if missing:
        Reputation.objects.bulk_create(missing, ignore_conflicts=True)
    return {r.pk: r for r in Reputation.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _cap_used(member_id: int, day) -> int:
    return (
        LedgerEntry.objects.filter(member_id=member_id, day=day, counts_toward_cap=True).aggregate(s=Sum("points"))["s"]
        or 0
    )


def _write(entry: LedgerEntry, reputation: Reputation) -> bool:
    """Insert one entry and move the total; False when this event already paid this member."""
    if LedgerEntry.objects.filter(event_key=entry.event_key, member_id=entry.member_id, reason=entry.reason).exists():
        return False
    entry.save()
    if entry.points:
        # Reward points follow what each origin pays in reputation, in this transaction (rewards.actions.points).
        follow_ledger(entry)
        Reputation.objects.filter(pk=reputation.pk).update(points=F("points") + entry.points, updated_at=timezone.now())
        reputation.points += entry.points
        # Reputation shows beside the member's name on cached pages (config/page_cache.py).
        member_tag = page_cache.member_tag(entry.member_id)
        transaction.on_commit(lambda: page_cache.bump(member_tag))
        # The stored period leaderboards sum these entries: one refresh per burst, once the entry is visible.
        transaction.on_commit(standings_tasks.schedule)
    return True


@transaction.atomic
def pay(payments: list[Payment], *, event_key: str, at, note: str = "") -> list[LedgerEntry]:
    """Pay what the rules say, within the daily cap and above the floor."""
    if not payments:
        return []
    profile = active_profile()
    reputations = _lock_reputations(p.member_id for p in payments)
    day = day_of(at)
    written = []
    for p in payments:
        rep = reputations[p.member_id]
        cap_used = _cap_used(p.member_id, day) if p.counts_toward_cap else 0
        points = clamp(
            p.points,
            counts_toward_cap=p.counts_toward_cap,
            reputation=rep.points,
            cap_used=cap_used,
            cap=profile.daily_vote_cap,
        )
        entry = LedgerEntry(
            member_id=p.member_id,
            points=points,
            reason=p.reason,
            origin=p.origin,
            event_key=event_key,
            thread_id=p.thread_id,
            answer_id=p.answer_id,
            actor_id=p.actor_id,
            day=day,
            counts_toward_cap=p.counts_toward_cap,
            created_at=at,
            note=note,
        )
        if _write(entry, rep):
            written.append(entry)
    return written


@transaction.atomic
def compensate(selection: Q, *, reason: str, event_key: str, at, actor_id=None, note: str = "") -> list[LedgerEntry]:
    """Cancel what the selected entries still pay, group by group (member, origin, day).

    Each group gets one entry of the opposite sign on the same day and cap
    flag as what it cancels, so per-day cap arithmetic stays right.
    """
    groups = list(
        LedgerEntry.objects.filter(selection)
        .values("member_id", "origin", "day", "counts_toward_cap", "thread_id", "answer_id")
        .annotate(net=Sum("points"))
        .exclude(net=0)
        .order_by("member_id", "origin", "day")
    )
    if not groups:
        return []
    reputations = _lock_reputations(g["member_id"] for g in groups)
    written = []
    for g in groups:
        rep = reputations[g["member_id"]]
        points = clamp(-g["net"], counts_toward_cap=False, reputation=rep.points, cap_used=0, cap=0)
        entry = LedgerEntry(
            member_id=g["member_id"],
            points=points,
            reason=reason,
            origin=g["origin"],
            event_key=f"{event_key}|{g['origin']}|{g['day']}",
            thread_id=g["thread_id"],
            answer_id=g["answer_id"],
            actor_id=actor_id,
            day=g["day"],
            counts_toward_cap=g["counts_toward_cap"],
            created_at=at,
            note=note,
        )
        if _write(entry, rep):
            written.append(entry)
    return written


@transaction.atomic
def adjust(member, points: int, *, note: str, actor=None, at=None) -> LedgerEntry:
    """A moderator's manual correction (or a test's or the demo's starting grant), visible in the ledger."""
    at = at or timezone.now()
    rep = _lock_reputations([member.pk])[member.pk]
    points = clamp(points, counts_toward_cap=False, reputation=rep.points, cap_used=0, cap=0)
    entry = LedgerEntry(
        member_id=member.pk,
        points=points,
        reason=R.ADJUSTMENT,
        origin=f"adjust:{member.pk}",
        event_key=f"adjust:{member.pk}:{at.isoformat()}:{LedgerEntry.objects.filter(member_id=member.pk, reason=R.ADJUSTMENT).count()}",
        actor=actor,
        day=day_of(at),
        created_at=at,
        note=note[:200],
    )
    _write(entry, rep)
    return entry


@transaction.atomic
def save_rule_profile(profile):
    """Save rule values; activating a profile deactivates the others (one set of rules is in force)."""
    from rewards.models import RuleProfile
    from rewards.rules import forget_active_profile

    if profile.is_active:
        RuleProfile.objects.exclude(pk=profile.pk).filter(is_active=True).update(is_active=False)
    elif not RuleProfile.objects.exclude(pk=profile.pk).filter(is_active=True).exists():
        profile.is_active = True  # the site always has rules in force
    profile.save()
    transaction.on_commit(forget_active_profile)
    transaction.on_commit(lambda: page_cache.bump(page_cache.SITE))  # privileges and levels everywhere
    return profile


@transaction.atomic
def mark_awards_seen(member_id: int) -> int:
    """The member has seen their new badges: they dismissed the banner or opened their reputation page.

    The banner (``rewards.context_processors.new_awards``) only reads; this is the one write. Returns how many
    awards were marked.
    """
    marked = Award.objects.filter(member_id=member_id, seen=False).update(seen=True)
    key = unseen_cache_key(member_id)
    transaction.on_commit(lambda: cache.set(key, False, 300))
    return marked


def mark_changes_seen(member_id: int, *, unseen: int) -> bool:
    """The member has seen their reputation changes (the inbox's "Reputation" tab): the header's indicator goes
    quiet. ``unseen`` is how many their page showed as new (``recognition.standing``); with none, nothing is
    written, so reading the tab again costs no write. True when something changed."""
    if not unseen:
        return False
    with transaction.atomic():
        Reputation.objects.bulk_create([Reputation(member_id=member_id)], ignore_conflicts=True)
        Reputation.objects.filter(pk=member_id).update(changes_seen_at=timezone.now())
        tag = page_cache.member_tag(member_id)  # the header's indicator is kept under the member's version
        transaction.on_commit(lambda: page_cache.bump(tag))
    return True


def mark_history_seen(until) -> int:
    """Every member's changes up to ``until`` count as seen (``rewards.api.mark_history_seen``)."""
    with transaction.atomic():
        members = Reputation.objects.update(changes_seen_at=until)
        transaction.on_commit(lambda: page_cache.bump(page_cache.SITE))  # every header's indicator
    return members
