"""The frame's parts kept per process (``{% memo %}``: templates/base.html, community/core/fragments.py ``memo``)
must never show an old value or another viewer's: each test draws a page once, changes one thing the header or
footer shows, and reads the next page in the same process, where the part would come from the memo if its key
missed that change."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

from community.forum import actions
from community.notifications.inbox import unread_count

LOGOUT_TOKEN = re.compile(r'<form method="post" action="/accounts/logout/"><input type="hidden" '
                          r'name="csrfmiddlewaretoken" value="([^"]+)">')  # fmt: skip


def _header(client) -> str:
    page = client.get("/threads/")
    assert page.status_code == 200
    return page.content.decode().split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def test_two_sessions_of_one_member_each_get_their_own_working_logout_token(alice):
    laptop, phone = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    laptop.force_login(alice)
    phone.force_login(alice)
    laptop_token = LOGOUT_TOKEN.search(_header(laptop)).group(1)
    phone_token = LOGOUT_TOKEN.search(_header(phone)).group(1)  # the same header, drawn once for both
    assert "guildhall-fragment-csrf-token" not in laptop_token + phone_token

    response = phone.post("/accounts/logout/", {"csrfmiddlewaretoken": phone_token})
    assert response.status_code == 302, response.status_code
    assert 'action="/accounts/logout/"' not in _header(phone)  # logged out
    assert 'action="/accounts/logout/"' in _header(laptop)  # the other session is untouched


def test_the_header_shows_a_new_name_at_once(alice, client_for, live):
    as_alice = client_for(alice)
    assert "Alice Liddell" in _header(as_alice)
    live(actions.update_profile, alice, display_name="Alice Pleasance", bio="")
    header = _header(as_alice)
    assert "Alice Pleasance" in header and "Alice Liddell" not in header


def test_the_header_counts_a_new_notification_at_once(alice, bob, make_thread, client_for, live):
    thread = make_thread(alice)
    as_alice = client_for(alice)
    assert "unread-count" not in _header(as_alice)
    live(actions.post_answer, bob, thread, body="Offline mode in Settings → Sync keeps a local copy of every note.")
    assert unread_count(alice) == 1
    assert '<span class="unread-count">1<' in _header(as_alice)


def test_the_header_shows_new_reputation_at_once(alice, bob, make_thread, client_for, live):
    thread = make_thread(alice)
    as_alice = client_for(alice)
    before = re.search(r'class="me".*?</summary>', _header(as_alice), re.S).group(0)
    live(actions.vote, bob, thread, 1)
    after = re.search(r'class="me".*?</summary>', _header(as_alice), re.S).group(0)
    assert after != before
    assert "rep-delta" in after  # the change since she last looked


def test_each_viewer_gets_their_own_header(alice, bob, client_for):
    assert "Alice Liddell" in _header(client_for(alice))
    header = _header(client_for(bob))
    assert "Alice Liddell" not in header and "@bob" in header
    anonymous = _header(Client())
    assert "@bob" not in anonymous and "Log in" in anonymous


def test_the_frame_follows_the_readers_language(alice, client_for, live):
    as_alice = client_for(alice)
    assert ">Questions<" in _header(as_alice)
    live(actions.set_language, alice, "fr")
    page = as_alice.get("/threads/").content.decode()
    assert '<html lang="fr">' in page
    assert ">Questions<" in page and "Vos points de récompense" in page and "Your reward points" not in page


def test_the_search_box_keeps_only_the_search_pages_words(alice, client_for):
    as_alice = client_for(alice)
    assert 'value="offline sync"' in as_alice.get("/search/?q=offline+sync").content.decode()
    assert 'value="offline sync"' not in _header(as_alice)


def test_a_memo_takes_plain_values_only():
    template = Template('{% load regions %}{% memo "t" thing %}{{ thing }}{% endmemo %}')
    assert template.render(Context({"thing": 3})) == "3"
    with pytest.raises(TypeError):
        template.render(Context({"thing": object()}))  # prints as its address: a key that hides changes


def test_a_memo_holds_no_block():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load regions %}{% memo "t" %}{% block inner %}{% endblock %}{% endmemo %}')


def test_the_thread_pages_feed_link_follows_an_edited_title(alice, make_thread, client_for, live):
    thread = make_thread(alice)
    as_alice = client_for(alice)
    head = as_alice.get(thread.get_absolute_url()).content.decode().split("</head>", 1)[0]
    assert "Answers to “How do I sync my notes offline?”" in head
    live(
        actions.edit_thread,
        alice,
        thread,
        title="How do I keep my notes offline on a plane?",
        body=thread.body_md,
        tags=["sync"],
    )
    thread.refresh_from_db()
    head = as_alice.get(thread.get_absolute_url()).content.decode().split("</head>", 1)[0]
    assert "Answers to “How do I keep my notes offline on a plane?”" in head and "sync my notes" not in head


def test_the_header_search_box_shows_each_search_its_own_words_and_other_pages_none(alice, client_for):
    as_alice = client_for(alice)
    box = re.compile(r'<input id="header-q"[^>]*value="([^"]*)"')
    for words in ("offline sync", "export notes"):
        page = as_alice.get("/search/", {"q": words})
        assert page.status_code == 200
        assert box.search(page.content.decode()).group(1) == words
    listing = as_alice.get("/threads/", {"q": "offline sync"})
    assert box.search(listing.content.decode()).group(1) == ""  # not a search page: the box starts empty
