"""Pages run a constant number of SQL queries, whatever the number of answers, comments or rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.forum import actions

THREAD_PAGE_BUDGET = 12


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def crowd(make_member):
    return [make_member(f"crowd{i}") for i in range(10)]


def _busy_thread(owner, crowd, answers: int):
    thread = actions.create_thread(
        owner,
        kind="question",
        title=f"A thread with {answers} answers",
        body="Body text long enough.",
        tags=["sync", "offline", "ios"],
    )
    for i in range(answers):
        answer = actions.post_answer(crowd[i % len(crowd)], thread, body=f"Answer number {i} with enough text.")
        actions.post_comment(owner, thread=thread, answer=answer, body=f"comment on {i}")
        actions.post_comment(crowd[(i + 1) % len(crowd)], thread=thread, answer=answer, body=f"another comment on {i}")
        actions.vote(owner, answer, 1)
    actions.post_comment(crowd[0], thread=thread, body="a comment on the question")
    if answers:
        actions.accept_answer(owner, thread.answers.first())
    return thread


@pytest.mark.parametrize("viewer", ["anonymous", "member", "moderator"])
def test_thread_page_queries_do_not_grow_with_answers_and_comments(client_for, client, alice, moderator, crowd, viewer):
    small = _busy_thread(alice, crowd, 1)
    large = _busy_thread(alice, crowd, 50)
    c = {"anonymous": client, "member": client_for(alice), "moderator": client_for(moderator)}[viewer]
    c.get("/")  # the first page of the day records the visit and checks for new badges: not per-page work
    few = _queries(c, small.get_absolute_url())
    many = _queries(c, large.get_absolute_url())
    assert few == many <= THREAD_PAGE_BUDGET


def _threads(author, n, tag_sets=(("sync",), ("sync", "offline", "ios", "android", "api"))):
    for i in range(n):
        actions.create_thread(
            author,
            kind="question" if i % 3 == 1 else "tip",
            title=f"Thread number {i} in the list",
            body="A body long enough to pass.",
            tags=list(tag_sets[i % len(tag_sets)]),
        )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/threads/",
        "/threads/newest/",
        "/threads/unanswered/",
        "/threads/top/?kind=tip",
        "/tags/",
        "/tags/sync/",
        "/members/alice/",
        "/members/bob/",  # the viewer's own profile, with their first-steps checklist (community/onboarding)
    ],
)
def test_lists_run_the_same_queries_for_1_and_50_rows(client_for, alice, bob, url):
    viewer = client_for(bob)
    _threads(alice, 2)  # one tip, one question: every list has a row
    viewer.get(url)  # warm per-process caches (Wagtail's site root) so both counts are steady-state
    one = _queries(viewer, url)
    _threads(alice, 48)
    fifty = _queries(viewer, url)
    assert one == fifty, f"{url}: {one} queries with 1 row, {fifty} with 50"
    assert fifty <= 12


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_thread_page_queries_are_constant_on_a_cold_cache_and_fewer_on_a_warm_one(
    client_for, client, alice, crowd, viewer
):
    """Cache misses (a cold or flushed cache) still run a constant number of queries; a warm cache serves an
    anonymous visitor the whole page with none, and a member the shared parts of it (config/page_cache.py)."""
    small = _busy_thread(alice, crowd, 1)
    large = _busy_thread(alice, crowd, 30)
    c = client if viewer == "anonymous" else client_for(crowd[0])
    c.get("/")
    counts = {}
    for name, thread in (("small", small), ("large", large)):
        cache.clear()
        counts[f"cold {name}"] = _queries(c, thread.get_absolute_url())
        c.get(thread.get_absolute_url())  # the cold cache had no clock yet: this render is the one stored
        counts[f"warm {name}"] = _queries(c, thread.get_absolute_url())
    # A flushed cache also refills what every page reads once (session, rules, visit, unread counts, and the
    # brand the header names: its site and its row, community/site/brand.py), and the question's bounties, kept
    # under the thread's version (community/bounties/queries.py).
    assert counts["cold small"] == counts["cold large"] <= THREAD_PAGE_BUDGET + 9, counts
    assert counts["warm small"] == counts["warm large"] < counts["cold large"], counts
    # A member's row, standing, votes and follows come from the shared cache too (community/core/auth.py).
    assert counts["warm large"] == 0, counts


def _anonymous_queries(client, url):
    """Queries of one anonymous render with the per-process caches warm (the expertise list is cached)."""
    client.get(url)
    return _queries(client, url)


def test_tag_page_runs_no_more_queries_than_the_thread_list(client, settings, alice, bob, live):
    """Issue "Page speed": the tag row comes with the threads' prefetched tags and the experts from the shared
    cache, so a warm tag page costs what /threads/ costs (the count, the page, its tags). Its output is the same
    as the plain way's (tag row + COUNT), checked page by page."""
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the anonymous page cache
    _threads(alice, 30)
    question = actions.create_thread(
        alice, kind="question", title="Which sync mode?", body="A body long enough to pass.", tags=["sync"]
    )
    # With its events delivered: the experts are a stored ranking refreshed on them (community/team/experts.py).
    answer = live(actions.post_answer, bob, question, body="Use the offline sync mode, it works.")
    live(actions.accept_answer, alice, answer)

    client.get("/tags/sync/")  # the cache's clock starts: the experts list is kept from the next view on
    listed = _anonymous_queries(client, "/threads/")
    tagged = _anonymous_queries(client, "/tags/sync/")
    assert tagged <= listed, f"/tags/sync/ ran {tagged} queries, /threads/ {listed}"
    page = client.get("/tags/sync/?page=2")
    assert page.context["page"].paginator.count == 31 and page.context["page"].number == 2
    assert bob.get_absolute_url() in client.get("/tags/sync/").content.decode()  # the expert is still shown

    # Past the end, odd page numbers and unknown tags keep Django's rules (last page, first page, 404).
    assert client.get("/tags/sync/?page=99").context["page"].number == 2
    assert client.get("/tags/sync/?page=x").context["page"].number == 1
    assert client.get("/tags/nope/").status_code == 404
