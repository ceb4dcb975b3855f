"""Each test worker its own share of the run's services (a pytest plugin, ``-p tests.parallel`` in pyproject.toml).

The full run (scripts/test.sh) runs the suite in two pytest-xdist workers side by side, one on Python 3.11 and
one on 3.13, against one PostgreSQL, one Redis and one Elasticsearch. pytest-django gives each worker its own
test database; what it cannot know is the rest, read from the environment when Django's settings load, which
is why this runs as a plugin (before pytest-django sets Django up) and not in a conftest:

- the cache: a Redis database number of its own (tests clear the cache, which is FLUSHDB on Redis);
- the search index names (``SEARCH_INDEX_PREFIX``) and the cache key prefix;
- the var/ directory (static files, archives, logs).

Without xdist (a targeted ``make test ARGS=...``) it does nothing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest


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


if os.environ.get("PYTEST_XDIST_WORKER"):
    _isolate(os.environ["PYTEST_XDIST_WORKER"])
