"""Tag pages read their order and count from the tag links, which carry copies of the threads' sort keys
(``TaggedThread``, kept by database triggers): every way a thread changes must show on its tag pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from community.forum import actions, counters
from community.models import TaggedThread, Thread


@pytest.fixture(autouse=True)
def rendered_pages(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the rendering itself (the anonymous page cache has its own tests)


def _listed(client, url) -> list[str]:
    page = client.get(url)
    assert page.status_code == 200
    return [thread.title for thread in page.context["page"].object_list]


def _copies_match_the_threads() -> None:
    for link in TaggedThread.objects.select_related("content_object"):
        thread = link.content_object
        for column, copy in TaggedThread.COPIED.items():
            assert getattr(link, copy) == getattr(thread, column), (thread.title, column)


@pytest.fixture
def threads(alice):
    start = timezone.now() - timedelta(days=3)
    made = {}
    for day, title in enumerate(("Oldest sync question", "Middle sync question", "Newest sync question")):
        made[title] = actions.create_thread(
            alice,
            kind="question",
            title=title,
            body="A body long enough to pass the checks.",
            tags=["sync"],
            at=start + timedelta(days=day),
        )
    return made


def test_answers_votes_and_hiding_reorder_and_recount_the_tag_page(client, alice, bob, moderator, threads):
    assert _listed(client, "/tags/sync/") == ["Newest sync question", "Middle sync question", "Oldest sync question"]

    actions.post_answer(bob, threads["Oldest sync question"], body="An answer that makes this thread active.")
    assert _listed(client, "/tags/sync/")[0] == "Oldest sync question"
    assert "Oldest sync question" not in _listed(client, "/tags/sync/unanswered/")

    actions.vote(bob, threads["Middle sync question"], 1)
    assert _listed(client, "/tags/sync/top/")[0] == "Middle sync question"

    actions.hide_post(moderator, threads["Newest sync question"])
    page = client.get("/tags/sync/")
    assert "Newest sync question" not in _listed(client, "/tags/sync/")
    assert page.context["page"].paginator.count == 2

    actions.restore_post(moderator, threads["Newest sync question"])
    assert "Newest sync question" in _listed(client, "/tags/sync/newest/")
    _copies_match_the_threads()


def test_retagging_moves_a_thread_between_tag_pages_with_its_sort_keys(client, alice, threads):
    middle = threads["Middle sync question"]
    actions.edit_thread(alice, middle, title=middle.title, body=middle.body_md, tags=["offline"])
    assert "Middle sync question" not in _listed(client, "/tags/sync/")
    assert _listed(client, "/tags/offline/") == ["Middle sync question"]
    _copies_match_the_threads()  # the new link was filled from the thread (an edit made it active, too)


def test_a_kind_filter_and_bulk_writes_are_kept_too(client, alice, threads):
    actions.create_thread(alice, kind="tip", title="A sync tip", body="A tip long enough to pass.", tags=["sync"])
    assert _listed(client, "/tags/sync/?kind=tip") == ["A sync tip"]
    # Writes that bypass the actions (imports, repairs, a manual UPDATE) are seen by the database triggers.
    Thread.objects.filter(title="Oldest sync question").update(score=42)
    assert _listed(client, "/tags/sync/top/")[0] == "Oldest sync question"
    _copies_match_the_threads()


def test_the_copies_can_always_be_recomputed_from_the_threads(alice, threads):
    with connection.cursor() as cursor:  # a drift no trigger would make: only a manual edit of the links
        cursor.execute(f"UPDATE {TaggedThread._meta.db_table} SET thread_score = 999, thread_is_deleted = TRUE")
    counters.refresh_links(Thread.objects.values_list("pk", flat=True))
    _copies_match_the_threads()
