"""Query plans for the EXPLAIN guards (issue "Flat as it grows"): PostgreSQL's JSON plan of a statement, as
text to search for index names and as the list of its nodes to check what each reads or sorts."""

from __future__ import annotations

import json

from django.db import connection


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
