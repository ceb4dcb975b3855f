"""Signing a delivery: HMAC-SHA256 over ``"{timestamp}.{body}"`` with the endpoint's secret.

The receiver recomputes it from the ``X-Guildhall-Timestamp`` header and the raw request body, compares in
constant time, and refuses an old timestamp (a replay); the recipe is in docs/api.md ("Webhooks"). Each attempt
is signed afresh, with the time it is sent.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_PREFIX = "sha256="


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>``: the ``X-Guildhall-Signature`` header of a delivery."""
    message = str(int(timestamp)).encode("ascii") + b"." + body
    return SIGNATURE_PREFIX + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def headers(*, secret: str, timestamp: int, body: bytes, event: str, delivery_id: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Guildhall-Webhooks/1",
        "X-Guildhall-Event": event,
        "X-Guildhall-Delivery": delivery_id,
        "X-Guildhall-Timestamp": str(int(timestamp)),
        "X-Guildhall-Signature": signature(secret, timestamp, body),
    }
