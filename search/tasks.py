"""django-tasks tasks: immediate in development and tests, the database backend + ``db_worker`` in production.

The task only delivers what the outbox (``PendingUpdate``) holds, so running it twice, late, or after an
outage is harmless; it never raises for an unavailable backend (the marks simply stay queued).

After an outage nothing else would come along to deliver what waited (the next event might be hours away),
so when a delivery leaves rows queued the worker schedules ``retry_search_sync`` for itself: after 1, 2, 4 …
seconds, capped at ``SEARCH["RETRY_MAX_DELAY"]``, and never before the circuit breaker allows a trial. At
most one retry is scheduled at a time (a cache key; shared by the workers of a host with a shared cache).
The immediate backend has no worker and cannot schedule: there, ``manage.py search_sync --loop`` (or the
database backend) is what delivers after an outage.

``apply_search_synonyms`` follows a change of the moderators' synonym sets (``search.actions``): stock
Elasticsearch cannot reload inline synonym rules into an open index, so when the live index's rules differ from the
sets it rebuilds the index with the new settings and swaps the alias (no downtime: ``search.rebuild``).
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from config import page_cache
from search import breaker, conf, pipeline, rebuild, synonyms
from search.backends import get_backend
from search.types import SearchMisconfigured, SearchUnavailable

logger = logging.getLogger(__name__)

RETRY_SCHEDULED_KEY = "search:retry-scheduled"
RETRY_KEY_MARGIN = 60  # seconds the "scheduled" mark outlives the planned run (a worker may be late)


@task()
def sync_search_index(keys: list[list]) -> dict:
    with _timeouts_for(sync_search_index):
        result = pipeline.process(keys=[(str(kind), int(object_id)) for kind, object_id in keys])
    if result.failed:
        schedule_retry(attempt=0)
    return _summary(result)


@task()
def retry_search_sync(attempt: int = 0) -> dict:
    """Deliver the whole queue; if the backend is still away, schedule the next try with a longer wait."""
    cache.delete(RETRY_SCHEDULED_KEY)
    with conf.background_work():
        result = pipeline.process_all()
    if result.failed:
        schedule_retry(attempt=attempt + 1)
    elif result.delivered:
        logger.warning("Search index caught up after an outage: %d update(s) delivered", result.delivered)
    return _summary(result)


APPLYING_SYNONYMS_KEY = "search:applying-synonyms"
APPLYING_SYNONYMS_TIMEOUT = 3600  # seconds: a rebuild that died without clearing its mark blocks no longer
MAX_SYNONYM_REBUILDS = 3  # rebuilds in one run while the sets keep changing underneath


@task()
def apply_search_synonyms() -> dict:
    """Give the Elasticsearch index the current synonym sets: a zero-downtime rebuild if its rules differ.

    Idempotent (an index already carrying the rules is left alone) and one at a time: a run that finds another
    rebuilding leaves it the work, since that one compares again when done and rebuilds once more if the sets
    changed meanwhile. The database backend reads the sets at every search: nothing to do there. Elasticsearch
    being away is logged, not raised (the change is saved; ``search_reindex`` applies it later).
    """
    if get_backend().name != "elasticsearch":
        return {"rebuilt": 0}
    if not cache.add(APPLYING_SYNONYMS_KEY, 1, timeout=APPLYING_SYNONYMS_TIMEOUT):
        return {"rebuilt": 0, "busy": True}
    rebuilt = 0
    try:
        with conf.background_work(), breaker.bypassed():
            backend = get_backend()
            while rebuilt < MAX_SYNONYM_REBUILDS and _rules_differ(backend):
                rebuild.rebuild()
                rebuilt += 1
                page_cache.bump(page_cache.CONTENT)  # results kept for visitors were found with the old rules
    except (SearchUnavailable, SearchMisconfigured) as exc:
        logger.warning(
            "The search synonyms could not reach Elasticsearch; `manage.py search_reindex` applies them: %s", exc
        )
        return {"rebuilt": rebuilt, "error": str(exc)}
    finally:
        cache.delete(APPLYING_SYNONYMS_KEY)
    return {"rebuilt": rebuilt}


def _rules_differ(backend) -> bool:
    """Whether an existing index searches with other rules than the current sets (no index yet: it will be made
    with the current ones)."""
    # From the database: another process may have changed them, and a search may have cached the old ones again.
    wanted = synonyms.elasticsearch_rules(fresh=True)
    return any(rules != wanted for rules in backend.live_synonym_rules().values())


def schedule_retry(*, attempt: int) -> bool:
    """Enqueue one delayed ``retry_search_sync`` unless one is already waiting; False if none was scheduled."""
    if not retry_search_sync.get_backend().supports_defer:
        return False  # the immediate backend would run it now, inside the request: search_sync does it instead
    delay = retry_delay(attempt)
    if not cache.add(RETRY_SCHEDULED_KEY, attempt, timeout=delay + RETRY_KEY_MARGIN):
        return False
    try:
        retry_search_sync.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(attempt)
    except Exception:
        cache.delete(RETRY_SCHEDULED_KEY)
        logger.exception("Could not schedule the search index retry; `manage.py search_sync` delivers the queue")
        return False
    return True


def retry_delay(attempt: int) -> float:
    """Seconds before retry number ``attempt``: doubling from 1, capped, and not before the breaker's trial."""
    backoff = min(2.0 ** min(max(attempt, 0), 16), float(conf.option("RETRY_MAX_DELAY")))
    return max(backoff, breaker.seconds_until_trial() + 0.25)


def _timeouts_for(task_):
    """In a worker nobody waits on the task: allow the longer timeout. Immediate: a member is waiting."""
    return conf.background_work() if task_.get_backend().supports_defer else nullcontext()


def _summary(result: pipeline.SyncResult) -> dict:
    return {"delivered": result.delivered, "failed": result.failed, "pending": result.pending, "error": result.error}
