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

import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from rewards import standings

logger = logging.getLogger(__name__)

DUE_KEY = "standings-due"
DUE_SECONDS = 600
GATHER_SECONDS = 30


@task()
def refresh_standings() -> dict[str, int]:
    cache.delete(DUE_KEY)
    return standings.refresh_standings()


def schedule() -> bool:
    """Enqueue one refresh of every period's standings unless one is already waiting; True if enqueued."""
    if not cache.add(DUE_KEY, 1, timeout=DUE_SECONDS):
        return False
    try:
        _gathering(refresh_standings).enqueue()
    except Exception:
        # Nothing waits after all: the next ledger write (or the periodic command) tries again.
        cache.delete(DUE_KEY)
        logger.exception("Could not enqueue the refresh of the stored leaderboards")
        return False
    return True


def _gathering(task):
    """The task run ``GATHER_SECONDS`` from now where the backend can defer it (not the immediate backend of
    development and tests, which runs it at once)."""
    if not task.get_backend().supports_defer:
        return task
    return task.using(run_after=timezone.now() + timedelta(seconds=GATHER_SECONDS))
