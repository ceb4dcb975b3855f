"""Refuse, with a 400 and a readable page, requests whose address or form carries a NUL character.

No page of a community forum has a use for NUL, and PostgreSQL refuses it in every text value
(``DataError: … cannot contain NUL (0x00) characters``): a NUL in a path, a query or a form field reaching
a query turned into a server error for anyone, visitors included (issue "Security hardening"). Forms built
on Django's ``CharField`` already refuse NUL; this stops it before any view, so a view that reads a
parameter itself (a tag filter, a sort, a follow target) cannot be made to fail. Lone surrogates cannot
reach a view: Django decodes addresses and forms with replacement characters.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseNulMiddleware:
    """The first check of every request: cheap (two substring tests for a GET), before the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if _carries_nul(request):
            return refusal(request)
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if NUL in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    # The API (/api/) reads JSON with its own schemas, never a form: a malformed multipart body is its to refuse.
    if request.method == "POST" and request.content_type in FORM_TYPES and not _is_api(request):
        return any(NUL in key or any(NUL in value for value in values) for key, values in request.POST.lists())
    return False


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def refusal(request: HttpRequest) -> HttpResponseBadRequest:
    message = _("This address or form contains a character no page here can read (NUL). Remove it and try again.")
    if _is_api(request):  # the API's errors are RFC 9457 problem documents (community/api/errors.py)
        problem = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": message}
        return HttpResponseBadRequest(json.dumps(problem), content_type="application/problem+json")
    if "application/json" in request.headers.get("accept", ""):  # as community.core.errors.wants_json
        return HttpResponseBadRequest(json.dumps({"error": message}), content_type="application/json")
    body = render_to_string("400.html", {"message": message})
    return HttpResponseBadRequest(body)
