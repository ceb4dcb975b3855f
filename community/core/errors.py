"""The one error contract of every view: an action's refusal becomes a clear 4xx, never a traceback.

Actions raise ``PermissionDenied`` (the member may not), ``ValidationError`` (the input is wrong),
``ActionConflict`` (the state forbids it), ``RateLimited`` (too fast), and views raise ``Http404``; the
``handles_action_errors`` decorator answers 403, 400, 409, 429 and 404 — HTML for browsers, ``{"error": …}``
for scripts that send ``Accept: application/json`` — in one place.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


class ActionConflict(Exception):
    """The request is well-formed but the current state does not allow it."""


class PrivilegeRequired(PermissionDenied):
    """Refused for lack of a reputation privilege (``rewards.api.refusal`` says how much is needed): the refusal
    page links to how privileges work, and JSON answers carry ``privileges_url``."""


class RateLimited(Exception):
    """Too many posts too fast: answered 429, with the member's text kept in the form."""


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def handles_action_errors(view):
    """Turn an action's refusal into a clear 4xx instead of a 500 — the one place that maps errors to statuses.

    ``Http404`` becomes a JSON 404 for scripts; browsers get the site's 404 page (Django's handler).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ActionConflict as exc:
            return refusal(request, str(exc), 409)
        except ValidationError as exc:
            return refusal(request, " ".join(exc.messages), 400)
        except PermissionDenied as exc:
            message = str(exc) or _("You are not allowed to do that.")
            return refusal(request, message, 403, privilege=isinstance(exc, PrivilegeRequired))
        except RateLimited as exc:
            return refusal(request, str(exc), 429)
        except Http404 as exc:
            if wants_json(request):
                return JsonResponse({"error": str(exc) or _("Not found.")}, status=404)
            raise

    return wrapper


def refusal(request, message: str, status: int, *, privilege: bool = False):
    """The refusal page (or ``{"error": message}`` for scripts) with the status the error maps to; a privilege
    refusal also links to the privileges page (``privileges_url`` in JSON)."""
    privileges_url = reverse("rewards:privileges") if privilege else ""
    if wants_json(request):
        data = {"error": message, **({"privileges_url": privileges_url} if privilege else {})}
        return JsonResponse(data, status=status)
    context = {"message": message, "status": status, "back": _page_before(request), "privileges_url": privileges_url}
    return render(request, "community/core/refused.html", context, status=status)


def _page_before(request) -> str:
    """The page of this site the member came from, for the refusal's "Go back" link (``site.js`` goes back in
    the history instead, which keeps what they typed); empty when the referrer is missing or another site's."""
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return ""
