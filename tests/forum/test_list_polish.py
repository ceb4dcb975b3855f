"""Thread lists and the thread page as members read them: counts named after what is listed, pages that say "Next"
on the Top sort, and a duplicate-closed thread that points to its original instead of asking for answers."""

from __future__ import annotations

import pytest

from community.forum import actions
from community.moderation import actions as moderation

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(alice, bob, make_thread):
    """Two questions (one answered), a tip and an idea, all tagged sync."""
    first = make_thread(alice, title="How do I sync my notes offline?")
    make_thread(bob, title="Why does sync stop after an update?")
    make_thread(alice, kind="tip", title="Pin the notebooks you need offline")
    make_thread(bob, kind="idea", title="Sync over the local network")
    actions.post_answer(bob, first, body="Turn on offline mode in Settings → Sync.")
    return first


def _count(client, url, **headers) -> str:
    page = client.get(url, **headers)
    assert page.status_code == 200
    return page.content.decode().split('<p class="count">', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/threads/", "4 posts"),
        ("/threads/?kind=question", "2 questions"),
        ("/threads/?kind=tip", "1 tip"),
        ("/threads/?kind=idea", "1 idea"),
        ("/threads/unanswered/", "1 question"),  # the Unanswered sort holds questions only
        ("/tags/sync/", "4 posts tagged sync"),
        ("/tags/sync/?kind=question", "2 questions tagged sync"),
        ("/tags/sync/unanswered/", "1 question tagged sync"),
    ],
)
def test_counts_name_what_is_listed(client, mixed, url, expected):
    assert _count(client, url) == expected


def test_counts_in_french_follow_french_plurals(client, mixed):
    assert _count(client, "/threads/", HTTP_ACCEPT_LANGUAGE="fr") == "4 discussions"
    assert _count(client, "/threads/?kind=tip", HTTP_ACCEPT_LANGUAGE="fr") == "1 astuce"
    assert _count(client, "/threads/?kind=question", HTTP_ACCEPT_LANGUAGE="fr") == "2 questions"
    assert _count(client, "/tags/sync/?kind=idea", HTTP_ACCEPT_LANGUAGE="fr") == "1 idée avec l’étiquette sync"


# --- pages ------------------------------------------------------------------------------------------------------


@pytest.fixture
def two_per_page(settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "THREADS_PER_PAGE": 2}


def _pagination(client, url, **headers) -> str:
    return client.get(url, **headers).content.decode().split('<nav class="pagination"', 1)[1].split("</nav>", 1)[0]


def test_the_top_sort_pages_by_next_and_previous_not_by_age(client, mixed, two_per_page):
    first = _pagination(client, "/threads/top/")
    assert "Next →" in first and "Older" not in first and "Newer" not in first
    second = _pagination(client, "/threads/top/?page=2")
    assert "← Previous" in second and "Older" not in second and "Newer" not in second
    tag = _pagination(client, "/tags/sync/top/")
    assert "Next →" in tag and "Older" not in tag
    french = _pagination(client, "/threads/top/?page=2", HTTP_ACCEPT_LANGUAGE="fr")
    assert "← Précédente" in french and "Suivante →" not in french  # page 2 of 2: no next page
    assert "Suivante →" in _pagination(client, "/threads/top/", HTTP_ACCEPT_LANGUAGE="fr")


def test_time_ordered_sorts_still_page_by_age(client, mixed, two_per_page):
    for url in ("/threads/", "/threads/newest/", "/tags/sync/"):
        assert "Older →" in _pagination(client, url)
    assert "← Newer" in _pagination(client, "/threads/?page=2")


def test_a_ranked_page_reached_by_cursor_is_labelled_by_rank(rf, mixed, two_per_page):
    from community.forum import queries

    page = queries.thread_page(rf.get("/threads/top/", {"page": "last"}), sort="top", kind=None)
    assert page.ranked and page.label == "Page 2 of 2"
    page.number = None  # a cursor's page: no number, its place in the ranking
    assert page.label == "Last page"


# --- a duplicate-closed thread -------------------------------------------------------------------------------------


def test_a_duplicate_points_to_its_original_instead_of_asking_for_answers(client, client_for, alice, bob, moderator):
    original = actions.create_thread(
        alice,
        kind="question",
        title="How do I sync my notes offline?",
        body="I travel a lot, what works?",
        tags=["sync"],
    )
    copy = actions.create_thread(
        bob,
        kind="question",
        title="Offline sync of notes, how?",
        body="I am often on planes, what works?",
        tags=["sync"],
    )
    moderation.close_as_duplicate(moderator, copy, original)
    for viewer in (client, client_for(alice)):
        page = viewer.get(copy.get_absolute_url()).content.decode()
        answers = page.split('<section class="answers"', 1)[1].split("</section>", 1)[0]
        assert "Do you know how to help?" not in answers
        assert "closed as a duplicate" in answers and f'href="{original.get_absolute_url()}"' in answers
        assert '<section class="answer-form"' not in page  # no answer box: the notice says where to answer
    french = client.get(copy.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "cette discussion a été fermée comme doublon" in french and "Savez-vous" not in french


def test_a_duplicate_with_answers_sends_new_answers_to_its_original(client_for, alice, bob, moderator):
    original = actions.create_thread(
        alice,
        kind="question",
        title="How do I sync my notes offline?",
        body="I travel a lot, what works?",
        tags=["sync"],
    )
    copy = actions.create_thread(
        bob,
        kind="question",
        title="Offline sync of notes, how?",
        body="I am often on planes, what works?",
        tags=["sync"],
    )
    actions.post_answer(alice, copy, body="Offline mode in Settings → Sync keeps a local copy.")
    moderation.close_as_duplicate(moderator, copy, original)
    page = client_for(alice).get(copy.get_absolute_url()).content.decode()
    form = page.split('<section class="answer-form"', 1)[1].split("</section>", 1)[0]
    assert f'answer <a href="{original.get_absolute_url()}">How do I sync my notes offline?</a> instead' in form
    assert "<form" not in form


def test_a_locked_thread_without_answers_does_not_ask_for_them(client, alice, moderator, make_thread):
    thread = make_thread(alice)
    moderation.lock_thread(moderator, thread)
    answers = client.get(thread.get_absolute_url()).content.decode().split('<section class="answers"', 1)[1]
    assert "No answers: a moderator locked this thread." in answers.split("</section>", 1)[0]
    assert "Do you know how to help?" not in answers


def test_an_open_question_without_answers_still_asks(client, alice, make_thread):
    assert "Do you know how to help?" in client.get(make_thread(alice).get_absolute_url()).content.decode()
