"""Django's Redis cache, with one client object per connection pool, and reads held ahead for a request.

- Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache operation, and
  redis-py's constructor fills a table of about 170 response callbacks each time: ~0.1 ms of pure Python per
  operation, which is most of a cached page's cost (``make bench``). The client is stateless over its pool
  (the pool owns the sockets), so keeping it is safe across requests and threads.
- A member's page asks the cache for a dozen small things one after the other (their standing, unread count,
  new badges, versions …), each a round trip of ~0.15 ms. ``hold`` keeps what one ``get_many`` fetched ahead
  for the request's thread; the next ``get`` of each key is answered from it, once, and any write through the
  cache forgets everything held, so a value read after a write is always read again.
  ``config.page_cache.read_ahead`` is the caller; packages name their per-member keys with ``member_read``,
  their per-member-and-thread keys with ``thread_read`` and what a page of one of their views reads first with
  ``page_read``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_held = threading.local()
_ABSENT = object()

# Functions member id -> cache key a member's every page reads (registered by packages in their ready()).
MEMBER_READS: list[Callable[[int], str]] = []


def member_read(key_for: Callable[[int], str]) -> Callable[[int], str]:
    """Register ``key_for(member_id)`` as a key every page of that member reads (read ahead in one trip)."""
    if key_for not in MEMBER_READS:
        MEMBER_READS.append(key_for)
    return key_for


# Functions request -> cache key every page of a signed-in member reads (the brand of the request's host).
REQUEST_READS: list[Callable[[object], str]] = []


def request_read(key_for: Callable[[object], str]) -> Callable[[object], str]:
    """Register ``key_for(request)`` as a key every member page reads (read ahead with the member's row)."""
    if key_for not in REQUEST_READS:
        REQUEST_READS.append(key_for)
    return key_for


# Functions (member id, thread id) -> cache key a member's thread page reads beside the thread's own data.
THREAD_READS: list[Callable[[int, int], str]] = []


def thread_read(key_for: Callable[[int, int], str]) -> Callable[[int, int], str]:
    """Register ``key_for(member_id, thread_id)`` as a key a member's thread page reads (read ahead with the
    thread's data: community/forum/queries.py ``thread_detail``)."""
    if key_for not in THREAD_READS:
        THREAD_READS.append(key_for)
    return key_for


# View name ("community:thread") -> function (member id, the URL's kwargs) -> (keys, page-cache tags) a member's
# page of that view reads first: read ahead with the member's own reads, in the same round trip.
PAGE_READS: dict[str, Callable[[int, dict], tuple[list[str], list[str]]]] = {}


def page_read(view_name: str):
    """Register the decorated ``reads(member_id, kwargs)`` as what a member's page of ``view_name`` reads first
    (``community.core.middleware.StandingMiddleware`` fetches it with the member's standing)."""

    def register(reads):
        PAGE_READS[view_name] = reads
        return reads

    return register


def hold(asked, found: dict) -> None:
    """Answer the ``get``s of each key in ``asked`` from ``found`` (absent: a miss) in this thread, until the key
    is written, an event bumps the page cache, or the request ends (``release``): a page that reads a value twice
    (the header's standing, then the bounty panel's) asks the cache once, as it reads the page cache's versions
    once a request."""
    values = getattr(_held, "values", None) or {}
    values.update({key: found.get(key, _ABSENT) for key in asked})
    _held.values = values


def not_held(keys) -> list:
    """Those of ``keys`` this request holds no read of (a read ahead asks the cache only for them)."""
    values = getattr(_held, "values", None)
    return [key for key in keys if key not in values] if values else list(keys)


def release() -> None:
    """Forget every held read (the end of a request, or any write)."""
    _held.values = None


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedRedisCache(RedisCache):
    holds_reads = True

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient

    def validate_key(self, key):
        """Redis takes any key: no memcached portability warnings, which loop in Python over every character of
        every key (some fifty keys a member's page)."""

    def get(self, key, default=None, version=None):
        values = getattr(_held, "values", None)
        if values and version is None and key in values:
            value = values[key]
            return default if value is _ABSENT else value
        return super().get(key, default, version)


def forget(keys) -> None:
    """Forget the held reads of ``keys`` (they are being written)."""
    values = getattr(_held, "values", None)
    if values:
        for key in keys:
            values.pop(key, None)


def _forgetting(name: str, written):
    def write(self, *args, **kwargs):
        forget(written(*args, **kwargs))
        return getattr(RedisCache, name)(self, *args, **kwargs)

    write.__name__ = name
    return write


def _key(key, *args, **kwargs):
    return [key]


def _keys(keys, *args, **kwargs):
    return list(keys)  # a mapping (set_many) gives its keys


# A write forgets the held read of the key it writes (its value may have changed); the others stand, since only
# this thread's writes could make them differ from what a read now would give in the same instant. ``clear`` and
# ``page_cache.bump`` (an event: anything may depend on it) forget them all.
for _name in ("set", "add", "delete", "touch", "incr", "decr", "get_or_set"):
    setattr(SharedRedisCache, _name, _forgetting(_name, _key))
for _name in ("set_many", "delete_many"):
    setattr(SharedRedisCache, _name, _forgetting(_name, _keys))


def _clear(self):
    release()
    return RedisCache.clear(self)


SharedRedisCache.clear = _clear
