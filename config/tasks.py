"""Enqueue a background refresh at most once per burst of changes (django-tasks).

Stored rankings (a tag's experts, the period leaderboards) are rewritten by a task after the events that move
them. A burst of votes must not queue one recount per vote, so each unit of work has a *due* mark in the shared
cache: ``enqueue_once`` enqueues only the units whose mark it could add, and the task deletes the marks *before*
it reads its source rows, so a change committed after that enqueues again and none is left out once the worker
has caught up. A mark expires after ``timeout`` seconds in case a queued task is lost; the packages' periodic
commands cover that too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)


def enqueue_once(
    task,
    due_keys: Sequence[str],
    args: Callable[[list[int]], tuple] = lambda due: (),
    *,
    units: Sequence | None = None,
    timeout: int,
    gather_seconds: int = 0,
) -> list:
    """Enqueue ``task(*args(due))`` for the units whose due mark was not set yet; return those units.

    ``due_keys[i]`` is the mark of ``units[i]`` (one unit, ``None``, when ``units`` is not given). Where the
    backend can defer (the database backend), the task runs ``gather_seconds`` later so a burst is read once;
    the immediate backend of development and tests runs it at once."""  # fmt: skip
    units = list(units) if units is not None else [None]
    due = [(unit, key) for unit, key in zip(units, due_keys, strict=True) if cache.add(key, 1, timeout=timeout)]
    if not due:
        return []
    chosen = [unit for unit, _ in due]
    try:
        if gather_seconds and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + timedelta(seconds=gather_seconds))
        task.enqueue(*args(chosen))
    except Exception:
        # Nothing waits for these units after all: the next change (or the periodic command) tries again.
        cache.delete_many([key for _, key in due])
        logger.exception("Could not enqueue %s for %s", getattr(task, "name", task), chosen)
        return []
    return chosen
