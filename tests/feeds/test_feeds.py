"""The Atom feeds (community/feeds): what an anonymous visitor may read, newest first, valid Atom with stable ids,
dates and authors, each announced by the page it follows.

Every document is read twice: by ``feedparser`` (a real feed reader's parser: not "bozo") and by ElementTree
against the elements RFC 4287 requires (feed id, title, updated; entry id, title, updated; an author for each
entry, its own or the feed's).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
from django.conf import settings
from django.utils import timezone

from community.forum import actions
from community.team import actions as team_actions

ATOM = "{http://www.w3.org/2005/Atom}"
ID_RE = re.compile(r"^tag:[a-z0-9.-]+,2026:(thread|answer|page):\d+$")


def atom(client, url, **headers):
    """The feed at ``url``, parsed, after checking it is valid Atom; returns feedparser's result."""
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/atom+xml"), response["Content-Type"]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    assert parsed.version == "atom10"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{name}") or "").strip(), f"{url}: the feed has no <{name}>"
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    feed_has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), f"{url}: an entry has no <{name}>"
        assert feed_has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        assert ID_RE.match(entry.findtext(f"{ATOM}id")), entry.findtext(f"{ATOM}id")
    parsed.response = response
    return parsed


def ids(parsed) -> list[str]:
    return [entry.id for entry in parsed.entries]


def tag_uri(kind: str, pk: int) -> str:
    """An entry's permanent id: the site's canonical host (GUILDHALL_BASE_URL), a fixed date, the post."""
    return f"tag:{urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname},2026:{kind}:{pk}"


def thread_id(thread) -> str:
    return tag_uri("thread", thread.pk)


@pytest.fixture
def community(alice, bob, moderator):
    """Threads of every kind (an hour apart, the newest last), one hidden; answers, one hidden; ideas."""
    now = timezone.now()
    made = {}

    def post(name, author, kind, title, tags, hours_ago, body="A body that is long enough to be **posted**."):
        made[name] = actions.create_thread(
            author, kind=kind, title=title, body=body, tags=tags, at=now - timedelta(hours=hours_ago)
        )

    post("question", alice, "question", "How do I sync my notes offline?", ["sync"], 10)
    post("tip", bob, "tip", "Export your notes before a long flight", ["sync", "export"], 9)
    post("idea", alice, "idea", "Let me pin a note to the top of the list", ["lists"], 8)
    post("hidden", bob, "question", "A question a moderator hid from everyone", ["sync"], 7)
    post("planned", bob, "idea", "Offline maps inside the travel notebook", ["sync"], 6)
    actions.hide_post(moderator, made["hidden"])
    thread = made["question"]
    made["first"] = actions.post_answer(bob, thread, body="Turn on offline mode in Settings, then Sync.", at=now)
    made["second"] = actions.post_answer(moderator, thread, body="Also keep the app open once after that.")
    made["gone"] = actions.post_answer(bob, thread, body="A mistaken answer that was then hidden.")
    actions.hide_post(moderator, made["gone"])
    return made


def test_newest_threads_feed_lists_visible_threads_newest_first_with_ids_dates_and_authors(client, community, alice):
    feed = atom(client, "/feeds/threads/")
    order = ["planned", "idea", "tip", "question"]
    assert ids(feed) == [thread_id(community[name]) for name in order]  # the hidden thread is absent
    assert feed.feed.title == "Newest threads on Guildhall"
    assert feed.feed.updated_parsed == feed.entries[0].updated_parsed  # the newest entry's date
    assert feed.feed.links[0].href == "http://testserver/threads/newest/"

    question = community["question"]
    entry = feed.entries[-1]
    assert entry.title == question.title
    assert entry.link == "http://testserver" + question.get_absolute_url()
    assert entry.published == question.created_at.isoformat()
    assert entry.updated == question.created_at.isoformat()  # answers are not an edit of the question
    assert entry.author_detail.name == "Alice Liddell"
    assert entry.author_detail.href == "http://testserver" + alice.get_absolute_url()
    assert entry.summary == "A body that is long enough to be posted."  # plain text, no Markdown
    assert entry.content[0].type == "text/html" and "<strong>posted</strong>" in entry.content[0].value
    assert [tag.term for tag in entry.tags] == ["sync"]
    assert "A question a moderator hid" not in feed.response.content.decode()


def test_each_kind_has_its_feed_and_an_unknown_kind_is_a_404(client, community):
    assert ids(atom(client, "/feeds/threads/question/")) == [thread_id(community["question"])]
    assert ids(atom(client, "/feeds/threads/tip/")) == [thread_id(community["tip"])]
    ideas = atom(client, "/feeds/threads/idea/")
    assert ids(ideas) == [thread_id(community["planned"]), thread_id(community["idea"])]
    assert ideas.feed.title == "Newest ideas on Guildhall"
    assert client.get("/feeds/threads/answer/").status_code == 404


def test_a_tag_feed_holds_the_tag_s_visible_threads_and_an_unknown_tag_is_a_404(client, community):
    feed = atom(client, "/feeds/tags/sync/")
    assert ids(feed) == [thread_id(community[name]) for name in ("planned", "tip", "question")]
    assert feed.feed.title == "Newest threads tagged sync on Guildhall"
    assert atom(client, "/feeds/tags/SYNC/").feed.title == feed.feed.title
    assert client.get("/feeds/tags/no-such-tag/").status_code == 404


def test_an_entry_keeps_its_id_when_its_title_is_edited(client, community, alice):
    question = community["question"]
    before = atom(client, "/feeds/threads/question/").entries[0]
    actions.edit_thread(
        alice, question, title="Syncing notes without a connection", body=question.body_md, tags=["sync"]
    )
    after = atom(client, "/feeds/threads/question/").entries[0]
    assert after.id == before.id == thread_id(question)
    assert after.link != before.link and after.title == "Syncing notes without a connection"
    assert after.published == before.published and after.updated_parsed > before.updated_parsed


def test_the_answers_feed_of_a_thread_lists_its_visible_answers_newest_first(client, community, bob, moderator):
    question = community["question"]
    feed = atom(client, f"/feeds/t/{question.pk}/")
    expected = [community["second"], community["first"]]
    assert ids(feed) == [tag_uri("answer", answer.pk) for answer in expected]
    assert feed.feed.title == "Answers to “How do I sync my notes offline?”"
    assert feed.feed.links[0].href == "http://testserver" + question.get_absolute_url()
    first = feed.entries[1]
    assert first.title == "Answer to “How do I sync my notes offline?”"
    assert first.link.endswith(f"#answer-{community['first'].pk}")
    assert first.author_detail.name == "bob"
    assert first.published == community["first"].created_at.isoformat()
    assert "mistaken answer" not in feed.response.content.decode()

    empty = atom(client, f"/feeds/t/{community['tip'].pk}/")
    assert empty.entries == [] and empty.feed.title == "Replies to “Export your notes before a long flight”"
    assert empty.feed.updated == community["tip"].created_at.isoformat()  # not "now": the same on every read
    assert client.get(f"/feeds/t/{community['hidden'].pk}/").status_code == 404
    assert client.get("/feeds/t/999999/").status_code == 404


def test_ideas_feeds_follow_each_status_and_show_the_team_s_word(client, community, moderator):
    planned = community["planned"]
    team_actions.set_idea_status(moderator, planned, status="planned", explanation="Coming in the spring release.")
    assert ids(atom(client, "/feeds/ideas/")) == [thread_id(planned), thread_id(community["idea"])]
    feed = atom(client, "/feeds/ideas/planned/")
    assert ids(feed) == [thread_id(planned)]
    assert feed.feed.title == "Ideas marked “Planned” on Guildhall"
    entry = feed.entries[0]
    assert (
        "<strong>Status: Planned</strong>" in entry.content[0].value
        and "Coming in the spring release." in entry.content[0].value
    )
    assert entry.updated_parsed > entry.published_parsed  # the status change is news
    assert ids(atom(client, "/feeds/ideas/new/")) == [thread_id(community["idea"])]
    assert ids(atom(client, "/feeds/ideas/open/")) == [thread_id(planned), thread_id(community["idea"])]
    assert ids(atom(client, "/feeds/ideas/declined/")) == []
    assert client.get("/feeds/ideas/someday/").status_code == 404


def test_a_search_feed_lists_the_search_page_s_results_in_its_order(client, settings, alice, moderator, live):
    from search import api

    settings.ELASTICSEARCH_URL = ""  # the database backend: same door (search.api), no index to share
    with live():
        best = actions.create_thread(
            alice,
            kind="question",
            title="Offline sync offline mode",
            body="Offline sync keeps notes offline.",
            tags=["sync"],
        )
        other = actions.create_thread(
            alice,
            kind="tip",
            title="Sync tips for travellers",
            body="Use offline mode before you leave.",
            tags=["sync"],
        )
        hidden = actions.create_thread(
            alice,
            kind="question",
            title="Offline question to hide",
            body="Offline offline offline please.",
            tags=["sync"],
        )
        actions.hide_post(moderator, hidden)
    expected = [tag_uri("thread", hit.id) for hit in api.search("offline", {}, 1, per_page=30).hits]
    feed = atom(client, "/feeds/search/?q=offline")
    assert ids(feed) == expected and set(expected) == {thread_id(best), thread_id(other)}
    assert feed.feed.title == "Search results for “offline” on Guildhall"
    assert ids(atom(client, "/feeds/search/?q=offline&kind=tip")) == [thread_id(other)]
    assert feed.entries[0].author_detail.name == "Alice Liddell"

    for query in ("", "%20%20", "x" * 801):
        refused = client.get(f"/feeds/search/?q={query}")
        assert refused.status_code == 400 and refused["Content-Type"].startswith("text/plain"), query
        assert refused.content.decode().strip()


def test_feeds_are_bounded_and_run_the_same_queries_for_1_and_30_threads(
    client, settings, alice, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # count the feed's own queries, not the anonymous page cache
    urls = ["/feeds/threads/", "/feeds/threads/tip/", "/feeds/tags/sync/", "/feeds/ideas/", "/feeds/ideas/new/"]
    for kind in ("tip", "idea"):
        actions.create_thread(
            alice, kind=kind, title=f"The first {kind} of many", body="A body long enough here.", tags=["sync", "one"]
        )
    for url in urls:
        client.get(url)  # per-process caches (the site's brand) are warm from here on
    counts = {}
    for url in urls:
        with django_assert_num_queries(3 if "/tags/" in url else 2) as captured:
            atom(client, url)
        counts[url] = len(captured)
    for i in range(30):
        actions.create_thread(
            alice,
            kind=("tip", "idea")[i % 2],
            title=f"Thread number {i} of the pile",
            body="A body long enough here.",
            tags=["sync", "one", "two"],
        )
    # 32 threads, 16 of each kind: the lists of every kind stop at 30, the others show 16 rows instead of 1.
    expected = {"/feeds/threads/": 30, "/feeds/tags/sync/": 30}
    for url in urls:
        with django_assert_num_queries(counts[url]):
            feed = atom(client, url)
        assert len(feed.entries) == expected.get(url, 16), url
