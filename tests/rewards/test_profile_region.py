"""The reputation profile's body (chart, badges, top tags, top answers, a page of the ledger) is drawn once for every
reader of a language and ledger page and kept in the shared cache while the member's ledger and badges and the
posts it names stand still (``rewards.views.reputation_profile``). Each test reads a profile warm, changes what it
shows the way members or the team do, and reads it again: the change shows at once."""

import pytest

from community.forum import actions
from rewards import badges
from tests.page_reads import read

pytestmark = pytest.mark.django_db


def _profile(client, member, query=""):
    return read(client, f"/members/{member.username}/reputation/{query}", "rewards_ledgerentry")


def test_a_warm_profile_reads_no_ledger_and_shows_every_change_at_once(
    client_for, alice, bob, make_member, make_thread, make_answer, live
):
    thread = live(make_thread, bob, title="How do I sync my notes offline?")
    answer = live(make_answer, alice, thread, body="Settings → Sync → Offline keeps every note on the phone.")
    reader = client_for(make_member("reader"))
    _profile(reader, alice)
    page, ledger_reads = _profile(reader, alice)
    assert ledger_reads == []  # the body came from its region
    assert "Autobiographer" not in page and 'class="score-pill">0<' in page

    live(actions.vote, bob, answer, 1)  # a ledger entry for alice, a score for her answer
    page, _ = _profile(reader, alice)
    assert 'class="score-pill">1<' in page and '<td class="gain">+10</td>' in page

    live(badges.award, alice.pk, "autobiographer")  # a badge (no post of hers changed)
    page, _ = _profile(reader, alice)
    assert "Autobiographer" in page

    # A title changed (no ledger entry of hers moves): the ledger's "On" column and her top answer name it.
    live(actions.edit_thread, bob, thread, title="How do I keep my notes offline?", body=thread.body_md, tags=["sync"])
    page, _ = _profile(reader, alice)
    assert "How do I keep my notes offline?" in page and "How do I sync my notes offline?" not in page


def test_each_ledger_page_and_language_is_drawn_for_itself(client_for, alice, bob, make_member, make_thread, live):
    for i in range(31):  # 31 questions of alice's, each upvoted: 31 ledger entries, two pages
        thread = live(make_thread, alice, title=f"Numbered question {i:02d} about syncing")
        live(actions.vote, bob, thread, 1)
    reader = client_for(make_member("reader"))
    first, _ = _profile(reader, alice)
    second, _ = _profile(reader, alice, "?page=2")
    assert "Numbered question 30" in first and "Numbered question 00" not in first
    assert "Numbered question 00" in second and "Numbered question 30" not in second
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    for same_as_first in ("?page=1", "?page=01", "?page=abc", "?page="):  # page 1's region, not one of their own
        again, ledger_reads = _profile(reader, alice, same_as_first)
        assert ledger_reads == [] and "Page 1 of 2" in again, same_as_first
    french = reader.get(f"/members/{alice.username}/reputation/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    english = reader.get(f"/members/{alice.username}/reputation/").content.decode()
    assert "Chaque point" in french and "Every point" not in french
    assert "Every point" in english


def test_the_region_holds_nothing_personal(client_for, alice, bob, make_thread, live):
    """The owner's reward-point balance is beside the body, never in it: another reader after them sees none."""
    live(make_thread, alice, title="How do I sync my notes offline?")
    own = client_for(alice).get(f"/members/{alice.username}/reputation/").content.decode()
    other = client_for(bob).get(f"/members/{alice.username}/reputation/").content.decode()
    assert 'class="rep-card-points"' in own
    assert 'class="rep-card-points"' not in other
