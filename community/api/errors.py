"""Every API error is an RFC 9457 problem document (``application/problem+json``) with a readable ``detail``.

The site's typed refusals (``community.core.errors``) keep their status and their sentence, so a script gets the
same message a member reads on the page; ninja's own errors (bad input, missing authentication) get a problem
document too, and nothing reaches the client as a traceback.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja import errors as ninja_errors

from community.core.errors import ActionConflict, PrivilegeRequired, RateLimited

logger = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"


def problem(status: int, detail: str, *, title: str = "", headers: dict | None = None, **extra) -> HttpResponse:
    """A problem document: ``type`` is ``about:blank`` (the status says it all), ``title`` the status's phrase."""
    body = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
        **extra,
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _validation_detail(errors: list[dict]) -> tuple[str, list[dict]]:
    """Pydantic's errors as ``{"field": "body.title", "message": "…"}`` and one readable sentence."""
    listed = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "payload")
        listed.append({"field": where, "message": str(error.get("msg", ""))})
    sentence = "; ".join(f"{item['field']}: {item['message']}" if item["field"] else item["message"] for item in listed)
    # Translators: the API's answer to a malformed request, followed by what is wrong with which field.
    return _("The request is not valid: %(problems)s") % {"problems": sentence}, listed


class FieldProblem(Schema):
    field: str
    message: str


class Problem(Schema):
    """An RFC 9457 problem document. ``errors`` lists a 422's fields; ``privileges_url`` comes with a 403 for a
    missing privilege. The schema is open: RFC 9457 lets a problem carry more members."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] | None = None
    privileges_url: str | None = None


# What any operation may answer whatever its own code does: a NUL or a refused value (400), credentials that do
# not work (401, 403: revoked, suspended, read-only token, CSRF) and the rate limits (429); 422 when it reads
# input, 404 when its path names an object, 409 when it writes (every action may refuse with a conflict).
# An operation declares any other error it raises itself: ``response={200: Out, 404: errors.Problem}``.
ALWAYS = (400, 401, 403, 429)


def _documented_errors(method: str, operation: dict) -> set[int]:
    codes = set(ALWAYS)
    parameters = operation.get("parameters", [])
    if parameters or "requestBody" in operation:
        codes.add(422)
    if any(p.get("in") == "path" for p in parameters):
        codes.add(404)
    if method in ("post", "put", "patch", "delete"):
        codes.add(409)
    return codes


def document(schema: dict) -> dict:
    """The OpenAPI schema with every operation's errors as ``application/problem+json`` ``Problem`` documents —
    what ``install`` below answers — so that clients and the schema fuzzer (tests/api/test_fuzz.py) know them."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    definition = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(definition.pop("$defs", {}))
    components["Problem"] = definition
    content = {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            declared = {int(code) for code in responses if str(code).isdigit() and int(code) >= 400}
            for code in sorted(declared | _documented_errors(method, operation)):
                key = code if code in responses else str(code)
                described = responses.get(key) or {"description": HTTPStatus(code).phrase}
                responses[key] = {**described, "content": content}
    return schema


def install(api) -> None:
    """Map every error the API can raise to its problem document (ninja's defaults answer plain JSON), and
    declare them in the API's OpenAPI schema."""
    generate = api.get_openapi_schema

    def get_openapi_schema(**kwargs):
        return document(generate(**kwargs))

    api.get_openapi_schema = get_openapi_schema

    @api.exception_handler(ninja_errors.ValidationError)
    def invalid_input(request, exc):
        detail, listed = _validation_detail(exc.errors)
        return problem(422, detail, errors=listed)

    @api.exception_handler(ninja_errors.AuthenticationError)
    def unauthenticated(request, exc):
        message = exc.message if exc.message != "Unauthorized" else ""
        detail = message or _("Sign in, or send a personal access token: Authorization: Bearer <token>.")
        return problem(401, detail, headers={"WWW-Authenticate": 'Bearer realm="api"'})

    @api.exception_handler(ninja_errors.Throttled)
    def throttled(request, exc):
        return problem(429, _("Too many requests. Wait a minute and try again."))

    @api.exception_handler(ninja_errors.HttpError)
    def http_error(request, exc):
        return problem(exc.status_code, exc.message)

    @api.exception_handler(ActionConflict)
    def conflict(request, exc):
        return problem(409, str(exc))

    @api.exception_handler(ValidationError)
    def refused_input(request, exc):
        return problem(400, " ".join(exc.messages))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        detail = str(exc) or _("You are not allowed to do that.")
        extra = {"privileges_url": request.build_absolute_uri(reverse("rewards:privileges"))}
        return problem(403, detail, **(extra if isinstance(exc, PrivilegeRequired) else {}))

    @api.exception_handler(RateLimited)
    def too_fast(request, exc):
        return problem(429, str(exc), headers={"Retry-After": "60"})

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(404, str(exc) or _("Not found."))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return problem(500, _("Something went wrong on our side. It has been logged; please try again later."))
