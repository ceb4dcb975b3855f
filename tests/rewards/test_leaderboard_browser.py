"""The leaderboard's tag picker in a real browser: typing refills the list from /tags-suggest/, with counts."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_in_the_tag_box_offers_matching_tags_with_counts(live_server, browser, make_member, make_thread):  # noqa: F811
    author = make_member("author")
    for i in range(3):
        make_thread(author, title=f"Question number {i} about syncing", tags=["sync-errors"])
    make_thread(author, title="A question about exports", tags=["export"])
    page = browser.new_page()
    page.goto(f"{live_server.url}/leaderboard/?period=all")
    options = page.locator("#lb-tag-choices option")
    assert sorted(options.evaluate_all("os => os.map(o => o.value)")) == ["export", "sync-errors"]  # without typing
    page.fill("#lb-tag", "sync")
    page.locator("#lb-tag-choices option[label]").first.wait_for(state="attached")  # the list was refilled
    assert options.evaluate_all("os => os.map(o => [o.value, o.label])") == [["sync-errors", "3 threads"]]
    page.press("#lb-tag", "Enter")  # the form submits what was typed: the tag is found by its start
    page.wait_for_load_state()
    assert "No tag is called “sync”" in page.content()
    page.fill("#lb-tag", "sync-errors")
    page.press("#lb-tag", "Enter")
    page.wait_for_load_state()
    assert page.locator("h1 .tag").inner_text() == "sync-errors"
    page.close()
