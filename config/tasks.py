"""Enqueue a background refresh at most once per burst of changes (django-tasks).

Stored rankings (a tag's experts, the period leaderboards) are rewritten by a task after the events that move
them. A burst of votes must not queue one recount per vote, so each unit of work has a *due* mark in the shared
cache: ``enqueue_once`` enqueues only the units whose mark it could add, and the task deletes the marks *before*
it reads its source rows, so a change committed after that enqueues again and none is left out once the worker
has caught up. A mark expires after ``timeout`` seconds in case a queued task is lost; the packages' periodic
commands cover that too.

A scripted burst (the demo seeder, the page benchmark's community, thousands of actions in one process) wraps
itself in ``gathered()``: the immediate backend would otherwise recount after every single event. Inside it the
marks are taken as usual, so the units pile up, and each task is enqueued once, for all of them, when the block
ends: what the database backend's ``gather_seconds`` does for a live community.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

# Inside ``gathered()``: per task, [args function, gather_seconds, due units, their marks], enqueued at the end.
_gathering: ContextVar[dict | None] = ContextVar("guildhall_gathering", default=None)


@contextmanager
def gathered() -> Iterator[None]:
    """Hold back every ``enqueue_once`` of the block and enqueue each task once, for all its units, at the end.

    Nested blocks join the outermost one. The tasks are enqueued even if the block raises: what it committed
    before must not wait for the periodic commands."""  # fmt: skip
    if _gathering.get() is not None:
        yield
        return
    token = _gathering.set({})
    try:
        yield
    finally:
        pending = _gathering.get()
        _gathering.reset(token)
        for task, (args, gather_seconds, units, keys) in pending.items():
            _enqueue(task, args(units), keys, units, gather_seconds)


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
    keys = [key for _, key in due]
    pending = _gathering.get()
    if pending is not None:
        held = pending.setdefault(task, [args, gather_seconds, [], []])
        held[2].extend(chosen)
        held[3].extend(keys)
        return chosen
    return chosen if _enqueue(task, args(chosen), keys, chosen, gather_seconds) else []


def _enqueue(task, args: tuple, keys: list[str], units: list, gather_seconds: int) -> bool:
    try:
        if gather_seconds and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + timedelta(seconds=gather_seconds))
        task.enqueue(*args)
    except Exception:
        # Nothing waits for these units after all: the next change (or the periodic command) tries again.
        cache.delete_many(keys)
        logger.exception("Could not enqueue %s for %s", getattr(task, "name", task), units)
        return False
    return True
