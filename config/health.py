"""Health endpoints for load balancers and orchestrators.

- ``/healthz``: liveness. The process answers; nothing else is touched, so a database outage does not get
  every web process restarted at once.
- ``/readyz``: readiness. Database (primary and replicas), cache, search and the task queue's lag, as JSON;
  503 as soon as one is down, so a load balancer stops sending traffic to a node that cannot serve it.

Each check is bounded: the database and cache by their connection timeouts, search by its short timeout and
circuit breaker (``search.api.health``), the queue by one indexed query.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search import api as search_api

DEFAULT_MAX_TASK_LAG_SECONDS = 300


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Every check, or those named in ``?checks=database,cache``: a load balancer's rotation check names only what
    a node cannot serve without, so an Elasticsearch outage (search degrades, pages do not) does not take every
    node out of rotation at once; monitoring asks for all of them."""
    wanted = [name.strip() for name in request.GET.get("checks", ",".join(CHECKS)).split(",") if name.strip()]
    unknown = [name for name in wanted if name not in CHECKS]
    if unknown or not wanted:
        return JsonResponse(
            {
                "status": "bad request",
                "detail": f"unknown check(s): {', '.join(unknown) or '(none named)'}; choose among {', '.join(CHECKS)}",
            },
            status=400,
        )
    checks = {name: _timed(CHECKS[name]) for name in wanted}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def _timed(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # noqa: BLE001 - a readiness probe reports every failure, it never raises
        result = {"ok": False, "detail": f"{exc.__class__.__name__}: {exc}"}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _check_databases() -> dict:
    aliases = list(settings.DATABASES)
    for alias in aliases:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    return {"ok": True, "detail": f"{len(aliases)} connection(s): {', '.join(aliases)}"}


def _check_cache() -> dict:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, 10)
    found = cache.get(key)
    cache.delete(key)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if found != 1:
        return {"ok": False, "detail": f"{backend} did not return what was just stored"}
    return {"ok": True, "detail": backend}


def _check_tasks() -> dict:
    """How long the oldest task that is due has waited. Immediate backends have no queue."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return {"ok": True, "detail": "tasks run immediately (no queue)"}
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest_enqueued = (
        ready.filter(run_after=get_date_max()).order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    )
    oldest_due = (
        ready.exclude(run_after=get_date_max()).order_by("run_after").values_list("run_after", flat=True).first()
    )
    waiting_since = min((t for t in (oldest_enqueued, oldest_due) if t is not None), default=None)
    lag = (now - waiting_since) if waiting_since else timedelta(0)
    limit = int(getattr(settings, "TASKS_MAX_LAG_SECONDS", DEFAULT_MAX_TASK_LAG_SECONDS))
    seconds = round(lag.total_seconds(), 1)
    if seconds > limit:
        return {
            "ok": False,
            "lag_seconds": seconds,
            "detail": f"the oldest due task has waited over {limit} s: is `manage.py db_worker` running?",
        }
    return {"ok": True, "lag_seconds": seconds, "detail": "database queue"}


CHECKS = {"database": _check_databases, "cache": _check_cache, "search": search_api.health, "tasks": _check_tasks}
