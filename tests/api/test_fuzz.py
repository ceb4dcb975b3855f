"""Fuzzing ``/api/v1/`` against its own OpenAPI schema (issue 16, point 3): schemathesis reads the schema the
running application serves, generates requests for every operation — valid ones, boundary values, and invalid
ones — and checks every answer:

- never a 5xx;
- the answer conforms to the schema: a documented status code and content type, a body that validates (errors
  are ``application/problem+json`` ``Problem`` documents, declared for every operation by ``api/errors.py``);
- a refused request (any 4xx) wrote nothing, in any table (``Tables``: PostgreSQL's per-transaction row counts
  say which tables a request touched, and those are compared, row by row, with how the test found them).

It runs as a visitor, with a read token, and with a write token of a member who holds every privilege but
moderation, on real rows built once for the module (members, threads of each kind, answers, comments, votes,
an accepted answer, a follow, a flag, tags); path parameters name these rows half of the time, so that writes
reach the actions instead of stopping at a 404.

**In process, not over a socket.** The requests go to Django's WSGI application (the whole middleware stack, the
page cache and the CSP included) through schemathesis's WSGI transport, not to pytest-django's ``live_server``:
the application then shares the test's database connection, so each example runs in a savepoint that is rolled
back after it (and starts on an empty cache). Every example starts from the same rows, which keeps the run
reproducible, makes one fingerprint the reference for all refusals, and costs no flush of the database at the end
(a ``live_server`` needs a transactional test: committed rows, a TRUNCATE and a reload afterwards). Events'
on-commit reactions do not run (nothing commits); they cannot turn an answer into a 5xx anyway, since
``core.events`` logs a failing subscriber instead of raising.

**Bounded.** A few examples per operation and identity (``EXAMPLES``; ``FUZZ_EXAMPLES=5`` multiplies them and
``FUZZ_COVERAGE=1`` adds schemathesis's coverage phase, for a deeper local run), no shrinking, derandomized (the
same requests every run), no example database. A failure prints the check that failed and a ``curl`` command that
replays it; docs/api.md ("Fuzzing") says more.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from django.apps import apps
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.test import TestCase, override_settings
from django.utils import timezone
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.explain import built_once_per_module

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# Hypothesis keeps caches (and would keep examples) under .hypothesis/ in the working directory: in the run's
# var/ instead, thrown away with it, so that nothing is written into the repository.
set_hypothesis_home_dir(Path(os.environ.get("GUILDHALL_VAR_DIR") or tempfile.gettempdir()) / "hypothesis")

SCHEMA_PATH = "/api/v1/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# What every WSGI server sets and werkzeug's test client does not: the throttles count per address.
SERVER_ENVIRON = {"REMOTE_ADDR": "203.0.113.16"}
SCALE = float(os.environ.get("FUZZ_EXAMPLES", "1"))

# Examples generated per operation, (reads, writes): most for the writes of the member who may write, where data
# changes; a visitor and a read token are refused writes at the door, and a token's reads are the read token's.
EXAMPLES = {"visitor": (5, 2), "read token": (3, 2), "write token": (2, 12)}
# The coverage phase (every boundary and invalid value of every parameter, deterministically) sends ~30 requests
# per operation: too many for make test's budget, there for a deeper run (FUZZ_COVERAGE=1).
COVERAGE = os.environ.get("FUZZ_COVERAGE", "") == "1"

# Columns that change on any request that authenticates, whatever the answer: they are not the refused write.
MOVES_ON_EVERY_USE = {"community_accesstoken": {"last_used_at"}}


# --- the world the requests land in ---------------------------------------------------------------------------


@dataclass
class World:
    """The module's rows, by the values a path names them with: the fuzzer sends these half of the time, so that
    requests reach the actions (a vote on another member's answer, accepting an answer to one's question)
    rather than stopping at a 404."""

    tokens: dict[str, str] = field(default_factory=dict)
    path_values: dict[str, list] = field(default_factory=dict)


def _member(username: str, reputation: int):
    from allauth.account.models import EmailAddress

    from community.models import Member
    from rewards import api as rewards_api

    # No password (tokens only): hashing one takes a second on a busy machine.
    member = Member.objects.create_user(username=username, email=f"{username}@example.com", password=None)
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    if reputation > 1:
        rewards_api.adjust(member, reputation - 1, note="starting reputation for the API fuzzing")
    return member


def _build() -> World:
    from community.api import actions as token_actions
    from community.forum import actions
    from community.models import Answer, Comment, Tag, Thread
    from community.moderation.actions import flag_post
    from community.notifications.actions import follow
    from search import api as search_api

    # Backdated posts (``at=``) skip the new members' hourly limit, as an import would.
    then = timezone.now() - timedelta(days=3)
    with TestCase.captureOnCommitCallbacks(execute=True):
        author = _member("fuzz_author", 3000)
        writer = _member("fuzz_writer", 3000)
        reader = _member("fuzz_reader", 1)

        def thread(who, kind, title, body, tags, hours):
            return actions.create_thread(
                who, kind=kind, title=title, body=body, tags=list(tags), at=then + timedelta(hours=hours)
            )

        sync = thread(
            author,
            "question",
            "How do I sync my notes offline?",
            "I travel a lot and need my notes without a connection. What works best?",
            ("sync", "offline"),
            1,
        )
        billing = thread(
            author,
            "question",
            "Can I change the billing date of my plan?",
            "My salary arrives on the 5th and the plan renews on the 1st. Can the date move?",
            ("billing",),
            2,
        )
        thread(
            author,
            "question",
            "Why does the export stop at 2,000 notes?",
            "Exporting my archive to Markdown stops after 2,000 notes without any message.",
            ("export",),
            3,
        )
        thread(
            author,
            "tip",
            "Pin your daily note with a keyboard shortcut",
            "Ctrl+Shift+P pins the note you are reading, so tomorrow's template starts from it.",
            ("shortcuts",),
            4,
        )
        thread(
            author,
            "idea",
            "Let me schedule a note to reappear",
            "A reminder that brings a note back to the top of the list on a chosen day would help reviews.",
            ("reminders",),
            5,
        )
        own = thread(
            writer,
            "question",
            "Is there a dark theme for the mobile app?",
            "The desktop app follows the system theme, but the phone app stays white at night.",
            ("mobile",),
            6,
        )
        accepted = actions.post_answer(
            writer, sync, body="Turn on offline mode in Settings, Sync: it keeps a full local copy.", at=then
        )
        actions.post_answer(reader, sync, body="I copy the notes I need into a local folder before I leave.", at=then)
        actions.post_answer(
            author, own, body="Yes: Settings, Appearance, Theme, then choose Follow the system.", at=then
        )
        actions.post_comment(author, thread=sync, body="Does it keep the attachments too?", at=then)
        actions.post_comment(writer, thread=sync, answer=accepted, body="Yes, attachments included.", at=then)
        actions.accept_answer(author, accepted, at=then)
        actions.vote(writer, sync, 1, at=then)
        actions.vote(author, accepted, 1, at=then)
        actions.vote(writer, billing, 1, at=then)
        follow(writer, thread=billing)
        flag_post(writer, billing, reason="off_topic", note="Belongs to the billing help centre.")

        world = World()
        world.path_values = {
            "thread_id": list(Thread.objects.order_by("pk").values_list("pk", flat=True)),
            "answer_id": list(Answer.objects.order_by("pk").values_list("pk", flat=True)),
            "comment_id": list(Comment.objects.order_by("pk").values_list("pk", flat=True)),
            "username": [author.username, writer.username, reader.username],
            "name": list(Tag.objects.order_by("name").values_list("name", flat=True)),
        }
        for who, scope, name in ((reader, "read", "read token"), (writer, "write", "write token")):
            _token, raw = token_actions.create_token(who, name=f"fuzzing ({name})", scope=scope)
            world.tokens[name] = raw
    search_api.refresh()
    return world


@pytest.fixture(scope="module")
def database_search():
    """Search on the database backend: the fuzzing is about the API's answers, and an Elasticsearch node slowed
    down by a busy machine would open the search breaker and turn search reads into 503s at random. The
    Elasticsearch side of search is tested in tests/search/."""
    with override_settings(ELASTICSEARCH_URL=""):
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, database_search):
    if connection.vendor != "postgresql":
        message = "the API fuzzing runs on PostgreSQL: run `make test` (it starts one), or set DATABASE_URL"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield from built_once_per_module(django_db_blocker, _build)


@pytest.fixture(scope="module")
def app():
    """Django's WSGI application on the test's own database connection: Django closes a connection it finds
    inside a transaction when a request starts or ends (``close_old_connections``), which would end the test's
    transaction — its test client unhooks that too."""
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


WRITES = ["POST", "PUT", "PATCH", "DELETE"]


def _load_schema(identity: str, world: World, app):
    """The schema as the application serves it right now — every operation the reads and writes registered —
    with this identity's number of examples per operation."""
    reads, writes = (max(1, round(n * SCALE)) for n in EXAMPLES[identity])
    config = schemathesis.Config.from_dict(
        {
            "seed": 16,
            # The identity is the test's (its token, or none), never a credential schemathesis makes up.
            "generation": {"with-security-parameters": False, "max-examples": reads},
            "phases": {"coverage": {"enabled": COVERAGE, "unexpected-methods": []}},
            "operations": [{"include-method": WRITES, "generation": {"max-examples": writes}}],
        }
    )
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, app, config=config)

    @schema.hook("flatmap_path_parameters")
    def mostly_real_rows(context, path_parameters):
        known = {name: world.path_values[name] for name in path_parameters or () if name in world.path_values}
        if not known:
            return st.just(path_parameters)
        real = st.fixed_dictionaries({name: st.sampled_from(values) for name, values in known.items()})
        return st.one_of(st.just(path_parameters), real.map(lambda chosen: {**path_parameters, **chosen}))

    return schema


@pytest.fixture(scope="module")
def visitor_schema(world, app, django_db_blocker):
    with django_db_blocker.unblock():
        return _load_schema("visitor", world, app)


@pytest.fixture(scope="module")
def read_token_schema(world, app, django_db_blocker):
    with django_db_blocker.unblock():
        return _load_schema("read token", world, app)


@pytest.fixture(scope="module")
def write_token_schema(world, app, django_db_blocker):
    with django_db_blocker.unblock():
        return _load_schema("write token", world, app)


# --- what a refused request may not do -------------------------------------------------------------------------


class Tables:
    """What a refused request may not have changed, checked cheaply: PostgreSQL counts the rows each table had
    inserted, updated or deleted in the current transaction (``pg_stat_xact_user_tables``, the request's rolled
    back attempts included); only the tables whose counts moved are fingerprinted (every column but
    ``MOVES_ON_EVERY_USE``, every row) and compared with the fingerprint taken before the test."""

    COUNTS = "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"

    def __init__(self):
        quote = connection.ops.quote_name
        self.digests: dict[str, str] = {}
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed or meta.db_table in self.digests:
                continue
            skipped = MOVES_ON_EVERY_USE.get(meta.db_table, set())
            columns = ", ".join(quote(f.column) for f in meta.local_concrete_fields if f.column not in skipped)
            self.digests[meta.db_table] = (
                f"SELECT '{meta.db_table}', md5(coalesce(string_agg(ROW({columns})::text, '|' "
                f"ORDER BY {quote(meta.pk.column)}), '')) FROM {quote(meta.db_table)}"
            )
        self.baseline = self.fingerprint(self.digests)

    def counts(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(self.COUNTS)
            return dict(cursor.fetchall())

    def fingerprint(self, tables) -> dict[str, str]:
        unknown = sorted(set(tables) - set(self.digests))
        assert not unknown, f"rows were written in tables no model describes: {unknown}"
        with connection.cursor() as cursor:
            cursor.execute("\nUNION ALL ".join(self.digests[table] for table in sorted(tables)))
            return dict(cursor.fetchall())

    def changed_since(self, counts: dict[str, int]) -> list[str]:
        touched = [table for table, n in self.counts().items() if n != counts.get(table, 0)]
        if not touched:
            return []
        now = self.fingerprint(touched)
        return sorted(table for table in touched if now[table] != self.baseline[table])


# --- the run ---------------------------------------------------------------------------------------------------


@dataclass
class Fuzzer:
    """Sends one example as one identity, checks the answer, and counts what it exercised."""

    identity: str
    headers: dict[str, str]
    tables: Tables
    examples: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)

    def __call__(self, case) -> None:
        __tracebackhide__ = True
        self.examples[case.operation.label] += 1
        with transaction.atomic():
            cache.clear()  # no rate limit, cached page or standing carried from one example to the next
            try:
                before = self.tables.counts()
                response = case.call(headers=self.headers, environ_base=SERVER_ENVIRON)
                self.statuses[response.status_code] += 1
                case.validate_response(response, checks=CHECKS, headers=self.headers)
                if 400 <= response.status_code < 500:
                    changed = self.tables.changed_since(before)
                    assert not changed, (
                        f"{case.operation.label} as {self.identity} was refused ({response.status_code}: "
                        f"{response.text[:300]}) but changed {', '.join(changed)}.\n"
                        f"Reproduce with:\n    {case.as_curl_command(headers=self.headers)}"
                    )
            finally:
                transaction.set_rollback(True)


@pytest.fixture
def fuzz(request, db, world, visitor_schema):
    """``fuzz(identity, case)`` sends one example; after the test, every operation of the schema must have been
    sent as that identity."""
    # schemathesis 4.32 names each operation's report through ``node._nodeid``, which pytest 9.2 renamed; the
    # attribute it reads first is given here (its subtests still carry each operation's label).
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    tables = Tables()
    fuzzers: dict[str, Fuzzer] = {}

    def send(identity: str, case) -> None:
        __tracebackhide__ = True
        if identity not in fuzzers:
            token = world.tokens.get(identity)
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            fuzzers[identity] = Fuzzer(identity=identity, headers=headers, tables=tables)
        fuzzers[identity](case)

    started = time.monotonic()
    yield send
    operations = {result.ok().label for result in visitor_schema.get_all_operations()}
    assert operations, "the API schema lists no operation"
    assert fuzzers, "no example was sent"
    for identity, fuzzer in fuzzers.items():
        exercised = set(fuzzer.examples)
        print(
            f"\nAPI fuzzing as {identity}: {len(exercised)}/{len(operations)} operations, "
            f"{sum(fuzzer.examples.values())} requests in {time.monotonic() - started:.1f} s, "
            f"statuses {dict(sorted(fuzzer.statuses.items()))} {fuzzer.examples}"
        )
        assert exercised == operations, f"operations never exercised as {identity}: {sorted(operations - exercised)}"


def _bounded():
    return hypothesis.settings(
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failing request is reported as sent
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


@_bounded()
@schemathesis.pytest.from_fixture("visitor_schema").parametrize()
def test_every_operation_as_a_visitor(case, fuzz):
    fuzz("visitor", case)


@_bounded()
@schemathesis.pytest.from_fixture("read_token_schema").parametrize()
def test_every_operation_with_a_read_token(case, fuzz):
    fuzz("read token", case)


@_bounded()
@schemathesis.pytest.from_fixture("write_token_schema").parametrize()
def test_every_operation_with_a_write_token(case, fuzz):
    fuzz("write token", case)


# --- what the fuzzing found, kept as plain regression tests (the fuzzer may not draw these again) ------------------


@pytest.mark.parametrize(
    ("method", "path", "extra", "status"),
    [
        # A mistyped address with an unsafe method: was the CSRF middleware's HTML 403.
        ("POST", "/api/v1/threads/null,null/answers", {}, 404),
        # A newline in the path escaped the API's catch-all: was the site's HTML 404.
        ("PUT", "/api/v1/answers/1%0Aq/accept", {}, 404),
        # A NUL in the query: was the site's HTML 400 page.
        ("GET", "/api/v1/search/?q=%00", {}, 400),
        # A multipart body without its boundary: Django's HTML 400 from the NUL guard reading the form.
        ("POST", "/api/v1/threads/", {"content_type": "multipart/form-data", "data": b"x"}, 400),
    ],
)
def test_odd_requests_get_problem_documents(db, world, app, method, path, extra, status):
    from werkzeug.test import Client

    token = world.tokens["write token"]
    response = Client(app).open(
        path, method=method, headers={"Authorization": f"Bearer {token}"}, environ_base=SERVER_ENVIRON, **extra
    )
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == status and response.json["detail"]
