"""HTTP caching of the API's reads: ``ETag``, ``Last-Modified``, ``304 Not Modified``, ``Cache-Control``, ``Vary``.

- **ETag** — a digest of the body as sent (Django's ``set_response_etag``): exact, so ``If-None-Match`` is the
  validator to use. A member's body holds their own fields (``my_vote``), so their ETag is theirs.
- **Last-Modified** — the newest date of what the body lists (``modified()``: a thread's last activity, an
  article's publication…). A body can also change while no such date moves (a vote moves a score, a member's
  reputation changes); so the last (ETag, Last-Modified) served for each address and reader is kept in the
  shared cache, and when the ETag changed without the date moving forward, Last-Modified becomes "now", so an
  ``If-Modified-Since`` never gets a 304 for a body that changed.
- **Cache-Control** — ``public`` for a visitor (no credentials: everybody gets the same body), ``private`` for a
  member (token or session); ``no-cache`` in both cases: a client or proxy may keep the body but asks again, and a
  304 makes the asking cheap. ``Vary: Authorization, Cookie`` since the credentials change the body.
- **The page cache** (config/page_cache.py) keeps visitors' reads like it keeps visitors' pages (no
  ``Authorization`` header, no session cookie, only the query parameters it knows): a hit replays the stored
  response, ETag and Last-Modified included, and answers the conditional request itself. Each read declares what
  it shows (``page_cache.depends_on``) besides the ``content`` version every community event moves.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date
from ninja.decorators import decorate_view

_MODIFIED = "_api_last_modified"
_SERVED_PREFIX = "api-served:"
_SERVED_SECONDS = 30 * 24 * 3600


def modified(request, *moments) -> None:
    """The body shows data changed at these moments (None ignored): Last-Modified is the newest of them all."""
    found = [m for m in moments if m is not None]
    if found:
        newest = max(found)
        known = getattr(request, _MODIFIED, None)
        setattr(request, _MODIFIED, newest if known is None else max(known, newest))


def _served_key(request) -> str:
    who = request.user.pk if request.user.is_authenticated else 0
    raw = f"{request.get_full_path()}|{request.LANGUAGE_CODE if hasattr(request, 'LANGUAGE_CODE') else ''}|{who}"
    return _SERVED_PREFIX + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def _last_modified(request, etag: str) -> datetime:
    """The body's Last-Modified: its data's newest date, moved to now when the body changed without it (see the
    module's docstring). Whole seconds, as the header carries them."""
    # A body without dates of its own (tags, a leaderboard): as old as the first time it was served.
    data = (getattr(request, _MODIFIED, None) or timezone.now()).replace(microsecond=0)
    key = _served_key(request)
    served = cache.get(key)
    if served is not None:
        served_etag, served_at = served
        if served_etag == etag:
            return served_at
        if data <= served_at:
            data = max(timezone.now().replace(microsecond=0), served_at + timedelta(seconds=1))
    cache.set(key, (etag, data), _SERVED_SECONDS)
    return data


def conditional(view):
    """Wrap an API read (the Django view ninja builds for the operation): caching headers and the 304."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        member = request.user.is_authenticated
        patch_cache_control(response, no_cache=True, **({"private": True} if member else {"public": True}))
        patch_vary_headers(response, ("Authorization", "Cookie"))
        set_response_etag(response)
        last_modified = _last_modified(request, response["ETag"])
        response["Last-Modified"] = http_date(last_modified.timestamp())
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=int(last_modified.timestamp()), response=response
        )

    return wrapper


def cached_read(func):
    """``@cached_read`` under a router's ``@router.get(...)``: the operation's response gets ``conditional``."""
    return decorate_view(conditional)(func)
