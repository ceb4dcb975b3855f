"""The ideas board's rows are drawn once per process for what each shows and what its viewer's arrows say
(``{% memo %}`` in templates/community/team/ideas_board.html): each test reads the board, changes one thing
through the action members or the team use, and reads it again in the same process."""

import re

from community.forum import actions
from community.team import actions as team_actions


def _row(page: str, idea) -> str:
    rows = re.findall(
        r'<li class="thread-row idea-row">.*?</li>\s*(?=<li class="thread-row idea-row">|</ol>)', page, re.S
    )
    return next(row for row in rows if f"/t/{idea.pk}/" in row)


def _board_row(client, idea) -> str:
    page = client.get("/ideas/")
    assert page.status_code == 200
    return _row(page.content.decode(), idea)


def _pressed(row: str) -> bool:
    return 'aria-pressed="true"' in row


def test_each_member_sees_their_own_arrows_and_everyone_the_new_score(
    client_for, alice, bob, make_member, make_thread, live
):
    idea = make_thread(alice, kind="idea", title="Dark mode for the mobile app")
    carol = make_member("carol")
    bob_board, carol_board = client_for(bob), client_for(carol)
    assert not _pressed(_board_row(bob_board, idea)) and not _pressed(_board_row(carol_board, idea))
    live(actions.vote, bob, idea, 1)
    mine, theirs = _board_row(bob_board, idea), _board_row(carol_board, idea)
    assert _pressed(mine) and "Undo your upvote" in mine
    assert not _pressed(theirs) and '<span class="vote-score" aria-hidden="true">1</span>' in theirs
    live(actions.vote, bob, idea, 0)
    assert not _pressed(_board_row(bob_board, idea))
    # The same score (0) with Bob's upvote and Carol's downvote: only the arrows tell them apart.
    live(actions.vote, bob, idea, 1)
    live(actions.vote, carol, idea, -1)
    mine, theirs = _board_row(bob_board, idea), _board_row(carol_board, idea)
    assert _pressed(mine) and "Undo your upvote" in mine and "Undo your downvote" not in mine
    assert "Undo your downvote" in theirs and "Undo your upvote" not in theirs
    # The author's own arrows say why they cannot vote; a form's token is the viewer's own.
    own = _board_row(client_for(alice), idea)
    assert "You cannot vote on your own post." in own
    assert "guildhall-fragment-csrf-token" not in _board_row(bob_board, idea)
    # A newcomer without the upvote privilege gets its reason, not the form drawn for Bob's row.
    newcomer = _board_row(client_for(make_member("newcomer", reputation=1)), idea)
    assert 'aria-disabled="true"' in newcomer and "Undo your upvote" not in newcomer


def test_a_row_shows_a_new_status_and_the_teams_note_at_once(client, alice, moderator, make_thread, live):
    idea = make_thread(alice, kind="idea", title="Export notes as PDF")
    client.get("/ideas/")
    live(team_actions.set_idea_status, moderator, idea, status="planned", explanation="Coming in the spring release.")
    row = _board_row(client, idea)
    assert "Coming in the spring release." in row and "status-planned" in row
    live(team_actions.set_idea_status, moderator, idea, status="planned", explanation="Moved to the summer release.")
    row = _board_row(client, idea)
    assert "Moved to the summer release." in row and "spring" not in row
