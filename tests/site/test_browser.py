"""One real-browser journey in Debian's headless Chromium, driven by Playwright.

Sign up, ask, answer as a second member, vote (through the JavaScript
enhancement) and accept — what a new community sees on its first day.
"""

import pytest

from community.models import Thread, Vote
from tests.conftest import browser  # noqa: F401 - the suite's shared Chromium (older imports name this module)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_up(page, base, email, username):
    page.goto(f"{base}/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=username]", username)
    page.fill("input[name=password1]", "a long and unusual passphrase 42")
    page.fill("input[name=password2]", "a long and unusual passphrase 42")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "a long and unusual passphrase 42")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _log_out(page):
    page.click("header .account-menu > summary")  # the account menu holds "Log out"
    page.click("header form button:has-text('Log out')")
    page.wait_for_load_state()


def test_sign_up_ask_answer_vote_accept(live_server, browser, tmp_path):
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    _sign_up(page, base, "asker@example.com", "asker")
    assert page.locator("header .me-name").inner_text() == "asker"
    page.click("header a:has-text('Ask')")
    page.fill("input[name=title]", "How do I export all my notes at once?")
    page.fill("textarea[name=body]", "I want a **full backup** of every notebook. Is there a bulk export?")
    page.fill("input[name=tags]", "export backup")
    page.click("main button:has-text('Post')")
    page.wait_for_selector("h1:has-text('How do I export all my notes at once?')")
    question_url = page.url
    assert page.locator(".prose strong").inner_text() == "full backup"
    _log_out(page)

    _sign_up(page, base, "helper@example.com", "helper")
    page.goto(question_url)
    page.fill("#id_body", "Use **File → Export → Everything**; it writes a zip of all notebooks.")
    page.click("button:has-text('Post your answer')")
    page.wait_for_selector(".answer .prose:has-text('it writes a zip')")
    # A brand-new member cannot upvote yet (15 reputation), and the page says why.
    assert "You need 15 reputation to upvote" in page.locator(".thread .vote-up").get_attribute("title")
    _log_out(page)

    _log_in(page, base, "asker@example.com")
    page.goto(question_url)
    page.click(".answer button:has-text('Accept')")
    page.wait_for_selector(".answer.is-accepted .accepted-label")
    assert page.locator(".kind-answered").count() == 1
    _log_out(page)

    # The accepted answer earned the helper 15 reputation: enough to upvote now.
    _log_in(page, base, "helper@example.com")
    page.goto(question_url)
    page.click(".thread .vote-up")
    page.wait_for_selector(".thread .vote-score:text-is('1')")  # no wait_for_function: CSP forbids its eval
    assert page.locator(".thread .vote-up").get_attribute("aria-pressed") == "true"
    page.screenshot(path=str(tmp_path / "answered.png"), full_page=True)

    thread = Thread.objects.get()
    assert thread.accepted_answer is not None and thread.accepted_answer.author.username == "helper"
    assert thread.score == 1 and Vote.objects.get().voter.username == "helper"


def test_flag_review_hide_restore(live_server, browser, make_member, make_thread):
    """A trusted member flags spam; a moderator hides it from the review queue, then restores it."""
    owner = make_member("owner")
    make_member("flagger", reputation=200)
    make_member("moderator", staff=True)
    thread = make_thread(owner, title="Buy cheap watches at my shop today")
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    def log_in(email):
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", "correct horse battery staple")
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    log_in("flagger@example.com")
    page.goto(f"{base}{thread.get_absolute_url()}")
    page.click(".thread .flag-form summary")
    page.check(".thread .flag-form input[value=spam]")
    page.fill(".thread .flag-form input[name=note]", "Advertising a shop")
    page.click(".thread .flag-form button[type=submit]")
    page.wait_for_selector(".message-success")
    _log_out(page)

    log_in("moderator@example.com")
    page.goto(f"{base}/cms/review/")
    page.wait_for_selector("text=Advertising a shop")
    page.fill(".review-task input[name=reason]", "Spam: advertising")
    page.click(".review-task button[value=hide]")
    page.wait_for_load_state()
    assert "Members will no longer see" in page.content()  # the confirmation: nothing hidden yet
    page.click("button:has-text('Yes, hide it')")
    page.wait_for_load_state()
    assert "Nothing to review here" in page.content()

    anonymous = browser.new_page()
    response = anonymous.goto(f"{base}{thread.get_absolute_url()}")
    assert response.status == 404

    page.goto(f"{base}{thread.get_absolute_url()}")
    assert "only moderators see this" in page.content()
    page.click(".thread .post-actions button:has-text('Restore')")
    page.wait_for_load_state()
    assert anonymous.goto(f"{base}{thread.get_absolute_url()}").status == 200
    thread.refresh_from_db()
    assert not thread.is_deleted
