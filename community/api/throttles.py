"""The API's own request limit: so many requests a minute per member (whatever the token or session they use),
else per address, counted in the shared cache like the site's throttles (config/throttle.py, django-ratelimit).

It comes on top of the per-action limits every write shares with the site (votes, comments, flags, follows) and
the actions' own posting limits. Past it: a 429 problem with ``Retry-After`` (the seconds left in the minute).
Limits: ``settings.GUILDHALL["THROTTLES"]["api"]``.
"""

from __future__ import annotations

import threading

from django_ratelimit.core import get_usage
from ninja.throttling import BaseThrottle

from config.throttle import limits

GROUP = "guildhall.api"


class ApiRate(BaseThrottle):
    """One counter per member when the request has one (a token or the session), else per address."""

    def __init__(self):
        self._last = threading.local()  # the wait of this thread's request, for ``wait()``

    def allow_request(self, request) -> bool:
        limit = limits("api")
        member = getattr(request, "user", None)
        if member is not None and member.is_authenticated:
            key, rate = "user", f"{limit['member']}/m"
        else:
            key, rate = "ip", f"{limit['address']}/m"
        usage = get_usage(request, group=GROUP, key=key, rate=rate, increment=True)
        over = bool(usage and usage["should_limit"])
        self._last.wait = max(1, usage["time_left"]) if over else None
        return not over

    def wait(self) -> float | None:
        return getattr(self._last, "wait", None)
