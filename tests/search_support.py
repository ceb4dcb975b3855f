"""Fixtures for the search tests (imported by tests/search/test_*.py and tests/knowledge/).

- ``es_url``: the real Elasticsearch that scripts/test.sh starts (ELASTICSEARCH_URL). Without it, tests fail
  when CI=true (as `make test` sets) and skip on a laptop.
- ``backend``: runs a test on both backends ("database", "elasticsearch"), each with a private index prefix
  that is dropped afterwards.
- ``post_thread`` & co: write through community.actions with the on-commit handlers executed, then refresh
  the index, as a real request would leave it (minus Elasticsearch's 1 s refresh delay).
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from community.forum import actions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def es_url():
    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if not url:
        message = "needs Elasticsearch: run `make test` (it starts one), or set ELASTICSEARCH_URL"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


def _use_elasticsearch(settings, url: str) -> str:
    prefix = f"test-{uuid.uuid4().hex[:10]}-"
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH = {**getattr(settings, "SEARCH", {}), "INDEX_PREFIX": prefix, "TIMEOUT": 10}
    return prefix


def _drop_indices():
    from search.backends import get_backend

    try:
        get_backend().drop_all()
    except Exception:  # the outage test may leave the server away; its own node is thrown away anyway
        pass


@pytest.fixture
def elasticsearch(settings, es_url, db):
    """Elasticsearch with a private index prefix for this test."""
    _use_elasticsearch(settings, es_url)
    yield es_url
    _drop_indices()


@pytest.fixture
def database_search(settings, db):
    settings.ELASTICSEARCH_URL = ""
    yield


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, settings, db):
    """Run the test once per backend; returns its name."""
    if request.param == "elasticsearch":
        url = request.getfixturevalue("es_url")
        _use_elasticsearch(settings, url)
        yield "elasticsearch"
        _drop_indices()
    else:
        settings.ELASTICSEARCH_URL = ""
        yield "database"


@pytest.fixture
def post_thread(live, make_member):
    authors = {}

    def post(
        title,
        body="Some words so that the body is long enough to post.",
        *,
        tags=("general",),
        kind="question",
        author=None,
    ):
        if author is None:
            author = authors.get("default") or authors.setdefault("default", make_member("searcher"))
        body = body.ljust(24, ".")  # the community's minimum length, without adding words
        with live():
            return actions.create_thread(author, kind=kind, title=title, body=body, tags=list(tags))

    return post


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def sqlite_env(database: Path, var_dir: Path) -> dict[str, str]:
    """The environment of a site of its own on the SQLite file ``database``, without Elasticsearch."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "GUILDHALL_VAR_DIR": str(var_dir),
    }


_TEMPLATE: list[Path] = []  # the migrated SQLite file this test process copies, made or found on first use


def migrated_sqlite(target: Path) -> Path:
    """A fresh, migrated SQLite database at ``target``: a copy of one migrated once, since migrating takes about
    40 s and the SQLite sites (typos, synonyms, the evaluation) only need it empty. Under tests/parallel.py the
    workers share one (made by the first that needs it, under a lock, in the run's directory); otherwise this
    process makes its own."""
    if not _TEMPLATE:
        shared = os.environ.get("GUILDHALL_TEST_SHARED_DIR")
        if shared:
            folder = Path(shared)
        else:
            folder = Path(tempfile.mkdtemp(prefix="guildhall-sqlite-template-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
        database = folder / "sqlite-template.sqlite3"
        with open(folder / "sqlite-template.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for the first one's migration
            if not database.exists():
                _migrate(folder / "sqlite-template-migrating.sqlite3", folder)
                os.replace(folder / "sqlite-template-migrating.sqlite3", database)
        _TEMPLATE.append(database)
    shutil.copyfile(_TEMPLATE[0], target)
    return target


def _migrate(database: Path, var_dir: Path) -> None:
    database.unlink(missing_ok=True)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env=sqlite_env(database, var_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr[-3000:]


def run_on_sqlite(tmp_path, script: str, *args: str) -> dict:
    """Run ``script`` (Python that sets Django up, migrates and prints one JSON line last) in a site of its own on a
    fresh SQLite file, without Elasticsearch: how the embedded default searches (FTS5), which the suite's
    PostgreSQL cannot show. Returns the JSON it printed."""
    env = sqlite_env(migrated_sqlite(tmp_path / "db.sqlite3"), tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
