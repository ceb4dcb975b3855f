"""Elasticsearch trouble never stalls the site (issue 9): short timeouts and a circuit breaker, posting that
never waits on the cluster, a real gunicorn whose other pages keep their latency while the node is frozen,
and a worker that delivers what waited once the cluster is back, with no new event.

The outages are real: a throwaway node of this module's own, frozen with SIGSTOP (it accepts connections
and never answers, the worst case) or halted and resumed with ``scripts/elasticsearch.sh``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse

from community.forum import actions
from community.models import Thread
from search import api, breaker, conf
from search.backends import get_backend
from search.models import PendingUpdate
from search.types import SearchUnavailable
from tests.search_support import titles
from tests.services import elasticsearch_node, es_script, free_port, node_pid, stop_process, thaw_node, wait_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


# --- a node of our own, and ways to make it fail -------------------------------------------------


@pytest.fixture(scope="module")
def node():
    """One throwaway Elasticsearch node for the module (directory, URL); thawed and stopped at the end."""
    with elasticsearch_node("guildhall-es-resilience-") as node:
        yield node


@contextmanager
def frozen(node_dir: str):
    """The node stops answering (SIGSTOP): connections are accepted, no reply ever comes. Always thawed."""
    os.kill(node_pid(node_dir), signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(node_pid(node_dir), signal.SIGCONT)


@pytest.fixture
def on_node(node, settings):
    """Search on the module's node with a private index prefix and the site's own timeouts (no test override
    of SEARCH["TIMEOUT"]: the default is what must be short). Returns (node_dir, url, prefix)."""
    node_dir, url = node
    prefix = f"test-{uuid.uuid4().hex[:10]}-"
    settings.ELASTICSEARCH_URL = url
    # One node: replicas would keep the cluster yellow, and `resume` waits for green.
    settings.SEARCH = {**getattr(settings, "SEARCH", {}), "INDEX_PREFIX": prefix, "REPLICAS": 0}
    yield node_dir, url, prefix
    thaw_node(node_dir)
    try:
        with conf.background_work(), breaker.bypassed():
            get_backend().drop_all()
    except SearchUnavailable:
        pass  # a halted node: its data goes with the module's directory


def _prepared_index(*thread_ids) -> None:
    """Create the index and index these threads the way an operator would (long timeout): a cold node may
    take more than a member's 0.8 s to create an index, which is not what these tests are about."""
    with conf.background_work(), breaker.bypassed():
        backend = get_backend()
        backend.ensure_index("threads")
        if thread_ids:
            from search import pipeline

            backend.upsert("threads", list(pipeline.thread_payloads(thread_ids).values()), refresh=True)
        PendingUpdate.objects.all().delete()
        backend.refresh()
        api.search("warm up the node")  # the first query on a cold node is slow


def _timed(call):
    started = time.monotonic()
    try:
        result = call()
    except SearchUnavailable as exc:
        result = exc
    return result, time.monotonic() - started


# --- 1. fail fast: a short timeout, then the breaker ------------------------------------------------


def test_a_frozen_cluster_costs_one_short_timeout_then_nothing(on_node, settings, make_member, client):
    node_dir, _url, _prefix = on_node
    settings.SEARCH = {**settings.SEARCH, "BREAKER_COOL_DOWN": 2}
    thread = actions.create_thread(
        make_member("keeper"),
        kind="question",
        title="Lighthouse lamp maintenance",
        body="How often should the lamp be cleaned?",
        tags=["lamp"],
    )
    _prepared_index(thread.pk)
    assert titles(api.search("lighthouse")) == ["Lighthouse lamp maintenance"]

    with frozen(node_dir):
        first, first_took = _timed(lambda: api.search("lighthouse"))
        assert isinstance(first, SearchUnavailable) and "in time" in str(first)
        assert first_took < 1.0  # SEARCH["TIMEOUT"] (0.8 s), not the client's old 5 s
        assert breaker.is_open()

        second, second_took = _timed(lambda: api.search("lighthouse"))
        assert isinstance(second, breaker.BreakerOpen) and second_took < 0.1  # nothing sent to the cluster

        started = time.monotonic()
        page = client.get(reverse("search:search"), {"q": "lighthouse"})
        assert time.monotonic() - started < 0.5
        assert page.status_code == 503 and b"Search is taking a break" in page.content
        assert 1 <= int(page["Retry-After"]) <= 2
        similar, similar_took = _timed(lambda: api.similar("Lighthouse lamp cleaning schedule"))
        assert similar == [] and similar_took < 0.1

    time.sleep(2.1)  # the cool-down is over: the next request is the trial, and it succeeds
    assert titles(api.search("lighthouse")) == ["Lighthouse lamp maintenance"]
    assert not breaker.is_open()
    assert titles(api.search("lamp")) == ["Lighthouse lamp maintenance"]


def test_each_cloud_deployment_has_its_own_breaker(settings, db):
    """With Elastic Cloud the cloud id names the cluster (ELASTICSEARCH_URL may be empty): an outage of one
    deployment must not shut search off on another."""
    settings.ELASTICSEARCH_URL = ""
    settings.ELASTICSEARCH_CLOUD_ID = "brand-a:ZXUtd2VzdC0xLmF3cy5mb3VuZC5pbyRhYmMkZGVm"
    breaker.record_failure(timed_out=True)
    with pytest.raises(breaker.BreakerOpen):
        breaker.check()
    settings.ELASTICSEARCH_CLOUD_ID = "brand-b:ZXUtd2VzdC0xLmF3cy5mb3VuZC5pbyR4eXokdXZ3"
    breaker.check()  # closed: another cluster


def test_failures_in_a_row_open_the_breaker_and_only_one_trial_follows(settings, db):
    """Connection refused (nothing listens on the port) is fast, so the breaker counts failures in a row."""
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    settings.SEARCH = {**settings.SEARCH, "INDEX_PREFIX": "test-refused-", "BREAKER_COOL_DOWN": 0.5}

    for _ in range(2):
        error, _took = _timed(lambda: api.search("anything"))
        assert "unreachable" in str(error) and not isinstance(error, breaker.BreakerOpen)
    assert not breaker.is_open()
    error, _took = _timed(lambda: api.search("anything"))  # the third failure in a row
    assert "unreachable" in str(error) and breaker.is_open()
    assert isinstance(_timed(lambda: api.search("anything"))[0], breaker.BreakerOpen)

    time.sleep(0.6)
    breaker.check()  # the cool-down is over: this caller holds the one trial lease…
    with pytest.raises(breaker.BreakerOpen, match="another request"):
        breaker.check()  # …so everybody else still keeps away
    breaker.record_failure(timed_out=False)  # the trial failed: open again for a whole cool-down
    assert breaker.is_open()

    with breaker.bypassed():  # operators' commands still try (and a success would close it)
        assert "unreachable" in str(_timed(lambda: api.search("anything"))[0])


# --- 3. posting never waits on Elasticsearch ---------------------------------------------------------


def test_posting_does_not_wait_on_a_frozen_cluster(
    on_node, settings, make_member, client_for, django_capture_on_commit_callbacks
):
    node_dir, _url, _prefix = on_node
    member = make_member("poster")
    thread = actions.create_thread(
        member, kind="question", title="Foghorn schedule", body="When does the foghorn sound at night?", tags=["sound"]
    )
    _prepared_index(thread.pk)
    web = client_for(member)

    with frozen(node_dir):
        for n in range(2):  # the first meets the timeout and opens the breaker; the second does not even try
            started = time.monotonic()
            with django_capture_on_commit_callbacks(execute=True):  # the immediate backend, as in a request
                response = web.post(
                    reverse("community:answer", args=[thread.pk]),
                    {"body": f"At dusk and at dawn, answer number {n} says so clearly."},
                )
            took = time.monotonic() - started
            assert response.status_code == 302
            assert took < 1.5, f"answer {n} took {took:.2f} s"
        assert thread.answers.count() == 2
        assert PendingUpdate.objects.filter(kind="thread", object_id=thread.pk).exists()

        with django_capture_on_commit_callbacks(execute=True):
            started = time.monotonic()
            response = web.post(
                reverse("community:ask"),
                {
                    "kind": "question",
                    "title": "Lamp oil during a storm",
                    "body": "Which oil keeps the lamp lit in wind?",
                    "tags": "lamp",
                },
            )
        assert response.status_code == 302 and time.monotonic() - started < 0.5
    asked = Thread.objects.get(title="Lamp oil during a storm")
    assert PendingUpdate.objects.filter(kind="thread", object_id=asked.pk).exists()

    # The database task backend never touches Elasticsearch in the request at all.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with frozen(node_dir):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = web.post(
                reverse("community:answer", args=[asked.pk]),
                {"body": "Whale oil was the old answer; paraffin is the modern one."},
            )
        assert response.status_code == 302 and time.monotonic() - started < 0.5

    call_sync = api.sync()  # the operator's command delivers the queue once the node answers again
    assert call_sync.failed == 0 and not PendingUpdate.objects.exists()
    api.refresh()
    assert titles(api.search("paraffin")) == ["Lamp oil during a storm"]


# --- real processes on the test database ---------------------------------------------------------------


def _test_database_url() -> str:
    """The pytest-django test database as a DATABASE_URL, for the gunicorn and worker subprocesses."""
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL: run `make test` (it starts one), or set DATABASE_URL")
    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        credentials += ":" + quote(s["PASSWORD"], safe="")
    host = quote(s["HOST"] or "127.0.0.1", safe="")
    return f"postgres://{credentials}@{host}:{s['PORT'] or 5432}/{quote(s['NAME'], safe='')}"


def _site_env(url: str, prefix: str, **extra) -> dict:
    dropped = ("SEARCH_TIMEOUT", "TASKS_BACKEND", "DJANGO_SETTINGS_MODULE")  # the site's own defaults apply
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DATABASE_URL=_test_database_url(),
        ELASTICSEARCH_URL=url,
        SEARCH_INDEX_PREFIX=prefix,
        SEARCH_REPLICAS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


@contextmanager
def running(argv: list[str], env: dict, log_name: str):
    """A subprocess for the duration of the block; its output is shown if the test fails. Always stopped."""
    log = tempfile.NamedTemporaryFile(prefix=f"guildhall-{log_name}-", suffix=".log", delete=False)
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process
    except BaseException:
        log.flush()
        sys.stderr.write(f"\n--- {log_name} output ---\n{Path(log.name).read_text(errors='replace')[-6000:]}\n")
        raise
    finally:
        stop_process(process)
        log.close()
        os.unlink(log.name)


def _get(url: str, timeout: float = 15) -> tuple[int, float]:
    """(status, seconds) of one GET on a fresh connection."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.monotonic() - started


def _wait_until_serving(process, url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode} before serving")
        try:
            if _get(url, timeout=5)[0] == 200:
                return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {seconds:.0f} s")


# --- 2. a real gunicorn: other pages keep their latency while searches meet a frozen node ----------


@pytest.mark.django_db(transaction=True)  # gunicorn's workers must see the rows: they are committed
def test_gunicorn_pages_keep_their_latency_while_the_node_is_frozen(on_node, make_member):
    node_dir, url, prefix = on_node
    author = make_member("keeper")
    ids = [
        actions.create_thread(
            author,
            kind="question",
            title=f"Lighthouse question {i}",
            body="How often should the lamp be cleaned?",
            tags=["lamp"],
        ).pk
        for i in range(3)
    ]
    _prepared_index(*ids)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    argv = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
    ]
    with running(argv, _site_env(url, prefix), "gunicorn") as server:
        _wait_until_serving(server, f"{base}/threads/")
        for _ in range(4):  # both workers load their code and answer a search once while all is well
            assert _get(f"{base}/threads/")[0] == 200
            assert _get(f"{base}/search/?q=lighthouse")[0] == 200

        searches: list[tuple[int, float]] = []

        def search(n):
            searches.append(_get(f"{base}/search/?q=lighthouse+{n}"))

        with frozen(node_dir):
            storm = [threading.Thread(target=search, args=(n,)) for n in range(6)]
            for t in storm:
                t.start()
            time.sleep(0.2)  # the searches hold (or wait for) both workers now
            pages = [_get(f"{base}/threads/") for _ in range(3)]
            for t in storm:
                t.join(timeout=30)
            later = [_get(f"{base}/search/?q=lamp") for _ in range(4)]  # the breaker is open in both workers

        assert [status for status, _ in pages] == [200, 200, 200]
        assert max(took for _, took in pages) < 1.0, pages
        assert len(searches) == 6 and {status for status, _ in searches} == {503}, searches
        assert max(took for _, took in searches) < 1.6, searches
        assert {status for status, _ in later} == {503} and max(took for _, took in later) < 0.3, later


# --- 4. after an outage the worker delivers what waited, with no new event ----------------------------


@pytest.mark.django_db(transaction=True)  # the worker is another process: it must see the rows
def test_the_worker_catches_up_after_an_outage_without_a_new_event(on_node, settings, make_member):
    from django_tasks_db.models import DBTaskResult

    node_dir, url, prefix = on_node
    _prepared_index()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    argv = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.5"]
    with running(argv, _site_env(url, prefix, TASKS_BACKEND="database"), "db_worker"):
        es_script("halt", node_dir)
        actions.create_thread(
            make_member("stormy"),
            kind="question",
            title="Foghorn during the outage",
            body="Posted while the search cluster was away.",
            tags=["sound"],
        )
        pending = PendingUpdate.objects.filter(kind="thread")
        wait_for(lambda: pending.filter(attempts__gte=1).exists(), 60, "the worker to try the update")
        wait_for(
            lambda: DBTaskResult.objects.filter(task_path="search.tasks.retry_search_sync", status="READY").exists(),
            30,
            "a scheduled retry",
        )

        es_script("resume", node_dir)
        back = time.monotonic()
        found = []

        def searchable():
            try:
                api.refresh()
                found[:] = titles(api.search("foghorn outage"))
            except SearchUnavailable:
                return False
            return bool(found)

        wait_for(searchable, 60, "the thread to reach the index after the cluster came back")
        assert found == ["Foghorn during the outage"] and time.monotonic() - back < 60
        wait_for(lambda: not PendingUpdate.objects.exists(), 10, "the outbox to empty")
        scheduled = DBTaskResult.objects.filter(task_path="search.tasks.retry_search_sync", status="READY")
        assert scheduled.count() <= 1  # never a pile of retries
