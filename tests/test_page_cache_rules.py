"""Which requests and responses the anonymous page cache (config/page_cache.py) leaves alone, in-process.

Only a ``GET`` from a visitor without a session is served from the cache, and only a response that is the
same for everyone is stored: a page holding a CSRF token (tied to one browser) or varying on ``Accept`` (HTML
for browsers, JSON for scripts) is rendered for each request. "Stored" is observed as a later ``hit``; each
test starts the cache's clock first (``page_cache.clock()``), as a cold cache stores nothing on its first miss.
"""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils.cache import patch_vary_headers

from config import page_cache
from config.page_cache import STATUS_HEADER


def _plain(request):
    return HttpResponse("<p>The same page for everyone.</p>")


def _negotiated(request):
    """Like a write view answering JSON to scripts and HTML to browsers: the response depends on Accept."""
    response = HttpResponse("<p>HTML for browsers.</p>")
    patch_vary_headers(response, ["Accept"])
    return response


urlpatterns = [path("plain/", _plain), path("negotiated/", _negotiated)]


@pytest.fixture
def running_clock():
    page_cache.clock()


def statuses(client: Client, url: str, times: int = 2, **kwargs) -> list[str]:
    return [client.get(url, **kwargs)[STATUS_HEADER] for _ in range(times)]


@pytest.mark.django_db
def test_a_page_for_everyone_is_stored_and_served(client, running_clock):
    """The control for every test below: the list page is cacheable."""
    assert statuses(client, "/threads/") == ["miss", "hit"]


@pytest.mark.django_db
def test_posts_bypass_the_cache(client, running_clock):
    assert client.post("/threads/")[STATUS_HEADER] == "bypass"
    assert client.post("/t/1/answer", {"body": "An answer from nobody."})[STATUS_HEADER] == "bypass"
    assert statuses(client, "/threads/") == ["miss", "hit"], "the posts stored nothing"


@pytest.mark.django_db
def test_head_requests_bypass_the_cache_and_store_nothing(client, running_clock):
    assert client.head("/threads/")[STATUS_HEADER] == "bypass"
    assert statuses(client, "/threads/") == ["miss", "hit"]
    assert client.head("/threads/")[STATUS_HEADER] == "bypass", "not even when a copy is stored"


@pytest.mark.django_db
def test_a_member_with_a_session_never_gets_the_anonymous_copy(client, client_for, alice, running_clock):
    assert statuses(client, "/threads/") == ["miss", "hit"]
    response = client_for(alice).get("/threads/")
    assert response[STATUS_HEADER] == "bypass"
    assert b"Alice Liddell" in response.content and b"Alice Liddell" not in client.get("/threads/").content


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_any_personal_cookie_bypasses_the_cache(client, cookie, running_clock):
    """Even an unknown session key: the cache never decides whether a session is real."""
    assert statuses(client, "/threads/") == ["miss", "hit"]
    visitor = Client()
    visitor.cookies[cookie] = "anything"
    assert statuses(visitor, "/threads/") == ["bypass", "bypass"]


@pytest.mark.django_db
def test_a_page_that_used_a_csrf_token_is_never_stored(client, running_clock):
    first = client.get("/accounts/login/")
    assert b"csrfmiddlewaretoken" in first.content, "the log-in page holds a token"
    assert first[STATUS_HEADER] == "miss"
    assert statuses(client, "/accounts/login/", times=3) == ["miss", "miss", "miss"]
    assert statuses(Client(), "/accounts/login/", times=2) == ["miss", "miss"], "nor for a new visitor"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_response_that_varies_on_accept_is_never_stored(client, running_clock):
    assert statuses(client, "/plain/") == ["miss", "hit"]
    response = client.get("/negotiated/")
    assert "Accept" in response["Vary"] and response[STATUS_HEADER] == "miss"
    assert statuses(client, "/negotiated/", times=3) == ["miss", "miss", "miss"]


@pytest.mark.django_db
def test_a_new_release_never_serves_the_last_releases_pages(client, settings):
    """A deploy changes templates and code: pages stored by the old release must not be replayed by the new."""
    from config import page_cache

    settings.PAGE_CACHE_SECONDS = 300
    settings.GUILDHALL_RELEASE = "release-1"
    page_cache.release.cache_clear()
    page_cache.clock()  # a cold cache stores nothing on its first miss
    try:
        assert client.get("/tags/")["X-Page-Cache"] == "miss"
        assert client.get("/tags/")["X-Page-Cache"] == "hit"
        settings.GUILDHALL_RELEASE = "release-2"
        page_cache.release.cache_clear()  # a new process of the new release
        assert client.get("/tags/")["X-Page-Cache"] == "miss"
    finally:
        page_cache.release.cache_clear()


def test_the_release_is_a_digest_of_the_files_the_same_in_every_process(settings):
    import subprocess
    import sys

    from config import page_cache

    settings.GUILDHALL_RELEASE = ""
    page_cache.release.cache_clear()
    code = "import django; django.setup(); from config import page_cache; print(page_cache.release())"
    env = {**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings", "GUILDHALL_RELEASE": ""}
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    try:
        assert other.stdout.strip() == page_cache.release() != ""
    finally:
        page_cache.release.cache_clear()
