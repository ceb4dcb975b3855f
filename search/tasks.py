"""django-tasks tasks: immediate in development and tests, the database backend + ``db_worker`` in production.

The task only delivers what the outbox (``PendingUpdate``) holds, so running it twice, late, or after an
outage is harmless; it never raises for an unavailable backend (the marks simply stay queued).
"""

from __future__ import annotations

from django_tasks import task

from search import pipeline


@task()
def sync_search_index(keys: list[list]) -> dict:
    result = pipeline.process(keys=[(str(kind), int(object_id)) for kind, object_id in keys])
    return {"delivered": result.delivered, "failed": result.failed, "pending": result.pending, "error": result.error}
