"""The anonymous page cache: whole pages for visitors without a session, kept fresh by version counters.

Why not Django's cache middleware: it forgets pages only when a timeout runs out, so an answer would stay
invisible for minutes. Here every cached page remembers the *versions* of what it showed (``site``, ``content``,
``thread:12``, ``member:7`` …), read from the shared cache; the domain events bump the versions of what they
change (community/core/freshness.py, rewards' handlers), so the next request — on any worker, on any node —
finds the page out of date and renders it again. ``PAGE_CACHE_SECONDS`` is only a ceiling on age.

- **Who gets a cached page**: a ``GET`` without a session, messages or replica-pin cookie and without query
  parameters other than ``PAGE_CACHE_QUERY_PARAMS``. A member (session cookie) never does.
- **What is stored**: a 200 response that set no cookie and used no CSRF token (a page with a form holds a token
  tied to one browser), smaller than ``PAGE_CACHE_MAX_BYTES``, with its headers, under a key made of the host,
  the path and the sorted allowed parameters (and the language once the site negotiates one).
- **Dependencies**: views and template tags call ``depends_on(*tags)`` while they render. Every page depends on
  ``site``; a page that does not say ``exact()`` depends on ``content`` too, which every community event bumps,
  so a page that declares nothing is still never stale.
- **Races**: a global clock is bumped before any tag; a page is stored only if the clock did not move while it
  was rendered, so data read before a write can never be stored under versions read after it. A miss reads the
  primary database (``reads_from_primary``), so a lagging replica cannot freeze an old page either.
- **Memory**: entries expire after ``PAGE_CACHE_SECONDS``; the cache itself is bounded (Redis ``maxmemory`` with
  an LRU policy in production and in ``make test``, ``MAX_ENTRIES`` for the local-memory default). Versions start
  at a random number, so an evicted counter can never come back equal to a stored one.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import logging
import random
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import parse_http_date_safe, urlencode

from config import cache as shared_cache
from config.db_routing import PIN_COOKIE, serving_request

logger = logging.getLogger(__name__)

SITE = "site"
CONTENT = "content"
KNOWLEDGE = "knowledge"  # which threads became knowledge articles
CLOCK_KEY = "pc:clock"
VERSION_PREFIX = "pc:v:"
PAGE_PREFIX = "pc:page:"
STATUS_HEADER = "X-Page-Cache"
# Headers that belong to one response only; the rest (type, security headers, Vary) are replayed on a hit.
_NOT_REPLAYED = {"set-cookie", "date", "content-length", STATUS_HEADER.lower()}
# Cookies that mean "this browser sees something of its own".
_PERSONAL_COOKIES = ("messages", PIN_COOKIE)


@dataclass
class _Recording:
    tags: set[str] = field(default_factory=lambda: {SITE})
    exact: bool = False
    max_age: int | None = None


_recording: contextvars.ContextVar[_Recording | None] = contextvars.ContextVar("guildhall_page_cache", default=None)


def depends_on(*tags: str) -> None:
    """The page being rendered shows what these tags name: bumping one of them makes it stale."""
    recording = _recording.get()
    if recording is not None:
        recording.tags.update(tags)


def exact(*tags: str) -> None:
    """The page names *all* it shows with ``depends_on``: it does not go stale on every community event."""
    recording = _recording.get()
    if recording is not None:
        recording.exact = True
        recording.tags.update(tags)


# What a release's pages and fragments are drawn from: our packages (code that builds the markup), templates and
# static files (in a wheel they live inside config/).
_RELEASE_PACKAGES = ("config", "community", "rewards", "search")
_RELEASE_SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".svg"}


@functools.lru_cache(maxsize=1)
def release() -> str:
    """The running release, part of every stored page's and fragment's key, so a deploy starts from an empty
    namespace instead of serving markup drawn by the old templates and code until it ages out (an avatar class
    the new stylesheet has, a style attribute the new Content-Security-Policy blocks). ``GUILDHALL_RELEASE`` (the
    commit, say) when set; else a digest of the files the pages are drawn from, the same on every node that runs
    the same files. Read once per process (about 500 files)."""
    if settings.GUILDHALL_RELEASE:
        return hashlib.sha1(settings.GUILDHALL_RELEASE.encode(), usedforsecurity=False).hexdigest()[:12]
    import importlib

    roots = [Path(importlib.import_module(name).__file__).parent for name in _RELEASE_PACKAGES]
    roots += [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    roots += [Path(d) for d in settings.STATICFILES_DIRS]
    digest = hashlib.sha1(usedforsecurity=False)
    seen = set()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in _RELEASE_SUFFIXES and "__pycache__" not in path.parts and path not in seen:
                seen.add(path)
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def generation(versions: dict) -> str:
    """One short name for ``versions`` (tag -> version), for keys of cached fragments: it moves when any does."""
    return hashlib.sha1(repr(sorted(versions.items())).encode(), usedforsecurity=False).hexdigest()[:20]


def max_age(seconds: int) -> None:
    """The page shows what no event announces in time (an Elasticsearch index refreshed asynchronously): keep
    it at most ``seconds``."""
    recording = _recording.get()
    if recording is not None:
        recording.max_age = min(seconds, recording.max_age or seconds)


def bump(*tags: str) -> None:
    """Make stale every cached page that depends on one of ``tags`` (call after the change has committed)."""
    _request_versions.known = None
    shared_cache.release()  # reads held ahead of the event are not answered after it
    _increment(CLOCK_KEY)  # first: a render that reads new versions must also see the clock move
    for tag in dict.fromkeys(tags):
        _increment(VERSION_PREFIX + tag)


def thread_tag(thread_id) -> str:
    return f"thread:{thread_id}"


def member_tag(member_id) -> str:
    return f"member:{member_id}"


def _fresh_version() -> int:
    return random.getrandbits(62)


def _increment(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # never bumped, or evicted: any new random value differs from what pages stored
        cache.set(key, _fresh_version(), None)


def versions(tags) -> dict[str, int]:
    """The current version of each tag (one cache round trip; a tag never seen gets a random start)."""
    return _versions(tags)


def remember(key: str, build, seconds: int = 3600):
    """A value built from the database, kept while the versions of the tags it shows stand still.

    ``build()`` returns ``(value, tags)``; ``remember`` returns ``(value, versions)``. Like pages, a value is
    stored only if no write moved the clock while it was built.
    """
    entry = cache.get(key)
    if entry is not None:
        stored, value = entry
        if _versions(stored) == stored:
            return value, stored
    started = _clock()
    _note_clock(started)
    with serving_request(pinned=True):  # the primary: a lagging replica must not be stored as current
        value, tags = build()
    current = _versions(sorted({SITE, *tags}))
    if started is not None and _clock() == started:
        cache.set(key, (current, value), seconds)
    return value, current


def clock() -> int | None:
    """Moves on every bump: compare before and after a render to know whether a write raced it.

    Within a request, the value read with the request's first versions (``remember`` reads it in the same
    round trip), so a view asks for it after its data without a cache read of its own: data validated by those
    versions is as old as that clock.
    """
    seen = getattr(_request_versions, "clock", _UNSEEN)
    if seen is not _UNSEEN:
        return seen
    value = _clock()
    _note_clock(value)
    return value


def still(clock_value) -> bool:
    """True if no bump happened since ``clock_value`` was read (a fresh read, never the request's memory):
    what was rendered from data read after it may be stored."""
    return clock_value is not None and _clock() == clock_value


def _note_clock(value) -> None:
    """Keep the first clock this request saw (only while the middleware has the request open)."""
    if getattr(_request_versions, "open", False) and getattr(_request_versions, "clock", _UNSEEN) is _UNSEEN:
        _request_versions.clock = value


# Versions already read in this request (thread-local; the middleware opens and closes it): the thread page's
# data, its knowledge articles and its fragments all ask for overlapping tags, and one cache read answers them.
_request_versions = threading.local()
_UNSEEN = object()


def _versions(tags) -> dict[str, int]:
    known = getattr(_request_versions, "known", None)
    if known is not None and all(tag in known for tag in tags):
        return {tag: known[tag] for tag in tags}
    keys = [VERSION_PREFIX + tag for tag in tags]
    return _take_versions(tags, cache.get_many([*keys, CLOCK_KEY]))


def _take_versions(tags, found: dict) -> dict[str, int]:
    """The versions of ``tags`` from a ``get_many`` that also asked for the clock; remembered for the request."""
    seen_clock = found.pop(CLOCK_KEY, None)
    if seen_clock is None:  # a cold or evicted cache: start the clock (this request itself stores nothing)
        cache.add(CLOCK_KEY, _fresh_version(), None)
    _note_clock(seen_clock)
    keys = [VERSION_PREFIX + tag for tag in tags]
    missing = {key: _fresh_version() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    result = {key[len(VERSION_PREFIX) :]: found[key] for key in keys}
    if getattr(_request_versions, "open", False):
        _request_versions.known = {**(getattr(_request_versions, "known", None) or {}), **result}
    return result


def read_ahead(keys, tags=()) -> None:
    """Fetch in one round trip what this request is about to read: ``keys`` (the cache answers their next
    ``get`` from it, config/cache.py) and the versions of ``tags`` with the clock (remembered as ``versions``
    remembers them). Keys this request already holds and versions it already knows are not asked again: a call
    with nothing new costs no trip. Only while a request is open and with the shared Redis cache; elsewhere a
    no-op."""
    if not (getattr(cache, "holds_reads", False) and getattr(_request_versions, "open", False)):
        return
    known = getattr(_request_versions, "known", None) or {}
    tags = [tag for tag in dict.fromkeys([SITE, *tags]) if tag not in known]
    keys = shared_cache.not_held(dict.fromkeys(keys))  # read ahead already (the page's first reads): not again
    if not keys and not tags and getattr(_request_versions, "clock", _UNSEEN) is not _UNSEEN:
        return
    found = cache.get_many([*keys, *(VERSION_PREFIX + tag for tag in tags), CLOCK_KEY])
    values = {key: found.pop(key) for key in keys if key in found}
    _take_versions(tags, found)  # may write (a cold cache), which forgets held reads: hold after it
    shared_cache.hold(keys, values)


def _clock() -> int | None:
    value = cache.get(CLOCK_KEY)
    if value is None:  # a cold or evicted cache: start a clock; this render itself is not stored
        cache.add(CLOCK_KEY, _fresh_version(), None)
    return value


class PageCacheMiddleware:
    """Serves anonymous pages from the shared cache; the first middleware, so a hit costs two cache reads."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = int(getattr(settings, "PAGE_CACHE_SECONDS", 300))
        self.max_bytes = int(getattr(settings, "PAGE_CACHE_MAX_BYTES", 512 * 1024))
        self.params = frozenset(getattr(settings, "PAGE_CACHE_QUERY_PARAMS", ()))
        self.negotiates_language = "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
        self.cookies = (*_PERSONAL_COOKIES, settings.SESSION_COOKIE_NAME)

    def __call__(self, request):
        _request_versions.open, _request_versions.known, _request_versions.clock = True, None, _UNSEEN
        try:
            return self._serve(request)
        finally:
            _request_versions.open, _request_versions.known, _request_versions.clock = False, None, _UNSEEN
            shared_cache.release()

    def _serve(self, request):
        key = self._key(request) if self.seconds > 0 else None
        try:
            entry = cache.get(key) if key is not None else None
        except Exception:  # the shared cache is down: serve the page uncached (/readyz reports the outage)
            logger.warning("page cache unavailable; serving uncached", exc_info=True)
            key = None
        if key is None:
            response = self.get_response(request)
            response[STATUS_HEADER] = "bypass"
            return response
        if entry is not None:
            stored_versions, status, headers, body = entry
            if _versions(stored_versions) == stored_versions:
                return self._replay(request, status, headers, body)
        clock = _clock()
        _note_clock(clock)
        request.reads_from_primary = True  # config.db_routing: a miss never renders from a lagging replica
        token = _recording.set(_Recording())
        try:
            response = self.get_response(request)
            recording = _recording.get()
        finally:
            _recording.reset(token)
        if self._storable(request, response):
            tags = recording.tags if recording.exact else recording.tags | {CONTENT}
            versions = _versions(sorted(tags))
            if clock is not None and _clock() == clock:
                headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_REPLAYED]
                seconds = min(self.seconds, recording.max_age or self.seconds)
                cache.set(key, (versions, response.status_code, headers, response.content), seconds)
        response[STATUS_HEADER] = "miss"
        return response

    def _key(self, request) -> str | None:
        if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
            return None
        if any(name in request.COOKIES for name in self.cookies):
            return None
        if any(name not in self.params for name in request.GET):
            return None  # tracking parameters and the like: not a new page worth a cache entry
        try:
            host = request.get_host()
        except Exception:  # DisallowedHost: let Django answer it
            return None
        query = urlencode(sorted(((k, v) for k, values in request.GET.lists() for v in values), key=lambda kv: kv[0]))
        language = translation.get_language_from_request(request) if self.negotiates_language else ""
        raw = f"{host}|{request.path}|{query}|{language}"
        return f"{PAGE_PREFIX}{release()}:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()

    def _storable(self, request, response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and len(response.content) <= self.max_bytes
            and self._varies_only_on_what_the_key_holds(response)
        )

    def _varies_only_on_what_the_key_holds(self, response) -> bool:
        """A response that differs by ``Accept`` (HTML or JSON) or the like must not be replayed to everyone."""
        # "Authorization" too (the API's reads): a request carrying one never reads or writes the cache (``_key``).
        allowed = {"cookie", "accept-encoding", "authorization"} | (
            {"accept-language"} if self.negotiates_language else set()
        )
        varies = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        return varies <= allowed

    @staticmethod
    def _replay(request, status: int, headers, body: bytes) -> HttpResponse:
        """The stored response; a 304 when it carries validators (the API's reads: ETag, Last-Modified) that the
        request's ``If-None-Match`` / ``If-Modified-Since`` already holds."""
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        response[STATUS_HEADER] = "hit"
        if status == 200 and (response.has_header("ETag") or response.has_header("Last-Modified")):
            modified = parse_http_date_safe(response.get("Last-Modified", ""))
            response = get_conditional_response(
                request, etag=response.get("ETag"), last_modified=modified, response=response
            )
            response[STATUS_HEADER] = "hit"
        return response
