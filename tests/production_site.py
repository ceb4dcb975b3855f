"""Run Guildhall as production does, in real processes: gunicorn web nodes, the task worker, and the
services of the test run (PostgreSQL from ``DATABASE_URL``, Redis from ``CACHE_URL``, Elasticsearch from
``ELASTICSEARCH_URL``), on a database of its own so the test database is untouched.

    with ProductionSite.create("topology") as site:
        a = site.web(workers=1)            # http://127.0.0.1:PORT, answers /healthz
        site.task_worker()                 # manage.py db_worker
        site.manage("shell", "-c", code)   # one more process, same settings

Everything started is stopped on exit, and the database is dropped. Nothing here skips: a service that is
missing or a process that does not come up fails the test with its output.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

from tests.services import free_port, stop_process

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START_TIMEOUT = 60


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise AssertionError(f"{name} is not set: run the tests with `make test`, which starts the service")
    return value


def _server_url(database_url: str, dbname: str) -> str:
    base, _, _ = database_url.rpartition("/")
    return f"{base}/{dbname}"


@dataclass
class ProductionSite:
    name: str
    database_url: str
    var_dir: Path
    env: dict = field(default_factory=dict)
    processes: list = field(default_factory=list)

    @classmethod
    def create(cls, label: str, **overrides: str) -> ProductionSite:
        primary = required_env("DATABASE_URL")
        if not primary.startswith("postgres"):
            raise AssertionError("the production topology runs on PostgreSQL: DATABASE_URL must be postgres://")
        template = _migrated_template(cls, primary)
        name = f"guildhall_{label}_{uuid.uuid4().hex[:8]}"
        var_dir = Path(tempfile.mkdtemp(prefix=f"guildhall-{label}-"))
        site = cls(name=name, database_url=_server_url(primary, name), var_dir=var_dir)
        site.env = site._environment(overrides)
        try:
            migrated_database(primary, name)
            shutil.copytree(template.var_dir / "static", var_dir / "static", dirs_exist_ok=True)
        except BaseException:
            site.close()
            raise
        return site

    def _environment(self, overrides: dict) -> dict:
        name = self.name
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "0",
            # A plain-HTTP rig on loopback: no TLS redirect, cookies sent over http.
            "DJANGO_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ACCOUNT_EMAIL_VERIFICATION": "optional",
            "DATABASE_URL": self.database_url,
            "CACHE_URL": required_env("CACHE_URL"),
            "CACHE_KEY_PREFIX": name,
            "ELASTICSEARCH_URL": required_env("ELASTICSEARCH_URL"),
            "SEARCH_INDEX_PREFIX": f"{name.replace('_', '-')}-",
            "SEARCH_REPLICAS": "0",
            "TASKS_BACKEND": "database",
            "GUILDHALL_VAR_DIR": str(self.var_dir),
            "LOG_LEVEL": "WARNING",
            **overrides,
        }

    # --- processes ------------------------------------------------------------------------------

    def manage(self, *args: str, timeout: float = 120) -> str:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def shell(self, code: str, timeout: float = 120) -> str:
        """Run ``code`` in a separate Django process with the site's settings; returns what it printed."""
        return self.manage("shell", "-c", code, timeout=timeout)

    def web(self, workers: int = 1) -> str:
        """A gunicorn web node with ``workers`` sync workers; returns its base URL once it answers /healthz."""
        port = free_port()
        log = open(self.var_dir / f"gunicorn-{port}.log", "w")
        proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--limit-request-line",  # as docs/deploy.md says: long search addresses
                "8190",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((proc, log))
        url = f"http://127.0.0.1:{port}"
        self._wait(proc, lambda: requests.get(f"{url}/healthz", timeout=2).status_code == 200, log.name)
        return url

    def task_worker(self) -> subprocess.Popen:
        log = open(self.var_dir / "db_worker.log", "w")
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((proc, log))
        time.sleep(0.5)
        if proc.poll() is not None:
            raise AssertionError(f"db_worker exited at once:\n{Path(log.name).read_text()}")
        return proc

    def _wait(self, proc, ready, log_path: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(f"process exited during start-up:\n{Path(log_path).read_text()}")
            try:
                if ready():
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"process did not answer within {START_TIMEOUT}s:\n{Path(log_path).read_text()}")

    # --- clean-up -------------------------------------------------------------------------------

    def close(self) -> None:
        for proc, log in reversed(self.processes):
            stop_process(proc)
            log.close()
        self.processes.clear()
        with psycopg.connect(_server_url(self.database_url, "postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.var_dir, ignore_errors=True)

    def __enter__(self) -> ProductionSite:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_templates: dict[str, ProductionSite] = {}


def migrated_database(primary: str, name: str) -> str:
    """Create the database ``name`` on ``primary``'s server as a copy of the run's migrated template (below);
    returns its URL."""
    template = _migrated_template(ProductionSite, primary)
    with psycopg.connect(_server_url(primary, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.name}"')
    return _server_url(primary, name)


def _migrated_template(cls, primary: str) -> ProductionSite:
    """A database migrated, and static files collected, once per test run by the real ``manage.py migrate`` and
    ``collectstatic``; each site starts from a copy (``CREATE DATABASE … TEMPLATE``: a second, where migrating
    takes half a minute). Nobody connects to it after it is built: PostgreSQL copies only an idle template."""
    if primary not in _templates:
        name = f"guildhall_template_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(_server_url(primary, "postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        template = cls(
            name=name,
            database_url=_server_url(primary, name),
            var_dir=Path(tempfile.mkdtemp(prefix="guildhall-template-")),
        )
        template.env = template._environment({})
        try:
            template.manage("migrate", "--noinput", timeout=240)
            template.manage("collectstatic", "--noinput", timeout=120)
        except BaseException:
            template.close()
            raise
        atexit.register(template.close)
        _templates[primary] = template
    return _templates[primary]


class Browser:
    """A visitor with cookies, logging in and posting forms as a browser does (CSRF included).

    Every node gets the same ``Host`` header, as behind a load balancer: what depends on the host (allauth
    keys its per-account limits on it) is the same whichever node answers.
    """

    HOST = "localhost"

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers["Host"] = self.HOST

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.url(path), timeout=10, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        """POST with the CSRF cookie this session holds (fetch any page first)."""
        token = self.session.cookies.get("csrftoken")
        if token is None:
            self.get(path)
            token = self.session.cookies.get("csrftoken")
        headers = {"Referer": f"http://{self.HOST}{path}", "X-CSRFToken": token or ""}
        return self.session.post(
            self.url(path), data={"csrfmiddlewaretoken": token, **data}, headers=headers, timeout=10, **kwargs
        )

    def login(self, email: str, password: str) -> requests.Response:
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"login": email, "password": password}, allow_redirects=False)
        if response.status_code != 302:
            raise AssertionError(f"log-in as {email} failed ({response.status_code})")
        return response

    def on(self, base_url: str) -> Browser:
        """The same visitor (same cookies) talking to another web node, as behind a load balancer."""
        other = Browser(base_url)
        other.session = self.session
        return other
