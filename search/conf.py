"""Search settings, read at call time so tests can override them.

- ``ELASTICSEARCH_URL``: unset or empty = the database backend (SQLite FTS5 or PostgreSQL full-text).
- ``SEARCH["INDEX_PREFIX"]``: prefix of every index and alias name (tests use one per test).
- ``SEARCH["TIMEOUT"]``: seconds before an Elasticsearch request gives up (fail fast during an outage).
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    "INDEX_PREFIX": "guildhall-",
    "TIMEOUT": 5.0,
    "PER_PAGE": 20,
    "MAX_PAGE": 50,  # deep pages are not useful and cost Elasticsearch dearly
    "SYNC_BATCH": 500,  # pending updates handled per task run
}


def option(name: str):
    return {**DEFAULTS, **getattr(settings, "SEARCH", {})}[name]


def elasticsearch_url() -> str:
    return (getattr(settings, "ELASTICSEARCH_URL", "") or "").strip()


def uses_elasticsearch() -> bool:
    return bool(elasticsearch_url())


def alias(kind: str) -> str:
    """The alias searches and writes go through: ``<prefix>threads`` or ``<prefix>pages``."""
    return f"{option('INDEX_PREFIX')}{kind}"
