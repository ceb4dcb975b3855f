"""Search behaviour, run on both backends: the database (SQLite FTS5 / PostgreSQL) and a real Elasticsearch."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from community.forum import actions
from search import api
from search.models import PendingUpdate
from tests.search_support import backend, es_url, post_thread, titles  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


# --- analysis ----------------------------------------------------------------


def test_french_plural_finds_singular(backend, post_thread):
    post_thread("Comment réparer mon vélo après l'hiver ?", "La chaîne du vélo grince depuis l'été dernier.")
    post_thread("Exporting notes to PDF", "How do I export a notebook as a single PDF file?")
    assert titles(api.search("vélos")) == ["Comment réparer mon vélo après l'hiver ?"]


def test_english_stemming_running_finds_run(backend, post_thread):
    post_thread("Run the nightly backup from cron", "A small script that I run every night at two.")
    post_thread("Colour themes for the editor", "Dark and light themes, and how to switch between them.")
    assert titles(api.search("running")) == ["Run the nightly backup from cron"]


def test_all_words_must_match_and_question_words_do_not_count(backend, post_thread):
    post_thread("Sync notes offline on Android", "Offline notebooks on my phone do not sync.")
    post_thread("Sync calendars", "Calendar sync with Google works fine.")
    assert titles(api.search("how do I sync offline")) == ["Sync notes offline on Android"]
    assert api.search("sync").total == 2


def test_exact_phrase(backend, post_thread):
    post_thread("Offline mode on iPad", "Offline mode keeps only recent notes.")
    post_thread("Mode switching while offline", "The reading mode is slow when I am offline on the train.")
    assert titles(api.search('"offline mode"')) == ["Offline mode on iPad"]
    assert api.search("offline mode").total == 2


# --- query syntax and bad input --------------------------------------------------------


def test_filters_in_the_query_syntax(backend, post_thread, make_member):
    zoe = make_member("zoe")
    post_thread("Backup script for notes", "A backup tip with cron.", tags=["backup", "cli"], kind="tip", author=zoe)
    post_thread("Backup fails on Windows", "My backup stops at 40 percent.", tags=["backup", "windows"])
    assert titles(api.search("backup tag:cli")) == ["Backup script for notes"]
    assert titles(api.search("backup is:tip")) == ["Backup script for notes"]
    assert titles(api.search("backup is:question")) == ["Backup fails on Windows"]
    assert titles(api.search("backup user:ZOE")) == ["Backup script for notes"]
    assert titles(api.search("tag:windows")) == ["Backup fails on Windows"]  # filters alone, no words
    assert api.search("backup tag:nope").total == 0


def test_answered_unanswered_accepted(backend, post_thread, make_member, live):
    asker, helper = make_member("asker"), make_member("helper")
    answered = post_thread("Printing a notebook", "How do I print a notebook?", author=asker)
    accepted = post_thread("Printing two notebooks", "How do I print two notebooks?", author=asker)
    post_thread("Printing in colour", "How do I print in colour?", author=asker)
    with live():
        actions.post_answer(helper, answered, body="Use File, then Print, and choose the notebook.")
        answer = actions.post_answer(helper, accepted, body="Select both and use File, then Print.")
        actions.accept_answer(asker, answer)
    assert sorted(titles(api.search("printing is:answered"))) == ["Printing a notebook", "Printing two notebooks"]
    assert titles(api.search("printing is:unanswered")) == ["Printing in colour"]
    assert titles(api.search("printing is:accepted")) == ["Printing two notebooks"]
    assert titles(api.search("printing", {"status": "accepted"})) == ["Printing two notebooks"]


@pytest.mark.parametrize(
    "query",
    [
        "(((",
        "*:*",
        "\\",
        "x" * 5000,
        "",
        "   ",
        'title:"unclosed',
        "AND OR NOT",
        "tag:",
        "is:nonsense",
        "user:<script>",
        "a" * 61 + " sync",
        "🙂 émoji ✓",
        "-",
        "+",
        "~1",
        "[1 TO 5]",
        "{}",
    ],
)
def test_lucene_syntax_and_junk_give_a_sensible_page(backend, post_thread, client, query):
    post_thread("How do I sync my notes?", "Sync notes between devices.")
    response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    assert b"Search" in response.content


def test_a_nul_in_a_search_is_refused_with_a_readable_page(backend, client):
    """No search box can type NUL; a crafted address gets the site's readable 400 (config/input_guard.py)."""
    response = client.get(reverse("search:search"), {"q": "\x00sync"})
    assert response.status_code == 400 and b"NUL" in response.content


@pytest.mark.parametrize("page", ["0", "-3", "abc", "9999999999999", "2.5", ""])
def test_bad_page_numbers(backend, post_thread, client, page):
    post_thread("How do I sync my notes?", "Sync notes between devices.")
    response = client.get(reverse("search:search"), {"q": "sync", "page": page, "sort": "nonsense"})
    assert response.status_code == 200
    assert b"How do I <mark>sync</mark> my notes?" in response.content


def test_long_query_is_cut_with_a_notice(backend, post_thread):
    post_thread("How do I sync my notes?", "Sync notes between devices.")
    results = api.search("sync " + "word " * 2000)
    assert any("first 300 characters" in n for n in results.notices)


def test_empty_query_shows_a_prompt_not_results(backend, post_thread, client):
    post_thread("How do I sync my notes?", "Sync notes between devices.")
    results = api.search("")
    assert results.total == 0 and results.parsed.is_empty
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert b"Type a few words" in response.content


# --- page: highlights, facets, sorting, pagination --------------------------------------------


def test_results_are_highlighted_and_escaped(backend, post_thread, client):
    post_thread("Sync conflicts <b>explained</b>", "When two devices edit a note, the sync keeps both & asks <you>.")
    response = client.get(reverse("search:search"), {"q": "sync"})
    html = response.content.decode()
    assert "<mark>Sync</mark> conflicts &lt;b&gt;explained&lt;" in html  # Elasticsearch also encodes "/"
    assert "the <mark>sync</mark> keeps both &amp; asks" in html
    assert "<b>explained</b>" not in html


def test_match_in_an_answer_is_found_and_shown(backend, post_thread, make_member, live):
    thread = post_thread("Attachments are missing", "Some files do not show up on my phone.")
    with live():
        actions.post_answer(make_member("helper"), thread, body="Turn on the cellular download switch in Settings.")
    results = api.search("cellular")
    assert titles(results) == ["Attachments are missing"]
    assert "<mark>cellular</mark>" in results.hits[0].snippet_html


def test_facets_count_tags_kinds_and_statuses(backend, post_thread, client):
    post_thread("Sync on Android", "Sync question one.", tags=["sync", "android"])
    post_thread("Sync on iOS", "Sync question two.", tags=["sync", "ios"])
    post_thread("Sync tip for all", "Sync tip body text.", tags=["sync"], kind="tip")
    results = api.search("sync")
    tags = {f.value: f.count for f in results.facets["tags"]}
    assert tags == {"sync": 3, "android": 1, "ios": 1}
    assert {f.value: f.count for f in results.facets["kind"]} == {"question": 2, "tip": 1}
    assert {f.value: f.count for f in results.facets["status"]} == {"answered": 0, "unanswered": 2, "accepted": 0}
    # Facet links narrow the search; the page shows a removable chip.
    response = client.get(reverse("search:search"), {"q": "sync", "tag": "android"})
    html = response.content.decode()
    assert ">1 result " in html and "</mark> on Android" in html and "on iOS" not in html
    assert 'aria-label="Remove filter: tag android"><span>android</span>' in html


def test_filter_chips_read_the_way_members_name_things(backend, post_thread, client):
    """Each filter in force reads as the facets name it, never as the query syntax's codes ("kind: page")."""
    post_thread("Sync on Android", "Sync question one.", tags=["sync", "android"])
    params = {"q": "sync", "tag": "Android", "kind": "page", "status": "answered", "user": "searcher", "lang": "fr"}
    html = client.get(reverse("search:search"), params).content.decode()
    chips = re.findall(r'<a class="chip" href="[^"]*" aria-label="([^"]*)"><span( lang="\w+")?>([^<]*)</span>', html)
    assert chips == [
        ("Remove filter: tag android", "", "android"),
        ("Remove filter: Knowledge articles", "", "Knowledge articles"),
        ("Remove filter: Answered", "", "Answered"),
        ("Remove filter: By searcher", "", "By searcher"),
        ("Remove filter: Français", ' lang="fr"', "Français"),
    ]
    assert "kind:" not in html and "status:" not in html
    for kind, label in (("question", "Questions"), ("tip", "Tips"), ("idea", "Ideas")):
        html = client.get(reverse("search:search"), {"q": "sync", "kind": kind}).content.decode()
        assert f"<span>{label}</span>" in html
    for status, label in (("unanswered", "Unanswered"), ("accepted", "Accepted answer")):
        html = client.get(reverse("search:search"), {"q": "sync", "status": status}).content.decode()
        assert f"<span>{label}</span>" in html
    french = client.get(reverse("search:search"), params, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<span>Base de connaissances</span>" in french and "<span>Par searcher</span>" in french
    assert "<span>Avec réponse</span>" in french and 'aria-label="Retirer le filtre\u00a0: étiquette android"' in french


def test_sort_by_newest_and_votes(backend, post_thread, make_member, live):
    voters = [make_member(f"voter{i}") for i in range(3)]
    first = post_thread("Widgets one", "About widgets.")
    second = post_thread("Widgets two", "About widgets too.")
    post_thread("Widgets three", "More widgets.")
    with live():
        for voter in voters:
            actions.vote(voter, first, 1)
        actions.vote(voters[0], second, 1)
    assert titles(api.search("widgets", sort="newest")) == ["Widgets three", "Widgets two", "Widgets one"]
    assert titles(api.search("widgets", sort="votes")) == ["Widgets one", "Widgets two", "Widgets three"]


def test_pagination(backend, post_thread, client, settings):
    settings.SEARCH = {**settings.SEARCH, "PER_PAGE": 4}
    for i in range(10):
        post_thread(f"Gadget number {i:02d}", "All about the gadget.")
    page2 = api.search("gadget", page=2, sort="newest")
    assert page2.total == 10 and page2.num_pages == 3 and page2.page == 2
    assert titles(page2) == ["Gadget number 05", "Gadget number 04", "Gadget number 03", "Gadget number 02"]
    last = api.search("gadget", page=99, sort="newest")  # a stale link: the last page, not an empty one
    assert last.page == 3 and titles(last) == ["Gadget number 01", "Gadget number 00"]
    html = client.get(reverse("search:search"), {"q": "gadget", "page": 2}).content.decode()
    assert "Page 2 of 3" in html and 'rel="next"' in html and 'rel="prev"' in html


def test_search_page_runs_a_constant_number_of_queries(backend, post_thread, client, django_assert_num_queries):
    post_thread("Lamp alpha", "About the lamp.", tags=["lamp", "alpha"])
    url = reverse("search:search")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, {"q": "warm"})  # the site's brand, read once per process and kept in the shared cache
    with CaptureQueriesContext(connection) as one:
        assert client.get(url, {"q": "lamp"}).status_code == 200
    for i in range(25):
        post_thread(f"Lamp number {i}", "About the lamp.", tags=["lamp", f"t{i}"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"q": "lamp"})
    assert response.status_code == 200 and b"26 results" in response.content
    assert len(many) == len(one) <= 6


# --- soft deletion -------------------------------------------------------------------------------


def test_hidden_threads_and_answers_leave_the_results_and_come_back(backend, post_thread, make_member, moderator, live):
    helper = make_member("helper")
    thread = post_thread("Keyboard shortcuts list", "Where is the list of shortcuts?")
    with live():
        answer = actions.post_answer(helper, thread, body="Press the question mark key to see every hotkey.")
    assert titles(api.search("hotkey")) == ["Keyboard shortcuts list"]

    with live():
        actions.hide_post(moderator, answer)
    assert api.search("hotkey").total == 0
    assert api.search("shortcuts").total == 1
    with live():
        actions.restore_post(moderator, answer)
    assert titles(api.search("hotkey")) == ["Keyboard shortcuts list"]

    with live():
        actions.hide_post(moderator, thread)
    assert api.search("shortcuts").total == 0
    with live():
        actions.restore_post(moderator, thread)
    assert titles(api.search("shortcuts")) == ["Keyboard shortcuts list"]
    assert not PendingUpdate.objects.exists()


def test_edits_and_votes_reach_the_index(backend, post_thread, make_member, live):
    author = make_member("writer")
    thread = post_thread("Old title about lamps", "Lamps and their bulbs.", author=author)
    with live():
        actions.edit_thread(
            author, thread, title="New title about lanterns", body="Lanterns and candles.", tags=["light"]
        )
        actions.vote(make_member("fan"), thread, 1)
    assert api.search("lamps").total == 0
    hit = api.search("lanterns").hits[0]
    assert hit.title == "New title about lanterns" and hit.score == 1 and hit.tags == ["light"]


# --- similar threads, knowledge pages, rank_for_tags --------------------------------------------


def test_similar_threads_for_the_ask_form(backend, post_thread, client, make_member):
    post_thread("How do I sync notes offline on Android?", "Offline notebooks on Android do not sync.")
    post_thread("Offline sync for iPhone notes", "My iPhone notes are not available offline.")
    post_thread("Change the colour theme", "I want a dark theme.")
    hits = api.similar("Notes do not sync when my Android phone is offline", "")
    assert hits and hits[0].title == "How do I sync notes offline on Android?"
    assert "Change the colour theme" not in [h.title for h in hits]
    assert len(api.similar("sync offline notes", "", limit=1)) == 1
    assert api.similar("", "") == [] and api.similar("ab", "") == []

    url = reverse("search:similar")
    html = client.get(url, {"title": "sync notes offline android"}).content.decode()
    assert "Similar threads" in html and "How do I sync notes offline on Android?" in html
    data = client.get(url, {"title": "sync notes offline android"}, HTTP_ACCEPT="application/json").json()
    assert data["results"][0]["title"] == "How do I sync notes offline on Android?"
    assert client.get(url, {"title": "(((" * 500, "body": "*:*" * 3000}).status_code == 200


def test_ask_page_has_the_similar_threads_panel(make_member, client_for):
    response = client_for(make_member()).get(reverse("community:ask_question"))
    html = response.content.decode()
    assert 'data-similar-url="/search/similar/"' in html and "guildhall/search.js" in html


def test_header_has_a_search_box(client, db):
    html = client.get(reverse("community:threads")).content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html


def test_knowledge_pages_are_searchable(backend, post_thread):
    from django.utils import timezone

    post_thread("Sync basics question", "Sync is confusing.")
    api.index_knowledge_page(
        page_id=7,
        title="Sync: the complete guide",
        body="<p>Everything about <b>sync</b>.</p>",
        url="/kb/sync/",
        updated_at=timezone.now(),
        tags=["sync"],
    )
    api.refresh()
    results = api.search("sync guide")
    assert [(h.doc_type, h.title, h.url) for h in results.hits] == [("page", "Sync: the complete guide", "/kb/sync/")]
    assert {f.value for f in api.search("sync").facets["kind"]} == {"question", "page"}
    api.remove_knowledge_page(7)
    api.refresh()
    assert api.search("sync guide").total == 0


def test_rank_for_tags_orders_by_quality(backend, post_thread, make_member, live):
    voters = [make_member(f"v{i}") for i in range(4)]
    low = post_thread("Calendar thread low", "Calendar.", tags=["calendar"])
    high = post_thread("Calendar thread high", "Calendar.", tags=["calendar", "sync"])
    post_thread("Unrelated thread", "Nothing.", tags=["theme"])
    with live():
        for v in voters:
            actions.vote(v, high, 1)
        actions.vote(voters[0], low, -1)
    assert [h.title for h in api.rank_for_tags(["calendar"])] == ["Calendar thread high", "Calendar thread low"]
    assert [h.title for h in api.rank_for_tags(["sync", "calendar"], limit=1)] == ["Calendar thread high"]
    assert api.rank_for_tags([]) == []


def test_author_reputation_comes_from_rewards(backend, post_thread, make_member, live):
    from rewards.api import reputations

    author = make_member("expert")
    first = post_thread("Widget calibration", "How to calibrate the widget.", author=author)
    post_thread("Widget cleaning", "How to clean the widget.", author=author)
    with live():
        for i in range(3):
            actions.vote(make_member(f"fan{i}"), first, 1)
    expected = reputations([author.pk])[author.pk]
    assert expected > 1
    # Both of the author's threads carry the new reputation, not just the voted one.
    if backend == "database":
        from search.models import SearchEntry

        assert set(SearchEntry.objects.filter(author_id=author.pk).values_list("author_reputation", flat=True)) == {
            expected
        }
    else:
        from search.backends import get_backend

        b = get_backend()
        docs = b.client.search(index=b.alias("threads"), query={"term": {"author_id": author.pk}})["hits"]["hits"]
        assert {d["_source"]["author_reputation"] for d in docs} == {expected} and len(docs) == 2


def test_reindex_command_rebuilds_from_the_database(backend, post_thread):
    from django.core.management import call_command

    from search.backends import get_backend

    post_thread("Reindexed thread about kites", "Kites fly.")
    get_backend().drop_all()
    assert api.search("kites").total == 0
    call_command("search_reindex", "--no-progress")
    api.refresh()
    assert titles(api.search("kites")) == ["Reindexed thread about kites"]


def test_deferred_indexing_for_batch_writers(backend, make_member, django_capture_on_commit_callbacks):
    author = make_member("importer")
    with api.deferred_indexing():
        with django_capture_on_commit_callbacks(execute=True):
            for i in range(3):
                actions.create_thread(
                    author,
                    kind="question",
                    title=f"Imported thread number {i}",
                    body="Imported from another forum.",
                    tags=["imported"],
                )
        api.refresh()
        assert api.search("imported").total == 0
        assert PendingUpdate.objects.count() == 3
    api.refresh()
    assert api.search("imported").total == 3
    assert not PendingUpdate.objects.exists()
