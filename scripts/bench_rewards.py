"""Benchmark: rebuild the reputation ledger from 1M votes (`make bench`).

Builds a synthetic community straight into the database (bulk inserts; this
is a benchmark fixture, not a path members take), then times
``rewards.recompute.recompute_all`` and checks every total equals its
ledger sum. Run on the PostgreSQL that scripts/bench.sh starts.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone as tz
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from community.models import Answer, Member, Thread, Vote  # noqa: E402
from rewards.models import LedgerEntry  # noqa: E402
from rewards.recompute import drift, recompute_all  # noqa: E402

VOTES = int(os.environ.get("BENCH_VOTES", 1_000_000))
MEMBERS = max(VOTES // 50, 100)
THREADS = max(VOTES // 10, 100)
ANSWERS = THREADS * 2
BATCH = 10_000


def build():
    rng = random.Random(42)
    start = datetime(2024, 1, 1, tzinfo=tz.utc)
    print(f"building {MEMBERS:,} members, {THREADS:,} threads, {ANSWERS:,} answers, {VOTES:,} votes …", flush=True)
    Member.objects.bulk_create(
        (Member(username=f"bench{i}", email=f"bench{i}@bench.invalid", password="!") for i in range(MEMBERS)), batch_size=BATCH
    )
    member_ids = list(Member.objects.values_list("pk", flat=True))
    Thread.objects.bulk_create(
        (
            Thread(
                kind="question" if i % 4 else "tip", title=f"Bench thread {i}", slug=f"bench-thread-{i}", body_md="x",
                body_html="<p>x</p>", author_id=rng.choice(member_ids), created_at=start + timedelta(minutes=i),
            )
            for i in range(THREADS)
        ),
        batch_size=BATCH,
    )
    threads = list(Thread.objects.values_list("pk", "author_id"))
    Answer.objects.bulk_create(
        (
            Answer(thread_id=threads[i % len(threads)][0], author_id=rng.choice(member_ids), body_md="y", body_html="<p>y</p>",
                   created_at=start + timedelta(minutes=i))
            for i in range(ANSWERS)
        ),
        batch_size=BATCH,
    )
    answers = list(Answer.objects.values_list("pk", "author_id"))
    posts = [("t", pk, author) for pk, author in threads] + [("a", pk, author) for pk, author in answers]
    seen = set()
    batch = []
    made = 0
    while made < VOTES:
        kind, pk, author = posts[rng.randrange(len(posts))]
        voter = member_ids[rng.randrange(len(member_ids))]
        if voter == author or (voter, kind, pk) in seen:
            continue
        seen.add((voter, kind, pk))
        at = start + timedelta(seconds=rng.randrange(0, 700 * 86400))
        value = 1 if rng.random() < 0.9 else -1
        batch.append(Vote(voter_id=voter, thread_id=pk if kind == "t" else None, answer_id=pk if kind == "a" else None, value=value, created_at=at))
        made += 1
        if len(batch) == BATCH:
            Vote.objects.bulk_create(batch)
            batch.clear()
    Vote.objects.bulk_create(batch)
    with connection.cursor() as cursor:  # about a third of the questions get an accepted answer
        cursor.execute(
            "UPDATE community_thread t SET accepted_answer_id = a.id, accepted_at = a.created_at + interval '1 day' "
            "FROM community_answer a WHERE a.thread_id = t.id AND t.kind = 'question' AND a.id % 3 = 0"
        )


def main():
    call_command("migrate", verbosity=0)
    if Vote.objects.count() < VOTES:
        t0 = time.perf_counter()
        build()
        print(f"built in {time.perf_counter() - t0:.1f} s", flush=True)
    sources = Vote.objects.count()
    t0 = time.perf_counter()
    summary = recompute_all(progress=True)
    elapsed = time.perf_counter() - t0
    entries = LedgerEntry.objects.count()
    off = drift()
    print(f"rewards_recompute: {sources:,} votes → {entries:,} ledger entries for {summary['members']:,} members "
          f"in {elapsed:.1f} s ({sources / elapsed:,.0f} votes/s); totals off their ledger: {len(off)}")
    if off:
        sys.exit(1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does after a bulk load in production
            cursor.execute("ANALYZE")
    bench_leaderboards()


def bench_leaderboards(repeat: int = 20) -> None:
    """Leaderboard pages (first page of 50) over the ledger just built."""
    from django.core.paginator import Paginator

    from rewards.queries import attach_members, leaderboard

    for period in ("week", "month", "year", "all"):
        timings = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            page = Paginator(leaderboard(period, None), 50).get_page(1)
            attach_members(page.object_list)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        print(f"leaderboard {period:>5}: p50 {timings[len(timings) // 2]:.1f} ms, max {timings[-1]:.1f} ms", flush=True)


if __name__ == "__main__":
    main()
