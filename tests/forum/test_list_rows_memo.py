"""List rows are drawn once per process for each combination of what they show (``{% memo %}`` in
templates/community/forum/_thread_row.html): each test reads a list, changes one thing a row shows through the
action members use, and reads the list again in the same process, where a key missing that change would serve
the old row."""

import re

from django.test import Client

from community.forum import actions


def _row(page: str, thread) -> str:
    return re.search(
        rf'<li class="thread-row">(?:(?!</li>\s*(?:<li class="thread-row">|</ol>)).)*?/t/{thread.pk}/.*?</li>\s*(?=<li class="thread-row">|</ol>)',
        page,
        re.S,
    ).group(0)


def _list_row(client, thread) -> str:
    page = client.get("/threads/")
    assert page.status_code == 200
    return _row(page.content.decode(), thread)


def test_a_row_shows_a_new_vote_an_answer_and_an_accept_at_once(alice, bob, make_member, make_thread, live):
    thread = make_thread(alice)
    visitor = Client()
    row = _list_row(visitor, thread)
    assert "<strong>0</strong> votes" in row and "<strong>0</strong> answers" in row
    live(actions.vote, bob, thread, 1)
    assert "<strong>1</strong> vote" in _list_row(visitor, thread)
    answer = live(actions.post_answer, bob, thread, body="Offline mode in Settings → Sync keeps every note local.")
    row = _list_row(visitor, thread)
    assert "<strong>1</strong> answer" in row and "stat-accepted" not in row
    live(actions.accept_answer, alice, answer)
    assert "stat-accepted" in _list_row(visitor, thread)


def test_a_row_shows_an_edited_title_and_new_tags_at_once(alice, make_thread, live):
    thread = make_thread(alice)
    visitor = Client()
    assert "How do I sync my notes offline?" in _list_row(visitor, thread)
    live(
        actions.edit_thread,
        alice,
        thread,
        title="How do I keep my notes offline on a plane?",
        body=thread.body_md,
        tags=["offline", "travel"],
    )
    row = _list_row(visitor, thread)
    assert "keep my notes offline on a plane" in row and "sync my notes" not in row
    assert 'href="/tags/travel/"' in row and 'href="/tags/sync/"' not in row


def test_a_row_shows_its_authors_new_name_at_once(alice, make_thread, live):
    thread = make_thread(alice)
    visitor = Client()
    assert "Alice Liddell" in _list_row(visitor, thread)
    live(actions.update_profile, alice, display_name="Alice Pleasance", bio="")
    row = _list_row(visitor, thread)
    assert "Alice Pleasance" in row and "Alice Liddell" not in row


def test_a_row_is_in_the_readers_language(alice, make_thread):
    thread = make_thread(alice)
    assert "answers" in _list_row(Client(HTTP_ACCEPT_LANGUAGE="en"), thread)
    assert "réponse" in _list_row(Client(HTTP_ACCEPT_LANGUAGE="fr"), thread)


def test_the_tags_index_shows_a_new_count_at_once(alice, make_thread, live, client_for, make_member):
    make_thread(alice, tags=("sync",))
    reader = client_for(make_member("reader"))
    assert "1 post</span>" in reader.get("/tags/").content.decode()
    live(
        actions.create_thread,
        alice,
        kind="tip",
        title="Sync twice before travelling",
        body="It saves a day of work.",
        tags=["sync"],
    )
    assert "2 posts</span>" in reader.get("/tags/").content.decode()


def test_the_all_time_leaderboard_shows_new_points_and_names_at_once(bob, make_thread, live, client_for, make_member):
    zed = make_member("zed", reputation=50)  # the last of the board before and after the vote: the same rank
    thread = make_thread(zed)
    reader = client_for(make_member("reader"))

    def zeds_row() -> str:
        page = reader.get("/leaderboard/?period=all").content.decode()
        rows = re.findall(r"<li>\s*<span class=\"rank\">.*?</li>", page, re.S)
        assert "/members/zed/" in rows[-1]
        return rows[-1]

    assert '>50 <span class="muted">points</span>' in zeds_row()
    live(actions.vote, bob, thread, 1)
    assert '>60 <span class="muted">points</span>' in zeds_row()
    live(actions.update_profile, zed, display_name="Zed Zimmerman", bio="")
    assert "Zed Zimmerman" in zeds_row()
