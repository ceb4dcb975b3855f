"""Serial voting: many votes from one voter to one author in a short time.

Voting on someone's posts because of who they are, not what they wrote,
distorts reputation. A nightly run finds runs of at least THRESHOLD votes
from one voter on one author's posts within WINDOW hours, reverses what
those votes paid (reason "voting corrected", visible in the ledger) and
records a case for moderators. The votes themselves stay: rewards never
writes community tables, and a recompute skips corrected votes. The reward
points those votes earned go with them: the correction is written through
``actions.compensate``, whose every entry moves the origin's points
(``rewards.actions.points.follow_ledger``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from community.models import Vote
from rewards import actions
from rewards.models import SERIAL_VOTING_NOTE, CorrectedVote, LedgerEntry, SerialVotingCase
from rewards.rules import vote_origin


@dataclass
class Run:
    voter_id: int
    author_id: int
    votes: list[tuple]  # (created_at, origin)


def thresholds() -> tuple[int, timedelta]:
    config = settings.GUILDHALL
    return config["SERIAL_VOTES_THRESHOLD"], timedelta(hours=config["SERIAL_VOTES_WINDOW_HOURS"])


def find_runs(since, threshold: int, window: timedelta) -> list[Run]:
    """Runs of ≥ ``threshold`` votes by one voter on one author's posts within ``window``."""
    pairs: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    rows = (
        Vote.objects.filter(created_at__gte=since)
        .values_list("voter_id", "thread_id", "answer_id", "thread__author_id", "answer__author_id", "created_at")
        .order_by("created_at")
    )
    for voter, thread_id, answer_id, thread_author, answer_author, at in rows.iterator(chunk_size=10_000):
        author = answer_author if answer_id else thread_author
        post_thread = thread_id
        pairs[(voter, author)].append((at, vote_origin(voter, post_thread, answer_id)))
    runs = []
    for (voter, author), votes in pairs.items():
        if len(votes) < threshold:
            continue
        # The largest set of votes inside any window-long span.
        best: list[tuple] = []
        start = 0
        for end in range(len(votes)):
            while votes[end][0] - votes[start][0] > window:
                start += 1
            if end - start + 1 > len(best):
                best = votes[start : end + 1]
        if len(best) >= threshold:
            runs.append(Run(voter, author, best))
    return runs


def detect_and_reverse(*, since=None, threshold=None, window=None) -> list[SerialVotingCase]:
    default_threshold, default_window = thresholds()
    threshold = threshold or default_threshold
    window = window or default_window
    since = since or timezone.now() - 2 * window
    cases = []
    already = set(CorrectedVote.objects.values_list("origin", flat=True))
    for run in find_runs(since, threshold, window):
        fresh = [(at, origin) for at, origin in run.votes if origin not in already]
        if len(fresh) < threshold:
            continue
        with transaction.atomic():
            now = timezone.now()
            case = SerialVotingCase.objects.create(
                voter_id=run.voter_id,
                author_id=run.author_id,
                vote_count=len(fresh),
                points_reversed=0,
                first_vote_at=fresh[0][0],
                last_vote_at=fresh[-1][0],
                detected_at=now,
            )
            CorrectedVote.objects.bulk_create([CorrectedVote(origin=origin, case=case) for _, origin in fresh])
            entries = actions.compensate(
                Q(origin__in=[origin for _, origin in fresh]),
                reason=LedgerEntry.Reason.VOTING_CORRECTED,
                event_key=f"serial:{case.pk}",
                at=now,
                note=SERIAL_VOTING_NOTE,  # English in the row; shown translated (LedgerEntry.localized_note)
            )
            case.points_reversed = sum(e.points for e in entries if e.member_id == run.author_id)
            case.save(update_fields=["points_reversed"])
        already.update(origin for _, origin in fresh)
        cases.append(case)
    return cases
