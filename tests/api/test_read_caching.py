"""The API's reads are cacheable: ETag and Last-Modified on every read, 304 to a conditional request (from the
view or from the anonymous page cache), public for visitors and private for members — and a member's own fields
never reach another reader."""

from __future__ import annotations

import pytest
from django.test import Client

from community.api.models import AccessToken, hash_token, new_raw_token
from community.forum import actions
from config import page_cache
from config.page_cache import STATUS_HEADER
from tests.api.reads_support import api_get

pytestmark = pytest.mark.django_db

READS = [
    "/api/v1/threads/",
    "/api/v1/threads/{thread}",
    "/api/v1/tags/",
    "/api/v1/tags/sync",
    "/api/v1/members/alice",
    "/api/v1/members/alice/reputation",
    "/api/v1/leaderboards/",
    "/api/v1/knowledge/",
    "/api/v1/ideas/",
    "/api/v1/search/?q=offline",
    "/api/v1/threads/{thread}/similar",
]


@pytest.fixture(autouse=True)
def database_search(settings):
    """Search on the database: the same API, without waiting on a busy index (a timeout would be a 503)."""
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def question(alice, make_thread, live):
    return live(make_thread, alice)


@pytest.fixture
def running_clock():
    page_cache.clock()  # a cold cache stores nothing on its first miss (config/page_cache.py)


def _token(member) -> str:
    raw = new_raw_token()
    AccessToken.objects.create(member=member, name="script", hashed=hash_token(raw), hint=raw[:8])
    return raw


@pytest.mark.parametrize("url", READS)
def test_every_read_has_validators_and_answers_304(client, question, url):
    url = url.format(thread=question.pk)
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert {"Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}

    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == response["ETag"]
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_change_gives_a_new_etag_and_moves_last_modified(client, question, bob, live):
    url = f"/api/v1/threads/{question.pk}"
    first = client.get(url)
    live(actions.vote, bob, question, 1)  # the score moves; the thread's last activity does not
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["score"] == 1
    assert changed["ETag"] != first["ETag"]
    # Last-Modified moved too, so a client that only sends If-Modified-Since is not told "not modified".
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=changed["Last-Modified"]).status_code == 304


def test_visitors_reads_are_kept_by_the_page_cache_which_answers_304_itself(client, question, running_clock):
    url = "/api/v1/threads/"
    first = client.get(url)
    second = client.get(url)
    assert (first[STATUS_HEADER], second[STATUS_HEADER]) == ("miss", "hit")
    assert second["ETag"] == first["ETag"] and second.content == first.content
    conditional = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert conditional.status_code == 304 and conditional[STATUS_HEADER] == "hit"


def test_a_new_post_makes_the_cached_list_stale(client, question, alice, make_thread, live, running_clock):
    url = "/api/v1/threads/"
    client.get(url)
    assert client.get(url)[STATUS_HEADER] == "hit"
    newer = live(make_thread, alice, title="A second question, posted after the list was cached")
    response = client.get(url)
    assert response[STATUS_HEADER] == "miss" and response.json()["results"][0]["id"] == newer.pk


def test_a_members_votes_never_reach_another_reader(client, client_for, question, bob, live, running_clock):
    live(actions.vote, bob, question, 1)
    url = f"/api/v1/threads/{question.pk}"
    mine = client_for(bob).get(url)
    assert mine.json()["my_vote"] == 1
    assert "private" in mine["Cache-Control"] and mine[STATUS_HEADER] == "bypass"
    visitor = [client.get(url), client.get(url)]
    assert [r.json()["my_vote"] for r in visitor] == [None, None]
    assert visitor[0]["ETag"] != mine["ETag"]

    token = _token(bob)
    scripted = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert scripted.json()["my_vote"] == 1 and scripted[STATUS_HEADER] == "bypass"
    assert "private" in scripted["Cache-Control"]
    # The visitor's cached copy stays the visitor's.
    assert client.get(url).json()["my_vote"] is None


def test_problems_carry_no_validators(client):
    response, body = api_get(client, "/api/v1/threads/999999")
    assert response.status_code == 404 and not response.has_header("ETag")
