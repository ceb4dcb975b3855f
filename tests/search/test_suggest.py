"""Search as you type: the header box's suggestions (``search.api.suggest`` and ``/search/suggest/``), on both
backends — thread titles by prefix, tags and members by prefix, never a hidden thread or a suspended or erased
member, nothing under 2 characters, within the search throttle, constant queries, no 500 on odd input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.forum import actions
from community.moderation import actions as moderation
from search import api
from tests.search_support import backend, es_url, post_thread  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

SUGGEST = "/search/suggest/"


def thread_titles(found) -> list[str]:
    return [t.title for t in found.threads]


def test_the_url_is_search_suggest():
    assert reverse("search:suggest") == SUGGEST


def test_titles_are_found_by_the_beginning_of_their_last_word(backend, post_thread):
    post_thread("Sync stops when I go offline", "My phone loses the notes I wrote on the train.")
    post_thread("Exporting a notebook as PDF", "The export button does nothing on my laptop.")
    assert thread_titles(api.suggest("offl")) == ["Sync stops when I go offline"]
    assert thread_titles(api.suggest("sync off")) == ["Sync stops when I go offline"]  # every word, the last a prefix
    assert thread_titles(api.suggest("Export")) == ["Exporting a notebook as PDF"]
    assert thread_titles(api.suggest("velo")) == []
    assert thread_titles(api.suggest("phone")) == []  # the body is not the title


def test_accents_and_case_do_not_matter(backend, post_thread):
    post_thread("Réparer mon vélo après l’hiver", "La chaîne grince depuis l’été dernier, que faire ?")
    assert thread_titles(api.suggest("VELO")) == ["Réparer mon vélo après l’hiver"]
    assert thread_titles(api.suggest("répa")) == ["Réparer mon vélo après l’hiver"]


def test_the_better_thread_comes_first(backend, post_thread, make_member, live):
    voter, other = make_member("voter"), make_member("other")
    post_thread("Calendar reminders come late", "Every reminder is ten minutes late on my phone.")
    liked = post_thread("Calendar reminders on Android", "How do I get reminders on my Android phone?")
    with live():
        actions.vote(voter, liked, 1)
        actions.vote(other, liked, 1)
    assert thread_titles(api.suggest("calendar rem")) == [
        "Calendar reminders on Android",
        "Calendar reminders come late",
    ]


def test_at_most_the_limit_of_threads(backend, post_thread):
    for i in range(7):
        post_thread(f"Printing notebook number {i}", "How do I print this notebook on paper?")
    assert len(api.suggest("print").threads) == 5
    assert len(api.suggest("print", limit=2).threads) == 2


def test_hidden_threads_are_never_suggested(backend, post_thread, make_member, live):
    moderator = make_member("moderator", superuser=True)
    hidden = post_thread("Backup fails every night", "The backup stops at 40 percent since the update.")
    post_thread("Backup to a USB stick", "Can I back up my notes to a stick?")
    with live():
        actions.hide_post(moderator, hidden)
    assert thread_titles(api.suggest("backup")) == ["Backup to a USB stick"]


def test_tags_by_prefix_with_their_thread_counts(backend, post_thread):
    post_thread("Sync on Android", "It does not sync on my phone at all.", tags=["android", "sync"])
    post_thread("Android widget is empty", "The home-screen widget shows nothing.", tags=["android"])
    post_thread("Andromeda theme", "A dark theme named after a galaxy.", tags=["andromeda-theme"])
    found = api.suggest("andr")
    assert [(t.name, t.threads, t.url) for t in found.tags] == [
        ("android", 2, "/tags/android/"),
        ("andromeda-theme", 1, "/tags/andromeda-theme/"),
    ]
    assert [t.name for t in api.suggest("andromeda th").tags] == ["andromeda-theme"]  # spaces as hyphens
    assert api.suggest("#sy").tags[0].name == "sync"


def test_a_tag_synonym_suggests_the_tag_it_stands_for(post_thread, make_member, client, settings):
    """Typing "js" offers javascript, naming the synonym typed; its address leads to javascript's page."""
    settings.ELASTICSEARCH_URL = ""  # tags come from the database on either backend
    post_thread("Closures in loops", "Why does every callback see the last value?", tags=["javascript"])
    post_thread("JSON lines", "One JSON document per line, how to read them?", tags=["jsonl"])
    moderation.add_tag_synonym(make_member("moderator", superuser=True), "js", "javascript")
    found = api.suggest("js")
    assert [(t.name, t.synonym, t.url) for t in found.tags] == [
        ("javascript", "js", "/tags/javascript/"),
        ("jsonl", "", "/tags/jsonl/"),
    ]
    assert api.suggest("java").tags[0].synonym == ""  # matched by its own name: shown as itself
    tags = client.get(SUGGEST, {"q": "js"}).json()["tags"]
    assert tags[0] == {"name": "javascript", "url": "/tags/javascript/", "threads": 1, "synonym": "js"}


def test_a_tag_left_only_on_hidden_threads_is_not_suggested(backend, post_thread, make_member, live):
    moderator = make_member("moderator", superuser=True)
    hidden = post_thread("Linux packages", "Is there a package for my distribution?", tags=["linux"])
    with live():
        actions.hide_post(moderator, hidden)
    assert api.suggest("linu").tags == []


def test_members_by_username_or_display_name_best_reputation_first(backend, make_member):
    make_member("alice", display_name="Alice Liddell", reputation=50)
    make_member("alfred", reputation=900)
    make_member("zed", display_name="Alba Zed", reputation=10)
    found = api.suggest("al")
    assert [(m.username, m.name) for m in found.members] == [
        ("alfred", "alfred"),
        ("alice", "Alice Liddell"),
        ("zed", "Alba Zed"),
    ]
    assert found.members[0].url == "/members/alfred/"
    assert [m.username for m in api.suggest("@LIDD").members] == []  # a prefix of the name, not any part
    assert [m.username for m in api.suggest("@ALI").members] == ["alice"]


def test_suspended_and_erased_members_are_never_suggested(backend, make_member):
    make_member("robin", display_name="Robin Hood")
    make_member("robert", suspended_until=timezone.now() + timedelta(days=3))
    make_member("roberta", suspended_until=timezone.now() - timedelta(days=3))  # the suspension is over
    make_member("rob", is_active=False)  # erased (or deactivated): inactive
    assert sorted(m.username for m in api.suggest("rob").members) == ["roberta", "robin"]


def test_fewer_than_two_characters_suggest_nothing(backend, post_thread, make_member, client):
    post_thread("Sync stops", "Sync stops every morning on my phone.", tags=["sync"])
    make_member("sam")
    for text in ("", "s", " s ", "  ", "s\u200b"):
        assert len(api.suggest(text)) == 0
        response = client.get(SUGGEST, {"q": text})
        assert response.status_code == 200
        assert response.json() == {"query": text.strip("\u200b "), "threads": [], "tags": [], "members": []}
    assert len(api.suggest("\x00s\x00")) == 0  # the API drops control characters (the site answers 400 to a NUL)
    assert len(api.suggest("sy")) == 2  # a thread and a tag (sam does not start with "sy")


def test_the_json_view(backend, post_thread, make_member, client):
    post_thread("Offline mode on iPad", "Offline mode keeps only recent notes.", tags=["offline"])
    make_member("ofelia")
    response = client.get(SUGGEST, {"q": "of"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, max-age=30"
    data = response.json()
    assert data["query"] == "of"
    assert [(t["title"], t["kind"], t["answers"]) for t in data["threads"]] == [("Offline mode on iPad", "question", 0)]
    assert data["threads"][0]["url"].startswith("/t/")
    assert data["tags"] == [{"name": "offline", "url": "/tags/offline/", "threads": 1, "synonym": ""}]
    assert data["members"] == [{"username": "ofelia", "name": "ofelia", "url": "/members/ofelia/", "reputation": 200}]


@pytest.mark.parametrize(
    "text",
    ["(((", ")))", '"', "a\x00b\x00", "x" * 5000, "sync " * 1000, "AND OR NOT", "title: *", "sy*", "—– “«»”", "日本語",
     "🙂🙂", "\u202e\u200bab", "%_%", "sy'; DROP TABLE x; --", "NEAR(a b)", "a:*A & !b", "\\\\"],
)  # fmt: skip
def test_odd_input_never_fails(backend, post_thread, client, text):
    post_thread("Sync stops when offline", "My notes stay on the phone.", tags=["sync"])
    response = client.get(SUGGEST, {"q": text})
    if "\x00" in text:  # config/input_guard.py refuses a NUL anywhere in a request, before any view
        assert response.status_code == 400
        return
    assert response.status_code == 200
    assert set(response.json()) == {"query", "threads", "tags", "members"}


def test_only_get(client):
    assert client.post(SUGGEST, {"q": "sync"}).status_code == 405


def test_each_suggestion_counts_against_the_search_throttle(backend, client, settings, post_thread):
    settings.GUILDHALL = {**settings.GUILDHALL, "THROTTLES": {**settings.GUILDHALL["THROTTLES"]}}
    settings.GUILDHALL["THROTTLES"]["search"] = {"member": 3, "address": 3}
    post_thread("Sync stops when offline", "My notes stay on the phone.")
    for text in ("sy", "syn", "sync"):  # the same budget as searches: anonymous pages are not cached here
        assert client.get(SUGGEST, {"q": text}).status_code == 200
    refused = client.get(SUGGEST, {"q": "sync s"})  # no Accept header: JSON all the same
    assert refused.status_code == 429
    assert "at most 3 searches a minute" in refused.json()["error"]
    assert refused["Cache-Control"] == "no-store"
    assert client.get(reverse("search:search"), {"q": "sync"}).status_code == 429  # one budget with the page


def test_a_member_counts_too(client, make_member, settings, backend):
    settings.GUILDHALL = {**settings.GUILDHALL, "THROTTLES": {**settings.GUILDHALL["THROTTLES"]}}
    settings.GUILDHALL["THROTTLES"]["search"] = {"member": 2, "address": 100}
    client.force_login(make_member("quick"))
    assert [client.get(SUGGEST, {"q": "ab"}).status_code for _ in range(3)] == [200, 200, 429]


def test_constant_queries(backend, post_thread, make_member, client, django_assert_max_num_queries):
    def queries_for(text):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(SUGGEST, {"q": text}).status_code == 200
        return len(captured)

    post_thread("Notes sync slowly", "Every sync takes a minute.", tags=["notes"])
    make_member("notesfan")
    few = queries_for("note")
    for i in range(12):
        post_thread(f"Notes number {i} are lost", "Where did my notes go after the update?", tags=[f"notes-{i}"])
        make_member(f"notes{i}")
    many = queries_for("note")
    assert many == few
    with django_assert_max_num_queries(3):  # titles (database backend only), tags, members
        data = client.get(SUGGEST, {"q": "notes"}).json()
    assert (len(data["threads"]), len(data["tags"]), len(data["members"])) == (5, 3, 3)


def test_an_unavailable_index_leaves_tags_and_members(settings, db, make_member):
    """Elasticsearch away (nothing listens there): the titles are missing, the rest answers, no error."""
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH = {**getattr(settings, "SEARCH", {}), "INDEX_PREFIX": "test-away-", "TIMEOUT": 1}
    make_member("syd")
    found = api.suggest("sy")
    assert found.threads == [] and [m.username for m in found.members] == ["syd"]


def test_the_header_is_the_same_plain_search_for_everyone(client, make_member, settings):
    """The page cache shares anonymous pages: the box only names the endpoint, the script does the rest."""
    settings.PAGE_CACHE_SECONDS = 0
    visitor = client.get("/tags/").content.decode()
    client.force_login(make_member("reader"))
    member = client.get("/tags/").content.decode()
    for html in (visitor, member):
        assert 'data-suggest-url="/search/suggest/"' in html and "search_suggest" in html
        assert 'role="combobox"' not in html and "header-suggestions" not in html
