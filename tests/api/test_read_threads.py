"""GET /api/v1/threads/, /threads/{id}: the site's lists and thread page as data — filters that filter, cursors
that walk a list without gaps or repeats, hidden posts never shown to visitors, constant queries, problems for
bad input."""

from __future__ import annotations

import pytest

from community.forum import actions
from community.moderation import actions as moderation
from community.notifications import actions as follows
from community.team import actions as team_actions
from tests.api.reads_support import api_get, counted, member, thread, walk
from tests.explain import built_once_per_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    def build():
        asker, helper, mod = member("asker"), member("helper"), member("moddy", staff=True)
        made = {"asker": asker, "helper": helper, "mod": mod}
        made["accepted"] = accepted = thread(asker, 1, tags=("sync",))
        answer = actions.post_answer(helper, accepted, body="Turn on offline mode in Settings, then sync once.")
        actions.accept_answer(asker, answer)
        made["french"] = thread(
            asker, 2, tags=("android",), language="fr", title="Comment garder mes carnets hors ligne sur Android ?"
        )
        made["busy"] = busy = thread(asker, 3, tags=("sync", "android"))
        made["answers"] = [
            actions.post_answer(helper, busy, body=f"Answer number {i}: export, then import the notebook again.")
            for i in range(5)
        ]
        for i, one in enumerate(made["answers"][:4]):
            actions.post_comment(asker, thread=busy, answer=one, body=f"Thanks, comment {i} on this answer.")
        made["visible_comment"] = actions.post_comment(helper, thread=busy, body="Which version are you on?")
        made["hidden_answer"] = hidden = actions.post_answer(helper, busy, body="A wrong answer, later hidden.")
        actions.hide_post(mod, hidden)
        made["hidden_comment"] = gone = actions.post_comment(helper, thread=busy, body="A rude comment, hidden.")
        actions.hide_post(mod, gone)
        made["tip"] = thread(helper, 4, kind="tip", tags=("sync",), title="Tip: pin notebooks for offline use")
        made["idea"] = idea = thread(helper, 5, kind="idea", tags=("sync",), title="Idea: offline mode for tables")
        team_actions.set_idea_status(mod, idea, status="planned", explanation="We are on it.")
        made["hidden"] = hidden_thread = thread(asker, 6, tags=("sync",), title="A spam thread that gets hidden")
        actions.hide_post(mod, hidden_thread)
        made["lonely"] = thread(helper, 7, tags=("android",), title="One answer, no comment, on Android")
        actions.post_answer(asker, made["lonely"], body="Answering my own curiosity: reinstall the app.")
        made["many"] = [thread(helper, 10 + n) for n in range(6)]
        return made

    yield from built_once_per_module(django_db_blocker, build)


def _ids(body) -> list[int]:
    return [row["id"] for row in body["results"]]


def test_lists_visible_threads_in_the_sites_orders(world, client):
    response, body = api_get(client, "/api/v1/threads/?sort=newest&limit=100")
    assert response.status_code == 200
    ids = _ids(body)
    assert world["hidden"].pk not in ids
    newest_first = [world["many"][-1].pk, world["many"][-2].pk]
    assert ids[:2] == newest_first
    row = next(r for r in body["results"] if r["id"] == world["accepted"].pk)
    assert row["author"]["username"] == "asker" and row["author"]["reputation"] == 200
    assert row["accepted_answer_id"] is not None and row["tags"] == ["sync"]
    assert row["url"].startswith("http://testserver/t/")

    _, top = api_get(client, "/api/v1/threads/?sort=unanswered&limit=100")
    assert world["accepted"].pk not in _ids(top) and world["french"].pk in _ids(top)
    assert all(r["kind"] == "question" and r["answer_count"] == 0 for r in top["results"])


@pytest.mark.parametrize(
    ("query", "expected", "excluded"),
    [
        ("kind=tip", ["tip"], ["accepted", "idea"]),
        ("kind=idea", ["idea"], ["tip", "accepted"]),
        ("tag=android", ["french", "busy", "lonely"], ["accepted", "tip"]),
        ("status=accepted", ["accepted"], ["busy", "lonely"]),
        ("status=answered", ["accepted", "busy", "lonely"], ["french", "tip"]),
        ("status=unanswered", ["french"], ["busy", "tip", "idea"]),
        ("author=asker", ["accepted", "french", "busy"], ["tip", "lonely"]),
        ("language=fr", ["french"], ["accepted", "busy"]),
        ("idea_status=planned", ["idea"], ["tip", "accepted"]),
        ("idea_status=done", [], ["idea"]),
        ("kind=question&tag=sync&status=answered", ["accepted", "busy"], ["tip", "idea", "lonely"]),
    ],
)
def test_each_filter_filters(world, client, query, expected, excluded):
    response, body = api_get(client, f"/api/v1/threads/?{query}&limit=100")
    assert response.status_code == 200, body
    ids = _ids(body)
    for name in expected:
        assert world[name].pk in ids, (query, name)
    for name in excluded:
        assert world[name].pk not in ids, (query, name)


def test_closed_threads_are_locked_or_duplicates(world, client):
    moderation.lock_thread(world["mod"], world["lonely"], reason="Resolved elsewhere.")
    _, body = api_get(client, "/api/v1/threads/?status=closed")
    assert _ids(body) == [world["lonely"].pk]


@pytest.mark.parametrize("sort", ["newest", "active", "top", "unanswered"])
def test_cursors_walk_the_list_without_gaps_or_repeats(world, client, sort):
    whole = _ids(api_get(client, f"/api/v1/threads/?sort={sort}&limit=100")[1])
    walked = [row["id"] for row in walk(client, f"/api/v1/threads/?sort={sort}&limit=4")]
    assert walked == whole and len(set(walked)) == len(walked)


def test_a_cursor_stays_put_while_members_post(world, client):
    _, first = api_get(client, "/api/v1/threads/?sort=newest&limit=5")
    thread(world["asker"], 100, title="A brand new thread posted while someone walks the list")
    rest = walk(client, first["next"])
    whole = _ids(first) + [row["id"] for row in rest]
    assert len(whole) == len(set(whole))  # nothing repeated
    assert _ids(first)[-1] != rest[0]["id"]


def test_bad_parameters_are_problems_not_errors(world, client):
    for url, status in [
        ("/api/v1/threads/?cursor=not-a-cursor", 400),
        ("/api/v1/threads/?limit=101", 422),
        ("/api/v1/threads/?limit=0", 422),
        ("/api/v1/threads/?sort=oldest", 422),
        ("/api/v1/threads/?kind=poll", 422),
        ("/api/v1/threads/?language=xx", 422),
        ("/api/v1/threads/?tag=no-such-tag", 404),
        ("/api/v1/threads/?author=nobody-here", 404),
        (f"/api/v1/threads/{world['hidden'].pk}", 404),
        ("/api/v1/threads/999999999", 404),
    ]:
        response, body = api_get(client, url)
        assert response.status_code == status, (url, body)
        assert response["Content-Type"] == "application/problem+json", url
        assert body["status"] == status and body["detail"], url


def test_a_cursor_only_works_in_its_own_list(world, client):
    _, newest = api_get(client, "/api/v1/threads/?sort=newest&limit=2")
    cursor = newest["next"].split("cursor=")[1]
    response, body = api_get(client, f"/api/v1/threads/?sort=top&limit=2&cursor={cursor}")
    assert response.status_code == 400 and "cursor" in body["detail"]
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    assert api_get(client, f"/api/v1/threads/?sort=newest&cursor={tampered}")[0].status_code == 400


def test_a_thread_shows_what_a_visitor_sees(world, client):
    response, body = api_get(client, f"/api/v1/threads/{world['busy'].pk}")
    assert response.status_code == 200
    answer_ids = [a["id"] for a in body["answers"]]
    assert world["hidden_answer"].pk not in answer_ids
    assert answer_ids == [a.pk for a in world["answers"]]  # same score: oldest first, as on the site
    assert [c["id"] for c in body["comments"]] == [world["visible_comment"].pk]
    assert "rude comment" not in response.content.decode() and "wrong answer" not in response.content.decode()
    assert [c["body_html"] for c in body["answers"][0]["comments"]] == ["Thanks, comment 0 on this answer."]
    assert body["my_vote"] is None and body["answers"][0]["my_vote"] is None and body["following"] is None
    assert body["tags"] == ["android", "sync"] and body["body_html"].startswith("<p>")


def test_moderators_see_what_they_see_on_the_site(world, client_for):
    response, body = api_get(client_for(world["mod"]), f"/api/v1/threads/{world['busy'].pk}")
    hidden = next(a for a in body["answers"] if a["id"] == world["hidden_answer"].pk)
    assert hidden["is_deleted"] is True
    assert world["hidden_comment"].pk in [c["id"] for c in body["comments"]]
    assert api_get(client_for(world["mod"]), f"/api/v1/threads/{world['hidden'].pk}")[0].status_code == 200


def test_a_member_reads_their_own_votes(world, client_for, live):
    voter = world["asker"]
    actions.vote(voter, world["answers"][2], 1)
    response, body = api_get(client_for(voter), f"/api/v1/threads/{world['busy'].pk}")
    assert response["Cache-Control"].startswith("private") or "private" in response["Cache-Control"]
    votes = {a["id"]: a["my_vote"] for a in body["answers"]}
    assert votes[world["answers"][2].pk] == 1 and votes[world["answers"][0].pk] == 0
    assert body["answers"][0]["id"] == world["answers"][2].pk  # now the best scored
    assert body["my_vote"] == 0 and body["following"] is False
    live(follows.follow, voter, thread=world["busy"])
    assert api_get(client_for(voter), f"/api/v1/threads/{world['busy'].pk}")[1]["following"] is True


def test_the_list_costs_the_same_queries_for_3_or_12_threads(world, client):
    few, small = counted(client, "/api/v1/threads/?sort=newest&limit=3")
    many, large = counted(client, "/api/v1/threads/?sort=newest&limit=12")
    assert len(small["results"]) == 3 and len(large["results"]) == 12
    assert few == many, (few, many)
    with_filters, _ = counted(client, "/api/v1/threads/?tag=sync&author=helper&limit=12")
    assert with_filters == many + 2  # the tag and the member named by the filters


def test_a_thread_costs_the_same_queries_for_1_or_5_answers(world, client, client_for):
    one, small = counted(client, f"/api/v1/threads/{world['lonely'].pk}")
    eight, large = counted(client, f"/api/v1/threads/{world['busy'].pk}")
    assert len(small["answers"]) == 1 and len(large["answers"]) == 5
    assert one == eight, (one, eight)
    member_client = client_for(world["helper"])
    member_client.get("/api/v1/threads/1")  # the session and the member's standing: read once
    mine_one, _ = counted(member_client, f"/api/v1/threads/{world['lonely'].pk}")
    mine_eight, _ = counted(member_client, f"/api/v1/threads/{world['busy'].pk}")
    assert mine_one == mine_eight, (mine_one, mine_eight)
