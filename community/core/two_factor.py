"""Two-factor authentication (allauth.mfa): who must have it, and the site's MFA adapter.

allauth does the enrolment (TOTP with recovery codes, WebAuthn passkeys) and asks for the second factor at
every log-in, the member's usual browser included: the usual-device cookie of ``community.forum.accounts``
only spares a member the failed-login limit, never the code. What allauth cannot know is that a moderator's or
staff member's account can hide posts, suspend members and publish pages, so with
``GUILDHALL["REQUIRE_MFA_FOR_STAFF"]`` on (``REQUIRE_MFA_FOR_STAFF``, docs/deploy.md) such an account without an
authenticator is sent to set one up before anything else (``RequireTwoFactorMiddleware``), and cannot remove its
last one (``MFAAdapter.can_delete_authenticator``). Ordinary members are never asked. docs/security.md.
"""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from community.core.errors import wants_json
from community.core.permissions import is_moderator

# The kinds that are a second factor; recovery codes only stand in for a lost one.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# What a member held back by the requirement can still reach: allauth's account pages (log out, e-mail
# verification and re-authentication, which enrolment may need) and its two-factor pages.
OPEN_URL_NAMES = ("account_", "mfa_")
SET_UP_FIRST = gettext_lazy(
    "Moderators and staff must protect their account with two-factor authentication. Set up an authenticator "
    "app or a passkey to continue."
)


def required_for(member) -> bool:
    """Whether the site requires ``member`` to use a second factor: the setting is on and they moderate, are
    staff, or may open the CMS."""
    if not settings.GUILDHALL.get("REQUIRE_MFA_FOR_STAFF"):
        return False
    if not (member and member.is_authenticated and member.is_active):
        return False
    return bool(member.is_staff or member.is_superuser or is_moderator(member) or member.can_open_the_cms)


def has_second_factor(member) -> bool:
    return Authenticator.objects.filter(user_id=member.pk, type__in=SECOND_FACTORS).exists()


class RequireTwoFactorMiddleware:
    """With the requirement on, a signed-in moderator or staff member without an authenticator reaches only the
    set-up pages: every other page redirects there with a message saying why (scripts get a 403 with it). A
    check on every request rather than at log-in, so sessions opened before the setting was switched on, or
    before a member became a moderator, are held back too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match and (match.url_name or "").startswith(OPEN_URL_NAMES):
            return None
        if not required_for(request.user) or has_second_factor(request.user):
            return None
        if wants_json(request):
            return JsonResponse({"error": str(SET_UP_FIRST)}, status=403)
        messages.warning(request, SET_UP_FIRST)
        return redirect("mfa_index")


class MFAAdapter(DefaultMFAAdapter):
    """allauth's adapter with the site's name (the authenticator app's entry, the passkey's site) and the staff
    requirement: an account that must use two-factor keeps at least one second factor."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": gettext_lazy(
            "Moderators and staff must keep two-factor authentication on: add a passkey or an authenticator app "
            "before you remove this one."
        ),
    }

    def _get_site_name(self) -> str:
        return settings.WAGTAIL_SITE_NAME

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type not in SECOND_FACTORS or not required_for(authenticator.user):
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
