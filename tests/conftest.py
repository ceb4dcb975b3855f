"""Shared fixtures: real members and real posts made through community.actions."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from contextlib import contextmanager

import pytest
from django.db import connection

from community.forum import actions
from community.models import Member

_counter = itertools.count(1)


@pytest.fixture
def make_member(db):
    def make(
        username: str | None = None, *, staff: bool = False, superuser: bool = False, reputation: int = 200, **extra
    ) -> Member:
        """A verified member. ``reputation`` defaults to 200: every privilege but editing others' posts."""
        username = username or f"member{next(_counter)}"
        member = Member.objects.create_user(
            username=username,
            email=f"{username}@example.com",
            password="correct horse battery staple",
            is_staff=staff or superuser,
            is_superuser=superuser,
            **extra,
        )
        from allauth.account.models import EmailAddress
        from django.contrib.auth.models import Group

        EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
        if staff:
            member.groups.add(Group.objects.get(name="Moderators"))
        if reputation > 1:
            from rewards import api as rewards_api

            rewards_api.adjust(member, reputation - 1, note="starting reputation for a test")
        return member

    return make


@pytest.fixture
def alice(make_member):
    return make_member("alice", display_name="Alice Liddell")


@pytest.fixture
def bob(make_member):
    return make_member("bob")


@pytest.fixture
def moderator(make_member):
    return make_member("mod", staff=True)


@pytest.fixture
def make_thread(db):
    def make(author, *, kind="question", title="How do I sync my notes offline?", body=None, tags=("sync",)):
        return actions.create_thread(
            author,
            kind=kind,
            title=title,
            body=body or "I travel a lot and need my notes without a connection. What works?",
            tags=list(tags),
        )

    return make


@pytest.fixture
def make_answer(db):
    def make(author, thread, body="Turn on offline mode in Settings → Sync; it keeps a local copy."):
        return actions.post_answer(author, thread, body=body)

    return make


@pytest.fixture
def client_for(client):
    """A test client logged in as ``member`` (a fresh client each call)."""
    from django.test import Client

    def login(member) -> Client:
        c = Client()
        c.force_login(member)
        return c

    return login


@pytest.fixture
def require_postgres(db):
    """Tests that need PostgreSQL fail in CI without it, and skip on a laptop without it."""
    if connection.vendor != "postgresql":
        message = "needs PostgreSQL: run `make test` (it starts one), or set DATABASE_URL"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached fragments live in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language: a request leaves the language it chose (LocaleMiddleware, a
    member's saved language) active in the thread, and a French page must not make the next test French."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Real hashing is deliberately slow; tests check behaviour, not key stretching."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures)
    )


_db_blocker = []


@pytest.fixture(scope="session", autouse=True)
def _keep_the_db_blocker(django_db_blocker):
    _db_blocker.append(django_db_blocker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, the migration-made rows come back at once, not only when the next
    transactional test starts: pytest-django runs transactional tests last, but a worker of the full run
    (scripts/test.sh, pytest-xdist) takes whole files, so ordinary tests may follow one there."""
    yield
    if nextitem is None or not _is_transactional(item) or _is_transactional(nextitem) or not _db_blocker:
        return
    from django.db import connections

    with _db_blocker[0].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


def pytest_collection_modifyitems(items):
    """Transactional tests (real commits: concurrency, browser, outage) end with a flush that would also wipe
    what migrations put in the database (the Moderators group, rule profiles, badges, the home page).
    Serialized rollback puts it back for the next one; every transactional test uses it, so that no flush
    re-creates content types behind another's back."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False)


def run_at_once(members, work) -> list[Exception]:
    """Run ``work(member)`` for every member in its own thread (and database connection), all released
    together by a barrier; return the exceptions raised. For the concurrency tests on PostgreSQL."""
    import threading

    from django.db import close_old_connections, connection

    barrier = threading.Barrier(len(members))
    errors: list[Exception] = []

    def run(member):
        try:
            barrier.wait(timeout=30)
            work(member)
        except Exception as exc:  # reported to the caller
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(m,)) for m in members]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    close_old_connections()
    return errors


@pytest.fixture
def live(django_capture_on_commit_callbacks):
    """Deliver events as after a real commit — the one ``live`` fixture of the suite.

    ``live(actions.vote, member, post, 1)`` runs one action with its events delivered; ``with live(): …`` runs
    a block the same way and then refreshes the search index, so a search right after sees the changes.
    """

    @contextmanager
    def block():
        from search import api

        with django_capture_on_commit_callbacks(execute=True):
            yield
        api.refresh()

    def run(fn=None, *args, **kwargs):
        if fn is None:
            return block()
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


# --- the real browser: Debian's headless Chromium through Playwright -----------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Chromium:
    """One Playwright driver and one Chromium per test process, started by the first browser test.

    Starting both costs seconds (more on a busy machine), a fresh context per test milliseconds; every test
    still starts from a browser with no page, cookie or storage of another test (``browser`` closes what the
    test opened). Between browser tests the event loop of Playwright's sync API is parked: the API marks its
    loop as running in this thread while it is in use, and any other test must run in a thread without one,
    as it would if no browser test had run before it.
    """

    def __init__(self):
        self.manager = self.browser = self.loop = None

    def start(self):
        if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
            message = f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(message)
            pytest.skip(message)
        # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are synchronous
        # and safe.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        if self.manager is None:
            from playwright.sync_api import sync_playwright

            self.manager = sync_playwright()
            self.playwright = self.manager.start()
            self.loop = asyncio.get_running_loop()
        else:
            asyncio._set_running_loop(self.loop)  # Playwright's own state, as its sync calls left it
        if self.browser is None or not self.browser.is_connected():  # the first test, or a crash before
            self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        return self.browser

    def finish_test(self):
        try:
            for context in self.browser.contexts:
                context.close()
        finally:
            asyncio._set_running_loop(None)

    def stop(self):
        if self.manager is None:
            return
        asyncio._set_running_loop(self.loop)
        try:
            if self.browser is not None and self.browser.is_connected():
                self.browser.close()
        finally:
            self.manager.__exit__(None, None, None)
            self.manager = None


@pytest.fixture(scope="session")
def _chromium():
    chromium = _Chromium()
    yield chromium
    chromium.stop()


@pytest.fixture
def browser(_chromium):
    """The process's headless Chromium, with no page or context left by an earlier test (they are closed after
    each test). ``browser.new_page()`` or ``browser.new_context(...)`` as with a browser of one's own."""
    browser = _chromium.start()
    try:
        yield browser
    finally:
        if _chromium.browser is not None:
            _chromium.finish_test()
