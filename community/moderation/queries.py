"""Reads other screens need from moderation: how many items wait in each review queue.

The CMS's sidebar and dashboard show the counts on every admin page, so they come from the shared cache (one
grouped query when it is cold) and are forgotten when an item is queued or handled (after commit: a rolled
back decision leaves the cached counts right).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from community.core import cms_sidebar
from community.moderation.models import ReviewTask

OPEN_COUNTS_KEY = "moderation:open-counts:v1"
OPEN_COUNTS_SECONDS = 300  # a ceiling only: queueing and handling an item forget the counts


def open_counts() -> dict[str, int]:
    """Open items per queue, every queue named (0 when empty)."""
    counts = cache.get(OPEN_COUNTS_KEY)
    if counts is None:
        found = dict(
            ReviewTask.objects.filter(status=ReviewTask.Status.OPEN)
            .order_by()
            .values_list("queue")
            .annotate(n=Count("pk"))
        )
        counts = {queue: found.get(queue, 0) for queue in ReviewTask.Queue.values}
        cache.set(OPEN_COUNTS_KEY, counts, OPEN_COUNTS_SECONDS)
    return counts


def forget_open_counts() -> None:
    """After the commit: the counts, and the CMS sidebars that show them."""
    transaction.on_commit(lambda: cache.delete(OPEN_COUNTS_KEY))
    cms_sidebar.forget()
