"""One attempt of one delivery: claim it, sign it, POST it through the SSRF guard, record the outcome.

Runs in the task worker (``tasks.deliver``) or the sweep (``manage.py community_webhooks_due``), never in a
member's request. A short timeout (``WEBHOOKS_TIMEOUT`` seconds to connect, the same to answer); any 2xx is a
success; a redirect is not followed and counts as a failure (its ``Location`` is in the error); the receiver's
body is not kept.
"""

from __future__ import annotations

import socket
import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from urllib3 import Timeout
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
)

from community.webhooks import actions, guard, signing
from community.webhooks.models import WebhookDelivery

_pool = guard.GuardedPoolManager(num_pools=20, maxsize=2, retries=False)


def timeout_seconds() -> float:
    return float(getattr(settings, "WEBHOOKS_TIMEOUT", 5.0))


def attempt(delivery_id: int, *, now=None) -> WebhookDelivery | None:
    """Send ``delivery_id`` if it is due; the delivery afterwards, or None if there was nothing to do."""
    delivery = actions.claim(delivery_id, now=now)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return actions.skip(delivery.pk, _("The endpoint was turned off."))
    body = delivery.body.encode("utf-8")
    headers = signing.headers(
        secret=endpoint.secret,
        timestamp=int(time.time()),
        body=body,
        event=delivery.event,
        delivery_id=str(delivery.uuid),
    )
    started = time.monotonic()
    code, ok, error = post(endpoint.url, body, headers)
    duration_ms = int((time.monotonic() - started) * 1000)
    return actions.record_attempt(
        delivery.pk, ok=ok, response_code=code, duration_ms=duration_ms, error=error, at=timezone.now()
    )


def post(url: str, body: bytes, headers: dict) -> tuple[int | None, bool, str]:
    """(response code, success, error text) of one POST."""
    if url.split(":", 1)[0].lower() not in guard.SCHEMES:
        return None, False, _("Use an http:// or https:// address.")
    seconds = timeout_seconds()
    try:
        response = _pool.request(
            "POST",
            url,
            body=body,
            headers=headers,
            redirect=False,
            retries=False,
            timeout=Timeout(connect=seconds, read=seconds),
            preload_content=False,
        )
    except guard.BlockedAddress as exc:
        return None, False, str(exc)
    except Exception as exc:  # every network failure is an outcome to record, never a crash of the worker
        return None, False, describe_failure(exc)
    try:
        response.read(64 * 1024, decode_content=False)  # the receiver may expect us to read; we keep nothing
    except Exception:  # noqa: S110 - the status line is what counts
        pass
    finally:
        response.release_conn()
    code = response.status
    if 200 <= code < 300:
        return code, True, ""
    if 300 <= code < 400:
        location = response.headers.get("Location", "")[:200]
        return (
            code,
            False,
            _("Redirect to %(location)s not followed: give the final address.") % {"location": location or "?"},
        )
    return code, False, _("The receiver answered HTTP %(code)s.") % {"code": code}


def describe_failure(exc: BaseException) -> str:
    blocked = guard.blocked_reason(exc)
    if blocked:
        return blocked
    if isinstance(exc, MaxRetryError) and exc.reason is not None:
        exc = exc.reason
    if isinstance(exc, (ConnectTimeoutError, ReadTimeoutError, socket.timeout, TimeoutError)):
        return _("No answer within %(seconds)s seconds.") % {"seconds": f"{timeout_seconds():g}"}
    if isinstance(exc, NameResolutionError):
        return _("The host name does not resolve.")
    if isinstance(exc, NewConnectionError):
        return _("Could not connect: %(detail)s") % {"detail": str(exc).split(":", 1)[-1].strip()[:200]}
    if isinstance(exc, HTTPError):
        return _("Network error: %(detail)s") % {"detail": str(exc)[:200]}
    return _("Network error: %(detail)s") % {"detail": f"{type(exc).__name__}: {exc}"[:200]}
