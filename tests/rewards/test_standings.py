"""The stored period leaderboards (``rewards.standings``): they follow votes and accepts (a task per burst after the
ledger write), move with the rolling window and with deactivated members at the next refresh, are repaired by
``rewards_refresh_standings`` and ``rewards_recompute``, and the leaderboard page reads them in rank order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone

from community.forum import actions
from community.models import Member
from rewards import actions as rewards_actions
from rewards import standings, tasks
from rewards.models import LedgerEntry, Standing

pytestmark = pytest.mark.django_db


def board(period: str) -> dict[str, int]:
    """The stored board as {username: points}, in rank order."""
    rows = Standing.objects.filter(period=period).order_by("rank").values_list("member__username", "points")
    return dict(rows)


def _question_with_answer(live, asker, answerer):
    question = live(
        actions.create_thread,
        asker,
        kind="question",
        title="How do I sync two folders?",
        body="A body that is long enough to post.",
        tags=["sync"],
    )
    return question, live(actions.post_answer, answerer, question, body="Use the sync button, twice.")


def test_standings_follow_votes_and_accepts(live, make_member):
    asker, answerer, voter = make_member("asker", reputation=1), make_member("answerer", reputation=1), make_member()
    assert not Standing.objects.exists()  # a starting grant written outside an event refreshes nothing by itself
    question, answer = _question_with_answer(live, asker, answerer)
    live(actions.vote, voter, answer, 1)
    assert board("week")["answerer"] == 10 and "asker" not in board("week")
    live(actions.accept_answer, asker, answer)
    for period in standings.STORED_PERIODS:
        assert board(period)["answerer"] == 25 and board(period)["asker"] == 2
    assert standings.drift() == []
    live(actions.vote, voter, answer, 0)  # undone: the author keeps only the accept
    assert board("week")["answerer"] == 15
    assert standings.drift() == []


def test_a_burst_enqueues_one_refresh_while_one_is_waiting(live, make_member):
    asker, answerer, voter = make_member("asker", reputation=1), make_member("answerer", reputation=1), make_member()
    question, answer = _question_with_answer(live, asker, answerer)
    assert cache.add(tasks.DUE_KEY, 1)  # a refresh is waiting in the queue
    live(actions.vote, voter, answer, 1)
    assert "answerer" not in board("week")  # not enqueued again: the waiting one will read this vote
    assert tasks.schedule() is False
    tasks.refresh_standings.enqueue()  # the waiting task runs: it clears the mark first, then reads the ledger
    assert board("week")["answerer"] == 10
    assert cache.get(tasks.DUE_KEY) is None
    live(actions.vote, voter, question, 1)  # nothing waits any more: the next write enqueues again
    assert board("week")["asker"] == 10


def test_a_backend_that_can_defer_gathers_a_burst_into_one_refresh(settings):
    """In production (the database backend) the refresh waits a little, so steady voting recomputes the boards at
    most about twice a minute; the second write of the burst finds it waiting and enqueues nothing."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    before = timezone.now()
    assert tasks.schedule() is True and tasks.schedule() is False
    (queued,) = tasks.refresh_standings.get_backend().results
    assert queued.task.run_after >= before + timedelta(seconds=tasks.GATHER_SECONDS)


def test_a_gathered_burst_refreshes_once_at_its_end_with_every_unit(live, make_member, monkeypatch):
    """A scripted burst (the demo seeder) holds the refreshes back and enqueues each task once when it ends: the
    boards and the tags' experts then hold every vote of the burst, and a new write after it enqueues again."""
    from community.team import tasks as team_tasks
    from config.tasks import gathered

    asker, answerer, voter = make_member("asker", reputation=1), make_member("answerer", reputation=1), make_member()
    question, answer = _question_with_answer(live, asker, answerer)
    other = live(actions.create_thread, asker, kind="question", title="How do I pause a sync?",
                 body="A body that is long enough to post.", tags=["pause"])  # fmt: skip
    other_answer = live(actions.post_answer, answerer, other, body="Hold the sync button for a second.")
    runs = {"standings": 0, "experts": []}
    real_standings, real_experts = standings.refresh_standings, team_tasks.experts.refresh_tag_experts

    def counted_standings(*args, **kwargs):
        runs["standings"] += 1
        return real_standings(*args, **kwargs)

    def counted_experts(tag_ids):
        tag_ids = sorted(tag_ids)
        runs["experts"].append(tag_ids)
        return real_experts(tag_ids)

    monkeypatch.setattr(standings, "refresh_standings", counted_standings)
    monkeypatch.setattr(team_tasks.experts, "refresh_tag_experts", counted_experts)
    with gathered():
        live(actions.vote, voter, answer, 1)
        live(actions.vote, voter, other_answer, 1)
        with gathered():  # a nested block joins the outer one
            live(actions.vote, voter, question, 1)
        assert runs == {"standings": 0, "experts": []}  # nothing ran during the burst
        assert "answerer" not in board("week")
    assert runs["standings"] == 1
    assert runs["experts"] == [
        sorted({*question.tags.values_list("pk", flat=True), *other.tags.values_list("pk", flat=True)})
    ]
    assert board("week")["answerer"] == 20 and board("week")["asker"] == 10
    assert cache.get(tasks.DUE_KEY) is None
    live(actions.vote, voter, other, 1)  # after the burst, a write refreshes at once again
    assert runs["standings"] == 2 and board("week")["asker"] == 20


def test_a_deactivated_member_leaves_the_boards_at_the_next_refresh(make_member):
    gone = make_member("gone", reputation=300)
    make_member("stays", reputation=100)
    standings.refresh_standings()
    assert list(board("year")) == ["gone", "stays"]
    Member.objects.filter(pk=gone.pk).update(is_active=False)  # the admin sends no event
    call_command("rewards_refresh_standings", verbosity=0)
    for period in standings.STORED_PERIODS:
        assert list(board(period)) == ["stays"]


def test_entries_leave_the_rolling_window_at_a_later_refresh(make_member):
    now = timezone.now()
    member = make_member("earner", reputation=1)
    rewards_actions.adjust(member, 40, note="five days ago", at=now - timedelta(days=5))
    standings.refresh_standings(now=now)
    assert board("week") == {"earner": 40} and board("month") == {"earner": 40}
    later = now + timedelta(days=3)
    standings.refresh_standings(now=later)
    assert board("week") == {} and board("month") == {"earner": 40}
    assert set(Standing.objects.values_list("computed_at", flat=True)) == {later}
    assert standings.drift(now=later) == [] and standings.drift(now=now) == ["week"]


def test_the_command_repairs_drift(make_member):
    first, second, third = (make_member(name, reputation=points) for name, points in [("a", 50), ("b", 40), ("c", 30)])
    standings.refresh_standings()
    Standing.objects.filter(member=first).delete()
    Standing.objects.filter(member=second, period="month").update(points=999)
    rewards_actions.adjust(third, 100, note="written without its refresh")
    assert standings.drift() == ["week", "month", "year"]
    call_command("rewards_refresh_standings", verbosity=0)
    assert standings.drift() == []
    assert list(board("month").items()) == [("c", 129), ("a", 49), ("b", 39)]
    assert list(Standing.objects.filter(period="month").order_by("rank").values_list("rank", flat=True)) == [1, 2, 3]


def test_the_command_refreshes_one_period_and_rejects_an_unknown_one(make_member):
    make_member("a", reputation=50)
    call_command("rewards_refresh_standings", "--period", "week", verbosity=0)
    assert set(Standing.objects.values_list("period", flat=True)) == {"week"}
    with pytest.raises(CommandError, match="invalid choice: 'decade'"):
        call_command("rewards_refresh_standings", "--period", "decade", verbosity=0)
    with pytest.raises(ValueError, match="Unknown leaderboard period 'decade'"):
        standings.refresh_standings(["decade"])


def test_recompute_ends_with_a_refresh(live, make_member):
    asker, answerer, voter = make_member("asker", reputation=1), make_member("answerer", reputation=1), make_member()
    question, answer = _question_with_answer(live, asker, answerer)
    live(actions.vote, voter, answer, 1)
    Standing.objects.all().delete()
    call_command("rewards_recompute", verbosity=0)
    assert board("week")["answerer"] == 10
    assert standings.drift() == []


# --- the page ---------------------------------------------------------------------------------------------------


def _members_with_points(count: int) -> list[Member]:
    """``count`` active members with this week's points count, count - 1, … 1 (best first), by bulk insert."""
    members = Member.objects.bulk_create(
        Member(username=f"ranked{i:03d}", email=f"ranked{i:03d}@example.com", password="!") for i in range(count)
    )
    now = timezone.now()
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            member=m,
            points=count - i,
            reason=LedgerEntry.Reason.ADJUSTMENT,
            origin=f"test:{m.pk}",
            event_key=f"test:{m.pk}",
            day=now.date(),
            created_at=now - timedelta(hours=1),
        )
        for i, m in enumerate(members)
    )
    return members


def _names_in_order(html: str, names) -> list[str]:
    found = [(html.index(f">{n}<"), n) for n in names if f">{n}<" in html]
    return [n for _, n in sorted(found)]


def test_the_page_shows_the_stored_order_with_pages(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    members = _members_with_points(120)
    names = [m.username for m in members]
    standings.refresh_standings()
    # Written after the refresh: the page shows the stored board, not the ledger's sums.
    LedgerEntry.objects.filter(member=members[119]).update(points=10_000)

    first = client.get("/leaderboard/?period=week").content.decode()
    assert _names_in_order(first, names) == names[:50]
    assert "Updated" in first and "within a few minutes" in first
    assert 'href="?period=week&amp;page=2"' in first  # the next page keeps the period
    second = client.get("/leaderboard/?period=week&page=2").content.decode()
    assert _names_in_order(second, names) == names[50:100]
    assert '<ol class="leaderboard" start="51">' in second
    past_the_end = client.get("/leaderboard/?period=week&page=999").content.decode()
    assert _names_in_order(past_the_end, names) == names[100:]  # the last page, as for any list
    assert "Page 3 of 3" in past_the_end and 'href="?period=week&amp;page=2"' in past_the_end
    assert _names_in_order(client.get("/leaderboard/?period=week&page=x").content.decode(), names) == names[:50]

    standings.refresh_standings()
    assert _names_in_order(client.get("/leaderboard/?period=week").content.decode(), names)[0] == names[119]


def test_tag_boards_stay_live_and_empty_boards_say_so(live, client, settings, make_member):
    settings.PAGE_CACHE_SECONDS = 0
    asker, answerer = make_member("asker", reputation=1), make_member("answerer", reputation=1)
    question, _answer = _question_with_answer(live, asker, answerer)
    assert "Nobody has earned reputation in this period" in client.get("/leaderboard/?period=month").content.decode()
    rewards_actions.adjust(asker, 5, note="no refresh follows")  # outside an event: nothing is delivered
    LedgerEntry.objects.filter(member=asker).update(thread=question)
    tagged = client.get("/leaderboard/?period=week&tag=sync").content.decode()
    assert ">asker<" in tagged and "Updated" not in tagged  # summed from the tag's entries as they stand
    assert ">asker<" not in client.get("/leaderboard/?period=week").content.decode()


def test_a_refresh_makes_cached_leaderboards_stale(live, client, make_member):
    """In production the refresh finishes in the worker, after the write's own page-cache bumps: a cached board
    must follow the rewritten rows."""
    earner = make_member("earner", reputation=1)
    client.get("/leaderboard/?period=week")
    client.get("/leaderboard/?period=week")  # the cold cache had no clock yet: this render is the one stored
    assert client.get("/leaderboard/?period=week")["X-Page-Cache"] == "hit"
    rewards_actions.adjust(earner, 30, note="a grant")  # not delivered: no bump
    assert client.get("/leaderboard/?period=week")["X-Page-Cache"] == "hit"
    live(standings.refresh_standings)  # committed: the stored boards' page-cache tag moves
    response = client.get("/leaderboard/?period=week")
    assert response["X-Page-Cache"] == "miss" and ">earner<" in response.content.decode()
