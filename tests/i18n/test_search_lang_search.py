"""Search knows each thread's language (``Thread.language``): documents carry it, a French thread is scored on the
French analysis first, ``lang:`` and the Language facet filter by it, similar threads prefer the asker's language,
and hits are marked with ``lang``. Run on both backends (PostgreSQL under ``make test``) and a real Elasticsearch.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from community.forum import actions
from search import api, conf, query
from search.backends import get_backend
from search.documents import index_body
from tests.search_support import backend, elasticsearch, es_url, post_thread, titles  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

# "chevaux" finds "cheval" only through French stemming (light_french / Snowball French): English leaves both alone.
FRENCH_HORSE = (
    "Quel cheval choisir pour débuter ?",
    "Je cherche un cheval calme et patient pour apprendre à monter le week-end.",
)
ENGLISH_HORSE = (
    "Cheval mirror for the hallway",
    "I want a tall cheval mirror that tilts; which stand should I buy for the hallway?",
)
FRENCH_SYNC = (
    "Synchroniser mes notes sur Android",
    "Mes carnets ne se synchronisent plus depuis la mise à jour de l'application Android.",
)
ENGLISH_SYNC = ("Sync my notes on Android", "My notebooks stopped syncing on Android after the last update of the app.")


def _one_analysis_only(backend_name):
    if backend_name == "database" and connection.vendor == "sqlite":
        pytest.skip("SQLite's FTS5 table has one analysis (Porter): no French stemming to weigh")


def _doc(object_id, language, title, body, *, score=0):
    """A thread's document as the pipeline writes it; crafted ones differ only where a test says so."""
    now = timezone.now()
    return {
        "doc_type": "thread", "object_id": object_id, "kind": "question", "language": language, "title": title,
        "title_key": query.normalise_title(title), "body": body, "answers": "", "tags": ["general"], "author": "a",
        "author_name": "A", "author_id": 1, "score": score, "votes_up": max(score, 0), "answer_count": 0,
        "accepted": False, "author_reputation": 1, "created": now, "last_activity": now, "url": f"/t/{object_id}/",
    }  # fmt: skip


def _index(*docs):
    get_backend().upsert("threads", list(docs))
    api.refresh()


# --- the document's language --------------------------------------------------------------------------------


def test_threads_are_indexed_with_their_language(backend, post_thread):
    french = post_thread(*FRENCH_SYNC)
    english = post_thread(*ENGLISH_SYNC)
    assert (french.language, english.language) == ("fr", "en")
    hits = {hit.id: hit.language for hit in api.search("android").hits}
    assert hits == {french.pk: "fr", english.pk: "en"}


def test_knowledge_pages_carry_their_locale(backend):
    api.index_knowledge_page(
        page_id=7, title="Synchroniser hors connexion", body="Un article.", url="/k/7/", updated_at=timezone.now()
    )
    api.index_knowledge_page(
        page_id=8,
        title="Synchroniser sans réseau",
        body="Un autre article.",
        url="/k/8/",
        updated_at=timezone.now(),
        language="fr",
    )
    api.refresh()
    assert {hit.id: hit.language for hit in api.search("synchroniser").hits} == {7: "en", 8: "fr"}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [(SimpleNamespace(language_code="fr"), "fr"), (SimpleNamespace(language_code="fr-CA"), "fr"), (None, "en")],
)
def test_a_page_language_is_its_wagtail_locale(locale, expected):
    assert api.page_language(SimpleNamespace(locale=locale)) == expected


# --- French threads are analysed in French first ---------------------------------------------------------------


def test_a_french_thread_is_scored_on_the_french_analysis_first(backend):
    """The same words in a French and an English thread, the English one with a vote more: "chevaux" matches both
    only through French stemming ("cheval"), and the French thread, analysed in French first, comes first."""
    _one_analysis_only(backend)
    title, body = "Quel cheval choisir ?", "Un cheval calme pour apprendre à monter."
    _index(_doc(1, "fr", title, body), _doc(2, "en", title, body, score=1))
    assert [hit.id for hit in api.search("chevaux").hits] == [1, 2]
    assert [hit.id for hit in api.search('"chevaux calmes"').hits] == [1, 2]  # a phrase too


def test_french_and_english_threads_posted_and_found(backend, post_thread):
    _one_analysis_only(backend)
    french = post_thread(*FRENCH_HORSE)
    english = post_thread(*ENGLISH_HORSE)  # newer: it would win a tie
    assert (french.language, english.language) == ("fr", "en")
    results = api.search("chevaux")  # matches both, and only through French stemming ("cheval")
    assert titles(results) == [FRENCH_HORSE[0], ENGLISH_HORSE[0]]


def test_english_threads_still_come_first_on_english_analysis(backend, post_thread):
    post_thread("Running the backup every night", "A small script that runs the backup at two.")
    post_thread("Courir avec la sauvegarde", "Mon script de sauvegarde, running chaque nuit à deux heures du matin.")
    assert titles(api.search("run"))[0] == "Running the backup every night"


def test_documents_without_a_language_count_as_english(elasticsearch):
    """Indexed by an older release: no ``language`` field until ``search_reindex``."""
    old = _doc(1, "en", "Offline mode", "Offline mode keeps notes.")
    del old["language"]
    _index(old)
    results = api.search("offline")
    assert [hit.language for hit in results.hits] == ["en"]
    assert {f.value: f.count for f in results.facets["language"]} == {"en": 1}
    assert api.search("offline lang:en").total == 1 and api.search("offline lang:fr").total == 0


def test_an_index_made_before_languages_gets_the_field_on_the_next_write(elasticsearch, post_thread, make_member):
    """Without it the first French thread would map ``language`` as text and every faceted search would fail."""
    backend = get_backend()
    for kind in ("threads", "pages"):  # the pages' index is not written to here: searches span it unchanged
        alias = conf.alias(kind)
        body = index_body(kind)
        del body["mappings"]["properties"]["language"]
        backend.client.indices.create(index=f"{alias}-v0", **body)
        backend.client.indices.put_alias(index=f"{alias}-v0", name=alias)
    post_thread(*FRENCH_SYNC)
    mapping = backend.client.indices.get_mapping(index=conf.alias("threads")).body
    assert [index["mappings"]["properties"]["language"] for index in mapping.values()] == [{"type": "keyword"}]
    assert {f.value: f.count for f in api.search("android").facets["language"]} == {"fr": 1}
    assert titles(api.search("android lang:fr")) == [FRENCH_SYNC[0]] and not api.search("android lang:en").hits


# --- lang: and the Language facet ------------------------------------------------------------------------------


def test_lang_operator_and_filter(backend, post_thread):
    post_thread(*FRENCH_SYNC)
    post_thread(*ENGLISH_SYNC)
    assert titles(api.search("android lang:fr")) == [FRENCH_SYNC[0]]
    assert titles(api.search("android lang:EN")) == [ENGLISH_SYNC[0]]
    assert titles(api.search("android language:français")) == [FRENCH_SYNC[0]]
    assert titles(api.search("android", {"language": "fr"})) == [FRENCH_SYNC[0]]
    assert titles(api.search("lang:fr")) == [FRENCH_SYNC[0]]  # a filter alone, no words
    unknown = api.search("android lang:klingon")
    assert unknown.total == 2 and unknown.notices == [
        "“lang:klingon” is not a language of this site: try lang:en, lang:fr."
    ]


def test_language_facet_counts_each_language_named_in_itself(backend, post_thread):
    post_thread(*FRENCH_SYNC)
    post_thread(*ENGLISH_SYNC)
    post_thread("Android widget missing", "The home screen widget vanished from my Android phone today.")
    with translation.override("fr"):
        facets = api.search("android").facets["language"]
    assert [(f.value, f.label, f.count, f.lang, f.selected) for f in facets] == [
        ("en", "English", 2, "en", False),
        ("fr", "Français", 1, "fr", False),
    ]
    selected = api.search("android", {"language": "fr"}).facets["language"]
    assert [(f.value, f.count, f.selected) for f in selected] == [("fr", 1, True)]


def test_search_page_shows_the_language_facet_and_keeps_it(backend, post_thread, client, settings):
    settings.SEARCH = {**settings.SEARCH, "PER_PAGE": 1}
    post_thread(*FRENCH_SYNC)
    post_thread("Android : les notes disparaissent", "Mes notes disparaissent de mon téléphone Android chaque soir.")
    post_thread(*ENGLISH_SYNC)
    html = client.get(reverse("search:search"), {"q": "android"}).content.decode()
    facet = re.search(r'<a href="([^"]*)"><span lang="fr">Français</span> <span class="facet-count">2</span>', html)
    assert facet and "lang=fr" in facet.group(1), html
    assert '<span lang="en">English</span> <span class="facet-count">1</span>' in html

    page = client.get(reverse("search:search"), {"q": "android", "lang": "fr", "sort": "newest"})
    html = page.content.decode()
    assert "Page 1 of 2" in html and "Synchroniser" not in html  # newest first: only French threads
    next_url = re.search(r'rel="next" href="([^"]*)"', html).group(1)
    assert "lang=fr" in next_url.replace("&amp;", "&")
    assert '<input type="hidden" name="lang" value="fr">' in html
    assert 'aria-label="Remove filter: Français"><span lang="fr">Français</span>' in html
    page2 = client.get(reverse("search:search") + next_url.replace("&amp;", "&")).content.decode()
    assert "Synchroniser" in page2 and "Sync my notes" not in page2


# --- hits are marked with their language -----------------------------------------------------------------------


def test_hits_mark_title_and_snippet_with_their_language(backend, post_thread, make_member, live, client):
    thread = post_thread(*FRENCH_SYNC)
    with live():
        actions.post_answer(make_member("aide"), thread, body="Videz le cache de l'application, puis relancez-la.")
    html = client.get(reverse("search:search"), {"q": "android"}).content.decode()
    assert re.search(r'<a href="[^"]+" lang="fr">Synchroniser mes notes sur <mark>Android</mark></a>', html), html
    assert re.search(r'<p class="snippet"><span lang="fr">', html), html
    # A snippet from an answer is labelled in the reader's language, outside the thread's language.
    results = api.search("cache")
    assert results.hits[0].snippet_in_answer and "snippet-label" not in results.hits[0].snippet_html
    html = client.get(reverse("search:search"), {"q": "cache"}).content.decode()
    assert '<span class="snippet-label">In an answer:</span> <span lang="fr">' in html


def test_results_are_cached_per_reader_language(backend, post_thread, client, monkeypatch):
    """Notices and labels are written in the reader's language: a French reader never gets an English set."""
    post_thread(*ENGLISH_SYNC)
    calls = []
    real = api.search
    monkeypatch.setattr(api, "search", lambda *a, **k: calls.append(translation.get_language()) or real(*a, **k))
    client.get(reverse("search:search"), {"q": "android"}, headers={"accept-language": "en"})
    client.get(reverse("search:search"), {"q": "android"}, headers={"accept-language": "fr"})
    client.get(reverse("search:search"), {"q": "android"}, headers={"accept-language": "fr"})
    assert calls == ["en", "fr"]


# --- similar threads prefer the asker's language ---------------------------------------------------------------


def test_similar_prefers_threads_in_the_askers_language(backend):
    # The same thread twice, one marked French and one English: only the language tells them apart.
    _index(
        *(
            _doc(i, language, "Notes offline sync", "Offline sync of my notes.")
            for i, language in ((1, "fr"), (2, "en"))
        )
    )
    assert [hit.id for hit in api.similar("Notes offline sync", language="fr")] == [1, 2]
    assert [hit.id for hit in api.similar("Notes offline sync", language="en")] == [2, 1]
    with translation.override("fr"):  # no language given: the page's
        assert [hit.id for hit in api.similar("Notes offline sync")][0] == 1


def test_similar_view_asks_in_the_language_the_question_is_written_in(backend, client, monkeypatch):
    seen = []
    monkeypatch.setattr(
        api, "similar", lambda title, body="", limit=5, language=None, tags=(): seen.append(language) or []
    )
    url = reverse("search:similar")
    client.get(url, {"title": "Comment synchroniser mes carnets hors connexion sur mon téléphone ?"})
    client.get(url, {"title": "How do I sync my notebooks offline on my phone?"})
    client.get(url, {"title": "Android"}, headers={"accept-language": "fr"})  # too short to tell: the page's
    assert seen == ["fr", "en", "fr"]


def test_query_language_names():
    assert [query.language_code(v) for v in ("fr", "FR", "fr-ca", "Français", "francais", "english", "de")] == [
        "fr",
        "fr",
        "fr",
        "fr",
        "fr",
        "en",
        None,
    ]
