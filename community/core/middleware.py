"""Per-request set-up every community page shares."""

from __future__ import annotations

from community.core import permissions
from config import cache as shared_cache
from config import page_cache

SAFE_METHODS = ("GET", "HEAD")


class StandingMiddleware:
    """A member's page read starts with their standing (permissions, privilege refusals) from the shared cache
    (``permissions.recall_standing``): the header, the moderator checks and the post controls then cost no
    query. Writes skip it, so every action checks the database. What every page of a member reads from the
    cache (their standing, unread count, new badges: ``config.cache.member_read``) comes in one round trip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS and request.user.is_authenticated:
            member_id = request.user.pk
            page_cache.read_ahead(
                [permissions.standing_key(member_id), *(key_for(member_id) for key_for in shared_cache.MEMBER_READS)],
                tags=[page_cache.member_tag(member_id)],
            )
            permissions.recall_standing(request.user)
        return self.get_response(request)
