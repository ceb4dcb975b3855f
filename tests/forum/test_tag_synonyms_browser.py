"""The composer's tag box in Debian's Chromium: typing a synonym offers its main tag ("js → javascript"), with no
"new tag" option, and choosing it writes the main tag."""

import pytest

from community.moderation import actions as moderation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_synonym_suggests_and_writes_the_main_tag(live_server, browser, make_member, make_thread):
    writer = make_member("writer")
    make_thread(make_member("other"), title="How do I debounce an input handler?", tags=("javascript",))
    moderation.add_tag_synonym(make_member("mod", staff=True), "js", "javascript")
    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", writer.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/ask/question/")
    page.click("input[name=tags]")
    page.keyboard.type("js")
    option = page.wait_for_selector(".tag-suggestion:has-text('javascript')")
    assert option.inner_text().startswith("js → javascript") and "1 thread" in option.inner_text()
    assert option.get_attribute("aria-label") == "js, another name of javascript, 1 thread"
    assert page.query_selector(".tag-suggestion.is-new") is None  # "js" is no new tag
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.input_value("input[name=tags]") == "javascript "
    # No request of the page's may still be writing when the database is flushed: the composer saves the draft
    # 1.5 s after the last keystroke (and on leaving, by beacon, if it has not), after the network has gone idle.
    page.wait_for_selector("[data-draft-status]:text-is('Draft saved')")
    page.wait_for_load_state("networkidle")
