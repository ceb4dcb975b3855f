"""Keeping the stored period leaderboards (``rewards.standings``) fresh: ledger writes -> one task per burst.

``actions._write``, the single writer of live entries, calls ``schedule`` once its transaction commits. The
refresh runs in the background — immediate in development and tests, the database backend + ``manage.py
db_worker`` in production. A burst of votes must not queue one refresh per vote (a year's sum is a few hundred
milliseconds at 100,000 threads), so a refresh is enqueued only if none is already waiting: ``cache.add`` of
``DUE_KEY`` succeeds once; the task deletes the mark *before* it reads the ledger, so an entry committed after
that enqueues again and none is ever left out once the worker has caught up. Where the backend can defer (the
database backend), the task waits ``GATHER_SECONDS`` first: under steady voting the boards are recomputed at most
about twice a minute (1.3 s of database time for all three at 100,000 threads) instead of back to back. The mark
expires after ``DUE_SECONDS`` in case a queued task is lost; ``rewards_refresh_standings`` (every few minutes)
moves the rolling windows and covers what no write announces (members deactivated in the admin).
"""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task

from config.tasks import enqueue_once
from rewards import standings

DUE_KEY = "standings-due"
DUE_SECONDS = 600
GATHER_SECONDS = 30


@task()
def refresh_standings() -> dict[str, int]:
    cache.delete(DUE_KEY)
    return standings.refresh_standings()


def schedule() -> bool:
    """Enqueue one refresh of every period's standings unless one is already waiting; True if enqueued."""
    return bool(enqueue_once(refresh_standings, [DUE_KEY], timeout=DUE_SECONDS, gather_seconds=GATHER_SECONDS))
