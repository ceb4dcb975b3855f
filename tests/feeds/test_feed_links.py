"""Each page that a feed follows announces it (``<link rel="alternate" type="application/atom+xml">`` in its head,
and a visible "Feed" link), and the announced feed answers; feeds are cached for visitors like pages, and a new
post shows at once."""

from __future__ import annotations

import re

import feedparser
import pytest

from community.forum import actions
from community.team import actions as team_actions

ALTERNATE = re.compile(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">')


def announced(client, url) -> list[tuple[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    found = [(title, href.replace("&amp;", "&")) for title, href in ALTERNATE.findall(html)]
    for _title, href in found:
        assert f'class="feed-link" href="{href.replace("&", "&amp;")}"' in html, f"{url}: no visible Feed link"
    return found


@pytest.fixture
def pages(alice, bob, moderator, settings, live):
    settings.ELASTICSEARCH_URL = ""
    with live():
        question = actions.create_thread(
            alice,
            kind="question",
            title="How do I sync my notes offline?",
            body="Offline notes, please.",
            tags=["sync"],
        )
        actions.post_answer(bob, question, body="Turn on offline mode in Settings.")
        actions.create_thread(
            bob, kind="tip", title="Pack your notes before a flight", body="Sync first, then go.", tags=["travel"]
        )
        idea = actions.create_thread(
            bob, kind="idea", title="Offline maps in the notebook", body="Maps I can read offline.", tags=["maps"]
        )
        team_actions.set_idea_status(moderator, idea, status="planned", explanation="Spring.")
    return {"question": question, "idea": idea}


# (page, the feed it announces, the feed's title); "question" stands for the question's page and its answers feed.
ANNOUNCED = [
    ("/threads/", "/feeds/threads/", "Newest threads on Guildhall"),
    ("/threads/newest/?kind=question", "/feeds/threads/question/", "Newest questions on Guildhall"),
    ("/threads/active/?kind=tip", "/feeds/threads/tip/", "Newest tips on Guildhall"),
    ("/threads/?kind=idea", "/feeds/threads/idea/", "Newest ideas on Guildhall"),
    ("/tags/sync/", "/feeds/tags/sync/", "Newest threads tagged sync on Guildhall"),
    ("question", "question", "Answers to “How do I sync my notes offline?”"),
    (
        "/search/?q=offline&kind=question&sort=newest",
        "/feeds/search/?q=offline&kind=question&sort=newest",
        "Search results for “offline” on Guildhall",
    ),
    ("/ideas/", "/feeds/ideas/", "Ideas on Guildhall"),
    ("/ideas/?status=open", "/feeds/ideas/open/", "Open ideas on Guildhall"),
    ("/ideas/?status=planned&sort=newest", "/feeds/ideas/planned/", "Ideas marked “Planned” on Guildhall"),
]


def test_each_page_announces_its_feed_and_the_feed_answers(client, pages):
    """One set of posts for every page (a test each would set it up ten times)."""
    question = pages["question"]
    for page, feed, title in ANNOUNCED:
        if page == "question":
            page, feed = question.get_absolute_url(), f"/feeds/t/{question.pk}/"
        assert announced(client, page) == [(title, feed)], page
        response = client.get(feed)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml"), feed
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo and parsed.feed.title == title, feed
        assert parsed.entries, f"{feed} lists nothing"


def test_pages_without_a_feed_announce_none(client, pages):
    assert announced(client, "/search/") == []  # no search yet: nothing to follow


def test_a_visitor_s_cached_feed_shows_a_new_thread_at_once_and_speaks_their_language(client, pages, alice, live):
    first = client.get("/feeds/threads/")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/feeds/threads/")["X-Page-Cache"] == "hit"
    newest = live(
        actions.create_thread,
        alice,
        kind="tip",
        title="Export your notes every month",
        body="Export is in Settings.",
        tags=["export"],
    )
    fresh = client.get("/feeds/threads/")
    assert fresh["X-Page-Cache"] == "miss"
    assert feedparser.parse(fresh.content).entries[0].title == newest.title

    french = feedparser.parse(client.get("/feeds/threads/", HTTP_ACCEPT_LANGUAGE="fr").content)
    assert french.feed.title == "Dernières discussions sur Guildhall"
    assert french.feed.language == "fr"


def test_a_feed_reader_polling_an_unchanged_feed_gets_a_304(client, settings, pages):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own conditional answer, without the page cache in front
    first = client.get("/feeds/ideas/")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/feeds/ideas/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
