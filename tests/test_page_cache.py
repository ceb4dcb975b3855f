"""The anonymous page cache, "never stale, never leaked" (issue 11, point 3), proved with real processes.

Two gunicorn nodes with one sync worker each share PostgreSQL and Redis: members act on node A, anonymous
visitors read from node B, so every page served from the cache on B was stored by another process and every
invalidation crossed processes through Redis (config/page_cache.py, community/core/freshness.py). Each test
first makes sure the page really comes from the cache (``X-Page-Cache: hit``), so an assertion on fresh data
after an event could not pass simply because nothing was cached.

Note: tests/conftest.py empties the shared cache before every test, so each test starts from a cold cache.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
import pytest
import redis
import requests

from community.core.fragments import CSRF_SENTINEL
from community.forum.models import Thread
from config.page_cache import PAGE_PREFIX, STATUS_HEADER, VERSION_PREFIX
from tests.production_site import Browser, ProductionSite

pytestmark = pytest.mark.postgres

PASSWORD = "correct horse battery staple"
PAGE_CACHE_SECONDS = 120  # set on the site, so the TTL check proves the setting is honoured
HOST = Browser.HOST

SEED = f"""
import json
from django.contrib.auth.models import Group
from allauth.account.models import EmailAddress
from community.forum import actions
from community.forum.models import Answer
from community.models import Member
from rewards import api as rewards_api

def member(username, display_name, moderator=False):
    m = Member.objects.create_user(username=username, email=username + "@example.com", password={PASSWORD!r},
                                   display_name=display_name)
    EmailAddress.objects.create(user=m, email=m.email, verified=True, primary=True)
    if moderator:
        m.groups.add(Group.objects.get(name="Moderators"))
    rewards_api.adjust(m, 199, note="seed")
    return m

alice = member("alice", "Alice Asker")
bob = member("bob", "Bob Brewer")
carol = member("carol", "Carol Cellar")
mod = member("mod", "Mo Derator", moderator=True)
seeded = {{}}

def thread(name, title, *, author=alice, kind="question", tags=("lagering",), answer=None):
    t = actions.create_thread(author, kind=kind, title=title, tags=list(tags),
                              body="The details of " + title.lower() + " as I see them.")
    entry = {{"pk": t.pk, "url": t.get_absolute_url(), "title": t.title}}
    if answer:
        entry["answer"] = actions.post_answer(bob, t, body=answer).pk
        entry["answer_body"] = answer
    seeded[name] = entry
    return entry

thread("answer_posted", "Which yeast makes a crisp pilsner?")
thread("thread_edited", "How cold should a cellar be for ales?")
thread("answer_edited", "Does dry hopping change bitterness?", answer="Barely: dry hops add aroma, not bitterness.")
thread("vote", "Is a secondary fermenter worth the trouble?")
thread("accept", "Why did my cider finish so dry?", answer="Wild yeast ate every last sugar; add lactose.")
thread("hide", "What gravity should a stout start at?", answer="Around 1.060 for a classic dry stout.")
thread("restore", "How long can wort wait before pitching?", answer="A few hours if it is covered and cool.")
actions.hide_post(bob, Answer.objects.get(pk=seeded["restore"]["answer"]))
thread("tag_merge", "Should fermenting beer be kept dark?", tags=("fermenting-old",))
thread("idea_status", "Idea: a brew-day timer on every recipe", kind="idea")
thread("profile", "Bottle conditioning with table sugar, a tip", author=bob, kind="tip")
thread("private", "Can I reuse yeast from a previous batch?", tags=("fermentation",),
       answer="Yes, rinse the slurry and pitch it within two weeks.")
thread("cold", "What is the best water for a lager?")
thread("flushed", "How much priming sugar per litre?")
print("SEEDED " + json.dumps(seeded))
"""


# --- the site ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site():
    """One site, two web nodes (A for members, B for anonymous visitors), members logged in on A."""
    with ProductionSite.create("pagecache", PAGE_CACHE_SECONDS=str(PAGE_CACHE_SECONDS)) as site:
        out = site.shell(SEED, timeout=180)
        match = re.search(r"^SEEDED (.*)$", out, re.M)
        assert match, out
        site.seeded = json.loads(match.group(1))
        site.a = site.web(workers=1)
        site.b = site.web(workers=1)
        site.members = {}
        for name in ("alice", "bob", "carol", "mod"):
            browser = Browser(site.a)
            browser.login(f"{name}@example.com", PASSWORD)
            site.members[name] = browser
        site.redis = redis.Redis.from_url(site.env["CACHE_URL"])
        yield site


def anonymous(site, path: str) -> requests.Response:
    """A visitor without any cookie on node B (the final response; redirects are followed)."""
    return requests.get(f"{site.b}{path}", headers={"Host": HOST}, timeout=10)


def status(response: requests.Response) -> str:
    """The page-cache status of the first response of the request (before any redirect it led to)."""
    first = response.history[0] if response.history else response
    return first.headers.get(STATUS_HEADER, "")


def cached(site, path: str) -> requests.Response:
    """Anonymous GETs of ``path`` until node B serves it from the cache; fails if it never does.

    A cold cache (every test starts with one) first starts its clock and stores nothing, so a page is stored
    by the second request at the latest and served by the third.
    """
    seen = []
    for _ in range(3):
        response = anonymous(site, path)
        assert response.status_code == 200, (path, response.status_code)
        seen.append(status(response))
        if seen[-1] == "hit":
            return response
    raise AssertionError(f"{path} was never served from the page cache: {seen}")


def acted(response: requests.Response) -> None:
    """A member's form post succeeded (the view redirects after a successful action)."""
    assert response.status_code == 302, (response.status_code, response.text[:2000])


def row(html: str, title: str) -> str:
    """The list row of the thread titled ``title`` in a thread list."""
    for item in re.findall(r'<li class="thread-row">.*?</li>\s*(?=<li class="thread-row">|</ol>)', html, re.S):
        if f">{title}</a>" in item:
            return item
    raise AssertionError(f"no row for {title!r} in the list")


def page_keys(site, pattern: str = PAGE_PREFIX) -> list[bytes]:
    """The site's keys in Redis whose cache key (after Django's ``<prefix>:<version>:``) starts with ``pattern``."""
    return list(site.redis.scan_iter(match=f"{site.name}:*:{pattern}*", count=1000))


# --- 1. every event that changes a page makes its cached copy stale, on the other node --------------------


@dataclass
class Change:
    """An event done by a member on node A, and what node B's next anonymous page must then show."""

    thread: str  # the seeded thread it happens in
    act: Callable  # act(site, seeded_thread)
    shows: dict = field(default_factory=dict)  # page -> strings absent before, present after
    hides: dict = field(default_factory=dict)  # page -> strings present before, absent after


def _post_answer(site, t):
    acted(
        site.members["bob"].post(
            f"/t/{t['pk']}/answer", {"body": "A Czech lager strain at ten degrees."}, allow_redirects=False
        )
    )


def _edit_thread(site, t):
    form = {
        "title": "How cold should a cellar be for British ales?",
        "body": "The details, edited.",
        "tags": "lagering",
    }
    acted(site.members["alice"].post(f"/t/{t['pk']}/edit", form, allow_redirects=False))


def _edit_answer(site, t):
    form = {"body": "Edited: dry hopping adds a little perceived bitterness, too."}
    acted(site.members["bob"].post(f"/a/{t['answer']}/edit", form, allow_redirects=False))


def _vote(site, t):
    acted(site.members["carol"].post(f"/thread/{t['pk']}/vote", {"value": "up"}, allow_redirects=False))


def _accept(site, t):
    acted(site.members["alice"].post(f"/a/{t['answer']}/accept", {}, allow_redirects=False))


def _hide(site, t):
    acted(site.members["bob"].post(f"/answer/{t['answer']}/delete", {}, allow_redirects=False))


def _restore(site, t):
    acted(site.members["mod"].post(f"/answer/{t['answer']}/restore", {}, allow_redirects=False))


def _merge_tags(site, t):
    site.shell(
        "from community.forum.models import Member, Tag\n"
        "from community.moderation import actions\n"
        "actions.merge_tags(Member.objects.get(username='mod'), Tag.objects.get(slug='fermenting-old'),"
        " Tag.objects.get(slug='fermentation'), reason='one tag for one thing')\n"
    )


def _idea_status(site, t):
    form = {"status": "planned", "explanation": "We will build it this spring."}
    acted(site.members["mod"].post(f"/t/{t['pk']}/status", form, allow_redirects=False))


def _display_name(site, t):
    acted(
        site.members["bob"].post(
            "/settings/profile/", {"display_name": "Bob the Brewmaster", "bio": ""}, allow_redirects=False
        )
    )


def _rule_profile(site, t):
    site.shell(
        "from rewards.actions import save_rule_profile\n"
        "from rewards.models import RuleProfile\n"
        "profile = RuleProfile.objects.filter(is_active=True).first() or RuleProfile.objects.order_by('pk').first()\n"
        "profile.privilege_downvote = 140\n"
        "save_rule_profile(profile)\n"
    )


CHANGES = {
    "answer posted": Change(
        "answer_posted",
        _post_answer,
        shows={
            "thread": ["A Czech lager strain at ten degrees.", ">1 answer<"],
            "list": ["<strong>1</strong> answer<"],
        },
        hides={"thread": [">0 answers<"], "list": ["<strong>0</strong> answers<"]},
    ),
    "thread edited": Change(
        "thread_edited",
        _edit_thread,
        shows={"thread": ["How cold should a cellar be for British ales?"], "list": ["for British ales?"]},
        hides={"thread": ["How cold should a cellar be for ales?"]},
    ),
    "answer edited": Change(
        "answer_edited",
        _edit_answer,
        shows={"thread": ["Edited: dry hopping adds a little perceived bitterness"]},
        hides={"thread": ["Barely: dry hops add aroma, not bitterness."]},
    ),
    "vote": Change(
        "vote",
        _vote,
        shows={"thread": ['class="vote-score" aria-hidden="true">1<'], "list": ["<strong>1</strong> vote<"]},
        hides={"thread": ['class="vote-score" aria-hidden="true">0<'], "list": ["<strong>0</strong> votes<"]},
    ),
    "accept": Change(
        "accept",
        _accept,
        shows={"thread": ["Accepted answer", "kind-answered"], "list": ["stat-accepted"]},
    ),
    "hide": Change(
        "hide",
        _hide,
        shows={"thread": [">0 answers<"], "list": ["<strong>0</strong> answers<"]},
        hides={"thread": ["Around 1.060 for a classic dry stout."], "list": ["<strong>1</strong> answer<"]},
    ),
    "restore": Change(
        "restore",
        _restore,
        shows={
            "thread": ["A few hours if it is covered and cool.", ">1 answer<"],
            "list": ["<strong>1</strong> answer<"],
        },
        hides={"thread": [">0 answers<"], "list": ["<strong>0</strong> answers<"]},
    ),
    "tag merge": Change(
        "tag_merge",
        _merge_tags,
        shows={"thread": [">fermentation</a>"], "list": [">fermentation</a>"]},
        hides={"thread": [">fermenting-old</a>"], "list": [">fermenting-old</a>"]},
    ),
    "idea status": Change(
        "idea_status",
        _idea_status,
        shows={
            "thread": ['status-planned">Planned<', "We will build it this spring."],
            "list": ['status-planned">Planned<'],
        },
        hides={"thread": ['status-new">New<'], "list": ['status-new">New<']},
    ),
    "display name": Change(
        "profile",
        _display_name,
        shows={"member": ["Bob the Brewmaster"], "thread": ["Bob the Brewmaster"], "list": ["Bob the Brewmaster"]},
        hides={"member": ["Bob Brewer"], "thread": ["Bob Brewer"], "list": ["Bob Brewer"]},
    ),
    "reputation rules": Change(
        "cold",
        _rule_profile,
        shows={"privileges": ['privilege-needed">140<'], "thread": [], "list": []},
        hides={"privileges": ['privilege-needed">125<']},
    ),
}


def _path(page: str, t: dict) -> str:
    return {"thread": t["url"], "list": "/threads/", "member": "/members/bob/", "privileges": "/privileges/"}[page]


def _part(page: str, html: str, t: dict, title: str) -> str:
    """What of the page belongs to the thread: its own row in the list, the whole page otherwise."""
    return row(html, title) if page == "list" else html


@pytest.mark.parametrize("name", list(CHANGES))
def test_an_event_on_one_node_makes_the_other_nodes_cached_pages_fresh(site, name):
    change = CHANGES[name]
    t = site.seeded[change.thread]
    pages = sorted({*change.shows, *change.hides})
    before = {page: cached(site, _path(page, t)).text for page in pages}
    for page in pages:
        part = _part(page, before[page], t, t["title"])
        for text in change.shows.get(page, []):
            assert text not in part, f"{page}: {text!r} already shown before the {name}"
        for text in change.hides.get(page, []):
            assert text in part, f"{page}: {text!r} not shown before the {name}"

    change.act(site, t)

    for page in pages:
        response = anonymous(site, _path(page, t))
        assert response.status_code == 200
        assert status(response) == "miss", f"{page} after the {name}: served from the cache"
        title = "How cold should a cellar be for British ales?" if name == "thread edited" else t["title"]
        if page in ("thread", "list"):
            assert title in response.text
        part = _part(page, response.text, t, title)
        for text in change.shows.get(page, []):
            assert text in part, f"{page} after the {name}: {text!r} missing"
        for text in change.hides.get(page, []):
            assert text not in part, f"{page} after the {name}: {text!r} still shown"
        final_path = response.url.removeprefix(site.b)  # a new title is a new slug: the old URL redirects
        assert status(anonymous(site, final_path)) == "hit", f"{page} is cached again once rendered"


# --- 2. and 3. a cached page holds nothing of a member, and a member never gets it -------------------------


def _member_view(browser: Browser, path: str) -> str:
    response = browser.get(path)
    assert response.status_code == 200
    assert response.headers[STATUS_HEADER] == "bypass"
    return response.text


def test_a_cached_anonymous_page_holds_nothing_of_any_member(site):
    t = site.seeded["private"]
    alice, carol = site.members["alice"], site.members["carol"]
    cached(site, t["url"])  # the clock runs: from now on a member's page stored for everyone would be a hit
    # Both members view the thread on both nodes; carol votes on node A; both view it again afterwards.
    alice_view = _member_view(alice, t["url"])
    assert 'me-name">Alice Asker<' in alice_view and ">Edit<" in alice_view and ">Delete<" in alice_view
    assert "csrfmiddlewaretoken" in alice_view
    for node in (site.a, site.b):
        carol_view = _member_view(carol.on(node), t["url"])
        assert 'me-name">Carol Cellar<' in carol_view and '/vote">' in carol_view
    acted(carol.post(f"/answer/{t['answer']}/vote", {"value": "up"}, allow_redirects=False))
    for browser in (alice, carol):
        for node in (site.a, site.b):
            _member_view(browser.on(node), t["url"])

    first = anonymous(site, t["url"])
    assert status(first) == "miss", "a member's page was stored for anonymous visitors"
    copy = cached(site, t["url"])
    assert 'class="vote-score" aria-hidden="true">1<' in copy.text, "the cached copy is current"
    assert "Yes, rinse the slurry" in copy.text
    leaks = [
        "Carol Cellar",
        'class="me"',
        "me-name",
        "Log out",
        "csrfmiddlewaretoken",
        CSRF_SENTINEL,
        ">Edit<",
        ">Delete<",
        "Suggest edit",
        "/vote",
        "Post your answer",
        "/accept",
    ]
    leaks += [b.session.cookies.get("csrftoken") for b in (alice, carol)]
    leaks += [b.session.cookies.get("sessionid") for b in (alice, carol)]
    for text in leaks:
        assert text and text not in copy.text, f"the anonymous copy shows {text!r}"
    assert "Set-Cookie" not in copy.headers
    assert "Log in" in copy.text


@pytest.mark.parametrize("page", ["thread", "list", "own profile"])
def test_a_member_never_gets_the_anonymous_copy(site, page):
    t = site.seeded["private"]
    path, mine = {
        "thread": (t["url"], ['me-name">Carol Cellar<', f'action="/answer/{t["answer"]}/vote"', "Post your answer"]),
        "list": ("/threads/", ['me-name">Carol Cellar<', "Log out"]),
        "own profile": ("/members/carol/", ['me-name">Carol Cellar<', "Edit your profile"]),
    }[page]
    anonymous_copy = cached(site, path).text
    assert not [text for text in mine if text in anonymous_copy]

    response = site.members["carol"].on(site.b).get(path)
    assert response.headers[STATUS_HEADER] == "bypass"
    assert [text for text in mine if text not in response.text] == [], "carol sees her own page"

    after = anonymous(site, path)
    assert status(after) == "hit" and after.text == anonymous_copy, "the member's page replaced the copy"


# --- 4. bounded memory, and a cold cache is correct ---------------------------------------------------------


def test_unknown_query_parameters_are_served_fresh_and_stored_nowhere(site):
    cached(site, "/threads/")
    cached(site, "/privileges/")
    stored = set(page_keys(site))
    assert len(stored) >= 2, "page keys are named <KEY_PREFIX>:<version>:pc:page:…"

    for i in range(1, 31):
        response = anonymous(site, f"/threads/?utm_source={i}")
        assert response.status_code == 200 and "All threads" in response.text
        assert status(response) == "bypass"
    assert status(anonymous(site, "/threads/?page=1&utm_source=x")) == "bypass"
    assert set(page_keys(site)) == stored


def test_every_stored_page_expires_within_page_cache_seconds(site):
    t = site.seeded["private"]
    for path in (t["url"], "/threads/", "/members/bob/", "/privileges/", "/threads/?sort=newest"):
        cached(site, path)
    keys = page_keys(site)
    assert len(keys) >= 5
    for key in keys:
        ttl = site.redis.ttl(key)
        assert 0 < ttl <= PAGE_CACHE_SECONDS, (key, ttl)


def test_a_page_dropped_from_the_cache_is_rendered_again_then_served(site):
    t = site.seeded["cold"]
    for path in (t["url"], "/threads/"):
        cached(site, path)
    assert site.redis.delete(*page_keys(site)) >= 2
    for path in (t["url"], "/threads/"):
        response = anonymous(site, path)
        assert status(response) == "miss" and t["title"] in response.text
        again = anonymous(site, path)
        assert status(again) == "hit" and t["title"] in again.text


def test_evicted_version_counters_never_revive_a_stored_page(site):
    """Redis may evict a version counter (LRU) and keep the page: the page must not count as fresh."""
    t = site.seeded["cold"]
    cached(site, t["url"])
    assert site.redis.delete(*page_keys(site, VERSION_PREFIX)) >= 1
    assert status(anonymous(site, t["url"])) == "miss"
    assert status(anonymous(site, t["url"])) == "hit"


def test_a_flushed_cache_serves_what_the_database_holds(site):
    """A change made behind the application's back (no event) shows once the cache is emptied."""
    t = site.seeded["flushed"]
    paths = (t["url"], "/threads/")
    for path in paths:
        cached(site, path)
    new_title = "How much priming sugar per litre of stout?"
    with psycopg.connect(site.database_url, autocommit=True) as conn:
        conn.execute(f"UPDATE {Thread._meta.db_table} SET title = %s WHERE id = %s", (new_title, t["pk"]))
    assert new_title not in anonymous(site, "/threads/").text, "no event: the cached copy stands"

    site.redis.flushdb()  # what cache.clear() does on Redis

    for path in paths:
        response = anonymous(site, path)
        assert status(response) == "miss"
        assert new_title in response.text and f">{t['title']}<" not in response.text
        served = cached(site, path)
        assert new_title in served.text
