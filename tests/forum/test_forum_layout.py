"""The thread list and the thread page measured in a real browser (Chromium): titles start at one x whatever the
counts beside them, a refused vote's message moves nothing, and a post without comments ends without a divider
(static/guildhall/site.css, static/guildhall/site.js)."""

from __future__ import annotations

import pytest

from community.forum import actions
from community.models import Thread
from community.moderation import actions as moderation

WIDTHS = (1280, 390)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser, width: int, language: str = "en"):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale=language, extra_http_headers={"Accept-Language": language}
    )
    return context.new_page()


def _log_in(page, base: str, member) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_titles_start_at_the_same_x_whatever_the_counts(live_server, browser, alice, make_thread, language):
    quiet = make_thread(alice, title="A quiet question nobody answered yet")
    busy = make_thread(alice, title="A busy question with a great many answers")
    tip = make_thread(alice, kind="tip", title="A tip many people voted for")
    # Wide counts beside narrow ones: « 1 234 votes », « 128 réponses » next to « 0 vote », « 0 réponse ».
    Thread.objects.filter(pk=busy.pk).update(answer_count=128, score=1234)
    Thread.objects.filter(pk=tip.pk).update(answer_count=7, score=56)
    assert quiet.answer_count == 0
    for width in WIDTHS:
        page = _page(browser, width, language)
        page.goto(f"{live_server.url}/threads/newest/")
        lefts = page.eval_on_selector_all(
            ".thread-list .thread-title a", "links => links.map(a => Math.round(a.getBoundingClientRect().left))"
        )
        assert len(lefts) == 3
        kinds = page.eval_on_selector_all(
            ".thread-list .thread-title", "titles => titles.map(t => Math.round(t.getBoundingClientRect().left))"
        )
        assert len(set(kinds)) == 1, (width, language, kinds)  # the title lines start together
        right = page.evaluate("document.documentElement.scrollWidth")
        assert right <= width, (width, language, right)  # and nothing sticks out of the page
        page.context.close()


def test_compact_rows_on_a_phone_put_their_counts_on_one_short_line(live_server, browser, alice, make_thread):
    """Compact lists (a member's threads, the home page's): on a narrow screen the counts are one line above the
    title, not a 6rem-high block (the wide layout's column width became a height once the row turned a column)."""
    make_thread(alice, title="A question for the compact list")
    page = _page(browser, 390)
    page.goto(f"{live_server.url}/members/{alice.username}/")
    heights = page.eval_on_selector_all(
        ".thread-list.compact .thread-stats", "stats => stats.map(s => s.getBoundingClientRect().height)"
    )
    assert heights and max(heights) < 40, heights
    page.context.close()


def test_the_reputation_tab_fits_a_phone_whatever_the_titles(live_server, browser, alice, bob, make_thread):
    """Each change names its post in one line ending in an ellipsis: a long title must not widen the page."""
    thread = make_thread(
        alice,
        title="Why does syncing my notebooks offline on the train keep making conflicted copies of every single note I edited",
    )
    actions.vote(bob, thread, 1)
    page = _page(browser, 390)
    _log_in(page, live_server.url, alice)
    page.goto(f"{live_server.url}/inbox/reputation/")
    assert page.eval_on_selector_all(".rep-post", "posts => posts.length") >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.close()


def test_a_refused_vote_moves_neither_the_answer_nor_its_text(live_server, browser, alice, bob, moderator, make_thread):
    thread = make_thread(alice)
    actions.post_answer(alice, thread, body="Turn on offline mode in Settings → Sync; it keeps a local copy.")
    for width in WIDTHS:
        Thread.objects.filter(pk=thread.pk).update(is_locked=False)
        page = _page(browser, width)
        _log_in(page, live_server.url, bob)
        page.goto(f"{live_server.url}{thread.get_absolute_url()}")
        before = page.locator(".answer .prose").bounding_box()
        side_before = page.locator(".answer .post-side").bounding_box()
        moderation.lock_thread(moderator, Thread.objects.get(pk=thread.pk))  # locked after the page was drawn
        page.click(".answer .vote-up")
        error = page.locator(".answer .vote-error")
        error.wait_for()
        assert "locked" in error.inner_text()
        assert page.locator(".answer .prose").bounding_box() == before, width
        assert page.locator(".answer .post-side").bounding_box() == side_before, width
        box = error.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)  # readable, on screen
        page.context.close()


def test_a_post_without_comments_ends_without_a_divider(live_server, browser, alice, bob, make_thread):
    thread = make_thread(alice)
    answer = actions.post_answer(bob, thread, body="Turn on offline mode in Settings → Sync; it keeps a local copy.")
    actions.post_comment(alice, thread=thread, answer=answer, body="Thanks, that did it.")
    page = _page(browser, 1280)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    border = "el => getComputedStyle(el).borderTopWidth"
    assert page.locator(".thread .comments .comment-list").count() == 0
    assert page.eval_on_selector(".thread .comments", border) == "0px"  # the question has no comment
    assert page.eval_on_selector(".answer .comment-list", border) == "1px"  # the answer's comment keeps its line
    page.context.close()
