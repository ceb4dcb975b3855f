"""Vote arrows a member cannot use yet look disabled and say why, and every privilege refusal links to the
privileges page (templates/community/forum/_vote.html, community/core/errors.py)."""

import re

import pytest

from community.models import Vote

pytestmark = pytest.mark.django_db


def _widget(page: str, model: str = "thread") -> str:
    """The first vote widget of the thread (or of the answers)."""
    if model == "answer":
        page = page.split('<section class="answers"', 1)[1]
    return page.split('<div class="vote" data-vote>', 1)[1].split("</div>", 1)[0]


@pytest.fixture
def question(alice, make_thread):
    return make_thread(alice)


def test_a_newcomers_arrows_are_disabled_with_the_reason(client_for, make_member, question):
    widget = _widget(client_for(make_member("newbie", reputation=1)).get(question.get_absolute_url()).content.decode())
    assert "<form" not in widget  # nothing to submit, with or without JavaScript
    up = re.search(r"<button[^>]*vote-up[^>]*>", widget).group(0)
    assert 'type="button"' in up and 'aria-disabled="true"' in up
    assert 'title="You need 15 reputation to upvote; you have 1."' in up
    reason_id = re.search(r'aria-describedby="([^"]+)"', up).group(1)
    assert (
        f'<span class="visually-hidden" id="{reason_id}">You need 15 reputation to upvote; you have 1.</span>' in widget
    )
    assert "data-value" not in up  # site.js leaves it alone
    assert 'title="You need 125 reputation to downvote; you have 1."' in widget
    assert 'href="/privileges/"' in widget


def test_a_member_who_may_upvote_but_not_downvote_gets_one_of_each(client_for, make_member, question):
    widget = _widget(
        client_for(make_member("middling", reputation=40)).get(question.get_absolute_url()).content.decode()
    )
    assert re.search(r'<button class="vote-btn vote-up" type="submit"', widget)
    down = re.search(r"<button[^>]*vote-down[^>]*>", widget).group(0)
    assert 'aria-disabled="true"' in down and "125 reputation to downvote" in down


def test_a_member_who_may_vote_gets_the_forms(client_for, bob, question):
    widget = _widget(client_for(bob).get(question.get_absolute_url()).content.decode())
    assert widget.count("<form") == 2 and "aria-disabled" not in widget and "/privileges/" not in widget


def test_an_upvote_can_be_undone_even_without_the_privilege_now(client_for, make_member, question):
    member = make_member("fallen", reputation=1)
    Vote.objects.create(voter=member, thread=question, value=1)
    widget = _widget(client_for(member).get(question.get_absolute_url()).content.decode())
    assert 'aria-label="Undo your upvote"' in widget and 'name="value" value="0"' in widget


def test_the_author_sees_why_they_cannot_vote_on_their_own_post(client_for, alice, question):
    widget = _widget(client_for(alice).get(question.get_absolute_url()).content.decode())
    assert "<form" not in widget
    assert widget.count('aria-disabled="true"') == 2
    assert widget.count('title="You cannot vote on your own post."') == 2
    assert "/privileges/" not in widget  # not a privilege: no "how privileges work" link


def test_visitors_are_invited_to_log_in(client, question):
    widget = _widget(client.get(question.get_absolute_url()).content.decode())
    assert 'aria-label="Log in to upvote"' in widget and 'aria-label="Log in to downvote"' in widget
    assert f'href="/accounts/login/?next={question.get_absolute_url()}"' in widget.replace("%2F", "/")


def test_the_answer_arrows_follow_the_same_rules(client_for, make_member, question, make_answer, bob):
    make_answer(bob, question)
    page = client_for(make_member("newbie", reputation=1)).get(question.get_absolute_url()).content.decode()
    assert 'aria-disabled="true" title="You need 15 reputation to upvote; you have 1."' in _widget(page, "answer")
    own = client_for(bob).get(question.get_absolute_url()).content.decode()
    assert 'title="You cannot vote on your own post."' in _widget(own, "answer")


def test_privilege_refusals_link_to_the_privileges_page(client_for, make_member, question):
    client = client_for(make_member("newbie", reputation=1))
    html = client.post(f"/thread/{question.pk}/vote", {"value": "1"})
    assert html.status_code == 403 and 'href="/privileges/">See how privileges work<' in html.content.decode()
    json = client.post(f"/thread/{question.pk}/vote", {"value": "1"}, HTTP_ACCEPT="application/json")
    assert json.status_code == 403 and json.json()["privileges_url"] == "/privileges/"
    comment = client.post(f"/thread/{question.pk}/comment", {"body": "hello there"}, HTTP_ACCEPT="application/json")
    assert comment.status_code == 403 and comment.json()["privileges_url"] == "/privileges/"
    # The thread page's own note under the comments links there too.
    page = client.get(question.get_absolute_url()).content.decode()
    note = page.split('class="muted privilege-note"', 1)[1].split("</p>", 1)[0]
    assert 'href="/privileges/"' in note


def test_other_refusals_carry_no_privileges_link(client_for, alice, question):
    json = client_for(alice).post(f"/thread/{question.pk}/vote", {"value": "1"}, HTTP_ACCEPT="application/json")
    assert json.status_code == 403 and json.json() == {"error": "You cannot vote on your own post."}


def test_the_profile_links_to_the_privileges_page(client, alice):
    assert 'href="/privileges/">See how privileges work<' in client.get("/members/alice/").content.decode()


# --- in the browser -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_disabled_arrows_in_a_real_browser(live_server, browser, make_member, make_thread, alice):
    question = make_thread(alice)
    make_member("newbie", reputation=1)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    url = f"{live_server.url}{question.get_absolute_url()}"

    # A visitor's arrow leads to log-in.
    page.goto(url)
    page.click(".thread .vote-up")
    page.wait_for_url("**/accounts/login/**")

    page.fill("input[name=login]", "newbie@example.com")
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(url)
    up = page.locator(".thread .vote-up")
    assert up.get_attribute("aria-disabled") == "true"
    assert up.get_attribute("title") == "You need 15 reputation to upvote; you have 1."
    # What a screen reader announces: the button's name and, as its description, the reason.
    described = page.locator(f"#{up.get_attribute('aria-describedby')}")
    assert described.inner_text() == "You need 15 reputation to upvote; you have 1."
    from playwright.sync_api import expect

    up.focus()  # a focusable button: reachable with the keyboard, so the reason can be heard
    expect(up).to_be_focused()
    up.click(force=True)  # Playwright refuses aria-disabled elements; a person can still click it
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url == url  # no navigation, no refusal page
    assert page.locator(".vote-error").count() == 0  # and no surprise error from a fetch
    assert page.locator(".thread .vote-score").inner_text() == "0"
    assert not Vote.objects.exists()
