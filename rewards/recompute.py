"""Rebuild every member's ledger and total from community's source rows.

The source rows are what stands now: votes on visible posts, accepted
answers (with their time), bounties. They are replayed in time order under
one rule profile, with the same rules, cap and floor as the live handlers,
so a recomputed ledger is what the site would have paid had those rules
always been in force. The other figures rewards keeps beside the ledger are
rebuilt in the same transaction: members' standing per tag (``TagScore``,
from the visible answers), each badge's number of awards and the stored period
leaderboards; reward points, which follow each origin's reputation, are then brought in line by appended
corrections (``rewards.points_recompute``). Corrections by moderators (adjustments) survive a recompute as
they are; votes reversed as serial voting are paid and reversed again, so
members still see why.

Built for size: votes are streamed in chunks, the per-member state lives
in memory, and entries are written with bulk inserts.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models.functions import Coalesce
from tqdm import tqdm

from community.models import Bounty, Thread, Vote
from config import page_cache
from rewards import badges, points_recompute, standings, tag_scores
from rewards.models import SERIAL_VOTING_NOTE, CorrectedVote, LedgerEntry, Reputation, RuleProfile
from rewards.rules import (
    Payment,
    accept_payments,
    bounty_payments,
    clamp,
    day_of,
    forget_active_profile,
    vote_origin,
    vote_payments,
)

BATCH = 20_000
# Kept as they are: moderators' adjustments, and payments for published knowledge articles (a publication
# is a Wagtail event, not a community row the recompute could replay).
KEPT_REASONS = [LedgerEntry.Reason.ADJUSTMENT, LedgerEntry.Reason.ARTICLE_PUBLISHED]


def _votes() -> Iterator[tuple]:
    rows = (
        Vote.objects.filter(thread__isnull=False, thread__is_deleted=False)
        .values_list("created_at", "pk", "voter_id", "value", "thread_id", "thread__author_id", "thread__kind")
        .order_by("created_at", "pk")
    )
    for at, pk, voter, value, thread_id, author, kind in rows.iterator(chunk_size=20_000):
        yield (at, 1, pk, ("vote", voter, value, thread_id, None, author, kind))


def _answer_votes() -> Iterator[tuple]:
    rows = (
        Vote.objects.filter(answer__isnull=False, answer__is_deleted=False, answer__thread__is_deleted=False)
        .values_list("created_at", "pk", "voter_id", "value", "answer__thread_id", "answer_id", "answer__author_id")
        .order_by("created_at", "pk")
    )
    for at, pk, voter, value, thread_id, answer_id, author in rows.iterator(chunk_size=20_000):
        yield (at, 1, pk, ("vote", voter, value, thread_id, answer_id, author, "answer"))


def _accepts() -> Iterator[tuple]:
    """Accepted answers in time order, streamed like the votes (sorted by the database, not in memory)."""
    rows = (
        Thread.objects.filter(is_deleted=False, accepted_answer__isnull=False, accepted_answer__is_deleted=False)
        .annotate(at=Coalesce("accepted_at", "created_at"))
        .values_list("at", "pk", "author_id", "accepted_answer_id", "accepted_answer__author_id")
        .order_by("at", "pk")
    )
    for at, pk, asker, answer_id, answer_author in rows.iterator(chunk_size=20_000):
        yield (at, 2, pk, ("accept", answer_id, pk, answer_author, asker))


def _bounties() -> list[tuple]:
    events = []
    for b in Bounty.objects.select_related("answer").iterator():
        events.append(
            (b.created_at, 0, b.pk, ("bounty", b.pk, b.thread_id, b.offered_by_id, b.amount, None, None, False))
        )
        if b.answer_id and b.awarded_at:
            events.append(
                (
                    b.awarded_at,
                    3,
                    b.pk,
                    (
                        "bounty",
                        b.pk,
                        b.thread_id,
                        b.offered_by_id,
                        b.awarded_amount or b.amount,
                        b.answer_id,
                        b.answer.author_id,
                        True,
                    ),
                )
            )
    return sorted(events)


def count_sources() -> int:
    return (
        Vote.objects.count() + Thread.objects.filter(accepted_answer__isnull=False).count() + 2 * Bounty.objects.count()
    )


class _State:
    """Reputation and per-day cap use in memory, starting from the kept entries.

    Payments come in time order, so only the current day's cap use is ever read again: it is forgotten when the
    day changes, and memory follows the number of members, not the years of history (``docs/scaling.md``)."""

    def __init__(self, profile: RuleProfile):
        self.profile = profile
        self.reputation: dict[int, int] = defaultdict(lambda: 1)
        self.cap_used: dict[tuple[int, object], int] = defaultdict(int)
        self.cap_day = None
        for member_id, points in LedgerEntry.objects.filter(reason__in=KEPT_REASONS).values_list("member_id", "points"):
            self.reputation[member_id] += points

    def apply(self, payment: Payment, at, key: str) -> LedgerEntry:
        day = day_of(at)
        if day != self.cap_day:
            self.cap_used.clear()
            self.cap_day = day
        cap_key = (payment.member_id, day)
        points = clamp(
            payment.points,
            counts_toward_cap=payment.counts_toward_cap,
            reputation=self.reputation[payment.member_id],
            cap_used=self.cap_used[cap_key] if payment.counts_toward_cap else 0,
            cap=self.profile.daily_vote_cap,
        )
        self.reputation[payment.member_id] += points
        if payment.counts_toward_cap:
            self.cap_used[cap_key] += points
        return (
            payment.member_id,
            points,
            payment.reason,
            payment.origin,
            key,
            payment.thread_id,
            payment.answer_id,
            payment.actor_id,
            day,
            payment.counts_toward_cap,
            "",
            at,
        )

    def reverse(self, row: tuple, reason: str) -> tuple:
        """Cancel an entry at once (serial votes stay corrected through a rebuild)."""
        member_id, points, _reason, origin, key, thread_id, answer_id, actor_id, day, capped, _note, at = row
        self.reputation[member_id] -= points
        if capped:
            self.cap_used[(member_id, day)] -= points
        note = SERIAL_VOTING_NOTE
        return (member_id, -points, reason, origin, key, thread_id, answer_id, actor_id, day, capped, note, at)


COLUMNS = [
    "member_id",
    "points",
    "reason",
    "origin",
    "event_key",
    "thread_id",
    "answer_id",
    "actor_id",
    "day",
    "counts_toward_cap",
    "note",
    "created_at",
]


def _flush(rows: list[tuple]) -> None:
    """Write ledger rows: COPY on PostgreSQL (the fast path for millions), bulk insert elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY rewards_ledgerentry ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        LedgerEntry.objects.bulk_create(
            (LedgerEntry(**dict(zip(COLUMNS, row, strict=True))) for row in rows), batch_size=BATCH
        )


def recompute_all(profile: RuleProfile | str | None = None, *, progress: bool = False) -> dict:
    """Replace every computed ledger entry and total; return a summary.

    ``profile`` (a RuleProfile or its name) becomes the active profile first,
    so the live site goes on paying under the rules the ledger was rebuilt with.
    """
    if isinstance(profile, str):
        profile = RuleProfile.objects.get(name=profile)
    with transaction.atomic():
        if profile is not None and not profile.is_active:
            RuleProfile.objects.filter(is_active=True).update(is_active=False)
            RuleProfile.objects.filter(pk=profile.pk).update(is_active=True)
        profile = RuleProfile.objects.get(is_active=True)
        forget_active_profile()
        if connection.vendor == "postgresql":
            # Live votes wait for the rebuild rather than landing in a ledger being replaced.
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE rewards_ledgerentry, rewards_reputation IN EXCLUSIVE MODE")
        LedgerEntry.objects.exclude(reason__in=KEPT_REASONS).delete()
        state = _State(profile)
        corrected = set(CorrectedVote.objects.values_list("origin", flat=True))
        buffer: list[tuple] = []
        written = 0
        total = count_sources()
        stream = heapq.merge(_votes(), _answer_votes(), _accepts(), _bounties(), key=lambda e: (e[0], e[1], e[2]))
        with tqdm(total=total, unit="row", disable=not progress, desc="Replaying", miniters=1000) as bar:
            for at, _order, pk, payload in stream:
                bar.update(1)
                reversed_as_serial = False
                if payload[0] == "vote":
                    _, voter, value, thread_id, answer_id, author, kind = payload
                    reversed_as_serial = vote_origin(voter, thread_id, answer_id) in corrected
                    payments = vote_payments(
                        profile,
                        voter_id=voter,
                        author_id=author,
                        kind=kind,
                        thread_id=thread_id,
                        answer_id=answer_id,
                        value=value,
                    )
                    key = f"recompute:vote:{pk}"
                elif payload[0] == "accept":
                    _, answer_id, thread_id, answer_author, asker = payload
                    payments = accept_payments(
                        profile, answer_id=answer_id, thread_id=thread_id, author_id=answer_author, acceptor_id=asker
                    )
                    key = f"recompute:accept:{thread_id}"
                else:
                    _, bounty_id, thread_id, offered_by, amount, answer_id, answer_author, awarded = payload
                    payments = bounty_payments(
                        bounty_id=bounty_id,
                        thread_id=thread_id,
                        offered_by=offered_by,
                        amount=amount,
                        answer_id=answer_id,
                        answer_author=answer_author,
                        awarded=awarded,
                    )
                    key = f"recompute:bounty:{bounty_id}:{'award' if awarded else 'offer'}"
                for payment in payments:
                    entry = state.apply(payment, at, key)
                    buffer.append(entry)
                    if reversed_as_serial:
                        buffer.append(state.reverse(entry, LedgerEntry.Reason.VOTING_CORRECTED))
                if len(buffer) >= BATCH:
                    _flush(buffer)
                    written += len(buffer)
                    buffer.clear()
        _flush(buffer)
        written += len(buffer)
        # What each member was last shown of their changes stays; the badge counts come back in recount_awards.
        seen = dict(Reputation.objects.exclude(changes_seen_at=None).values_list("pk", "changes_seen_at"))
        Reputation.objects.all().delete()
        Reputation.objects.bulk_create(
            (
                Reputation(member_id=m, points=p, changes_seen_at=seen.get(m))
                for m, p in state.reputation.items()
                if p != 1 or m in seen
            ),
            batch_size=BATCH,
        )
        tag_rows = tag_scores.rebuild()
        badges.recount_awards()
        standings.refresh_standings()  # the period boards sum the entries just replaced
        # Reward points follow each origin's reputation: corrections appended where the rebuild moved one.
        points = points_recompute.bring_in_line(progress=progress)
    transaction.on_commit(lambda: page_cache.bump(page_cache.SITE))  # every member's reputation may have moved
    return {
        "profile": profile.name,
        "entries": written,
        "members": sum(1 for p in state.reputation.values() if p != 1),
        "tag_scores": tag_rows,
        "points_corrections": points.origins,
    }


def drift() -> list[tuple[int, int, int]]:
    """Members whose stored total differs from 1 + their ledger sum: (member, stored, ledger)."""
    # Compared by the database (a full outer join of the totals and the ledger's sums): memory stays flat.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT COALESCE(r.member_id, l.member_id), COALESCE(r.points, 1), 1 + COALESCE(l.total, 0)
                FROM {Reputation._meta.db_table} r FULL OUTER JOIN (
                    SELECT member_id, SUM(points) AS total FROM {LedgerEntry._meta.db_table} GROUP BY member_id
                ) l ON l.member_id = r.member_id
                WHERE COALESCE(r.points, 1) <> 1 + COALESCE(l.total, 0)
                ORDER BY 1
                LIMIT 1000"""
        )
        return [tuple(row) for row in cursor.fetchall()]
