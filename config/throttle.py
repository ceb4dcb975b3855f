"""Request throttles: at most so many searches, votes, comments, flags and follows a minute, per signed-in member
and per address, counted in the shared cache (django-ratelimit) so every web node and worker counts together.

A throttled request answers 429 with a readable page (or ``{"error": …}`` for scripts) that keeps what the
member typed. Limits live in ``settings.GUILDHALL["THROTTLES"]`` and are shown on the privileges page. Behind
the documented reverse proxy, ``TRUSTED_PROXY_COUNT`` says which ``X-Forwarded-For`` entry is the visitor.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

WHAT = {
    "search": _("searches"),
    "similar": _("look-ups of similar questions"),
    "preview": _("previews"),
    "vote": _("votes"),
    "comment": _("comments"),
    "flag": _("flags"),
    "follow": _("follows"),
}


def client_address(request) -> str:
    """The visitor's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies the entry of
    ``X-Forwarded-For`` the nearest trusted proxy wrote (entries before it can be forged by the client)."""
    proxies = int(getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def limits(action: str) -> dict[str, int]:
    return settings.GUILDHALL["THROTTLES"][action]


def throttled(action: str):
    """Decorate a view: past the member's or the address's limit for ``action`` in the last minute, a 429."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if _over(request, action):
                return _refusal(request, action)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _over(request, action: str) -> bool:
    limit = limits(action)
    group = f"guildhall.{action}"
    over = False
    if request.user.is_authenticated:
        over = is_ratelimited(request, group=group, key="user", rate=f"{limit['member']}/m", increment=True)
    return is_ratelimited(request, group=group, key="ip", rate=f"{limit['address']}/m", increment=True) or over


def _refusal(request, action: str):
    limit = limits(action)
    message = _(
        "You are going faster than people do: at most %(count)s %(what)s a minute. Wait a minute and try again."
    ) % {
        "count": limit["member"] if request.user.is_authenticated else limit["address"],
        "what": WHAT[action],
    }
    if "application/json" in request.headers.get("Accept", "") or request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"error": message}, status=429)
    typed = request.POST.get("body", "") if request.method == "POST" else ""
    return render(request, "429.html", {"message": message, "typed": typed}, status=429)
