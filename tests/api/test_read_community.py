"""GET /api/v1/tags/, /members/, /leaderboards/, /ideas/, /knowledge/: what the site's pages show, as data, in a
constant number of queries, with problems for what does not exist."""

from __future__ import annotations

import pytest
from django.utils.text import slugify

from community.forum import actions
from community.knowledge.models import KnowledgeIndexPage, KnowledgePage
from community.team import actions as team_actions
from community.team import experts
from rewards import api as rewards_api
from rewards.standings import refresh_standings
from tests.api.reads_support import api_get, counted, member, thread, walk
from tests.explain import built_once_per_module

pytestmark = pytest.mark.django_db


def _article(title: str, *, publish: bool = True) -> KnowledgePage:
    page = KnowledgePage(title=title, slug=slugify(title), live=False)
    page.tags.add("sync")
    KnowledgeIndexPage.objects.get(locale__language_code="en").add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    def build():
        writer, helper, mod = member("writer"), member("helper", reputation=900), member("moddy", staff=True)
        made = {"writer": writer, "helper": helper, "mod": mod}
        made["tags"] = [f"topic-{n:02d}" for n in range(7)]
        for n, name in enumerate(made["tags"]):
            thread(writer, n, tags=(name, "sync"))
        question = thread(writer, 20, tags=("sync",))
        answer = actions.post_answer(helper, question, body="Offline mode in Settings keeps a local copy of it.")
        actions.accept_answer(writer, answer)
        made["ideas"] = [
            thread(writer, 30 + n, kind="idea", title=f"Idea number {n}: a calendar view") for n in range(5)
        ]
        team_actions.set_idea_status(mod, made["ideas"][0], status="planned", explanation="Coming soon.")
        team_actions.set_idea_status(mod, made["ideas"][1], status="done", explanation="Shipped in 4.2.")
        for n in range(12):
            rewards_api.adjust(helper, n + 1, note=f"adjustment number {n}", actor=mod)
        for n in range(6):
            member(f"ranked{n}", reputation=100 + n)
        refresh_standings()
        experts.refresh_tag_experts([question.tags.get(name="sync").pk])
        made["articles"] = [_article(f"Offline sync explained, part {n}") for n in range(3)]
        made["draft"] = _article("A draft nobody may read yet", publish=False)
        return made

    yield from built_once_per_module(django_db_blocker, build)


def test_tags_are_listed_most_used_first_with_counts(world, client):
    response, body = api_get(client, "/api/v1/tags/?limit=5")
    assert response.status_code == 200
    assert body["results"][0]["name"] == "sync" and body["results"][0]["thread_count"] == 13
    assert body["next"].endswith("page=2") and body["num_pages"] == 2
    _, found = api_get(client, "/api/v1/tags/?q=topic-0")
    assert [t["name"] for t in found["results"]] == [f"topic-0{n}" for n in range(7)]


def test_a_tag_has_its_experts(world, client):
    response, body = api_get(client, "/api/v1/tags/sync")
    assert response.status_code == 200 and body["thread_count"] == 13
    assert [e["member"]["username"] for e in body["experts"]] == ["helper"]
    assert body["experts"][0]["accepted"] == 1
    missing, problem = api_get(client, "/api/v1/tags/no-such-tag")
    assert missing.status_code == 404 and "no-such-tag" in problem["detail"]


def test_a_member_with_reputation_badges_and_top_tags(world, client):
    response, body = api_get(client, "/api/v1/members/helper")
    assert response.status_code == 200
    assert body["reputation"] == rewards_api.reputation(world["helper"])
    assert body["display_name"] == "helper" and body["url"] == "http://testserver/members/helper/"
    assert set(body["badge_counts"]) == {"gold", "silver", "bronze"}
    assert body["reputation_url"] == "http://testserver/members/helper/reputation/"
    assert api_get(client, "/api/v1/members/nobody-at-all")[0].status_code == 404


def test_a_members_ledger_walks_newest_first(world, client):
    rows = walk(client, "/api/v1/members/helper/reputation?limit=5")
    notes = [row["note"] for row in rows if row["note"].startswith("adjustment number")]
    assert notes[:3] == ["adjustment number 11", "adjustment number 10", "adjustment number 9"]
    assert len(notes) == len(set(notes)) == 12
    assert rows[0]["reason_label"] == "Adjustment by a moderator"


def test_the_leaderboard_ranks_like_the_site(world, client):
    _, body = api_get(client, "/api/v1/leaderboards/?period=all&limit=3")
    assert [r["member"]["username"] for r in body["results"]][:1] == ["helper"]
    assert [r["rank"] for r in body["results"]] == [1, 2, 3] and body["next"].endswith("page=2")
    _, second = api_get(client, "/api/v1/leaderboards/?period=all&limit=3&page=2")
    assert [r["rank"] for r in second["results"]] == [4, 5, 6]
    assert api_get(client, "/api/v1/leaderboards/?period=decade")[0].status_code == 422
    tagged, tag_body = api_get(client, "/api/v1/leaderboards/?period=all&tag=sync")
    assert tagged.status_code == 200 and tag_body["tag"] == "sync"


def test_ideas_by_status_with_counts(world, client):
    _, everything = api_get(client, "/api/v1/ideas/?limit=100")
    assert len(everything["results"]) == 5 and everything["status_counts"]["planned"] == 1
    _, planned = api_get(client, "/api/v1/ideas/?status=planned")
    assert [i["id"] for i in planned["results"]] == [world["ideas"][0].pk]
    assert planned["results"][0]["idea_status"] == "planned"
    _, still_open = api_get(client, "/api/v1/ideas/?status=open&limit=100")
    assert world["ideas"][1].pk not in [i["id"] for i in still_open["results"]] and len(still_open["results"]) == 4
    walked = walk(client, "/api/v1/ideas/?sort=newest&limit=2")
    assert [i["id"] for i in walked] == [i.pk for i in reversed(world["ideas"])]
    assert api_get(client, "/api/v1/ideas/?status=maybe")[0].status_code == 422


def test_knowledge_lists_published_articles_only(world, client):
    rows = walk(client, "/api/v1/knowledge/?limit=2")
    assert [r["id"] for r in rows] == [a.pk for a in reversed(world["articles"])]
    assert world["draft"].pk not in [r["id"] for r in rows]
    response, body = api_get(client, f"/api/v1/knowledge/{world['articles'][0].pk}")
    assert response.status_code == 200 and body["tags"] == ["sync"] and body["language"] == "en"
    assert api_get(client, f"/api/v1/knowledge/{world['draft'].pk}")[0].status_code == 404


@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("/api/v1/tags/?limit=2", "/api/v1/tags/?limit=8"),
        ("/api/v1/members/helper/reputation?limit=2", "/api/v1/members/helper/reputation?limit=12"),
        ("/api/v1/leaderboards/?period=all&limit=2", "/api/v1/leaderboards/?period=all&limit=8"),
        ("/api/v1/leaderboards/?period=week&limit=2", "/api/v1/leaderboards/?period=week&limit=8"),
        ("/api/v1/ideas/?limit=1", "/api/v1/ideas/?limit=5"),
        ("/api/v1/knowledge/?limit=1", "/api/v1/knowledge/?limit=3"),
    ],
)
def test_lists_cost_the_same_queries_for_few_or_many_rows(world, client, small, large):
    few, small_body = counted(client, small)
    many, large_body = counted(client, large)
    assert len(small_body["results"]) < len(large_body["results"])
    assert few == many, (small, few, many)
