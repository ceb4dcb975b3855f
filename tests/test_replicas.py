"""Read replicas (config/db_routing.py): the router's and the middleware's decisions in-process, then the
whole site under gunicorn against a real streaming replica (``scripts/postgres.sh replica``) whose replay we
pause, so a read that comes from the replica is one that cannot see the newest row."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from community.models import Thread
from config import db_routing
from config.db_routing import PIN_COOKIE, PinToPrimaryMiddleware, PrimaryReplicaRouter
from tests.production_site import migrated_database
from tests.services import free_port, stop_process

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://guildhall@127.0.0.1:5432/guildhall"


# --- settings: DATABASE_REPLICA_URLS and DATABASE_PIN_SECONDS -----------------------------------------


def test_replica_urls_become_replica_aliases_that_mirror_the_primary_under_test():
    replicas = db_routing.replica_databases(
        " postgres://reader@r1:5432/guildhall, postgres://reader@r2:5433/guildhall ,",
        engine="django.db.backends.postgresql",
        conn_max_age=30,
    )
    assert list(replicas) == ["replica_1", "replica_2"]
    assert replicas["replica_2"]["HOST"] == "r2" and replicas["replica_2"]["PORT"] == 5433
    assert replicas["replica_1"]["CONN_MAX_AGE"] == 30
    assert all(config["TEST"] == {"MIRROR": "default"} for config in replicas.values())


def test_no_replica_urls_means_no_replicas():
    assert db_routing.replica_databases("", engine="django.db.backends.postgresql", conn_max_age=60) == {}
    assert db_routing.replica_databases(" , ", engine="django.db.backends.postgresql", conn_max_age=60) == {}


def test_a_replica_url_that_is_not_a_database_url_is_refused_without_showing_its_password():
    with pytest.raises(ImproperlyConfigured) as refused:
        db_routing.replica_databases(
            "postgres://reader@r1/guildhall,pg://reader:s3cret@r2/guildhall",
            engine="django.db.backends.postgresql",
            conn_max_age=60,
        )
    message = str(refused.value)
    assert "DATABASE_REPLICA_URLS entry 2" in message and "not a database URL" in message
    assert "s3cret" not in message and "***" in message


def test_a_replica_on_another_engine_than_the_primary_is_refused():
    with pytest.raises(ImproperlyConfigured, match="a replica is a copy of the primary"):
        db_routing.replica_databases(
            "mysql://reader@r1/guildhall", engine="django.db.backends.postgresql", conn_max_age=60
        )


@pytest.mark.parametrize("value, seconds", [(None, 15), ("", 15), ("30", 30), ("0", 0)])
def test_pin_seconds(value, seconds):
    assert db_routing.pin_seconds(value) == seconds


@pytest.mark.parametrize("value", ["soon", "-5", "1.5"])
def test_bad_pin_seconds_are_refused_with_a_clear_message(value):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_PIN_SECONDS must be a whole number of seconds"):
        db_routing.pin_seconds(value)


def _settings_in_a_fresh_process(var_dir, **environ) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'aliases': list(settings.DATABASES), 'routers': settings.DATABASE_ROUTERS, "
        "'pin': settings.DATABASE_PIN_SECONDS, 'middleware': settings.MIDDLEWARE}))"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "GUILDHALL_VAR_DIR": str(var_dir),
        **environ,
    }
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_settings_add_the_router_only_when_replicas_are_configured(tmp_path):
    plain = _settings_in_a_fresh_process(tmp_path, DATABASE_URL=PG_URL)
    assert plain["aliases"] == ["default"] and plain["routers"] == [] and plain["pin"] == 15

    with_replicas = _settings_in_a_fresh_process(
        tmp_path,
        DATABASE_URL=PG_URL,
        DATABASE_REPLICA_URLS="postgres://guildhall@127.0.0.1:5433/guildhall",
        DATABASE_PIN_SECONDS="40",
    )
    assert with_replicas["aliases"] == ["default", "replica_1"]
    assert with_replicas["routers"] == ["config.db_routing.PrimaryReplicaRouter"]
    assert with_replicas["pin"] == 40
    # Before sessions and authentication: they must read under the same decision as the view.
    middleware = with_replicas["middleware"]
    assert middleware.index("config.db_routing.PinToPrimaryMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


# --- the router ----------------------------------------------------------------------------------------


def test_outside_a_request_everything_reads_from_the_primary():
    """The task worker, management commands and the shell never read possibly stale rows."""
    router = PrimaryReplicaRouter(replicas=["replica_1"])
    assert router.db_for_read(Thread) == "default"


def test_a_request_that_has_not_written_reads_from_a_replica():
    router = PrimaryReplicaRouter(replicas=["replica_1", "replica_2"])
    with db_routing.serving_request(pinned=False):
        chosen = {router.db_for_read(Thread) for _ in range(200)}
    assert chosen == {"replica_1", "replica_2"}  # spread over every replica


def test_a_pinned_request_reads_from_the_primary():
    router = PrimaryReplicaRouter(replicas=["replica_1"])
    with db_routing.serving_request(pinned=True):
        assert router.db_for_read(Thread) == "default"


def test_a_write_goes_to_the_primary_and_pins_the_rest_of_the_request():
    router = PrimaryReplicaRouter(replicas=["replica_1"])
    with db_routing.serving_request(pinned=False) as routing:
        assert router.db_for_read(Thread) == "replica_1"
        assert router.db_for_write(Thread) == "default"
        assert router.db_for_read(Thread) == "default"  # read your own write
        assert routing.wrote
    assert db_routing.reads_pinned()  # the request's state does not leak out of it


def test_without_replicas_every_read_goes_to_the_primary():
    router = PrimaryReplicaRouter(replicas=[])
    with db_routing.serving_request(pinned=False):
        assert router.db_for_read(Thread) == "default"


def test_migrations_run_on_the_primary_only_and_relations_are_allowed_across_aliases():
    router = PrimaryReplicaRouter(replicas=["replica_1"])
    assert router.allow_migrate("default", "community") is True
    assert router.allow_migrate("replica_1", "community") is False
    assert router.allow_relation(object(), object()) is True


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_on_the_primary_use_the_primary():
    """An action reads then writes in one transaction: a replica read would be outside that transaction."""
    router = PrimaryReplicaRouter(replicas=["replica_1"])
    with db_routing.serving_request(pinned=False):
        assert router.db_for_read(Thread) == "replica_1"
        with transaction.atomic():
            assert router.db_for_read(Thread) == "default"
        assert router.db_for_read(Thread) == "replica_1"


# --- the middleware ------------------------------------------------------------------------------------


def _middleware_serving(view):
    return PinToPrimaryMiddleware(view, replicas=["replica_1"])


def _reads_from(request):
    """A view that answers with where its reads would go."""
    return HttpResponse(PrimaryReplicaRouter(replicas=["replica_1"]).db_for_read(Thread))


def test_a_safe_request_without_the_cookie_reads_from_the_replica_and_sets_no_cookie():
    response = _middleware_serving(_reads_from)(RequestFactory().get("/threads/"))
    assert response.content == b"replica_1"
    assert PIN_COOKIE not in response.cookies


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_unsafe_request_is_pinned_and_pins_the_browser_for_a_while(method, settings):
    settings.DATABASE_PIN_SECONDS = 42
    response = _middleware_serving(_reads_from)(getattr(RequestFactory(), method)("/t/1/answer"))
    assert response.content == b"default"
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 42 and cookie["httponly"]


def test_a_safe_request_carrying_the_cookie_reads_from_the_primary():
    request = RequestFactory().get("/t/1/how-to/")
    request.COOKIES[PIN_COOKIE] = "1"
    assert _middleware_serving(_reads_from)(request).content == b"default"


def test_a_safe_request_that_writes_sets_the_cookie_too():
    def writes_then_reads(request):
        router = PrimaryReplicaRouter(replicas=["replica_1"])
        router.db_for_write(Thread)
        return HttpResponse(router.db_for_read(Thread))

    response = _middleware_serving(writes_then_reads)(RequestFactory().get("/inbox/7/"))
    assert response.content == b"default"
    assert PIN_COOKIE in response.cookies


def test_the_routing_of_a_request_ends_with_it_even_when_the_view_fails():
    def fails(request):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        _middleware_serving(fails)(RequestFactory().get("/"))
    assert db_routing.reads_pinned()


def test_the_middleware_steps_aside_without_replicas():
    with pytest.raises(MiddlewareNotUsed):
        PinToPrimaryMiddleware(_reads_from, replicas=[])


# --- scripts/postgres.sh replica -----------------------------------------------------------------------


def _postgres_script(*args, timeout=180):
    return subprocess.run(
        ["bash", str(ROOT / "scripts/postgres.sh"), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def test_the_replica_script_refuses_a_primary_url_it_cannot_use(tmp_path):
    target = tmp_path / "replica"
    done = _postgres_script("replica", str(target), "mysql://guildhall@127.0.0.1:3306/guildhall")
    assert done.returncode != 0
    assert "PRIMARY_URL must look like postgres://" in done.stderr
    assert not target.exists()


# --- the site under gunicorn with a real, paused replica -----------------------------------------------

SITE_DATABASE = "guildhall_replica_test"
PASSWORD = "a long and unusual passphrase 42"
SEED = f"""
import json
from allauth.account.models import EmailAddress
from community.forum import actions
from community.models import Member
from rewards import api as rewards_api

def member(name):
    m = Member.objects.create_user(username=name, email=name + "@example.com", password={PASSWORD!r})
    EmailAddress.objects.create(user=m, email=m.email, verified=True, primary=True)
    rewards_api.adjust(m, 199, note="starting reputation for the replica test")
    return m

member("writer")
thread = actions.create_thread(member("asker"), kind="question", title="Which lamp oil burns cleanest?",
                               body="Our lighthouse lamp smokes badly in winter. Which oil do keepers use?",
                               tags=["lamps"])
print(json.dumps({{"thread_url": thread.get_absolute_url(), "thread_id": thread.pk}}))
"""
WRITE_BEHIND_THE_REPLICA = """
from community.forum import actions
from community.models import Member
actions.create_thread(Member.objects.get(username="asker"), kind="tip", title="Written while replay is paused",
                      body="Trim the wick before every watch and the lamp never smokes.", tags=["lamps"])
"""


def _database_url(server_url: str, database: str) -> str:
    return urllib.parse.urlsplit(server_url)._replace(path=f"/{database}").geturl()


def _site_environ(database_url: str, var_dir: str) -> dict:
    """The environment of the site's processes: this database, database search, its own var/ directory."""
    drop = {"ELASTICSEARCH_URL", "DATABASE_REPLICA_URLS", "CACHE_URL", "DJANGO_SECRET_KEY", "TASKS_BACKEND"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    # A pin long enough for a slow machine: the test's redirects must land inside it.
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="1",
        GUILDHALL_VAR_DIR=var_dir,
        DATABASE_PIN_SECONDS="60",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def _manage(env: dict, *args, timeout=600) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _sql(url: str, query: str, *params):
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchone() if cursor.description else None


def _wait_until_replayed(primary_url: str, replica_url: str, timeout: float = 60) -> None:
    """Wait until the replica has replayed everything the primary has written so far.

    The insert position, not the write position: the throwaway primary commits asynchronously
    (synchronous_commit=off), so a commit may be in the WAL buffers and not yet written when we ask."""
    (target,) = _sql(primary_url, "SELECT pg_current_wal_insert_lsn()::text")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        (caught_up,) = _sql(replica_url, "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s::pg_lsn) >= 0", target)
        if caught_up:
            return
        time.sleep(0.2)
    pytest.fail(f"the replica did not replay up to {target} within {timeout:.0f}s")


def _pause_replay(replica_url: str) -> None:
    _sql(replica_url, "SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + 30
    while _sql(replica_url, "SELECT pg_get_wal_replay_pause_state()")[0] != "paused":
        if time.monotonic() > deadline:
            pytest.fail("the replica did not pause its replay within 30s")
        time.sleep(0.1)


class Browser:
    """A browser as far as the site can tell: cookies kept, redirects followed, forms with their CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post_form_from(self, form_page: str, action: str, fields: dict) -> tuple[int, str]:
        """POST ``fields`` to ``action`` with the CSRF token of ``form_page``."""
        status, page = self.get(form_page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {form_page} (HTTP {status})"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **fields}).encode()
        return self._open(urllib.request.Request(self.base + action, data=body, method="POST"))

    def pin_to_the_primary(self) -> None:
        """Carry the cookie a write would have left behind."""
        self.cookies.set_cookie(
            http.cookiejar.Cookie(
                0,
                PIN_COOKIE,
                "1",
                None,
                False,
                "127.0.0.1",
                False,
                False,
                "/",
                True,
                False,
                None,
                False,
                None,
                None,
                {},
            )
        )

    def has_cookie(self, name: str) -> bool:
        return any(cookie.name == name for cookie in self.cookies)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")


def _serve(env: dict, log_path: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn (the production server) on a free port: one worker, so one process-local cache, four threads."""
    import importlib.util

    if importlib.util.find_spec("gunicorn") is None:
        pytest.fail("gunicorn is not installed in this environment: run `make install` (pyproject.toml declares it)")
    port = free_port()
    log = open(log_path, "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(base + "/threads/newest/", timeout=5) as response:
                if response.status == 200:
                    return process, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    stop_process(process)
    pytest.fail(f"the site did not start under gunicorn:\n{log_path.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def primary_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.fail(
            "needs the PostgreSQL that `make test` starts (DATABASE_URL=postgres://…): a replica streams "
            "from a real primary"
        )
    return url


@pytest.fixture(scope="module")
def site_on_a_replica(primary_url):
    """A migrated database on the primary, a streaming replica of the cluster, and the site serving both."""
    work = Path(tempfile.mkdtemp(prefix="guildhall-replica-test-"))
    # A directory of its own in /tmp: the server runs as the postgres user, who cannot enter `work` (0700).
    replica_dir = Path(tempfile.mkdtemp(prefix="guildhall-pg-replica-"))
    site_db = _database_url(primary_url, SITE_DATABASE)
    server = None
    try:
        _sql(primary_url, f"DROP DATABASE IF EXISTS {SITE_DATABASE} WITH (FORCE)")
        migrated_database(primary_url, SITE_DATABASE)  # `manage.py migrate`'s result, copied
        env = _site_environ(site_db, str(work / "var"))
        seeded = json.loads(_manage(env, "shell", "-c", SEED, timeout=120).strip().splitlines()[-1])

        done = _postgres_script("replica", str(replica_dir), primary_url)
        if done.returncode != 0:
            pytest.fail(f"scripts/postgres.sh replica failed:\n{done.stderr[-3000:]}")
        exported = re.search(r"^export DATABASE_REPLICA_URLS=(\S+)$", done.stdout, re.MULTILINE)
        assert exported, f"scripts/postgres.sh replica printed no URL: {done.stdout!r}"
        replica_db = _database_url(exported.group(1), SITE_DATABASE)
        assert _sql(replica_db, "SELECT pg_is_in_recovery()") == (True,)
        _wait_until_replayed(site_db, replica_db)

        # The anonymous page cache reads its misses from the primary (below): off here, so anonymous reads show
        # the routing itself.
        replicated = {**env, "DATABASE_REPLICA_URLS": replica_db}
        server, base = _serve({**replicated, "PAGE_CACHE_SECONDS": "0"}, work / "gunicorn.log")
        yield {"base": base, "primary": site_db, "replica": replica_db, "env": replicated, "work": work, **seeded}
    finally:
        if server is not None:
            stop_process(server)
        _postgres_script("stop", str(replica_dir), timeout=120)
        _sql(primary_url, f"DROP DATABASE IF EXISTS {SITE_DATABASE} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


def test_reads_come_from_the_replica_but_a_member_sees_their_own_post_at_once(site_on_a_replica):
    site = site_on_a_replica
    base, thread_url = site["base"], site["thread_url"]

    # A member logs in (a POST: pinned), and once the replica has the session even reads from it are logged in.
    writer = Browser(base)
    credentials = {"login": "writer@example.com", "password": PASSWORD, "next": "/threads/newest/"}
    status, page = writer.post_form_from("/accounts/login/", "/accounts/login/", credentials)
    assert status == 200 and "Log out" in page, page[:2000]
    assert writer.has_cookie(PIN_COOKIE)
    _wait_until_replayed(site["primary"], site["replica"])
    same_session_unpinned = Browser(base)
    for cookie in writer.cookies:
        if cookie.name != PIN_COOKIE:
            same_session_unpinned.cookies.set_cookie(cookie)
    status, page = same_session_unpinned.get("/threads/newest/")
    assert status == 200 and "Log out" in page

    # Replay stops: from now on the replica is frozen, the primary moves on.
    _pause_replay(site["replica"])
    _manage(site["env"], "shell", "-c", WRITE_BEHIND_THE_REPLICA, timeout=120)
    assert _sql(
        site["primary"], "SELECT count(*) FROM community_thread WHERE title = %s", "Written while replay is paused"
    ) == (1,)

    # The newest threads as the feed lists them: read from the database on every request. (The thread lists'
    # rows are shared regions, always drawn from the primary for the same reason as the page cache below.)
    reader = Browser(base)
    status, newest = reader.get("/feeds/threads/")
    assert status == 200 and "Which lamp oil burns cleanest?" in newest
    assert "Written while replay is paused" not in newest  # served by the replica

    # The same anonymous page with the pin cookie is read from the primary.
    pinned = Browser(base)
    pinned.pin_to_the_primary()
    status, newest = pinned.get("/feeds/threads/")
    assert status == 200 and "Written while replay is paused" in newest

    # With the page cache on, an anonymous page about to be stored is read from the primary: a lagging replica
    # must not be frozen into the cache for every visitor.
    cached_server, cached_base = _serve({**site["env"], "PAGE_CACHE_SECONDS": "300"}, site["work"] / "cached.log")
    try:
        with urllib.request.urlopen(cached_base + "/feeds/threads/", timeout=30) as response:
            assert response.headers["X-Page-Cache"] == "miss"
            assert "Written while replay is paused" in response.read().decode()
    finally:
        stop_process(cached_server)

    # The member answers: the POST is pinned, and so is the page the redirect lands on.
    answer = "Colza oil, filtered twice: it burns with almost no smoke even on cold nights."
    status, page = writer.post_form_from(thread_url, f"/t/{site['thread_id']}/answer", {"body": answer})
    assert status == 200, page[:2000]
    assert answer in page and "Log out" in page

    # Anyone else reads the frozen replica, but not the thread's shared page data (config/page_cache.remember):
    # that is always built from the primary — here when the writer's page loaded — so the answer shows at once,
    # and a lagging replica can never put an older copy in the cache.
    status, page = reader.get(thread_url)
    assert status == 200 and "Which lamp oil burns cleanest?" in page
    assert answer in page

    # Replay resumes: the replica catches up and everyone sees the answer and the new thread.
    _sql(site["replica"], "SELECT pg_wal_replay_resume()")
    _wait_until_replayed(site["primary"], site["replica"])
    status, page = reader.get(thread_url)
    assert status == 200 and answer in page
    status, newest = reader.get("/threads/newest/")
    assert "Written while replay is paused" in newest
