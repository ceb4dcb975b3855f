"""The home page: the brand's name and a search box, the questions waiting for an answer, the newest threads,
the knowledge base's newest articles and this week's top contributors — in a constant number of queries, and
never stale in the anonymous page cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from community.forum import actions
from community.models import CommunityBrand
from config.page_cache import STATUS_HEADER
from rewards import standings

pytestmark = pytest.mark.django_db


def _section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_the_home_page_names_the_product_and_shows_each_section_with_real_rows(
    client, make_member, live, django_capture_on_commit_callbacks
):
    alice = make_member("alice", reputation=1)
    with django_capture_on_commit_callbacks(execute=True):
        CommunityBrand.objects.create(site=Site.objects.get(is_default_site=True), brand_name="Lumen")
    waiting = live(actions.create_thread, alice, kind="question", title="Where are my offline notebooks kept?",
                   body="I cannot find the folder on my laptop.", tags=["sync"])  # fmt: skip
    answered = live(actions.create_thread, alice, kind="question", title="Can I export everything at once?",
                    body="A full backup of every notebook, please.", tags=["export"])  # fmt: skip
    helper = make_member("helper", reputation=1)  # starting reputation is not this week's
    answer = live(actions.post_answer, helper, answered, body="Settings → Export → All notebooks does it.")
    live(actions.vote, make_member("voter"), answer, 1)
    standings.refresh_standings()

    page = client.get("/").content.decode()
    assert "<h1" in page and "Welcome to the Lumen community" in page
    assert "Questions, answers and tips about Lumen" in page
    assert 'action="/search/"' in page and 'name="q"' in page.split('class="home-search"', 1)[1][:800]

    unanswered = _section(page, "unanswered")
    assert waiting.title in unanswered and answered.title not in unanswered
    assert "1 question waits for an answer" in unanswered
    assert answered.title in _section(page, "newest") and waiting.title in _section(page, "newest")
    top = _section(page, "home-top")
    assert helper.public_name in top and "+10 points" in top
    assert "No articles yet" in _section(page, "home-articles")
    assert 'id="active"' not in page  # no second, nearly identical list


def test_the_home_page_runs_the_same_queries_for_one_and_many_rows(client_for, bob, make_member, live):
    viewer = client_for(make_member("viewer"))  # a reader whose own standing the rows do not change

    def busy(n):
        for i in range(n):
            author = make_member(f"author{n}x{i}")
            thread = live(actions.create_thread, author, kind="question", title=f"Question number {i} of {n} here",
                          body="A body long enough to pass.", tags=["sync", "offline"])  # fmt: skip
            live(actions.post_answer, bob, thread, body=f"An answer to question {i} that is long enough.")
        standings.refresh_standings()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert viewer.get("/").status_code == 200
        return len(ctx.captured_queries)

    busy(1)
    viewer.get("/")  # warm per-process caches (Wagtail's site root, the brand, the articles)
    one = count()
    busy(6)
    viewer.get("/")  # the same warmth: the articles and the brand are cached again
    many = count()
    assert one == many <= 14, (one, many)


def test_a_refreshed_leaderboard_makes_the_cached_home_page_fresh(client, make_member, live):
    alice, bob = make_member("alice", reputation=1), make_member("bob", reputation=1)
    thread = live(actions.create_thread, alice, kind="question", title="Why does search miss accented words?",
                  body="Searching for café finds nothing.", tags=["search"])  # fmt: skip
    answer = live(actions.post_answer, bob, thread, body="Turn on accent folding in Settings → Search.")
    client.get("/")
    client.get("/")
    cached = client.get("/")
    assert cached.headers.get(STATUS_HEADER) == "hit"  # the visitor's copy comes from the cache
    assert bob.public_name not in _section(cached.content.decode(), "home-top")

    live(actions.vote, make_member("voter"), answer, 1)  # the worker refreshes the boards (rewards.tasks)
    standings.refresh_standings()  # as the periodic refresh does, bumping the boards' page-cache tag
    assert bob.public_name in _section(client.get("/").content.decode(), "home-top")
