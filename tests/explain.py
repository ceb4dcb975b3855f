"""Query plans for the EXPLAIN guards (issue "Flat as it grows"): PostgreSQL's JSON plan of a statement, as
text to search for index names and as the list of its nodes to check what each reads or sorts."""

from __future__ import annotations

import json

from django.db import connection, transaction


def plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql: str) -> tuple[str, list[dict]]:
    """(the plan as JSON text, every node of it) for ``sql`` with its parameters in place."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        raw = cursor.fetchone()[0]
    tree = (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
    return json.dumps(tree), list(plan_nodes(tree))


def built_once_per_module(django_db_blocker, build):
    """Rows for a module's guards, built once (by ``build()``) rather than before each test: they are written in a
    transaction that every test of the module nests in — each test's own atomic block is a savepoint of it, rolled
    back after the test — and the transaction is rolled back after the module's last test, so no row outlives the
    module. Use it from a module-scoped fixture: ``yield from built_once_per_module(django_db_blocker, build)``."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build()
            transaction.set_rollback(True)


def generated_once_per_module(django_db_blocker, sql: str, params: dict):
    """``built_once_per_module`` for rows one SQL script generates (PostgreSQL: the EXPLAIN guards need its
    planner). Use it from a module-scoped fixture: ``yield from generated_once_per_module(...)``."""

    def build():
        assert connection.vendor == "postgresql", "the EXPLAIN guards need PostgreSQL: run them with `make test`"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    yield from built_once_per_module(django_db_blocker, build)
