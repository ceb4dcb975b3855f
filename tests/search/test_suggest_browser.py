"""Search as you type in a real browser (static/guildhall/search_suggest.js): typing in the header's box opens a
grouped listbox of threads, tags and members; the keyboard moves through it and opens a thread; Escape closes it;
axe finds nothing wrong with the open list (light and dark, desktop and phone); without JavaScript the box is the
plain search it always was."""

from __future__ import annotations

import pytest

from community.forum import actions
from tests.search_support import database_search  # noqa: F401  (fixture)
from tests.site.test_accessibility import axe_source, axe_violations, blocking, describe  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community(make_member, database_search):
    alice = make_member("alice", display_name="Alice Liddell")
    make_member("syd", display_name="Syd Barrett")
    sync = actions.create_thread(
        alice, kind="question", title="Sync stops when I go offline", body="My notes stay on my phone for days.",
        tags=["sync", "android"],
    )  # fmt: skip
    actions.create_thread(
        alice, kind="tip", title="Synchronise two notebooks by hand", body="Export one, import it in the other.",
        tags=["sync"],
    )  # fmt: skip
    return {"thread": sync}


def _page(browser, live_server, *, width=1280, scheme="light", javascript=True, init_script=None):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme=scheme, java_script_enabled=javascript, locale="en-GB"
    )
    if init_script:
        context.add_init_script(script=init_script)  # before the page's own scripts, outside its CSP
    page = context.new_page()
    page.goto(f"{live_server.url}/tags/")
    if width < 961 and javascript:
        page.click("header button.menu-toggle")  # the header folds into its menu on a phone
    return page


def _type(page, text):
    box = page.locator("#header-q")
    box.click()
    box.press_sequentially(text, delay=30)
    page.wait_for_selector("#header-suggestions [role=option]")
    return box


def test_typing_opens_a_grouped_listbox_and_the_keyboard_opens_a_thread(browser, live_server, community):
    page = _page(browser, live_server)
    box = _type(page, "sy")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == "header-suggestions"
    groups = page.locator("#header-suggestions [role=group]")
    assert [groups.nth(i).get_attribute("aria-labelledby") for i in range(groups.count())] == [
        "header-suggestions-threads",
        "header-suggestions-tags",
        "header-suggestions-members",
    ]
    options = page.locator("#header-suggestions [role=option]")
    texts = [options.nth(i).inner_text().replace("\n", " ") for i in range(options.count())]
    assert any(t.startswith("Sync stops when I go offline") for t in texts)
    assert any(t.startswith("sync") and "2 threads" in t for t in texts)
    assert any(t.startswith("Syd Barrett (@syd)") for t in texts)
    assert page.locator("#header-suggestions mark").first.inner_text().lower() == "sy"  # the typed part
    page.wait_for_function("() => document.querySelector('form.header-search [role=status]').textContent.trim()")
    assert page.locator("form.header-search [role=status]").inner_text() == f"{options.count()} suggestions"

    box.press("ArrowDown")
    first = options.first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    box.press("End")
    assert options.last.get_attribute("aria-selected") == "true"
    box.press("Home")
    assert first.get_attribute("aria-selected") == "true"
    title = first.locator(".header-suggestion-label").inner_text()
    box.press("Enter")
    page.wait_for_url("**/t/**")  # the thread itself, not a search
    assert page.locator("h1").first.inner_text().strip() == title


def test_escape_closes_the_list_and_enter_without_a_choice_searches(browser, live_server, community):
    page = _page(browser, live_server)
    box = _type(page, "sync")
    box.press("Escape")
    assert page.locator("#header-suggestions").is_hidden()
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == "sync"
    box.press("ArrowDown")  # opens it again
    page.wait_for_selector("#header-suggestions [role=option]")
    box.press("Escape")
    box.press("Enter")
    page.wait_for_url("**/search/?q=sync")


def test_a_click_on_a_tag_opens_it(browser, live_server, community):
    page = _page(browser, live_server)
    _type(page, "andr")
    page.click("#header-suggestions .is-tag")
    page.wait_for_url("**/tags/android/")


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "light"), (1280, "dark"), (390, "dark")])
def test_the_open_list_passes_axe(browser, live_server, community, axe_source, width, scheme):  # noqa: F811
    page = _page(browser, live_server, width=width, scheme=scheme, init_script=axe_source)
    box = _type(page, "sy")
    box.press("ArrowDown")
    listbox = page.locator("#header-suggestions")
    right = listbox.evaluate("e => e.getBoundingClientRect().right")
    assert right <= width, "the list fits the window"
    violations = blocking(axe_violations(page))
    assert not violations, "\n".join(describe(f"open suggestions at {width} px, {scheme}", violations))


def test_without_javascript_the_box_is_the_plain_search(browser, live_server, community):
    page = _page(browser, live_server, javascript=False)
    box = page.locator("#header-q")
    assert box.get_attribute("role") is None and page.locator("#header-suggestions").count() == 0
    box.fill("offline")
    box.press("Enter")
    page.wait_for_url("**/search/?q=offline")
    assert "Sync stops when I go offline" in page.locator("main").inner_text()
