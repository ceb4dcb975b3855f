""" "Did you mean …?": both backends offer the community's nearest words for a misspelt search — the term suggester on
Elasticsearch, the vocabulary table on the database (search/spelling.py) — and show their results when the query as
typed finds nothing (tests/search/test_typos.py has the brewing examples, and SQLite's)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from search import api
from tests.search_support import backend, database_search, es_url, post_thread  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_did_you_mean(backend, post_thread):
    post_thread("Calendar sync with Google", "The calendar does not synchronise with Google Calendar.")
    post_thread("Printing a calendar", "How do I print the calendar for a month?")
    results = api.search("calender")
    assert (results.suggestion, results.showing_suggestion, results.total) == ("calendar", True, 2)
    results = api.search("calender tag:general")
    assert results.suggestion == "calendar tag:general"
    assert api.search("calendar").suggestion is None


def test_did_you_mean_link_on_the_page(backend, post_thread, client):
    post_thread("Calendar sync with Google", "The calendar does not synchronise with Google Calendar.")
    html = client.get(reverse("search:search"), {"q": "calender"}).content.decode()
    assert 'Showing results for <a href="?q=calendar">calendar</a>.' in html
    html = client.get(reverse("search:search"), {"q": "calender is:tip"}).content.decode()  # no tip: nothing found
    assert 'Did you mean <a href="?q=calendar+is%3Atip">calendar is:tip</a>?' in html


def test_every_misspelt_word_is_corrected_and_known_words_are_kept(database_search, post_thread):
    post_thread("Sync conflicts after editing offline", "Two copies of my note after a flight.", tags=["sync"])
    post_thread("Android widget stays empty", "The home-screen widget shows nothing.", tags=["android"])
    assert api.search("sycn conflcts offline").suggestion == "sync conflicts offline"
    assert api.search("andriod widget").suggestion == "android widget"  # a word of the titles and the tags


def test_accents_are_kept_in_the_suggestion(database_search, post_thread):
    post_thread("Réparer mon vélo après l’hiver", "La chaîne grince depuis l’été dernier.")
    results = api.search("réparrer")
    assert results.suggestion == "réparer" and results.showing_suggestion
    assert api.search("reparer").suggestion is None  # the same word without its accents is found, not corrected


def test_nothing_is_suggested_for_words_nobody_wrote(database_search, post_thread):
    post_thread("Calendar sync with Google", "The calendar does not synchronise with Google Calendar.")
    results = api.search("xylophone")
    assert results.total == 0 and results.suggestion is None
    assert api.search("calender").suggestion == "calendar"  # the vocabulary is cached: still right afterwards


def test_a_new_thread_s_words_are_suggested_at_once(database_search, post_thread):
    post_thread("Calendar sync with Google", "The calendar does not synchronise with Google Calendar.")
    assert api.search("sqlite databse").suggestion is None  # no thread speaks of databases yet
    post_thread("Moving the database to a new laptop", "Copy the folder, then open it.")
    assert api.search("databse").suggestion == "database"


def test_a_misspelt_search_costs_the_same_few_queries_however_big_the_community(database_search, post_thread, client):
    post_thread("Calendar sync with Google", "The calendar does not synchronise with Google Calendar.")
    url = reverse("search:search")
    client.get(url, {"q": "calendar"})  # the site's own first-request reads (its brand, its CMS site) are done
    with CaptureQueriesContext(connection) as one:
        assert b"Showing results for" in client.get(url, {"q": "calender"}).content
    for i in range(30):
        post_thread(f"Calendar colours number {i}", "Each calendar gets its own colour.", tags=[f"t{i}"])
    with CaptureQueriesContext(connection) as many:
        assert b"Showing results for" in client.get(url, {"q": "calender colurs"}).content
    assert len(many) == len(one) <= 8  # the search's 3, the suggestion's 1 (PostgreSQL), the corrected search's 3
