"""The composer in Debian's Chromium: live preview, a tag suggestion, and the draft back after a reload."""

import pytest

from community.composer.models import Draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_previews_live_suggests_tags_and_keeps_a_draft(live_server, browser, make_member, make_thread):  # noqa: F811
    writer = make_member("writer")
    make_thread(make_member("other"), title="How do I sync my notes offline?", tags=("sync",))
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", writer.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/ask/question/")
    page.fill("input[name=title]", "Why does sync stop on the train?")
    page.click("textarea[name=body]")
    page.keyboard.type("My notes stop syncing in ")
    page.keyboard.press("Control+B")  # the toolbar's shortcut: **bold text**, selected
    page.keyboard.type("tunnels")
    page.wait_for_selector(".composer-preview strong:text-is('tunnels')")

    page.click("input[name=tags]")
    page.keyboard.type("sy")
    option = page.wait_for_selector(".tag-suggestion:has-text('sync')")
    assert "1 thread" in option.inner_text()
    assert page.get_attribute("input[name=tags]", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.input_value("input[name=tags]") == "sync "
    page.keyboard.type("tunnelz")
    new = page.wait_for_selector(".tag-suggestion.is-new")
    assert "new tag" in new.inner_text()

    page.wait_for_selector("[data-draft-status]:text-is('Draft saved')")
    page.reload()
    assert page.input_value("textarea[name=body]") == "My notes stop syncing in **tunnels**"
    assert page.input_value("input[name=title]") == "Why does sync stop on the train?"
    assert "Draft restored from" in page.inner_text(".draft-note")
    assert Draft.objects.get(member=writer).purpose == "question"
