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
from django.utils.translation import ngettext_lazy
from django_ratelimit.core import is_ratelimited

# The 429's sentence for each throttled action, in the reader's language and with the plural their count needs.
REFUSALS = {
    "search": ngettext_lazy(
        "You are going faster than people do: at most %(count)s search a minute. Wait a minute and try again.",
        "You are going faster than people do: at most %(count)s searches a minute. Wait a minute and try again.",
        "count",
    ),
    "similar": ngettext_lazy(
        "You are going faster than people do: at most %(count)s look-up of similar questions a minute. Wait a "
        "minute and try again.",
        "You are going faster than people do: at most %(count)s look-ups of similar questions a minute. Wait a "
        "minute and try again.",
        "count",
    ),
    "preview": ngettext_lazy(
        "You are going faster than people do: at most %(count)s preview a minute. Wait a minute and try again.",
        "You are going faster than people do: at most %(count)s previews a minute. Wait a minute and try again.",
        "count",
    ),
    "vote": ngettext_lazy(
        "You are going faster than people do: at most %(count)s vote a minute. Wait a minute and try again.",
        "You are going faster than people do: at most %(count)s votes a minute. Wait a minute and try again.",
        "count",
    ),
    "comment": ngettext_lazy(
        "You are going faster than people do: at most %(count)s comment a minute. Wait a minute and try again.",
        "You are going faster than people do: at most %(count)s comments a minute. Wait a minute and try again.",
        "count",
    ),
    "flag": ngettext_lazy(
        "You are going faster than people do: at most %(count)s flag a minute. Wait a minute and try again.",
        "You are going faster than people do: at most %(count)s flags a minute. Wait a minute and try again.",
        "count",
    ),
    "follow": ngettext_lazy(
        "You are going faster than people do: at most %(count)s follow a minute. Wait a minute and try again.",
        "You are going faster than people do: at most %(count)s follows a minute. Wait a minute and try again.",
        "count",
    ),
    "upload": ngettext_lazy(
        "You are going faster than people do: at most %(count)s image upload a minute. Wait a minute and try again.",
        "You are going faster than people do: at most %(count)s image uploads a minute. Wait a minute and try again.",
        "count",
    ),
    "tag_suggest": ngettext_lazy(
        "You are going faster than people do: at most %(count)s tag suggestion a minute. Wait a minute and try again.",
        "You are going faster than people do: at most %(count)s tag suggestions a minute. Wait a minute and try again.",
        "count",
    ),
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


def over_limit(request, action: str) -> str:
    """For callers that answer in their own format (the API's problem documents, community/api/writes.py): count
    this request against ``action``'s limits and return the 429's sentence when it goes past them, else ""."""
    return _sentence(request, action) if _over(request, action) else ""


def _sentence(request, action: str) -> str:
    limit = limits(action)
    count = limit["member"] if request.user.is_authenticated else limit["address"]
    return REFUSALS[action] % {"count": count}


def _refusal(request, action: str):
    message = _sentence(request, action)
    if "application/json" in request.headers.get("Accept", "") or request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"error": message}, status=429)
    typed = request.POST.get("body", "") if request.method == "POST" else ""
    return render(request, "429.html", {"message": message, "typed": typed}, status=429)
