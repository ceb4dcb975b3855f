"""Per-request set-up every community page shares."""

from __future__ import annotations

from django.contrib import auth
from django.core.exceptions import ValidationError

from community.core import language, permissions
from community.core.auth import member_row_key, member_rows_from_cache
from config import cache as shared_cache
from config import page_cache

SAFE_METHODS = ("GET", "HEAD")


class StandingMiddleware:
    """A member's page read starts with their row and standing (permissions, privilege refusals) from the shared
    cache (``community.core.auth``, ``permissions.recall_standing``): the header, the moderator checks and the
    post controls then cost no query. Writes skip it, so every action checks the database. What every page of a
    member reads from the cache (their row, standing, unread count, new badges: ``config.cache.member_read``)
    comes in one round trip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            member_id = _signed_in_member_id(request)
            if member_id is not None:
                page_cache.read_ahead(
                    [
                        member_row_key(member_id),
                        permissions.standing_key(member_id),
                        *(key_for(member_id) for key_for in shared_cache.MEMBER_READS),
                        *(key_for(request) for key_for in shared_cache.REQUEST_READS),
                    ],
                    tags=[page_cache.member_tag(member_id)],
                )
                with member_rows_from_cache():  # its row from the cache, the session verified as Django does
                    # The member itself rather than Django's lazy wrapper: a page reads ``request.user`` some
                    # hundreds of times, each through the wrapper's ``__getattribute__``.
                    request.user = auth.get_user(request)
                if request.user.is_authenticated:
                    language.speak_their_language(request)  # its refusals are cached per language
                    permissions.recall_standing(request.user)
        return self.get_response(request)


def _signed_in_member_id(request):
    """The member id the session names (Django verifies it when it resolves ``request.user``), or None."""
    raw = request.session.get(auth.SESSION_KEY)
    if raw is None:
        return None
    try:
        return auth.get_user_model()._meta.pk.to_python(raw)
    except ValidationError:  # a session written by something else: Django's own resolution decides
        return None
