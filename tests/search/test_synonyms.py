"""Search synonyms moderators manage in the CMS (search/synonyms.py, search/actions.py, search/cms.py), on every
backend: query expansion on the databases (PostgreSQL here, SQLite FTS5 in a process of its own on a SQLite file),
the stock ``synonym_graph`` filter in Elasticsearch's search analyzers, applied by a zero-downtime rebuild."""

from __future__ import annotations

import threading

import pytest
from django.urls import reverse

from search import api, synonyms
from search.backends import get_backend
from search.models import SearchSynonym
from tests.search_support import backend, elasticsearch, es_url, post_thread, run_on_sqlite, titles  # noqa: F401

pytestmark = pytest.mark.django_db

IPA = "Brewing an India Pale Ale at home"
IPA_SHORT = "Dry hopping my IPA"
STOUT = "Oatmeal stout recipe"


class LiveClient:
    """A moderator's test client whose requests commit as real ones do: on-commit work (dropping the cached sets,
    the task applying them to Elasticsearch) runs, then the index is refreshed."""

    def __init__(self, client, live):
        self.client, self.live = client, live

    def get(self, *args, **kwargs):
        return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        with self.live():
            return self.client.post(*args, **kwargs)


@pytest.fixture
def cms(client_for, moderator, live):
    return LiveClient(client_for(moderator), live)


def add_set(cms, terms: str):
    return cms.post(reverse("search_synonyms:add"), {"terms": terms})


def only(results) -> set[str]:
    return set(titles(results))


@pytest.fixture
def beers(post_thread):
    post_thread(IPA, "Malt, hops and patience: the recipe for a hoppy pale beer.")
    post_thread(IPA_SHORT, "Which hops for a dry hop that smells of citrus?")
    post_thread(STOUT, "Oats give the stout its silky body.")


# --- what members get ---------------------------------------------------------------------------------------


def test_a_set_added_in_the_cms_finds_every_term_both_ways(backend, beers, cms):
    assert only(api.search("ipa")) == {IPA_SHORT}
    assert only(api.search('"india pale ale"')) == {IPA}

    response = add_set(cms, "IPA,  India Pale Ale ")
    assert response.status_code == 302
    (saved,) = SearchSynonym.objects.all()
    assert saved.terms == "ipa, india pale ale" and saved.changed_by.username == "mod"
    api.refresh()

    assert only(api.search("ipa")) == {IPA, IPA_SHORT}
    assert only(api.search("india pale ale")) == {IPA, IPA_SHORT}  # typed as words
    assert only(api.search('"india pale ale"')) == {IPA, IPA_SHORT}  # typed as a phrase
    assert only(api.search("ipa home")) == {IPA}  # with another word: both must match
    assert only(api.search("stout")) == {STOUT}  # other searches are untouched
    assert only(api.search("pale")) == {IPA}  # a word of a term is not the term


def test_the_synonym_found_is_marked_in_the_hit(backend, beers, cms):
    add_set(cms, "ipa, india pale ale")
    api.refresh()
    (hit,) = [h for h in api.search("ipa").hits if h.title == IPA]
    assert "<mark>" in hit.title_html and "India" in hit.title_html


def test_editing_and_deleting_a_set_take_effect(backend, beers, cms, post_thread):
    post_thread("Hazy NEIPA with oats", "A New England IPA, cloudy and juicy.")
    add_set(cms, "ipa, india pale ale")
    saved = SearchSynonym.objects.get()
    api.refresh()
    assert IPA in only(api.search("ipa"))

    response = cms.post(reverse("search_synonyms:edit", args=[saved.pk]), {"terms": "stout, india pale ale"})
    assert response.status_code == 302
    api.refresh()
    assert only(api.search("ipa")) == {IPA_SHORT, "Hazy NEIPA with oats"}  # no longer a synonym
    assert only(api.search("stout")) == {STOUT, IPA}

    confirm = cms.get(reverse("search_synonyms:delete", args=[saved.pk]))
    assert confirm.status_code == 200 and "Are you sure" in confirm.content.decode()
    assert SearchSynonym.objects.exists()  # asking is not deleting
    assert cms.post(reverse("search_synonyms:delete", args=[saved.pk])).status_code == 302
    assert not SearchSynonym.objects.exists()
    api.refresh()
    assert only(api.search("stout")) == {STOUT}


def test_french_words_and_accents(backend, post_thread, cms):
    post_thread("Quelle bière blonde pour l'été ?", "Une bière légère et fraîche pour les grillades.")
    post_thread("Lager or ale for a barbecue?", "Something light for grilled food.")
    add_set(cms, "bière blonde, lager")
    api.refresh()
    assert only(api.search("lager")) == {"Quelle bière blonde pour l'été ?", "Lager or ale for a barbecue?"}
    assert only(api.search("biere blonde")) == {"Quelle bière blonde pour l'été ?", "Lager or ale for a barbecue?"}


# --- the CMS: moderators only, clear refusals, nothing half-saved -----------------------------------------------


def test_the_list_shows_the_sets(cms, moderator):
    add_set(cms, "ipa, india pale ale")
    add_set(cms, "stout, porter")
    html = cms.get(reverse("search_synonyms:index")).content.decode()
    assert "ipa, india pale ale" in html and "stout, porter" in html and "mod" in html
    assert reverse("search_synonyms:add") in html


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("ipa", "at least two different terms"),
        ("ipa, IPA,  ipa ", "at least two different terms"),
        ("ipa, india pale ale => stout", "characters search ignores"),
        ("ipa, " + "x" * 70, "longer than 60 characters"),
        ("ipa, one two three four five six seven", "more than 6 words"),
        ("ipa, the", "words too common to search on"),
        (", ".join(f"term{i}" for i in range(21)), "at most 20 terms"),
    ],
)
def test_invalid_terms_give_a_clear_message_and_save_nothing(cms, terms, message):
    response = add_set(cms, terms)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SearchSynonym.objects.exists()


def test_a_term_in_two_sets_is_refused(cms):
    add_set(cms, "ipa, india pale ale")
    response = add_set(cms, "stout, IPA")
    assert response.status_code == 400
    html = response.content.decode()
    assert "“ipa” is already in the set “ipa, india pale ale”" in html.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert SearchSynonym.objects.count() == 1
    other = SearchSynonym.objects.get()
    add_set(cms, "stout, porter")
    stout = SearchSynonym.objects.get(terms="stout, porter")
    response = cms.post(reverse("search_synonyms:edit", args=[stout.pk]), {"terms": "stout, india pale ale"})
    assert response.status_code == 400
    stout.refresh_from_db()
    other.refresh_from_db()
    assert (stout.terms, other.terms) == ("stout, porter", "ipa, india pale ale")


def test_members_who_are_not_moderators_cannot_open_or_change_synonyms(client_for, make_member, moderator, client):
    from django.contrib.auth.models import Permission

    saved = SearchSynonym.objects.create(terms="ipa, india pale ale", changed_by=moderator)
    staff_member = make_member("editor")  # may open the CMS, is not a moderator
    staff_member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for who in (client_for(make_member("visitor")), client_for(staff_member), client):
        for url in (
            reverse("search_synonyms:index"),
            reverse("search_synonyms:add"),
            reverse("search_synonyms:edit", args=[saved.pk]),
            reverse("search_synonyms:delete", args=[saved.pk]),
        ):
            assert who.get(url).status_code in (302, 403)
            assert who.post(url, {"terms": "stout, porter"}).status_code in (302, 403)
    saved.refresh_from_db()
    assert saved.terms == "ipa, india pale ale" and SearchSynonym.objects.count() == 1


def test_the_menu_entry_is_for_moderators(client_for, moderator, make_member):
    from django.contrib.auth.models import Permission

    home = client_for(moderator).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("search_synonyms:index") in home
    editor = make_member("editor")  # opens the CMS, is not a moderator
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    home = client_for(editor).get(reverse("wagtailadmin_home"))
    assert home.status_code == 200 and reverse("search_synonyms:index") not in home.content.decode()


# --- constant queries: the sets come from the cache ---------------------------------------------------------


def test_the_search_page_reads_the_sets_from_the_cache(backend, beers, cms, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("search:search")
    client.get(url, {"q": "warm"})
    with CaptureQueriesContext(connection) as without:
        assert client.get(url, {"q": "ipa"}).status_code == 200
    for i in range(2):
        add_set(cms, f"term{i}, other{i}")
    add_set(cms, "ipa, india pale ale")
    api.refresh()
    client.get(url, {"q": "warm"})  # the first search after a change reads the sets once
    with CaptureQueriesContext(connection) as expanded:
        response = client.get(url, {"q": "ipa"})
    assert b"2 results" in response.content
    assert len(expanded) == len(without)
    assert not [q for q in expanded.captured_queries if "search_searchsynonym" in q["sql"]]


# --- Elasticsearch: stock synonym_graph in the search analyzers, applied without downtime ---------------------


def test_elasticsearch_searches_with_the_stock_synonym_graph_filter(elasticsearch, beers, cms):
    add_set(cms, "ipa, india pale ale")
    add_set(cms, "café, coffee")
    b = get_backend()
    (index,) = b.indices_behind(b.alias("threads"))
    stored = b.client.indices.get_settings(index=index)[index]["settings"]["index"]["analysis"]
    assert stored["filter"]["search_synonyms"] == {
        "type": "synonym_graph",
        "synonyms": ["ipa, india pale ale", "café, coffee", "cafe => café, coffee"],
        "lenient": "true",
    }
    assert stored["analyzer"]["english_search"]["filter"][:2] == ["lowercase", "search_synonyms"]
    assert "search_synonyms" not in stored["analyzer"]["english_text"]["filter"]  # documents: never re-analysed
    mapping = b.client.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    assert mapping["title"]["search_analyzer"] == "english_search"
    assert mapping["body"]["fields"]["fr"]["search_analyzer"] == "french_search"


def test_a_change_rebuilds_the_index_while_searches_keep_working(elasticsearch, beers, cms):
    b = get_backend()
    (before,) = b.indices_behind(b.alias("threads"))
    errors, counts, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                counts.append(api.search("ipa").total)
            except Exception as exc:  # any failure while the new rules are applied fails the test
                errors.append(exc)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        assert add_set(cms, "ipa, india pale ale").status_code == 302  # the task rebuilds after the commit
    finally:
        stop.set()
        searcher.join()
    assert not errors and counts and set(counts) <= {1, 2}  # the old index (1) until the swap, then the new (2)
    (after,) = b.indices_behind(b.alias("threads"))
    assert after != before and not b.client.indices.exists(index=before)
    assert only(api.search("ipa")) == {IPA, IPA_SHORT}


def test_the_task_leaves_an_index_that_has_the_rules_alone(elasticsearch, beers, cms):
    from search.tasks import apply_search_synonyms

    add_set(cms, "ipa, india pale ale")
    b = get_backend()
    current = b.indices_behind(b.alias("threads"))
    assert apply_search_synonyms.call() == {"rebuilt": 0}
    assert b.indices_behind(b.alias("threads")) == current


# --- SQLite FTS5, in a site of its own on a SQLite file --------------------------------------------------------

SQLITE_SCRIPT = r"""
import json
import django
django.setup()
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
call_command("migrate", verbosity=0)
from community.forum import actions
from community.models import Member
from search import api
from search.models import SearchSynonym

member = Member.objects.create_user(username="brewer", email="brewer@example.com", password="x" * 20)
moderator = Member.objects.create_user(username="mod", email="mod@example.com", password="x" * 20)
moderator.groups.add(Group.objects.get(name="Moderators"))
for title in ("Brewing an India Pale Ale at home", "Dry hopping my IPA", "Oatmeal stout recipe"):
    body = "A body long enough to be posted here."
    actions.create_thread(member, kind="question", title=title, body=body, tags=["beer"], at=timezone.now())
cms = Client()
cms.force_login(moderator)
found = lambda q: sorted(h.title for h in api.search(q).hits)
out = {"vendor": connection.vendor, "before": found("ipa")}
out["add"] = cms.post(reverse("search_synonyms:add"), {"terms": "ipa, india pale ale"}).status_code
out["ipa"], out["words"], out["phrase"] = found("ipa"), found("india pale ale"), found('"india pale ale"')
cms.post(reverse("search_synonyms:delete", args=[SearchSynonym.objects.get().pk]))
out["deleted"] = found("ipa")
print(json.dumps(out))
"""


def test_sqlite_fts5_expands_the_query_too(tmp_path):
    out = run_on_sqlite(tmp_path, SQLITE_SCRIPT)
    assert out["vendor"] == "sqlite"
    assert out["before"] == ["Dry hopping my IPA"]
    assert out["add"] == 302
    both = ["Brewing an India Pale Ale at home", "Dry hopping my IPA"]
    assert out["ipa"] == out["words"] == out["phrase"] == both
    assert out["deleted"] == ["Dry hopping my IPA"]


# --- the rules themselves -------------------------------------------------------------------------------------


def test_expansion_groups_runs_of_words_and_prefers_the_longest_term(db):
    SearchSynonym.objects.create(terms="ipa, india pale ale")
    SearchSynonym.objects.create(terms="pale ale, apa")
    SearchSynonym.objects.create(terms="pain au chocolat, chocolatine")
    synonyms.forget()
    assert synonyms.expand(["India", "pale", "ale", "recipe"]) == [["ipa", "india pale ale"], ["recipe"]]
    assert synonyms.expand(["pale", "ale"]) == [["pale ale", "apa"]]
    assert synonyms.expand(["pain", "chocolat"]) == [["pain au chocolat", "chocolatine"]]  # stop words skipped
    assert synonyms.expand_phrase("India Pale Ale") == ["ipa", "india pale ale"]
    assert synonyms.expand_phrase("pale ale recipe") == ["pale ale recipe"]


def test_a_synonym_term_is_never_corrected_as_a_typo(backend, post_thread, cms):
    """The term "ipa" is one letter from "ipad", a word of the index: once moderators declare it, it is on purpose."""
    post_thread("Syncing notes to my iPad", "The iPad app stops syncing after an hour.")
    post_thread(IPA, "Malt, hops and patience: the recipe for a hoppy pale beer.")
    assert api.search("ipa").suggestion == "ipad"  # nothing says "ipa": the nearest word of the index
    assert add_set(cms, "ipa, india pale ale").status_code == 302
    results = api.search("ipa")
    assert results.suggestion is None and only(results) == {IPA}
