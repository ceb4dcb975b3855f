"""Read replicas: reads go to a replica, writes and read-your-own-writes stay on the primary.

``DATABASE_REPLICA_URLS`` (comma-separated database URLs) adds the aliases
``replica_1`` … ``replica_n``. A streaming replica lags the primary a little, so
sending *every* read there would show a member the page without the answer they
have just posted. Reads therefore stay on the primary ("pinned") whenever
staleness would show:

- during a request that writes: every unsafe method (POST, PUT, PATCH, DELETE),
  and any other request from its first write on (``db_for_write`` pins);
- for ``DATABASE_PIN_SECONDS`` (default 15) after such a request: the response
  sets a short-lived cookie, so the redirect that follows a post, and the next
  few pages, read from the primary too;
- inside ``transaction.atomic`` on the primary: every action reads then writes
  in one transaction, and a read from a replica would be outside it;
- outside a request (``db_worker``, management commands, the shell, tests that
  call actions): there is no request to trust with stale data, so everything
  uses the primary.

Only a safe request from a browser without the cookie reads from a replica
(chosen at random). Without ``DATABASE_REPLICA_URLS`` the middleware removes
itself and the router sends everything to ``default``: nothing changes.
"""

from __future__ import annotations

import contextvars
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import dj_database_url
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.db import connections

PRIMARY = "default"
REPLICA_PREFIX = "replica_"
PIN_COOKIE = "guildhall_primary"
DEFAULT_PIN_SECONDS = 15
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


# --- settings ------------------------------------------------------------------------------------


def replica_databases(urls: str, *, engine: str, conn_max_age: int) -> dict[str, dict]:
    """``DATABASES`` entries for ``DATABASE_REPLICA_URLS``: ``replica_1`` … in the order given.

    Each mirrors ``default`` under test (``TEST["MIRROR"]``), so a test suite run
    with replicas configured still creates one test database and sees its own rows.
    A replica must use the primary's engine: it is a copy of the same database.
    """
    replicas: dict[str, dict] = {}
    for number, url in enumerate((u.strip() for u in urls.split(",") if u.strip()), start=1):
        try:
            config = dj_database_url.parse(url, conn_max_age=conn_max_age)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"DATABASE_REPLICA_URLS entry {number} ({_without_password(url)}) is not a database URL: {exc}"
            ) from None
        if config["ENGINE"] != engine:
            raise ImproperlyConfigured(
                f"DATABASE_REPLICA_URLS entry {number} ({_without_password(url)}) uses {config['ENGINE']}, "
                f"but DATABASE_URL uses {engine}: a replica is a copy of the primary's database"
            )
        config["TEST"] = {"MIRROR": PRIMARY}
        replicas[f"{REPLICA_PREFIX}{number}"] = config
    return replicas


def pin_seconds(value: str | None) -> int:
    """``DATABASE_PIN_SECONDS``: how long after a write a browser keeps reading from the primary."""
    if value is None or not value.strip():
        return DEFAULT_PIN_SECONDS
    try:
        seconds = int(value)
    except ValueError:
        seconds = -1
    if seconds < 0:
        raise ImproperlyConfigured(f"DATABASE_PIN_SECONDS must be a whole number of seconds (0 or more), not {value!r}")
    return seconds


def replica_aliases() -> list[str]:
    """The replica aliases configured in ``DATABASES`` (empty without ``DATABASE_REPLICA_URLS``)."""
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def _without_password(url: str) -> str:
    """The URL as it may appear in an error message: never a password."""
    try:
        parts = urlsplit(url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            return parts._replace(netloc=netloc).geturl()
    except ValueError:
        return "an unreadable URL"
    return url


# --- where this request may read -----------------------------------------------------------------


@dataclass
class RequestRouting:
    """What the current request may do: read from a replica (not ``pinned``), and whether it wrote."""

    pinned: bool
    wrote: bool = False


# None = not serving a request (worker, command, shell): read from the primary. A contextvar, not a
# global: each thread (runserver) or task sees only its own request.
_routing: contextvars.ContextVar[RequestRouting | None] = contextvars.ContextVar("guildhall_db_routing", default=None)


@contextmanager
def serving_request(*, pinned: bool) -> Iterator[RequestRouting]:
    """Route the reads of one request; restored afterwards, even when the view raises."""
    routing = RequestRouting(pinned=pinned)
    token = _routing.set(routing)
    try:
        yield routing
    finally:
        _routing.reset(token)


def reads_pinned() -> bool:
    """True when reads must go to the primary: outside a request, or in a request that wrote."""
    routing = _routing.get()
    return routing is None or routing.pinned


def _note_write() -> None:
    """A write pins the rest of the request (and, through the cookie, the next few)."""
    routing = _routing.get()
    if routing is not None:
        routing.pinned = True
        routing.wrote = True


class PrimaryReplicaRouter:
    """Django database router (``DATABASE_ROUTERS``): the decisions described in the module docstring."""

    def __init__(self, replicas: Iterable[str] | None = None):
        # Django builds routers without arguments; tests pass replica aliases explicitly.
        self._replicas = list(replicas) if replicas is not None else None

    @property
    def replicas(self) -> list[str]:
        return self._replicas if self._replicas is not None else replica_aliases()

    def db_for_read(self, model, **hints) -> str:
        replicas = self.replicas
        if not replicas or reads_pinned() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return random.choice(replicas)

    def db_for_write(self, model, **hints) -> str:
        # Always explicit: returning None would let Django save an object where it was read (a replica).
        _note_write()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every alias holds the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY  # replicas receive the schema through replication


class PinToPrimaryMiddleware:
    """Pins writing requests to the primary, and sets the cookie that pins the same browser's next reads.

    Placed near the top of ``MIDDLEWARE`` so that sessions, authentication and
    every other middleware read under the same decision as the view.
    """

    def __init__(self, get_response, replicas: Iterable[str] | None = None):
        if not list(replicas if replicas is not None else replica_aliases()):
            raise MiddlewareNotUsed("no DATABASE_REPLICA_URLS: every query already goes to the primary")
        self.get_response = get_response

    def __call__(self, request):
        unsafe = request.method not in SAFE_METHODS
        # config.page_cache asks for the primary when it renders a page to store: a replica's lag must not be
        # frozen into the cache.
        pinned = unsafe or PIN_COOKIE in request.COOKIES or getattr(request, "reads_from_primary", False)
        with serving_request(pinned=pinned) as routing:
            response = self.get_response(request)
        if unsafe or routing.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=getattr(settings, "DATABASE_PIN_SECONDS", DEFAULT_PIN_SECONDS),
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
