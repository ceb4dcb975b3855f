"""Members' thread pages come from shared cached regions and fragments: nothing of one member reaches another,
every change shows at once, and each page carries its own viewer's working CSRF token."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.core.fragments import CSRF_SENTINEL
from community.forum import actions
from tests.forum.thread_pages import thread_page, warm_thread_page


@pytest.fixture
def thread(alice, bob, make_member):
    thread = actions.create_thread(
        alice, kind="question", title="Which grinder for espresso?", body="Burr or blade, and why.", tags=["coffee"]
    )
    actions.post_answer(bob, thread, body="A conical burr grinder: even grounds, little heat.")
    return thread


def _answer_upvote_pressed(page: str) -> str:
    """The ``aria-pressed`` of the answer's upvote button."""
    answers = page.split('<section class="answers"', 1)[1]
    return re.search(r'class="vote-btn vote-up" type="submit" aria-pressed="(\w+)"', answers).group(1)


def test_one_members_vote_never_shows_as_anothers(client_for, thread, make_member, live):
    carol, dave = make_member("carol"), make_member("dave")
    as_carol, as_dave = client_for(carol), client_for(dave)
    assert _answer_upvote_pressed(warm_thread_page(as_carol, thread)) == "false"
    # Same privileges: the same cached region.
    assert _answer_upvote_pressed(warm_thread_page(as_dave, thread)) == "false"

    live(actions.vote, carol, thread.answers.get(), 1)

    carol_page, dave_page = thread_page(as_carol, thread), thread_page(as_dave, thread)
    assert _answer_upvote_pressed(carol_page) == "true"
    assert _answer_upvote_pressed(dave_page) == "false"
    for page in (carol_page, dave_page):  # the new score, for both
        answers = page.split('<section class="answers"', 1)[1]
        assert re.search(r'<span class="vote-score" aria-hidden="true">1</span>', answers)
        assert re.search(r"<span [^>]*data-vote-label[^>]*>1 vote</span>", answers)


def test_edit_links_follow_the_viewer_not_the_cache(client_for, thread, alice, make_member):
    carol = make_member("carol")
    alice_page = warm_thread_page(client_for(alice), thread)
    carol_page = warm_thread_page(client_for(carol), thread)
    assert f'href="/t/{thread.pk}/edit"' in alice_page.split('class="post-actions"', 1)[1].split("</ul>", 1)[0]
    thread_actions = carol_page.split('class="post-actions"', 1)[1].split("</ul>", 1)[0]
    assert ">Edit<" not in thread_actions and ">Delete<" not in thread_actions
    assert "Suggest edit" in thread_actions


def test_each_page_carries_its_viewers_own_working_csrf_token(thread, make_member):
    carol = make_member("carol")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(carol)
    page = warm_thread_page(browser, thread)
    assert CSRF_SENTINEL not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answer = thread.answers.get()
    response = browser.post(f"/answer/{answer.pk}/vote", {"value": "1", "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302), response.status_code
    assert answer.votes.get().voter == carol


def test_a_rejected_answer_shows_its_errors_not_a_cached_form(client_for, thread, make_member):
    carol = make_member("carol")
    as_carol = client_for(carol)
    warm_thread_page(as_carol, thread)
    response = as_carol.post(f"/t/{thread.pk}/answer", {"body": "short"})
    assert response.status_code == 400
    form = response.content.decode().split('class="answer-form"', 1)[1]
    assert "short</textarea>" in form  # what the member typed, with the reason it was refused
    assert "error" in form


def test_an_edit_by_the_author_shows_to_every_member_at_once(client_for, thread, bob, make_member, live):
    carol = make_member("carol")
    as_carol = client_for(carol)
    warm_thread_page(as_carol, thread)
    answer = thread.answers.get()
    live(actions.edit_answer, bob, answer, body="A flat burr grinder, if the budget allows: even more even.")
    assert "flat burr grinder" in thread_page(as_carol, thread)


# --- the member's standing (permissions, privileges, follows) comes from the shared cache too ---------------


def _post_actions(page: str) -> str:
    return page.split('<section class="answers"', 1)[1].split('class="post-actions"', 1)[1].split("</ul>", 1)[0]


def test_a_member_made_moderator_gets_the_moderator_controls_at_once(
    client_for, thread, make_member, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    carol = make_member("carol")
    as_carol = client_for(carol)
    assert ">Delete<" not in _post_actions(warm_thread_page(as_carol, thread))
    moderators = Group.objects.get(name="Moderators")
    with django_capture_on_commit_callbacks(execute=True):  # as the CMS's user form commits it
        moderators.user_set.add(carol)
    assert ">Delete<" in _post_actions(thread_page(as_carol, thread))
    with django_capture_on_commit_callbacks(execute=True):
        carol.groups.remove(moderators)
    assert ">Delete<" not in _post_actions(thread_page(as_carol, thread))


def test_reputation_earned_unlocks_the_controls_at_once(client_for, thread, make_member, live):
    from rewards import api as rewards_api

    newcomer = make_member("newcomer", reputation=1)
    as_newcomer = client_for(newcomer)
    assert "You need 15 reputation to upvote" in warm_thread_page(as_newcomer, thread)
    live(rewards_api.adjust, newcomer, 100, note="Welcome bonus")
    assert "You need 15 reputation to upvote" not in thread_page(as_newcomer, thread)


def test_following_shows_at_once(client_for, thread, make_member, live):
    from community.notifications import actions as notification_actions

    carol = make_member("carol")
    as_carol = client_for(carol)
    assert 'aria-pressed="false" title="Hear about new answers' in warm_thread_page(as_carol, thread)
    live(notification_actions.follow, carol, thread=thread)
    assert 'aria-pressed="true" title="Hear about new answers' in thread_page(as_carol, thread)


# --- the member's own row comes from the cache on page reads (community/core/auth.py) ----------------------------


def _signed_in(page: str) -> bool:
    return ">Log out</button>" in page


def test_a_changed_password_signs_out_the_other_sessions_at_once(
    client_for, thread, make_member, django_capture_on_commit_callbacks
):
    carol = make_member("carol")
    elsewhere = client_for(carol)
    assert _signed_in(warm_thread_page(elsewhere, thread))  # her row is now in the shared cache
    carol.set_password("a new and long passphrase")
    with django_capture_on_commit_callbacks(execute=True):
        carol.save()
    assert not _signed_in(thread_page(elsewhere, thread))


def test_a_deactivated_member_is_signed_out_at_once(
    client_for, thread, make_member, django_capture_on_commit_callbacks
):
    carol = make_member("carol")
    as_carol = client_for(carol)
    assert _signed_in(warm_thread_page(as_carol, thread))
    carol.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        carol.save(update_fields=["is_active"])
    assert not _signed_in(thread_page(as_carol, thread))


def test_writes_see_the_member_as_the_database_has_them(client_for, thread, make_member):
    """Even a row changed behind the cache's back (an SQL update, no signal) is what an action sees."""
    from community.models import Answer, Member

    carol = make_member("carol")
    as_carol = client_for(carol)
    assert _signed_in(warm_thread_page(as_carol, thread))
    Member.objects.filter(pk=carol.pk).update(is_active=False)
    response = as_carol.post(f"/t/{thread.pk}/answer", {"body": "Posted by a deactivated account, never kept."})
    assert response.status_code in (302, 403) and "/accounts/login/" in response.get("Location", "/accounts/login/")
    assert not Answer.objects.filter(author=carol).exists()


def test_a_cached_page_body_needs_only_the_threads_outline(client_for, thread, make_member):
    """A warm member page reads the thread's outline (title, authors, answer ids) and takes its body from the
    cached region: the thread's full data (every answer and comment) is neither read nor rebuilt. When the body
    is not cached, the full data is drawn then, and the page is the same."""
    as_carol = client_for(make_member("carol"))
    warm = warm_thread_page(as_carol, thread)
    cache.delete(f"thread-view:{thread.pk}:0")  # the full data, evicted: a warm page must not need it
    with CaptureQueriesContext(connection) as queries:
        page = thread_page(as_carol, thread)
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert _without_tokens(page) == _without_tokens(warm)

    cache.delete(f"thread-view:{thread.pk}:0")
    # Another address of the page is another cached body (its log-in link returns there): not cached yet, so
    # drawn from the full data, rebuilt from the database.
    with CaptureQueriesContext(connection) as queries:
        response = as_carol.get(thread.get_absolute_url() + "?from=inbox")
    assert len(queries) > 0
    page = response.content.decode()
    assert "A conical burr grinder: even grounds, little heat." in page
    assert _without_tokens(page) == _without_tokens(warm)


def _without_tokens(page: str) -> str:
    """The page with its CSRF tokens blanked (each form's token is masked afresh)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', page)
