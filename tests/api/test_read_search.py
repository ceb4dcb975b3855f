"""GET /api/v1/search/ and /threads/{id}/similar: the search page's results (same query syntax, filters, sorts)
under the same rate limits, answered as problems when refused."""

from __future__ import annotations

import pytest

from tests.api.reads_support import api_get

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_search(settings):
    """Search on the database backend: the same search.api, without waiting on a busy index."""
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def posts(alice, bob, make_thread, make_answer, live):
    with live():
        question = make_thread(alice, title="How do I sync my notes offline on Android?", tags=("sync", "android"))
        make_answer(bob, question, body="Turn on offline mode in Settings, then sync once on Wi-Fi.")
        tip = make_thread(bob, kind="tip", title="Tip: sync your notes offline before a flight", tags=("sync",))
    return question, tip


def test_search_finds_what_the_search_page_finds(client, posts):
    question, tip = posts
    response, body = api_get(client, "/api/v1/search/?q=offline")
    assert response.status_code == 200
    assert {hit["id"] for hit in body["results"]} == {question.pk, tip.pk} and body["total"] == 2
    page = client.get("/search/?q=offline").content.decode()
    assert f"/t/{question.pk}/" in page and f"/t/{tip.pk}/" in page
    _, tips = api_get(client, "/api/v1/search/?q=offline&kind=tip")
    assert [hit["id"] for hit in tips["results"]] == [tip.pk]
    _, answered = api_get(client, "/api/v1/search/?q=offline&status=answered")
    assert [hit["id"] for hit in answered["results"]] == [question.pk]
    _, tagged = api_get(client, "/api/v1/search/?q=offline&tag=android")
    assert [hit["id"] for hit in tagged["results"]] == [question.pk]
    _, by_bob = api_get(client, "/api/v1/search/?q=offline&user=bob")
    assert [hit["id"] for hit in by_bob["results"]] == [tip.pk]
    assert "<mark>" in tips["results"][0]["title_html"]


def test_bad_search_input_is_a_problem(client, posts):
    for url in ["/api/v1/search/", "/api/v1/search/?q=", "/api/v1/search/?q=x&sort=best", "/api/v1/search/?q=x&page=0"]:
        response, body = api_get(client, url)
        assert response.status_code == 422 and response["Content-Type"] == "application/problem+json", url


def test_search_shares_the_sites_rate_limit(client, posts, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "THROTTLES": {**settings.GUILDHALL["THROTTLES"]}}
    settings.GUILDHALL["THROTTLES"]["search"] = {"member": 2, "address": 2}
    assert [client.get(f"/api/v1/search/?q=offline&page={n}").status_code for n in (1, 2)] == [200, 200]
    response, body = api_get(client, "/api/v1/search/?q=offline&page=3")
    assert response.status_code == 429 and "at most 2 searches a minute" in body["detail"]
    assert client.get("/search/?q=notes").status_code == 429  # the same counter as the search page


def test_similar_threads_leave_the_thread_out(client, posts, make_thread, alice, live):
    question, tip = posts
    response, body = api_get(client, f"/api/v1/threads/{question.pk}/similar")
    assert response.status_code == 200
    ids = [hit["id"] for hit in body["results"]]
    assert question.pk not in ids and tip.pk in ids
    assert api_get(client, "/api/v1/threads/999999/similar")[0].status_code == 404
