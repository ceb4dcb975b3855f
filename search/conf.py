"""Search settings, read at call time so tests can override them.

- ``ELASTICSEARCH_URL`` (comma-separated nodes) or ``ELASTICSEARCH_CLOUD_ID``: both unset or empty = the
  database backend (SQLite FTS5 or PostgreSQL full-text). How to connect is ``search.connection``'s business.
- ``SEARCH["REPLICAS"]``: ``number_of_replicas`` of new indices (1: a node can fail; a single-node cluster
  needs 0 to stay green).
- ``SEARCH["INDEX_PREFIX"]``: prefix of every index and alias name (tests use one per test).
- ``SEARCH["TIMEOUT"]``: seconds before an Elasticsearch request made for a member (a search, an index update
  inside a request) gives up: short, so an outage costs a page at most this long (docs/search.md, "Outage").
- ``SEARCH["BULK_TIMEOUT"]``: the same for work nobody waits on: the task worker, ``search_sync``, reindex.
- ``SEARCH["BREAKER_FAILURES"]`` / ``["BREAKER_COOL_DOWN"]``: after this many failures in a row (or one timeout)
  the circuit breaker (``search.breaker``) keeps every process away from the cluster for the cool-down.
- ``SEARCH["RETRY_MAX_DELAY"]``: longest wait between the worker's retries of updates an outage left queued.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS = {
    "INDEX_PREFIX": "guildhall-",
    "TIMEOUT": 0.8,  # member-facing requests: a search takes ~50 ms, so this only cuts off a sick cluster
    "BULK_TIMEOUT": 30.0,  # background and operator work (worker, search_sync, search_reindex)
    "BREAKER_FAILURES": 3,  # consecutive failures that open the circuit breaker (one timeout is enough)
    "BREAKER_COOL_DOWN": 30.0,  # seconds the breaker stays open before one trial request
    "RETRY_MAX_DELAY": 20.0,  # cap of the worker's back-off between retries after an outage
    "PER_PAGE": 20,
    "MAX_PAGE": 50,  # deep pages are not useful and cost Elasticsearch dearly
    "SYNC_BATCH": 500,  # pending updates handled per task run
    "REPLICAS": 1,  # production clusters have several nodes
}


def option(name: str):
    return {**DEFAULTS, **getattr(settings, "SEARCH", {})}[name]


_background: ContextVar[bool] = ContextVar("search_background_work", default=False)


@contextmanager
def background_work():
    """Nobody waits on what runs inside (the task worker, ``search_sync``, reindex): requests may take up to
    ``BULK_TIMEOUT`` instead of a member's ``TIMEOUT``."""
    token = _background.set(True)
    try:
        yield
    finally:
        _background.reset(token)


def request_timeout() -> float:
    """Seconds an Elasticsearch request may take here: short for members, longer for background work."""
    return float(option("BULK_TIMEOUT" if _background.get() else "TIMEOUT"))


def elasticsearch_url() -> str:
    return (getattr(settings, "ELASTICSEARCH_URL", "") or "").strip()


def elasticsearch_cloud_id() -> str:
    return (getattr(settings, "ELASTICSEARCH_CLOUD_ID", "") or "").strip()


def uses_elasticsearch() -> bool:
    return bool(elasticsearch_url() or elasticsearch_cloud_id())


def replicas() -> int:
    """``number_of_replicas`` for new indices; a bad ``SEARCH_REPLICAS`` is a clear configuration error."""
    value = option("REPLICAS")
    try:
        count = int(str(value).strip())
    except ValueError:
        count = -1
    if count < 0:
        raise ImproperlyConfigured(f"SEARCH_REPLICAS must be a whole number, 0 or more; got {value!r}.")
    return count


def alias(kind: str) -> str:
    """The alias searches and writes go through: ``<prefix>threads`` or ``<prefix>pages``."""
    return f"{option('INDEX_PREFIX')}{kind}"
