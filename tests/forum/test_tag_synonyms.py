"""Tag synonyms ("js" → "javascript"): every write path stores the main tag, the synonym's addresses redirect for
good, a tag of the synonym's name is merged, chains and cycles are refused or flattened, and the search's tag
filter follows them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.core import events
from community.core.audit import describe
from community.core.errors import ActionConflict
from community.forum import actions
from community.models import AuditEntry, Follow, Revision, SuggestedEdit, Tag, TagSynonym, Thread
from community.moderation import actions as moderation
from search import api as search_api
from tests.api.writes_support import as_token
from tests.search_support import backend, es_url, post_thread, titles  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

BODY = "I need this to work in every browser we support. What is the simplest way?"


@pytest.fixture
def javascript(make_thread, alice):
    """A tag with a thread, and "js" as its synonym."""
    make_thread(alice, title="How do I debounce an input handler?", tags=("javascript",))
    return Tag.objects.get(name="javascript")


@pytest.fixture
def js(javascript, moderator):
    return moderation.add_tag_synonym(moderator, "js", "javascript")


def tags_of(thread) -> list[str]:
    return sorted(Thread.objects.get(pk=thread.pk).tags.names())


# --- posting with a synonym stores the main tag ------------------------------------------------------------


def test_asking_with_the_synonym_on_the_site_stores_the_main_tag_once(client_for, alice, js):
    response = client_for(alice).post(
        "/ask/question/", {"title": "Why does my closure keep the old value?", "body": BODY, "tags": "JS javascript"}
    )
    assert response.status_code == 302
    thread = Thread.objects.get(title="Why does my closure keep the old value?")
    assert tags_of(thread) == ["javascript"]
    assert Revision.objects.get(thread=thread).tags == "javascript"
    assert not Tag.objects.filter(name="js").exists()


def test_asking_with_the_synonym_through_the_api_stores_the_main_tag(alice, js):
    response = as_token(alice).post(
        "threads/", {"kind": "question", "title": "Why is this undefined in my callback?", "body": BODY, "tags": ["js"]}
    )
    assert response.status_code == 201, response.content
    assert tags_of(Thread.objects.get(title="Why is this undefined in my callback?")) == ["javascript"]


def test_edits_and_suggested_edits_store_the_main_tag(alice, bob, moderator, make_thread, js):
    thread = make_thread(alice, title="Sorting an array of objects by a key", tags=("arrays",))
    actions.edit_thread(alice, thread, title=thread.title, body=BODY, tags="arrays js")
    assert tags_of(thread) == ["arrays", "javascript"]
    suggestion = moderation.suggest_edit(bob, thread, title=thread.title, body=BODY + " Thanks!", tags="js sorting")
    assert SuggestedEdit.objects.get(pk=suggestion.pk).tags == "javascript sorting"


def test_a_synonym_and_its_main_tag_count_once_against_the_tag_limit(alice, make_thread, js, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "MAX_TAGS": 2}
    thread = make_thread(alice, title="Promises or callbacks for a file reader?", tags=("js", "javascript", "io"))
    assert tags_of(thread) == ["io", "javascript"]


# --- addresses of the synonym --------------------------------------------------------------------------------


def test_the_synonyms_tag_pages_and_feed_redirect_permanently(client, js):
    for old, new in [
        ("/tags/js/", "/tags/javascript/"),
        ("/tags/JS/", "/tags/javascript/"),
        ("/tags/js/newest/", "/tags/javascript/newest/"),
        ("/tags/js/unanswered/?kind=tip&page=2", "/tags/javascript/unanswered/?kind=tip&page=2"),
        ("/feeds/tags/js/", "/feeds/tags/javascript/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get("/tags/javascript/").status_code == 200
    assert client.get("/tags/nope/").status_code == 404
    assert client.get("/feeds/tags/nope/").status_code == 404


def test_following_the_synonym_follows_the_main_tag(client_for, bob, js, javascript):
    response = client_for(bob).post("/tags/js/follow", {"follow": "1"})
    assert response.status_code == 302
    assert list(Follow.objects.filter(member=bob).values_list("tag__name", flat=True)) == ["javascript"]


def test_the_main_tags_page_names_its_synonyms(client, moderator, js):
    moderation.add_tag_synonym(moderator, "ecmascript", "javascript")
    html = client.get("/tags/javascript/").content.decode()
    assert "Also known as: ecmascript, js" in html


def test_the_tag_page_takes_as_many_queries_whatever_its_synonyms_and_threads(
    client, make_thread, alice, moderator, js, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders the page

    def queries_of_the_page() -> int:
        for _warm in range(2):  # the cache's clock starts, then what it keeps (experts, synonyms) is stored
            client.get("/tags/javascript/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/tags/javascript/").status_code == 200
        return len(queries)

    few = queries_of_the_page()
    for i in range(6):
        make_thread(alice, title=f"Question number {i} about scripts", tags=("javascript", f"topic{i}"))
        moderation.add_tag_synonym(moderator, f"js{i}", "javascript")
    assert queries_of_the_page() == few


# --- adding: merges, chains, refusals ---------------------------------------------------------------------


def test_adding_a_synonym_that_is_a_tag_merges_its_threads_and_followers(
    client, make_thread, alice, bob, moderator, javascript
):
    thread = make_thread(alice, title="Event delegation on a long list", tags=("node.js", "dom"))
    both = make_thread(alice, title="Bundling for the browser and the server", tags=("node.js", "javascript"))
    old_slug = Tag.objects.get(name="node.js").slug
    from community.notifications import actions as follows

    follows.follow(bob, tag=Tag.objects.get(name="node.js"))
    row = moderation.add_tag_synonym(moderator, "node.js", "javascript", reason="One community, one tag.")
    assert (row.synonym, row.tag, row.created_by) == ("node.js", javascript, moderator)
    assert not Tag.objects.filter(name="node.js").exists()
    assert tags_of(thread) == ["dom", "javascript"] and tags_of(both) == ["javascript"]
    assert Tag.objects.get(name="javascript").thread_count == 3
    assert list(Follow.objects.filter(member=bob).values_list("tag__name", flat=True)) == ["javascript"]
    # The merged tag's old address ("nodejs") lands on the main tag too.
    response = client.get(f"/tags/{old_slug}/")
    assert (response.status_code, response["Location"]) == (301, "/tags/javascript/")
    entries = {entry.action: entry for entry in AuditEntry.objects.all()}
    assert set(entries) == {"merge_tags", "add_tag_synonym"}
    assert entries["add_tag_synonym"].actor == moderator
    assert entries["add_tag_synonym"].reason == "One community, one tag."
    assert entries["add_tag_synonym"].details["moved"] == 1  # the other thread carried javascript already
    assert str(describe(entries["add_tag_synonym"])) == "Made “node.js” a synonym of the tag “javascript”"


def test_a_synonym_of_a_synonym_leads_to_the_main_tag(moderator, js):
    row = moderation.add_tag_synonym(moderator, "jscript", "js")
    assert row.tag.name == "javascript"


def test_making_a_main_tag_a_synonym_moves_its_synonyms_along(make_thread, alice, moderator, js):
    make_thread(alice, title="Which scripting language for the web?", tags=("scripting",))
    moderation.add_tag_synonym(moderator, "javascript", "scripting")
    assert dict(TagSynonym.objects.values_list("synonym", "tag__name")) == {
        "js": "scripting",
        "javascript": "scripting",
    }
    assert actions.clean_tags("js javascript") == ["scripting"]


@pytest.mark.parametrize(
    ("synonym", "main", "field", "message"),
    [
        ("js", "JS", "synonym", "A tag cannot be a synonym of itself."),
        ("javascript", "js", "synonym", "“js” is already a synonym of “javascript”: a tag cannot be a synonym of…"),
        ("coffee", "nothing-here", "tag", "There is no tag “nothing-here”: a synonym leads to a tag that exists."),
        ("bad tag!", "javascript", "synonym", "A tag name uses lower-case letters…"),
        ("", "javascript", "synonym", "Write a tag name."),
    ],
)
def test_refusals_say_why_and_change_nothing(moderator, js, synonym, main, field, message):
    before = (list(TagSynonym.objects.values_list("synonym", "tag_id")), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        moderation.add_tag_synonym(moderator, synonym, main)
    said = refused.value.message_dict[field][0]
    assert said.startswith(message[:-1]) if message.endswith("…") else said == message
    assert (list(TagSynonym.objects.values_list("synonym", "tag_id")), AuditEntry.objects.count()) == before
    assert Tag.objects.filter(name="javascript").exists()


def test_a_name_that_is_already_a_synonym_is_a_conflict(make_thread, alice, moderator, js):
    make_thread(alice, title="Which scripting language for the web?", tags=("scripting",))
    with pytest.raises(ActionConflict, match="“js” is already a synonym of “javascript”."):
        moderation.add_tag_synonym(moderator, "js", "scripting")
    assert TagSynonym.objects.get(synonym="js").tag.name == "javascript"


def test_only_moderators_add_or_remove_synonyms(alice, javascript, js):
    with pytest.raises(PermissionDenied):
        moderation.add_tag_synonym(alice, "ecmascript", "javascript")
    with pytest.raises(PermissionDenied):
        moderation.remove_tag_synonym(alice, js)
    assert list(TagSynonym.objects.values_list("synonym", flat=True)) == ["js"]


def test_adding_and_removing_emit_their_events_after_commit(moderator, javascript, django_capture_on_commit_callbacks):
    seen = []
    for kind in (events.TagSynonymAdded, events.TagSynonymRemoved):
        events.subscribe(kind, seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            row = moderation.add_tag_synonym(moderator, "js", "javascript")
            moderation.remove_tag_synonym(moderator, row)
    finally:
        for kind in (events.TagSynonymAdded, events.TagSynonymRemoved):
            events.unsubscribe(kind, seen.append)
    assert [(type(e).__name__, e.synonym, e.tag_id) for e in seen] == [
        ("TagSynonymAdded", "js", javascript.pk),
        ("TagSynonymRemoved", "js", javascript.pk),
    ]


def test_removing_a_synonym_frees_the_name(client, alice, moderator, make_thread, js):
    moderation.remove_tag_synonym(moderator, js, reason="People mean a library by it here.")
    assert client.get("/tags/js/").status_code == 404
    thread = make_thread(alice, title="A question about the js library", tags=("js",))
    assert tags_of(thread) == ["js"]
    entry = AuditEntry.objects.get(action="remove_tag_synonym")
    assert str(describe(entry)) == "Removed the synonym “js” of the tag “javascript”"
    with pytest.raises(ActionConflict):
        moderation.remove_tag_synonym(moderator, js)


# --- the composer's suggestions -----------------------------------------------------------------------------


def test_the_composer_suggests_the_main_tag_for_a_synonym_in_one_query(client, js, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = client.get("/tags-suggest/", {"q": "js"}).json()
    assert data == {"tags": [{"name": "javascript", "count": 1, "synonym": "js"}]}
    # A tag that matches by its own name is suggested as itself, once.
    assert client.get("/tags-suggest/", {"q": "j"}).json() == {"tags": [{"name": "javascript", "count": 1}]}


# --- search ------------------------------------------------------------------------------------------------


def test_the_search_tag_filter_finds_the_main_tags_threads(backend, post_thread, make_member, live):
    post_thread("Debounce an input handler", "Wait for the member to stop typing.", tags=["javascript"])
    post_thread("Node streams backpressure", "My stream buffers everything.", tags=["node"])
    moderator = make_member("mod", staff=True)
    with live():
        moderation.add_tag_synonym(moderator, "js", "javascript")
        moderation.add_tag_synonym(moderator, "nodejs", "node")
    assert titles(search_api.search("tag:js")) == ["Debounce an input handler"]
    assert titles(search_api.search("debounce tag:JS")) == ["Debounce an input handler"]
    assert titles(search_api.search("", {"tags": ["nodejs"]})) == ["Node streams backpressure"]


def test_threads_merged_by_a_synonym_are_found_by_the_main_tag(backend, post_thread, make_member, live):
    post_thread("Debounce an input handler", "Wait for the member to stop typing.", tags=["javascript"])
    post_thread("Closures in loops", "Every handler sees the last index.", tags=["js"])
    moderator = make_member("mod", staff=True)
    with live():
        moderation.add_tag_synonym(moderator, "js", "javascript")
    assert sorted(titles(search_api.search("tag:javascript"))) == ["Closures in loops", "Debounce an input handler"]
    assert sorted(titles(search_api.search("tag:js"))) == ["Closures in loops", "Debounce an input handler"]
