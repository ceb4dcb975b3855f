"""The database backend's bounded work (issue "Page speed"): counts stop at the last reachable result, and
relevance ranks only the most recently indexed matches, the rest following in full-ranking order."""

from __future__ import annotations

import pytest
from django.urls import reverse

from search import api
from search.backends import database
from tests.search_support import database_search, post_thread, titles  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _lamps(post_thread, n):
    for i in range(n):
        post_thread(f"Lamp number {i:02d}", "About the lamp and its shade.", tags=["lamp", f"t{i % 3}"])


def test_counts_past_the_last_reachable_result_say_so(database_search, post_thread, client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the same URL is asked twice under different settings
    settings.SEARCH = {**settings.SEARCH, "PER_PAGE": 2, "MAX_PAGE": 3}  # six results can be shown
    _lamps(post_thread, 9)
    results = api.search("lamp")
    assert results.total == 6 and results.total_is_lower_bound and results.facets_are_lower_bounds
    assert {f.value: f.count for f in results.facets["kind"]} == {"question": 6}
    assert results.num_pages == 3
    html = client.get(reverse("search:search"), {"q": "lamp"}).content.decode()
    assert "6+ results" in html
    assert '<span class="facet-count">6+</span>' in html

    settings.SEARCH = {**settings.SEARCH, "MAX_PAGE": 50}  # room for all nine: exact again
    results = api.search("lamp")
    assert results.total == 9 and not results.total_is_lower_bound and not results.facets_are_lower_bounds
    assert {f.value: f.count for f in results.facets["tags"]} == {"lamp": 9, "t0": 3, "t1": 3, "t2": 3}
    assert "9 results" in client.get(reverse("search:search"), {"q": "lamp"}).content.decode()


def test_relevance_pages_past_the_candidates_continue_without_gaps_or_repeats(
    database_search, post_thread, settings, monkeypatch
):
    settings.SEARCH = {**settings.SEARCH, "PER_PAGE": 3}
    _lamps(post_thread, 8)
    everything = titles(api.search("lamp", per_page=20))  # fewer matches than candidates: the full ranking
    monkeypatch.setattr(database, "CANDIDATES", 4)
    paged = [t for page in (1, 2, 3) for t in titles(api.search("lamp", page=page))]
    assert sorted(paged) == sorted(everything) and len(paged) == 8
    newest_four = {f"Lamp number {i:02d}" for i in range(4, 8)}
    assert set(paged[:4]) == newest_four  # the candidates, ranked, come first


def test_an_exact_title_is_ranked_even_when_it_is_not_among_the_newest(
    database_search, post_thread, settings, monkeypatch
):
    post_thread("Lamp shade colour", "Which shade colour suits a reading lamp?")
    for i in range(6):
        post_thread(f"Reading lamp number {i}", "The lamp shade colour here is green.")
    monkeypatch.setattr(database, "CANDIDATES", 2)
    assert titles(api.search("lamp shade colour"))[0] == "Lamp shade colour"


def test_highlighted_snippet_is_unchanged_by_the_early_stop(database_search, post_thread):
    body = "Intro words here. " * 30 + "The kettle boils fast. " + "More words after. " * 30
    post_thread("A long post", body)
    hit = api.search("kettle").hits[0]
    assert "<mark>kettle</mark> boils fast" in hit.snippet_html and hit.snippet_html.startswith("… ")
