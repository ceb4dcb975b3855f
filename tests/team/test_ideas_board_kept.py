"""A page of the ideas board (its ideas, count and statuses) is kept in the shared cache while the community's
content and the authors it names stand still (``community.team.ideas.board_page``). Each test reads the board
warm, changes it the way members or the team do, and reads it again: the change shows at once."""

import pytest

from community.forum import actions
from community.team import actions as team_actions
from tests.page_reads import read

pytestmark = pytest.mark.django_db


def _board(client, query=""):
    return read(client, f"/ideas/{query}", "community_thread")


def test_a_warm_board_reads_no_idea_and_shows_every_change_at_once(
    client_for, alice, bob, moderator, make_member, make_thread, live
):
    dark = live(make_thread, alice, kind="idea", title="Dark mode for the mobile app")
    reader = client_for(make_member("reader"))
    _board(reader)
    page, reads = _board(reader)
    assert reads == [] and "Dark mode for the mobile app" in page  # the ideas came from the cache

    export = live(make_thread, bob, kind="idea", title="Export notes to Markdown")
    live(actions.vote, alice, export, 1)
    page, _ = _board(reader)
    assert page.index("Export notes to Markdown") < page.index("Dark mode")  # most votes first
    assert "2 ideas" in page

    live(team_actions.set_idea_status, moderator, dark, status="planned", explanation="Coming in 6.0.")
    page, _ = _board(reader)
    assert "Coming in 6.0." in page

    with live():  # a name changed on the member's row (the CMS, the shell: no community event)
        alice.display_name = "Alice Pleasance"
        alice.save(update_fields=["display_name"])
    page, _ = _board(reader)
    assert "Alice Pleasance" in page

    live(actions.hide_post, moderator, export)
    page, _ = _board(reader)
    assert "Export notes to Markdown" not in page and "1 idea" in page


def test_each_filter_sort_and_page_is_kept_for_itself(client_for, alice, make_member, make_thread, live, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "THREADS_PER_PAGE": 2}
    for title in ("First idea about sync", "Second idea about sync", "Third idea about sync"):
        live(make_thread, alice, kind="idea", title=title, tags=("sync",))
    live(make_thread, alice, kind="idea", title="An idea about the editor", tags=("editor",))
    reader = client_for(make_member("reader"))
    first, _ = _board(reader, "?sort=newest")
    second, _ = _board(reader, "?sort=newest&page=2")
    assert "An idea about the editor" in first and "First idea about sync" not in first
    assert "First idea about sync" in second and "An idea about the editor" not in second
    sync, _ = _board(reader, "?tag=sync&sort=newest")
    assert "An idea about the editor" not in sync and "Third idea about sync" in sync
    oldest_first, _ = _board(reader, "?sort=top")
    assert "Page 1 of 2" in oldest_first
