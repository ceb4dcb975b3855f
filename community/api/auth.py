"""Who is calling: a personal access token (``Authorization: Bearer gh_…``), the member's session (the site's own
JavaScript, CSRF-checked on writes), or nobody (reads of what a visitor may see).

A token acts as its member, privileges included; a revoked token, or the token of a suspended or deactivated
member, is refused with a 401/403 problem rather than quietly read as anonymous, so a script learns at once
that its key stopped working.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from community.api.models import AccessToken, hash_token
from community.core.language import speak_their_language

# A token's "last used" moves at most this often: a read answers without a write most of the time.
LAST_USE_PRECISION = timedelta(minutes=5)


class TokenAuth(HttpBearer):
    """A personal access token; ``write=True`` operations refuse read-only tokens with a 403 that says so."""

    def __init__(self, *, write: bool = False):
        super().__init__()
        self.write = write

    def authenticate(self, request, token: str):
        found = (
            AccessToken.objects.select_related("member")
            .filter(hashed=hash_token(token.strip()), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.member.is_active:
            raise AuthenticationError(message=_("This access token is not valid: it was revoked or never existed."))
        member = found.member
        request.user = member
        speak_their_language(request)  # the member's saved language, as on the site's pages
        if member.is_suspended:
            until = formats.date_format(timezone.localtime(member.suspended_until), "DATETIME_FORMAT")
            raise AuthorizationError(
                message=_("Your account is suspended until %(until)s: its access tokens do not work until then.")
                % {"until": until}
            )
        if self.write and not found.can_write:
            raise AuthorizationError(
                message=_("This access token can only read. Create a token with the write scope to post or vote.")
            )
        _note_use(found)
        request.access_token = found
        return member


def _note_use(token: AccessToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


class MemberSession(SessionAuth):
    """The signed-in member's session, as the site's pages use it; unsafe methods need the CSRF token.

    Without a signed-in member there is nothing to protect, so no CSRF check is made and the next way in (or a 401)
    answers, instead of ninja's "CSRF check Failed" to a script that simply sent no credentials.
    """

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise AuthorizationError(
                message=_("The page's security token (CSRF) is missing or out of date: reload the page and try again.")
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        member = super().authenticate(request, key)
        return member if member is not None and member.is_authenticated else None


class Visitor:
    """No credentials at all: reads answer what an anonymous visitor sees. Credentials that fail are never read
    as a visitor (``TokenAuth`` raises first)."""

    openapi_type = None

    def __call__(self, request):
        if "HTTP_AUTHORIZATION" in request.META:
            raise AuthenticationError(message=_("Send a personal access token as: Authorization: Bearer <token>."))
        request.user = getattr(request, "user", None) or AnonymousUser()
        return request.user if request.user.is_authenticated else AnonymousUser()


# Reads: a token (either scope), the session, or nobody.  Writes: a write token or the session (with CSRF).
READ = [TokenAuth(), MemberSession(), Visitor()]
WRITE = [TokenAuth(write=True), MemberSession()]
