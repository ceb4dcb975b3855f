"""Each test worker its own share of the run's services (a pytest plugin, ``-p tests.parallel`` in pyproject.toml).

The full run (scripts/test.sh) runs the suite in two pytest-xdist workers side by side, one on Python 3.11 and
one on 3.13, against one PostgreSQL, one Redis and one Elasticsearch. pytest-django gives each worker its own
test database; what it cannot know is the rest, read from the environment when Django's settings load, which
is why this runs as a plugin (before pytest-django sets Django up) and not in a conftest:

- the cache: a Redis database number of its own (tests clear the cache, which is FLUSHDB on Redis);
- the search index names (``SEARCH_INDEX_PREFIX``) and the cache key prefix;
- the var/ directory (static files, archives, logs).

It also schedules the full run (``--dist loadfile``): the wall time is the slower worker's, so the files go out
heaviest first (the longest-processing-time rule), the small ones filling in at the end, instead of xdist's
order by number of tests, which left the single slow tests (the demo seeding, the production topologies) for
last. A file's weight is its seconds in the last runs (stored in pytest's cache by the controller, below),
else the estimate in ``HEAVY``, else its number of tests. And the files that start a production site share one
worker, so its migrated template database (tests/production_site.py) is built once per run, not twice.

Without xdist (a targeted ``make test ARGS=...``) it does nothing.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

import pytest

# Seconds per file measured in full runs (setup, calls and teardown on one worker), for a run without stored figures.
HEAVY = {
    "tests/demo/test_seed_demo.py": 240,
    "tests/test_page_cache.py": 110,
    "tests/test_replicas.py": 95,
    "tests/test_package.py": 85,
    "tests/site/test_no_server_errors.py": 70,
    "tests/site/test_accessibility.py": 70,
    "tests/search/test_search.py": 60,
    "tests/search/test_resilience.py": 50,
    "tests/search/test_elasticsearch.py": 45,
    "tests/core/test_permission_matrix.py": 40,
    "tests/team/test_experts_at_scale.py": 35,
    "tests/forum/test_lists_at_scale.py": 35,
    "tests/importers/test_stackexchange_import.py": 35,
    "tests/team/test_kpis_scale_more.py": 20,
    "tests/test_production_topology.py": 30,
    # Issue 18: the evaluation imports the beer dump and scores three backends (SQLite in a subprocess beside the
    # others); the typo and synonym files each migrate a fresh SQLite site in a subprocess.
    "tests/search/test_evaluation.py": 240,
    "tests/search/test_typos.py": 150,
    "tests/search/test_synonyms.py": 150,
    "tests/search/test_suggest.py": 60,
}
SECONDS_PER_TEST = 0.6  # a file nobody measured yet
# Files that start a production site (tests/production_site.py): one scope, one worker, one template database.
PRODUCTION_SITE_FILES = {"tests/test_page_cache.py", "tests/test_replicas.py", "tests/test_production_topology.py"}
PRODUCTION_SITE_SCOPE = "tests/production_site"
CACHE_KEY = "guildhall/file-seconds"


def _isolate(worker: str) -> None:
    # xdist puts the working directory first on PYTHONPATH for the worker's children too; the suite's own
    # subprocesses (gunicorn nodes, the wheel's venv in tests/test_package.py) must see only what is installed.
    inherited = os.environ.get("PYTHONPATH", "").removeprefix(os.getcwd() + os.pathsep)
    if inherited:
        os.environ["PYTHONPATH"] = inherited
    else:
        os.environ.pop("PYTHONPATH", None)
    number = int(re.sub(r"\D", "", worker) or 0)
    cache_url = os.environ.get("CACHE_URL", "")
    if cache_url.startswith(("redis://", "rediss://")):
        base = re.sub(r"/\d+$", "", cache_url.split("?")[0])
        os.environ["CACHE_URL"] = f"{base}/{number + 1}"  # database 0 stays the run's own (scripts/test.sh)
    os.environ["CACHE_KEY_PREFIX"] = f"guildhall-{worker}"
    os.environ["SEARCH_INDEX_PREFIX"] = f"guildhall-{worker}-"
    if os.environ.get("GUILDHALL_VAR_DIR"):
        # The run's own directory (scripts/test.sh removes it) stays reachable for what the workers share:
        # tests/search_support.migrated_sqlite's migrated template.
        os.environ["GUILDHALL_TEST_SHARED_DIR"] = os.environ["GUILDHALL_VAR_DIR"]
        var_dir = Path(os.environ["GUILDHALL_VAR_DIR"]) / worker
        var_dir.mkdir(parents=True, exist_ok=True)
        os.environ["GUILDHALL_VAR_DIR"] = str(var_dir)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config, specs):
    """A local worker gets the controller's ``sys.path`` from xdist, so a 3.13 worker of a 3.11 controller
    would import 3.11's standard library (and fail on its C modules). With none handed over, each worker keeps
    its own interpreter's path plus the working directory, which is all the suite needs: the project is
    installed in both venvs. (``workermanage._sys_path`` is xdist's frozen copy; a rename fails loudly here.)"""
    import xdist.workermanage

    if not hasattr(xdist.workermanage, "_sys_path"):
        raise pytest.UsageError("pytest-xdist changed: tests/parallel.py cannot keep each worker's own sys.path")
    xdist.workermanage._sys_path = None


def _file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, heaviest scope first (see the module's docstring); other modes stay xdist's own."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    measured = config.cache.get(CACHE_KEY, {}) if getattr(config, "cache", None) else {}

    class HeaviestFirst(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = _file_of(nodeid)
            return PRODUCTION_SITE_SCOPE if path in PRODUCTION_SITE_FILES else path

        def _weight(self, scope: str, nodeids) -> float:
            files = PRODUCTION_SITE_FILES if scope == PRODUCTION_SITE_SCOPE else {scope}
            return sum(measured.get(f) or HEAVY.get(f) or 0 for f in files) or SECONDS_PER_TEST * len(nodeids)

        def _assign_work_unit(self, node) -> None:
            heaviest = max(self.workqueue, key=lambda scope: self._weight(scope, self.workqueue[scope]))
            self.workqueue.move_to_end(heaviest, last=False)
            super()._assign_work_unit(node)

    return HeaviestFirst(config, log)


_seconds: defaultdict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report):
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # the controller (or a run without xdist) sees every report
        _seconds[_file_of(report.nodeid)] += report.duration


def pytest_sessionfinish(session, exitstatus):
    """The files' seconds of this run, for the next run's schedule (files this run did not touch keep theirs)."""
    cache = getattr(session.config, "cache", None)
    config = session.config
    full_run = (  # a targeted run may have run part of a file
        config.getvalue("dist") == "loadfile"
        and config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not config.option.keyword
        and not config.option.markexpr
    )
    if os.environ.get("PYTEST_XDIST_WORKER") or not full_run or cache is None or not _seconds:
        return
    stored = cache.get(CACHE_KEY, {})
    stored.update({path: round(seconds, 1) for path, seconds in _seconds.items()})
    cache.set(CACHE_KEY, stored)


if os.environ.get("PYTEST_XDIST_WORKER"):
    _isolate(os.environ["PYTEST_XDIST_WORKER"])
