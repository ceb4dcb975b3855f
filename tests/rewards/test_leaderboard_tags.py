"""The leaderboard's tag box is a tag picker: it offers the tags (a <datalist>, no JavaScript needed), forgives how
a tag is typed, and answers a tag that does not exist with the board of all tags and a clear message — never a 404."""

import re

import pytest

from community.forum import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def boards(live, make_member):
    """A member with reputation in sync-errors, another in export."""
    voter = make_member("voter")
    for name, tag in (("fixer", "sync-errors"), ("exporter", "export")):
        author = make_member(name, reputation=1)
        thread = live(
            actions.create_thread,
            author,
            kind="question",
            title=f"A question about {tag}",
            body="Body text long enough.",
            tags=[tag],
        )
        live(actions.vote, voter, thread, 1)


def _board(client, **params):
    response = client.get("/leaderboard/", {"period": "all", **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("typed", ["sync-errors", "Sync-Errors", "#sync-errors", "  SYNC ERRORS ", "Sync Errors"])
def test_a_tag_is_found_however_it_is_typed(boards, client, typed):
    page = _board(client, tag=typed)
    assert '<span class="tag tag-large">sync-errors</span>' in page
    assert ">fixer<" in page and ">exporter<" not in page
    assert 'value="sync-errors"' in page  # the box shows the tag's name, ready to change
    assert "Leaderboard of all tags" in page  # and the way back


def test_an_unknown_tag_shows_every_tag_s_board_with_a_message_and_near_names(boards, client):
    page = _board(client, tag="synk-errors")
    assert "No tag is called “synk-errors”, so this is the leaderboard of all tags." in page
    assert ">fixer<" in page and ">exporter<" in page
    assert 'aria-invalid="true" aria-describedby="lb-tag-unknown"' in page
    near = re.search(r"Tags with a similar name: (.*?)</p>", page).group(1)
    assert 'href="?period=all&amp;tag=sync-errors"' in near  # spelt closest

    page = _board(client, tag="errors")
    assert 'href="?period=all&amp;tag=sync-errors"' in page  # a part of the name


def test_an_unknown_tag_without_a_near_name_still_explains_itself(boards, client):
    page = _board(client, tag="<script>")
    assert "No tag is called “&lt;script&gt;”" in page and "Tags with a similar name" not in page


def test_the_box_offers_the_tags_in_use_without_javascript(boards, client):
    page = _board(client)
    box = re.search(r'<input id="lb-tag"[^>]*>', page).group(0)
    assert 'list="lb-tag-choices"' in box and 'data-tag-picker="/tags-suggest/"' in box
    choices = re.search(r'<datalist id="lb-tag-choices">(.*?)</datalist>', page).group(1)
    assert re.findall(r'<option value="([^"]+)">', choices) == ["export", "sync-errors"]


def test_the_picker_costs_constant_queries(boards, client, make_member, live, django_assert_max_num_queries):
    voter = make_member("voter2")
    for i in range(20):
        author = make_member(f"many{i}", reputation=1)
        thread = live(
            actions.create_thread,
            author,
            kind="question",
            title=f"Question {i} of many",
            body="Body text long enough.",
            tags=[f"topic{i}"],
        )
        live(actions.vote, voter, thread, 1)
    for params in ({"tag": "Topic1"}, {"tag": "nope"}, {"tag": "topic"}, {}):
        with django_assert_max_num_queries(7):
            _board(client, **params)
