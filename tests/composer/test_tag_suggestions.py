"""Tag suggestions: existing tags starting with what is typed, most used first, with counts, in one query."""

import pytest

pytestmark = pytest.mark.django_db


def test_suggestions_start_with_the_prefix_and_carry_their_counts(client, make_thread, alice, bob):
    make_thread(alice, title="How do I sync my notes offline?", tags=("sync", "offline"))
    make_thread(bob, title="Sync stops after the update", tags=("sync",))
    make_thread(bob, title="Synonyms in search results", tags=("synonyms",))
    make_thread(bob, title="Which async export is best?", tags=("async",))
    data = client.get("/tags-suggest/", {"q": "SYN"}).json()
    assert data == {"tags": [{"name": "sync", "count": 2}, {"name": "synonyms", "count": 1}]}
    assert client.get("/tags-suggest/", {"q": ""}).json() == {"tags": []}


@pytest.mark.parametrize("threads", [1, 30])
def test_suggestions_take_one_query_whatever_the_number_of_tags(
    client, make_thread, alice, django_assert_num_queries, threads
):
    for i in range(threads):
        make_thread(alice, title=f"Question number {i} about tags", tags=(f"tag{i}", "tagged"))
    with django_assert_num_queries(1):
        assert len(client.get("/tags-suggest/", {"q": "tag"}).json()["tags"]) == min(threads + 1, 8)


def test_suggestions_are_throttled(client, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "THROTTLES": {"tag_suggest": {"member": 2, "address": 2}}}
    settings.PAGE_CACHE_SECONDS = 0  # a visitor's answer would otherwise come from the page cache
    for _ in range(2):
        assert client.get("/tags-suggest/", {"q": "s"}).status_code == 200
    response = client.get("/tags-suggest/", {"q": "s"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 429 and "tag suggestions a minute" in response.json()["error"]


def test_the_tag_field_is_a_combobox_only_with_javascript(client_for, alice):
    html = client_for(alice).get("/ask/question/").content.decode()
    assert 'data-suggest-url="/tags-suggest/"' in html
    assert 'role="combobox"' not in html  # the plain text input, until composer.js makes it one
