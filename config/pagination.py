"""A paginator for long lists whose length the pager shows ("page 3 of 200") but nobody needs to the row.

Django's paginator counts the whole list on every page. For a list that grows with the community (the all-time
leaderboard: every member with reputation; a busy member's inbox: every notification they ever had) that count
is the page's one cost that grows: 5 ms at 100,000 threads, ten times that at a million. ``KeptCountPaginator``
keeps a long list's count in the shared cache for a minute; the rows themselves are read live, so a new row is
shown at once where it falls and only the last page waits up to a minute for it. A short list (fewer than
``keep_from`` rows) is counted every time, cheaper than it is worth keeping, so a young community's pages are
exact.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

KEEP_FROM = 1000
KEPT_SECONDS = 60


class KeptCountPaginator(Paginator):
    """Django's paginator whose count of a list of ``keep_from`` rows or more is kept under ``key``."""

    def __init__(self, object_list, per_page, *, key: str, keep_from: int | None = None, seconds: int = KEPT_SECONDS):
        super().__init__(object_list, per_page)
        self.key = key
        self.keep_from = KEEP_FROM if keep_from is None else keep_from
        self.seconds = seconds

    @cached_property
    def count(self) -> int:
        kept = cache.get(self.key)
        if kept is not None:
            return kept
        counted = super().count
        if counted >= self.keep_from:
            cache.set(self.key, counted, self.seconds)
        return counted
