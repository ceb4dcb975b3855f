"""A circuit breaker in front of Elasticsearch, so a sick cluster never holds the site's workers.

    closed ──(BREAKER_FAILURES failures in a row, or one timeout)──> open for BREAKER_COOL_DOWN seconds
    open ──(cool-down over)──> one trial request (the first caller to take the trial lease)
        trial succeeds -> closed;  trial fails -> open again for another cool-down

While the breaker is open every Elasticsearch call raises ``BreakerOpen`` (a ``SearchUnavailable``) at once,
without touching the network: the search page shows its "unavailable" page within milliseconds and index
updates stay queued in the outbox. The state lives in Django's cache, so with a shared cache (Redis through
``CACHE_URL``) every process of the site learns about an outage from the first one that met it; with the
local-memory default each process learns on its own. A broken cache never stops search: the breaker then
lets every request through (and says so in the log).

``bypassed()`` is for operators (``search_sync``, ``search_reindex``): their requests go to the cluster even
while the breaker is open, and a success closes it for everyone.
"""

from __future__ import annotations

import hashlib
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

from search import conf
from search.types import SearchUnavailable

logger = logging.getLogger(__name__)

STATE_TTL = 24 * 3600  # an open breaker's record outlives its cool-down: after it comes one trial, not a stampede
FAILURES_TTL = 300  # failures further apart than this are not "in a row"

_bypass: ContextVar[bool] = ContextVar("search_breaker_bypass", default=False)


class BreakerOpen(SearchUnavailable):
    """Elasticsearch failed recently: the request was not even sent."""


@contextmanager
def bypassed():
    """Requests made inside go to the cluster whatever the breaker says (operators' commands)."""
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)


def bypassing() -> bool:
    return _bypass.get()


def _keys() -> tuple[str, str, str]:
    """Cache keys of the configured cluster (its cloud id, which wins, or its node list): (failures in a row,
    open until, trial lease)."""
    target = conf.elasticsearch_cloud_id() or conf.elasticsearch_url()
    cluster = hashlib.sha256(target.encode()).hexdigest()[:16]
    base = f"search:breaker:{cluster}"
    return f"{base}:failures", f"{base}:open-until", f"{base}:trial"


def _cache_broken(action: str) -> None:
    logger.warning("Search circuit breaker: the cache failed while %s; letting requests through", action, exc_info=True)


def check() -> None:
    """Raise ``BreakerOpen`` unless a request may go to the cluster now (takes the trial lease if it is due)."""
    if _bypass.get():
        return
    _failures, open_key, trial_key = _keys()
    try:
        open_until = cache.get(open_key)
        if open_until is None:
            return
        remaining = open_until - time.time()
        if remaining > 0:
            raise BreakerOpen(f"Elasticsearch failed recently; searches resume in {remaining:.0f} s at most")
        if not cache.add(trial_key, 1, timeout=_trial_lease()):
            raise BreakerOpen("Elasticsearch failed recently; another request is checking whether it is back")
    except BreakerOpen:
        raise
    except Exception:
        _cache_broken("checking")


def is_open() -> bool:
    """True while the cool-down runs (a read-only look: it never takes the trial lease)."""
    return seconds_until_trial() > 0


def seconds_until_trial() -> float:
    """Seconds before the next trial request may be made (0 when the breaker is closed or a trial is due)."""
    try:
        open_until = cache.get(_keys()[1])
    except Exception:
        _cache_broken("reading")
        return 0.0
    return max(0.0, open_until - time.time()) if open_until is not None else 0.0


def record_success() -> None:
    """The cluster answered: forget past failures and close the breaker (one cache read when all is well)."""
    keys = _keys()
    try:
        state = cache.get_many(keys[:2])
        if state:
            cache.delete_many(keys)
            if keys[1] in state:
                logger.warning("Search circuit breaker closed: Elasticsearch answers again")
    except Exception:
        _cache_broken("recording a success")


def record_failure(*, timed_out: bool) -> None:
    """The cluster failed: a timeout, a failed trial or enough failures in a row open the breaker."""
    failures_key, open_key, _trial = _keys()
    try:
        if timed_out or cache.get(open_key) is not None:
            trip()
            return
        if _count(failures_key) >= int(conf.option("BREAKER_FAILURES")):
            trip()
    except Exception:
        _cache_broken("recording a failure")


def trip() -> None:
    """Open the breaker for the cool-down."""
    failures_key, open_key, trial_key = _keys()
    cool_down = float(conf.option("BREAKER_COOL_DOWN"))
    cache.set(open_key, time.time() + cool_down, timeout=STATE_TTL)
    cache.delete_many([failures_key, trial_key])
    logger.warning("Search circuit breaker open: no Elasticsearch requests for %.0f s", cool_down)


def _count(key: str) -> int:
    """Add one to a failure counter, creating it if needed (``incr`` refuses missing keys)."""
    if cache.add(key, 1, timeout=FAILURES_TTL):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=FAILURES_TTL)
        return 1


def _trial_lease() -> float:
    """How long one trial may take before another caller may try: the longest request timeout, and a margin."""
    return max(float(conf.option("TIMEOUT")), float(conf.option("BULK_TIMEOUT"))) + 5
