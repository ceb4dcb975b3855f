"""Typos forgiven on every backend: "recieve", "fermentaion", « bierre » find the right threads, with "Did you mean …?".

- PostgreSQL: the vocabulary table (``SearchWord``) and its trigram index (``pg_trgm``, migration 0005); the query as
  typed found nothing, so the corrected one's results are shown ("Showing results for …").
- SQLite: the same table, its most frequent words compared in memory; run on a real SQLite file by a subprocess.
- Elasticsearch: the term suggester, and the search sent again with fuzzy matching.
"""

from __future__ import annotations

import json
import textwrap
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.forum import actions
from search import api
from search.models import SearchWord
from tests.explain import explain
from tests.search_support import database_search, elasticsearch, es_url, post_thread, run_on_sqlite, titles  # noqa: F401

pytestmark = pytest.mark.django_db


FERMENTATION = "Fermentation stuck after three days"
RECEIVE = "Receive an alert when the mash temperature drops"
BIERE = "Quelle bière brasser pour débuter ?"
BOTTLING = "Bottling day checklist"
BREWERY = [  # title, body, tags
    (FERMENTATION, "My fermentation stopped and the airlock is quiet. Should I add more yeast?", ["fermentation"]),
    (RECEIVE, "I would like to receive a notification on my phone when the mash cools down.", ["equipment"]),
    (
        BIERE,
        "Je voudrais brasser ma première bière à la maison : une bière blonde, simple et rafraîchissante.",
        ["debutant"],
    ),
    (BOTTLING, "Sanitise the bottles and caps, then prime with sugar before you fill them.", ["bottling"]),
]


@pytest.fixture
def brewery(post_thread):
    return {title: post_thread(title, body, tags=tags) for title, body, tags in BREWERY}


def test_typos_find_the_right_threads_on_postgresql(database_search, brewery):
    assert connection.vendor == "postgresql"
    for typed, corrected, title in [
        ("fermentaion", "fermentation", FERMENTATION),
        ("recieve", "receive", RECEIVE),
        ("bierre", "bière", BIERE),
        ("mash temprature", "mash temperature", RECEIVE),
    ]:
        results = api.search(typed)
        assert (results.suggestion, results.showing_suggestion, titles(results)) == (corrected, True, [title]), typed
    # Filters are kept: the suggestion is a real query of the syntax, and its results obey them.
    results = api.search("fermentaion is:question tag:fermentation")
    assert results.suggestion == "fermentation tag:fermentation is:question"
    assert titles(results) == [FERMENTATION]
    results = api.search("recieve tag:bottling")
    assert results.suggestion == "receive tag:bottling" and results.total == 0 and not results.showing_suggestion


def test_the_database_suggests_on_few_results_too(database_search, brewery, make_member, live):
    """A misspelling in an answer (which the vocabulary does not read) finds that thread, and the right spelling is
    offered beside it, as Elasticsearch's suggester does."""
    with live():
        actions.post_answer(
            make_member("helper"), brewery[BOTTLING], body="You will recieve a hydrometer with the kit."
        )
    results = api.search("recieve")
    assert titles(results) == [BOTTLING]
    assert results.suggestion == "receive" and not results.showing_suggestion


def test_no_suggestion_repeats_a_word_or_corrects_accents_only(database_search, brewery):
    results = api.search("fermentation fermentaion")
    assert results.total == 0 and results.suggestion is None  # the correction is in the query already
    results = api.search("biere")  # the same word without its accent: found, not corrected
    assert titles(results) == [BIERE] and results.suggestion is None
    assert api.search("xylophone").suggestion is None  # nothing near: nothing suggested


def test_the_vocabulary_follows_edits_and_deletions(database_search, brewery, live):
    assert SearchWord.objects.get(folded="biere").spelling == "bière"
    assert SearchWord.objects.get(folded="fermentation").frequency == 1
    thread = brewery[FERMENTATION]
    with live():
        actions.edit_thread(
            thread.author, thread, title="Stuck ferment after three days", body=thread.body_md, tags=["fermentation"]
        )
    assert SearchWord.objects.get(folded="fermentation").frequency == 1  # still in its body and tag
    with live():
        actions.soft_delete(thread, actor=thread.author)
    assert SearchWord.objects.get(folded="fermentation").frequency == 0
    assert api.search("fermentaion").suggestion is None  # a word nobody uses any more is not offered
    counted = dict(SearchWord.objects.filter(frequency__gt=0).values_list("folded", "frequency"))
    api.reindex()  # counted again from scratch: the same words, the same frequencies
    assert dict(SearchWord.objects.filter(frequency__gt=0).values_list("folded", "frequency")) == counted
    assert counted["biere"] == 1 and counted["bottles"] == 1 and "stuck" not in counted


def test_the_typo_page_shows_the_corrected_results_in_constant_queries(database_search, post_thread, client):
    url = reverse("search:search")
    post_thread(*BREWERY[0][:2], tags=BREWERY[0][2])
    client.get(url, {"q": "fermentation"})  # the site's own first-request reads are done
    with CaptureQueriesContext(connection) as one:
        html = client.get(url, {"q": "fermentaion"}).content.decode()
    assert 'Showing results for <a href="?q=fermentation">fermentation</a>' in html
    assert "<mark>Fermentation</mark> stuck after three days" in html
    assert "Nothing matches <q>fermentaion</q>" in html
    for i in range(25):
        post_thread(f"Fermentation log number {i}", "Gravity readings of every day of the fermentation.")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url, {"q": "fermentaion", "page": "2"}).content.decode()
    assert "Showing results for" in html and "log number" in html
    assert len(many) == len(one) <= 8  # the search's 3, the suggestion's 1, the corrected search's 3


def test_elasticsearch_forgives_typos(elasticsearch, brewery):
    for typed, corrected, title in [("fermentaion", "fermentation", FERMENTATION), ("recieve", "receive", RECEIVE)]:
        results = api.search(typed)
        assert titles(results) == [title], typed
        assert (results.suggestion, results.showing_suggestion) == (corrected, True), typed
    # French light stemming already brings « bierre » and « bière » together (bierr, bier): found, and corrected.
    results = api.search("bierre")
    assert titles(results) == [BIERE] and results.suggestion == "bière"
    results = api.search("fermentaion is:question")
    assert titles(results) == [FERMENTATION] and results.suggestion == "fermentation is:question"
    assert api.search("fermentaion tag:bottling").total == 0  # filters still apply to the forgiving search
    results = api.search("biere")  # folded by the analyzers: found, and not "corrected" to its accented form
    assert titles(results) == [BIERE] and results.suggestion is None


def test_elasticsearch_typo_page(elasticsearch, brewery, client):
    html = client.get(reverse("search:search"), {"q": "recieve"}).content.decode()
    assert 'Showing results for <a href="?q=receive">receive</a>' in html and "mash temperature drops" in html


VOCABULARY = 100_000  # words: a large forum's (each distinct word of every title, tag and body is one row)


def test_the_trigram_lookup_reads_the_index_not_the_vocabulary(database_search, brewery):
    """At a large forum's vocabulary, correcting words reads the trigram GIN index (migration 0005) and the unique
    index, never the whole table: EXPLAIN, as the other database guards do, after ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_searchword (folded, spelling, frequency)"
            " SELECT w, w, 1 + i %% 50 FROM (SELECT i, substr(md5(i::text), 1, 4 + i %% 8) || 'ing' AS w"
            " FROM generate_series(1, %s) i) g ON CONFLICT (folded) DO NOTHING",
            [VOCABULARY],
        )
        cursor.execute("ANALYZE search_searchword")
    with CaptureQueriesContext(connection) as ctx:
        results = api.search("fermentaion sycn")
    lookups = [q["sql"] for q in ctx.captured_queries if "search_searchword" in q["sql"]]
    assert len(lookups) == 1, lookups  # every word of the query at once
    text, nodes = explain(lookups[0])
    assert "search_word_trigram_idx" in text, text
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan"], text
    assert results.suggestion is not None and results.suggestion.startswith("fermentation")


# --- SQLite, on a real file, in a process of its own -------------------------------------------------------------

SQLITE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    call_command("migrate", verbosity=0)
    from allauth.account.models import EmailAddress
    from community.forum import actions
    from community.models import Member
    from search import api
    author = Member.objects.create_user(username="brewer", email="brewer@example.com", password="x" * 20)
    EmailAddress.objects.create(user=author, email=author.email, verified=True, primary=True)
    for title, body, tags in json.loads(sys.argv[1]):
        actions.create_thread(author, kind="question", title=title, body=body, tags=tags, at=timezone.now())
    out = {"vendor": connection.vendor}
    for typed in ["fermentaion", "recieve", "bierre", "biere", "fermentation fermentaion", "recieve is:question"]:
        with CaptureQueriesContext(connection) as queries:
            results = api.search(typed)
        out[typed] = {
            "titles": [hit.title for hit in results.hits],
            "suggestion": results.suggestion,
            "showing": results.showing_suggestion,
            "queries": len(queries),
        }
    print(json.dumps(out))
    """
)


def test_typos_find_the_right_threads_on_sqlite(tmp_path):
    out = run_on_sqlite(tmp_path, SQLITE_SCRIPT, json.dumps(BREWERY))
    assert out["vendor"] == "sqlite"
    for typed, corrected, title in [
        ("fermentaion", "fermentation", FERMENTATION),
        ("recieve", "receive", RECEIVE),
        ("bierre", "bière", BIERE),
    ]:
        assert out[typed] == {**out[typed], "titles": [title], "suggestion": corrected, "showing": True}, typed
    assert out["biere"]["titles"] == [BIERE] and out["biere"]["suggestion"] is None
    assert out["fermentation fermentaion"]["suggestion"] is None
    assert out["recieve is:question"]["suggestion"] == "receive is:question"
    # The search's 3, the known words' 1, the vocabulary's version 1 (and its read when it changed), then 3 more.
    assert out["fermentaion"]["queries"] <= 9 and out["recieve"]["queries"] <= 8


# --- the migration's clear error -------------------------------------------------------------------------------


def test_the_migration_says_what_to_run_when_pg_trgm_cannot_be_created(database_search):
    """A role without the CREATE privilege on the database may not create the (trusted) pg_trgm extension."""
    migration = import_module("search.migrations.0005_trigram_vocabulary")
    assert connection.vendor == "postgresql"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP EXTENSION pg_trgm CASCADE")  # with the trigram index; all rolled back below
            cursor.execute("CREATE ROLE guildhall_no_extensions NOLOGIN")
            cursor.execute("GRANT guildhall_no_extensions TO CURRENT_USER")
            cursor.execute("SET LOCAL ROLE guildhall_no_extensions")
        with connection.schema_editor(atomic=False) as editor, pytest.raises(CommandError) as error:
            migration.create_trigram_extension(django_apps, editor)
        transaction.set_rollback(True)
    message = str(error.value)
    assert "could not create the pg_trgm extension" in message
    assert "permission denied" in message
    assert "CREATE EXTENSION IF NOT EXISTS pg_trgm;" in message and "superuser" in message
    assert SearchWord.objects.exists() is False  # the test's transaction is usable again
