"""Elasticsearch specifics against the real server: analyzers, versioned indices, zero-downtime reindex,
the database task backend, and an outage on a second node that really stops."""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.urls import reverse

from community.forum import actions
from search import api
from search.backends import get_backend
from search.models import PendingUpdate
from tests.search_support import _use_elasticsearch, backend, elasticsearch, es_url, post_thread, titles  # noqa: F401
from tests.services import elasticsearch_node, es_script

pytestmark = pytest.mark.django_db


def _analyze(analyzer: str, text: str) -> list[str]:
    b = get_backend()
    b.ensure_index("threads")
    result = b.client.indices.analyze(index=b.alias("threads"), analyzer=analyzer, text=text)
    return [t["token"] for t in result["tokens"]]


def test_english_and_french_analyzers(elasticsearch):
    assert _analyze("english_text", "Running the syncs of John's notes") == ["run", "sync", "john", "note"]
    assert _analyze("french_text", "Les vélos de l'été") == ["velo", "ete"]
    assert _analyze("english_text", "How do I export?") == ["export"]  # question words are stop words


def test_indices_are_versioned_behind_an_alias(elasticsearch, post_thread):
    post_thread("First thread in a fresh index", "Body text.")
    b = get_backend()
    first = b.indices_behind(b.alias("threads"))
    assert len(first) == 1 and first[0].startswith(b.alias("threads") + "-v")
    call_command("search_reindex", "--no-progress")
    second = b.indices_behind(b.alias("threads"))
    assert len(second) == 1 and second != first
    assert not b.client.indices.exists(index=first[0])  # the old index is gone
    mapping = b.client.indices.get_mapping(index=second[0])[second[0]]["mappings"]["properties"]
    assert mapping["title"]["analyzer"] == "english_text"
    assert mapping["title"]["fields"]["fr"]["analyzer"] == "french_text"


def test_reindex_swaps_the_alias_while_searches_keep_working(
    elasticsearch, post_thread, live, make_member, moderator, django_capture_on_commit_callbacks
):
    author = make_member("lamplighter")
    threads = [post_thread(f"Lantern model {i:02d}", "Lanterns for the garden.", author=author) for i in range(30)]
    # Written without events: only a rebuild from the database finds it.
    with django_capture_on_commit_callbacks(execute=False):
        actions.create_thread(
            author,
            kind="question",
            title="Lantern from the database only",
            body="Nobody told the index about this lantern.",
            tags=["garden"],
        )
    assert api.search("lantern").total == 30
    b = get_backend()
    (old,) = b.indices_behind(b.alias("threads"))

    errors, counts, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                counts.append(api.search("lantern").total)
            except Exception as exc:  # any failure during the rebuild is a test failure
                errors.append(exc)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    seen = {}

    def before_swap(new_index):
        seen["before"] = api.search("lantern").total  # still the old index: 30, not 31
        with live():  # live writes during the rebuild reach the new index too
            actions.edit_thread(
                author, threads[0], title="Lantern renamed zeppelin", body="Now it is a zeppelin.", tags=["garden"]
            )
            actions.hide_post(moderator, threads[1])
        seen["after"] = api.search("lantern").total  # the old index has the live changes as well

    try:
        new = api.reindex(before_swap=before_swap, batch_size=7)
    finally:
        stop.set()
        searcher.join()
    api.refresh()
    assert not errors and len(counts) > 3 and min(counts) >= 29
    assert (seen["before"], seen["after"]) == (30, 29)
    assert b.indices_behind(b.alias("threads")) == [new] and new != old
    assert not b.client.indices.exists(index=old)
    assert not b.client.indices.exists_alias(name=b.alias("threads") + "-next")
    assert api.search("lantern").total == 30  # 31 written, 1 hidden
    assert titles(api.search("zeppelin")) == ["Lantern renamed zeppelin"]
    assert titles(api.search('"database only"')) == ["Lantern from the database only"]


@pytest.mark.django_db(transaction=True)  # the worker opens its own (exclusive, on SQLite) transactions
def test_database_task_backend_and_worker(backend, settings, make_member):
    """Production: the event enqueues a task row; the indexing happens when a worker runs it."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    actions.create_thread(
        make_member("queued"),
        kind="question",
        title="Queued for the worker",
        body="This waits for the background worker.",
        tags=["queue"],
    )
    api.refresh()
    assert api.search("queued worker").total == 0
    # The search update's task (other packages may queue their own, e.g. the rewards' standings refresh).
    assert DBTaskResult.objects.filter(task_path__startswith="search.").count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    api.refresh()
    assert titles(api.search("queued worker")) == ["Queued for the worker"]
    assert not PendingUpdate.objects.exists()


# --- an outage on a second, throwaway node --------------------------------------------------------


@pytest.fixture
def second_node(es_url):
    """A throwaway Elasticsearch node of our own, so stopping it disturbs no other test."""
    with elasticsearch_node("guildhall-es-outage-") as node:
        yield node


def test_outage_queues_updates_and_loses_nothing(
    second_node,
    settings,
    db,
    post_thread,
    live,
    make_member,
    moderator,
    client,
    client_for,
    django_capture_on_commit_callbacks,
):
    node_dir, url = second_node
    _use_elasticsearch(settings, url)
    member = make_member("keeper")
    lighthouse = post_thread("Lighthouse lamp maintenance", "How often should the lamp be cleaned?")
    doomed = post_thread("Lighthouse paint colours", "Which paint lasts on the tower?")
    assert api.search("lighthouse").total == 2

    es_script("halt", node_dir)  # the server process really stops

    # Posting keeps working: a new thread through the web form, an answer, a deletion.
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member).post(
            reverse("community:ask"),
            {
                "kind": "question",
                "title": "Lighthouse foghorn schedule",
                "body": "When does the foghorn sound?",
                "tags": "sound",
            },
        )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_answer(member, lighthouse, body="Clean the Fresnel lens every week with a soft cloth.")
        actions.hide_post(moderator, doomed)
    pending = PendingUpdate.objects.all()
    assert pending.count() >= 3 and all(p.attempts >= 1 and "unreachable" in p.last_error for p in pending)

    # Reading degrades politely.
    page = client.get(reverse("search:search"), {"q": "lighthouse"})
    assert page.status_code == 503 and b"Search is taking a break" in page.content
    assert api.similar("Lighthouse lamp cleaning schedule") == []
    assert client_for(member).get(reverse("community:ask")).status_code == 200

    es_script("resume", node_dir)  # back on the same port, with its data

    call_command("search_sync", verbosity=0)
    api.refresh()
    assert not PendingUpdate.objects.exists()
    assert sorted(titles(api.search("lighthouse"))) == ["Lighthouse foghorn schedule", "Lighthouse lamp maintenance"]
    assert titles(api.search("fresnel lens")) == ["Lighthouse lamp maintenance"]
    assert api.search("paint colours").total == 0
