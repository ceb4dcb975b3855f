"""Per-request set-up every community page shares."""

from __future__ import annotations

from functools import lru_cache

from django.contrib import auth
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve

from community.core import language, permissions
from community.core.auth import member_row_key, member_rows_from_cache
from config import cache as shared_cache
from config import page_cache

SAFE_METHODS = ("GET", "HEAD")

# Which member each session named when this process last served it, by the hash of its key (never the key):
# a guess that lets the session be fetched in the same round trip as that member's reads. The session read
# decides who the member is; a wrong or stale guess only costs the trip it meant to save.
_MEMBER_BY_SESSION: dict[int, int] = {}
_MEMBER_BY_SESSION_MAX = 10_000


class StandingMiddleware:
    """A member's page read starts with their row and standing (permissions, privilege refusals) from the shared
    cache (``community.core.auth``, ``permissions.recall_standing``): the header, the moderator checks and the
    post controls then cost no query. Writes skip it, so every action checks the database.

    What every page of a member reads from the cache (their row, standing, unread count, new badges:
    ``config.cache.member_read``), what the page's view reads first (``config.cache.page_read``: a thread's
    outline, the member's votes on it) and, once this process has seen the session, the session itself come in
    one round trip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            session_key = _session_cache_key(request)
            guess = _MEMBER_BY_SESSION.get(hash(session_key)) if session_key else None
            if guess is not None:
                keys, tags = _first_reads(request, guess)
                page_cache.read_ahead([session_key, *keys], tags=tags)
            member_id = _signed_in_member_id(request)
            if session_key and member_id != guess:
                _note_member(session_key, member_id)
            if member_id is not None:
                if member_id != guess:
                    page_cache.read_ahead(*_first_reads(request, member_id))
                with member_rows_from_cache():  # its row from the cache, the session verified as Django does
                    # The member itself rather than Django's lazy wrapper: a page reads ``request.user`` some
                    # hundreds of times, each through the wrapper's ``__getattribute__``.
                    request.user = auth.get_user(request)
                if request.user.is_authenticated:
                    language.speak_their_language(request)  # its refusals are cached per language
                    permissions.recall_standing(request.user)
        return self.get_response(request)


def _note_member(session_key: str, member_id) -> None:
    """Remember which member (if any) the session named, for its next request to this process."""
    if member_id is None:
        _MEMBER_BY_SESSION.pop(hash(session_key), None)
        return
    if len(_MEMBER_BY_SESSION) >= _MEMBER_BY_SESSION_MAX:
        _MEMBER_BY_SESSION.clear()  # bounded: the guesses are rebuilt one request each
    _MEMBER_BY_SESSION[hash(session_key)] = member_id


def _first_reads(request, member_id: int) -> tuple[list[str], list[str]]:
    """The cache keys and page-cache tags a page of ``member_id`` reads first."""
    keys = [
        member_row_key(member_id),
        permissions.standing_key(member_id),
        *(key_for(member_id) for key_for in shared_cache.MEMBER_READS),
        *(key_for(request) for key_for in shared_cache.REQUEST_READS),
    ]
    tags = [page_cache.member_tag(member_id)]
    view = _view_of(request.path_info)
    reads = shared_cache.PAGE_READS.get(view[0]) if view else None
    if reads is not None:
        page_keys, page_tags = reads(member_id, view[1])
        keys += page_keys
        tags += page_tags
    return keys, tags


@lru_cache(maxsize=4096)
def _view_of(path: str) -> tuple[str, dict] | None:
    """The view name and URL arguments of ``path`` (Django resolves it again for the view: this is a guide to
    what to read ahead, kept per path)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name, match.kwargs


def _session_cache_key(request) -> str | None:
    """The shared-cache key of the session the request's cookie names (a cached session engine), or None."""
    session = request.session
    if session.session_key is None or not hasattr(type(session), "cache_key"):
        return None
    return session.cache_key


def _signed_in_member_id(request):
    """The member id the session names (Django verifies it when it resolves ``request.user``), or None."""
    raw = request.session.get(auth.SESSION_KEY)
    if raw is None:
        return None
    try:
        return auth.get_user_model()._meta.pk.to_python(raw)
    except ValidationError:  # a session written by something else: Django's own resolution decides
        return None
