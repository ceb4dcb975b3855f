"""A member's thread page asks the shared cache once (community/core/middleware.py, ``config.cache.page_read``):
the session, the member's own reads, the thread's outline and the versions it was checked against, and the
page body this process served last on the thread come in one round trip. Each of those is a guess made from
the process's last request — which member the session named, which tags the outline showed, which body
readers got — so each guess that no longer holds must cost a trip, never a page: another member's body, a
member the session no longer names, an outline whose versions moved."""

import re
from contextlib import contextmanager

import pytest
import redis.client
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache

from community.forum import actions
from community.forum.models import Thread
from tests.forum.thread_pages import thread_page, warm_thread_page


@pytest.fixture
def thread(alice, bob):
    thread = actions.create_thread(
        alice, kind="question", title="Which grinder for espresso?", body="Burr or blade, and why.", tags=["coffee"]
    )
    actions.post_answer(bob, thread, body="A conical burr grinder: even grounds, little heat.")
    return thread


@contextmanager
def trips():
    """The Redis commands sent meanwhile (each a round trip), as their names."""
    sent = []
    original = redis.client.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return original(self, *args, **options)

    redis.client.Redis.execute_command = counting
    try:
        yield sent
    finally:
        redis.client.Redis.execute_command = original


def test_a_warm_member_thread_page_asks_the_shared_cache_once(client_for, thread, make_member):
    as_carol = client_for(make_member("carol"))
    warm_thread_page(as_carol, thread)
    with trips() as sent:
        page = thread_page(as_carol, thread)
    assert sent == ["MGET"]
    assert "A conical burr grinder" in page and "carol" in page

    # Another member in the same position gets the body carol got, read ahead for them too: after the one
    # request that tells this process whom their session names, one trip.
    as_dave = client_for(make_member("dave"))
    thread_page(as_dave, thread)
    with trips() as sent:
        page = thread_page(as_dave, thread)
    assert sent == ["MGET"]
    assert "dave" in page and "carol" not in page


def test_the_body_read_ahead_for_another_member_is_never_shown(client_for, thread, alice, make_member):
    """The thread's author has edit links on it; the body read ahead for the next member is the author's, who
    must get their own page, at the price of one more trip."""
    as_alice, as_carol = client_for(alice), client_for(make_member("carol"))
    warm_thread_page(as_carol, thread)
    alice_page = warm_thread_page(as_alice, thread)  # the process now last served the author's body
    assert f'href="/t/{thread.pk}/edit"' in alice_page
    with trips() as sent:
        carol_page = thread_page(as_carol, thread)
    assert f'href="/t/{thread.pk}/edit"' not in carol_page
    assert sent == ["MGET", "GET"]  # read ahead, not theirs: their own body, asked for


def test_a_session_that_names_another_member_now_gets_that_members_page(client_for, thread, make_member):
    carol, dave = make_member("carol", display_name="Carol Cheng"), make_member("dave", display_name="Dave Dunn")
    as_carol = client_for(carol)
    warm_thread_page(as_carol, thread)  # this process guesses carol for the session from now on
    session = SessionStore(as_carol.cookies["sessionid"].value)
    session[SESSION_KEY], session[HASH_SESSION_KEY] = str(dave.pk), dave.get_session_auth_hash()
    session.save()

    page = thread_page(as_carol, thread)
    assert "Dave Dunn" in page and "Carol Cheng" not in page
    assert "Carol Cheng" not in thread_page(as_carol, thread)  # and the guess follows


def test_a_session_ended_elsewhere_gets_the_visitors_page(client_for, thread, make_member):
    as_carol = client_for(make_member("carol", display_name="Carol Cheng"))
    warm_thread_page(as_carol, thread)
    SessionStore(as_carol.cookies["sessionid"].value).delete()  # signed out on another node

    page = thread_page(as_carol, thread)
    assert "Carol Cheng" not in page
    assert re.search(r'href="/accounts/login/\?next=[^"]*">Log in</a>', page)


def test_an_outline_whose_versions_moved_is_read_again(client_for, thread, bob, make_member, live):
    """The versions read ahead are those the outline showed last time: an edit moves one, the page shows it."""
    as_carol = client_for(make_member("carol"))
    warm_thread_page(as_carol, thread)
    live(actions.edit_answer, bob, thread.answers.get(), body="A flat burr grinder, on reflection.")
    page = thread_page(as_carol, thread)
    assert "A flat burr grinder, on reflection." in page and "conical" not in page


def test_the_kept_outline_holds_the_threads_tags_without_a_query(
    client_for, thread, make_member, django_assert_num_queries
):
    """The outline keeps the thread's tags as fetched rows (a pickled QuerySet was most of its cost); they show
    on the page, and nothing can query through them."""
    from community.forum import queries

    as_carol = client_for(make_member("carol"))
    page = warm_thread_page(as_carol, thread)
    assert re.search(r'<a class="tag" href="/tags/coffee/">coffee</a>', page)
    outline = cache.get(f"thread-outline:{thread.pk}:0")[1]
    assert isinstance(outline, queries.ThreadOutline)
    with django_assert_num_queries(0):
        assert [tag.name for tag in outline.thread.tags.all()] == ["coffee"]
        assert outline.thread.tags.count() == 1
    assert list(outline.thread.tags.filter(name="coffee")) == []  # stands for rows, never for every tag
    assert Thread.objects.get(pk=thread.pk).tags.filter(name="coffee").exists()


def test_the_cached_body_goes_into_the_page_whole(client_for, thread, make_member):
    """The body is put into the response's bytes as the cache holds them (``fragments.spliced_regions``): the
    page drawn and the page served from the cache are the same, with no placeholder left and the viewer's own
    CSRF token in the body's forms."""
    as_carol = client_for(make_member("carol"))
    cache.clear()
    drawn = thread_page(as_carol, thread)
    served = warm_thread_page(as_carol, thread)
    for page in (drawn, served):
        assert "guildhall-region" not in page and "guildhall-fragment-csrf-token" not in page
        assert "A conical burr grinder: even grounds, little heat." in page
    token = as_carol.cookies["csrftoken"].value
    body_forms = served.split('<section class="answers"', 1)[1]
    masked = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body_forms)
    assert masked and all(_unmask(value) == token for value in masked)
    blank = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert blank.sub("", drawn) == blank.sub("", served)


def _unmask(value: str) -> str:
    from django.middleware.csrf import _unmask_cipher_token

    return _unmask_cipher_token(value)
