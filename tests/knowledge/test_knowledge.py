"""Knowledge pages: the index and topic hubs, articles with ranked threads, the ranking cache, promoting a tip
or an accepted answer to a draft article, the moderators' workflow, and what publishing pays."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page

from community.core import events
from community.forum import actions
from community.knowledge import actions as knowledge_actions
from community.knowledge.models import KnowledgeIndexPage, KnowledgePage, KnowledgePinnedThread
from community.models import AuditEntry, HomePage
from community.moderation import actions as moderation_actions
from rewards.models import Award, LedgerEntry, RuleProfile
from tests.search_support import backend, es_url, post_thread  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

BODY = "Some words so that the body is long enough to post."


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run a function with its on-commit work (events, search indexing) delivered, as after a real commit."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def received():
    seen = []
    kinds = [events.ArticlePromoted, events.KnowledgeArticlePublished]
    for kind in kinds:
        events.subscribe(kind, seen.append)
    yield seen
    for kind in kinds:
        events.unsubscribe(kind, seen.append)


def index_page() -> KnowledgeIndexPage:
    """The English knowledge index (the French one is its translation: tests/knowledge/test_translations.py)."""
    return KnowledgeIndexPage.objects.get(locale__language_code="en")


def new_article(title="Offline sync, explained", *, tags=("sync",), pinned=(), publish=True) -> KnowledgePage:
    page = KnowledgePage(title=title, slug=slugify(title), live=False)
    page.tags.add(*tags)
    for thread in pinned:
        page.pinned_threads.add(KnowledgePinnedThread(thread=thread, note="Worth a read."))
    index_page().add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def order_in(html: str, *titles: str) -> list[str]:
    found = [t for t in titles if t in html]
    return sorted(found, key=html.index)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def question_with_accepted_answer(alice, bob, deliver):
    question = deliver(
        actions.create_thread,
        alice,
        kind="question",
        title="How do I sync my notes offline?",
        body="I travel a lot and need **my notes** without a connection. What works?",
        tags=["sync", "offline"],
    )
    answer = deliver(
        actions.post_answer, bob, question, body="Turn on `offline mode` in Settings → Sync; it keeps a local copy."
    )
    deliver(actions.accept_answer, alice, answer)
    return question, answer


@pytest.fixture
def tip(alice, deliver):
    return deliver(
        actions.create_thread,
        alice,
        kind="tip",
        title="Pin a notebook to keep it offline",
        body="Long-press a notebook and choose *Keep offline*: it syncs before you lose the network.",
        tags=["sync"],
    )


@pytest.fixture
def promote_threshold():
    """Members with 150 reputation may promote (the default is 3000); conftest's members have 200."""
    profile = RuleProfile.objects.get(is_active=True)
    profile.privilege_promote = 150
    profile.save()
    return 150


def approve(client, page):
    """Approve the page's current workflow task through the Wagtail admin, as a reviewer would."""
    page = KnowledgePage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


# --- the knowledge section -------------------------------------------------------------------


def test_the_index_page_exists_under_home_and_drafts_go_to_moderators(client):
    index = index_page()
    assert index.live and index.url == "/knowledge/"
    assert isinstance(index.get_parent().specific, HomePage)
    workflow = index.get_workflow()
    assert workflow is not None and workflow.name == "Moderators approval"
    groups = {g.name for task in workflow.tasks.all() for g in task.specific.groups.all()}
    assert groups == {"Moderators"}
    assert not Page.find_problems()[0]  # the tree is consistent
    html = client.get("/knowledge/").content.decode()
    assert "Knowledge base" in html and 'href="/knowledge/"' in html  # intro, and the header link
    assert KnowledgeIndexPage.can_create_at(index.get_parent().specific) is False  # at most one


def test_the_index_lists_articles_and_topics(client, post_thread):
    post_thread("Syncing two phones at once", BODY, tags=["sync"])
    article = new_article("Offline sync, explained", tags=["sync"])
    draft = new_article("A draft nobody sees yet", tags=["sync"], publish=False)
    html = client.get("/knowledge/").content.decode()
    assert article.title in html and draft.title not in html
    assert 'href="/knowledge/topics/sync/"' in html
    topics = client.get("/knowledge/topics/").content.decode()
    assert 'href="/knowledge/topics/sync/"' in topics


def test_an_article_lists_the_best_threads_for_its_tags(backend, post_thread, make_member, live, client):
    voters = [make_member(f"v{i}") for i in range(4)]
    best = post_thread("Sync across three devices", BODY, tags=["sync"])
    good = post_thread("Sync conflicts and how to merge them", BODY, tags=["sync", "conflicts"])
    pinned = post_thread("The sync FAQ everyone should read", BODY, tags=["sync"])
    post_thread("Colour themes for the editor", BODY, tags=["theme"])
    with live():
        answer = actions.post_answer(voters[0], best, body="Use one account on all three; sync merges the rest.")
        actions.accept_answer(best.author, answer)
        for v in voters:
            actions.vote(v, best, 1)
        actions.vote(voters[0], good, 1)
    page = new_article(tags=["sync"], pinned=[pinned])
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    ranked = html.split('id="ranked-title"')[1].split("</section>")[0]
    assert order_in(ranked, best.title, good.title) == [best.title, good.title]
    assert "Colour themes" not in html
    assert "Accepted answer" in ranked and "Use one account on all three" in ranked  # the best answer, quoted
    assert pinned.title in html.split('id="pinned-title"')[1] and pinned.title not in ranked  # pinned, not twice
    assert 'href="/knowledge/topics/sync/"' in html


def test_a_topic_hub_exists_for_every_tag(backend, post_thread, client):
    thread = post_thread("Offline maps for hiking trips", BODY, tags=["offline-maps"])
    article = new_article("Maps without a network", tags=["offline-maps"])
    response = client.get("/knowledge/topics/offline-maps/")
    html = response.content.decode()
    assert response.status_code == 200
    assert thread.title in html and article.title in html
    assert client.get("/knowledge/topics/OFFLINE-MAPS/").status_code == 200
    assert client.get("/knowledge/topics/no-such-tag/").status_code == 404
    assert client.get("/knowledge/topics/offline-maps/extra/").status_code == 404


def test_a_topic_without_articles_reads_no_article(backend, post_thread, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread = post_thread("Colour themes for the editor", BODY, tags=["theme"])
    new_article("Maps without a network", tags=["offline-maps"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/knowledge/topics/theme/").content.decode()
    assert thread.title in html and "Maps without a network" not in html
    assert not [q for q in queries.captured_queries if "community_knowledgepage" in q["sql"]]


def test_the_hub_links_from_the_path_it_was_reached_by_without_reading_the_sites_again(backend, post_thread, client):
    """Its links come from the request's path: asking Wagtail for the index's URL reads every site's root paths
    again (two queries with a cold cache) after the routing has found the site."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post_thread("Syncing two phones at once", BODY, tags=["sync"])
    client.get("/")  # Wagtail's site root is cached per process: not per-page work
    links = {  # what each page links to through the index's URLs
        "/knowledge/": ['href="/knowledge/topics/"', 'href="/knowledge/topics/sync/"'],
        "/knowledge/topics/": ['href="/knowledge/"', 'href="/knowledge/topics/sync/"'],
        "/knowledge/topics/sync/": ['href="/knowledge/"', 'href="/knowledge/topics/"'],
        "/knowledge/topics/SYNC/": ['href="/knowledge/"', 'href="/knowledge/topics/"'],
    }
    for url, expected in links.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert all(link in html for link in expected), url
        sites_read = [q for q in queries.captured_queries if q["sql"].startswith('SELECT "wagtailcore_site"."id"')]
        assert len(sites_read) == 1, url  # the routing's


def test_rankings_are_cached_and_a_vote_recomputes_them(backend, post_thread, make_member, live, client, monkeypatch):
    from search import api as search_api

    calls = []
    real = search_api.rank_for_tags

    def counting(tags, limit=10):
        calls.append(tuple(tags))
        return real(tags, limit=limit)

    monkeypatch.setattr(search_api, "rank_for_tags", counting)
    first = post_thread("Sync thread one", BODY, tags=["sync"])
    second = post_thread("Sync thread two", BODY, tags=["sync"])
    elsewhere = post_thread("Theme thread", BODY, tags=["theme"])
    page = new_article(tags=["sync"])

    client.get(page.url)
    client.get(page.url)
    client.get("/knowledge/topics/sync/")  # the same tag set: the same cached list
    assert calls == [("sync",)]

    with live():
        actions.vote(make_member("fan1"), elsewhere, 1)  # another tag: sync's list stays valid
    client.get(page.url)
    assert len(calls) == 1

    before = client.get(page.url).content.decode()
    target = first if order_in(before, first.title, second.title)[0] == second.title else second
    with live():
        actions.vote(make_member("fan2"), target, 1)
        actions.vote(make_member("fan3"), target, 1)
    after = client.get(page.url).content.decode()
    assert len(calls) == 2
    assert order_in(after, first.title, second.title)[0] == target.title
    client.get(page.url)
    assert len(calls) == 2


def test_hiding_a_thread_removes_it_from_the_cached_ranking(backend, post_thread, moderator, live, client):
    kept = post_thread("Sync thread that stays", BODY, tags=["sync"])
    gone = post_thread("Sync thread that gets hidden", BODY, tags=["sync"])
    page = new_article(tags=["sync"])
    assert gone.title in client.get(page.url).content.decode()
    with live():
        moderation_actions.moderate_hide(moderator, gone, reason="spam")
    html = client.get(page.url).content.decode()
    assert gone.title not in html and kept.title in html


def test_knowledge_page_and_topic_hub_run_constant_queries(backend, post_thread, make_member, live, client):
    crowd = [make_member(f"crowd{i}") for i in range(3)]
    author = make_member("writer")

    def threads(n, start):
        for i in range(start, start + n):
            thread = post_thread(f"Sync thread number {i}", BODY, tags=["sync", "offline"], author=author)
            with live():
                answer = actions.post_answer(crowd[i % 3], thread, body=f"Answer number {i}, long enough to post.")
                actions.vote(crowd[(i + 1) % 3], answer, 1)

    threads(1, 0)
    pinned = post_thread("Pinned sync thread", BODY, tags=["sync"], author=author)
    page = new_article(tags=["sync", "offline"], pinned=[pinned])
    urls = [page.url, "/knowledge/topics/sync/", "/knowledge/"]
    client.get("/")  # Wagtail's site root is cached per process: not per-page work
    cold_one = {url: queries(client, url) for url in urls}
    warm_one = {url: queries(client, url) for url in urls}
    threads(29, 1)
    cold_many = {url: queries(client, url) for url in urls}
    warm_many = {url: queries(client, url) for url in urls}
    html = client.get("/knowledge/topics/sync/").content.decode()
    assert html.count('class="thread-row ranked-row"') == 15
    assert cold_one == cold_many, (cold_one, cold_many)
    assert warm_one == warm_many, (warm_one, warm_many)
    for url in urls[:2]:
        assert warm_many[url] < cold_many[url]  # the warm view reads the ranking from the cache
        assert warm_many[url] <= 12, url  # the thread page's budget (Wagtail's routing takes about 8)


# --- promoting -------------------------------------------------------------------------------------


def test_a_moderator_promotes_an_accepted_answer_to_a_draft_in_review(
    moderator, alice, bob, question_with_accepted_answer, deliver, received
):
    question, answer = question_with_accepted_answer
    page = deliver(knowledge_actions.promote_to_article, moderator, answer)
    page = KnowledgePage.objects.get(pk=page.pk)
    assert not page.live and page.has_unpublished_changes
    assert page.get_parent().pk == index_page().pk
    assert page.title == question.title
    assert (page.source_thread, page.source_answer) == (question, answer)
    assert set(page.credited_authors.all()) == {alice, bob}
    assert sorted(page.tags.names()) == ["offline", "sync"]
    copied = ["".join(part.value.source for part in block.value["body"]) for block in page.body]
    assert copied == [question.body_html.strip(), answer.body_html.strip()]  # rich text, as the site showed it
    assert page.latest_revision is not None and page.latest_revision.user == moderator
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress" and state.requested_by == moderator
    assert page.current_workflow_task.name == "Moderators approval"
    assert [type(e).__name__ for e in received] == ["ArticlePromoted"]
    assert received[0].answer_id == answer.pk and set(received[0].author_ids) == {alice.pk, bob.pk}
    assert AuditEntry.objects.filter(action="promote_article", actor=moderator).exists()


def test_a_member_with_the_privilege_promotes_a_tip(client_for, make_member, tip, alice, promote_threshold):
    curator = client_for(make_member("curator"))  # 200 reputation ≥ 150
    response = curator.post(reverse("community:promote", args=["thread", tip.pk]))
    assert response.status_code == 302 and response["Location"] == tip.get_absolute_url()
    page = KnowledgePage.objects.get(source_thread=tip)
    assert page.source_answer is None and list(page.credited_authors.all()) == [alice]
    assert ["".join(p.value.source for p in block.value["body"]) for block in page.body] == [tip.body_html.strip()]
    assert page.workflow_in_progress and not page.live
    html = curator.get(tip.get_absolute_url()).content.decode()
    assert "now a draft knowledge article" in html  # the message
    assert "Promoted to the knowledge base" in html and "Promote to knowledge article" not in html


def test_a_moderator_lands_on_the_draft_in_the_cms(client_for, moderator, tip):
    response = client_for(moderator).post(reverse("community:promote", args=["thread", tip.pk]))
    page = KnowledgePage.objects.get(source_thread=tip)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client_for(moderator).get(response["Location"]).status_code == 200


def test_json_clients_get_the_new_page(client_for, moderator, tip):
    response = client_for(moderator).post(
        reverse("community:promote", args=["thread", tip.pk]), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 201
    assert response.json()["page_id"] == KnowledgePage.objects.get(source_thread=tip).pk


def test_refusals(client_for, client, moderator, alice, bob, make_member, deliver, question_with_accepted_answer, tip):
    question, accepted = question_with_accepted_answer
    other = deliver(actions.post_answer, make_member("helper"), question, body="Another answer, not the accepted one.")
    mod = client_for(moderator)

    def promote(c, model, pk, **extra):
        return c.post(reverse("community:promote", args=[model, pk]), HTTP_ACCEPT="application/json", **extra)

    response = promote(mod, "answer", other.pk)
    assert response.status_code == 409 and "accepted answer" in response.json()["error"]
    response = promote(mod, "thread", question.pk)
    assert response.status_code == 409 and "tip" in response.json()["error"]

    assert promote(mod, "answer", accepted.pk).status_code == 201
    response = promote(mod, "answer", accepted.pk)
    assert response.status_code == 409 and "already a knowledge article" in response.json()["error"]
    assert KnowledgePage.objects.filter(source_answer=accepted).count() == 1

    response = promote(client_for(make_member("outsider")), "thread", tip.pk)  # 200 reputation, 3000 needed by default
    assert response.status_code == 403
    assert response.json()["error"] == "You need 3000 reputation to promote posts to knowledge articles; you have 200."

    response = client.post(reverse("community:promote", args=["thread", tip.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        knowledge_actions.promote_to_article(AnonymousUser(), tip)

    idea = deliver(
        actions.create_thread, alice, kind="idea", title="Offline mode for the web app", body=BODY, tags=["sync"]
    )
    assert promote(mod, "thread", idea.pk).status_code == 409

    actions.hide_post(alice, tip)
    assert promote(mod, "thread", tip.pk).status_code == 409
    assert not KnowledgePage.objects.filter(source_thread=tip).exists()


def test_the_thread_page_offers_the_button_only_to_those_allowed(
    client_for, client, moderator, bob, question_with_accepted_answer, tip
):
    question, accepted = question_with_accepted_answer
    promote_answer = reverse("community:promote", args=["answer", accepted.pk])
    promote_tip = reverse("community:promote", args=["thread", tip.pk])
    assert promote_answer in client_for(moderator).get(question.get_absolute_url()).content.decode()
    assert promote_tip in client_for(moderator).get(tip.get_absolute_url()).content.decode()
    for viewer in (client_for(bob), client):
        assert "Promote to knowledge article" not in viewer.get(question.get_absolute_url()).content.decode()
        assert "Promote to knowledge article" not in viewer.get(tip.get_absolute_url()).content.decode()


# --- the workflow and publication ------------------------------------------------------------------------


def test_moderators_publish_through_the_workflow_and_authors_are_paid_once(
    client_for,
    moderator,
    alice,
    bob,
    question_with_accepted_answer,
    deliver,
    received,
    django_capture_on_commit_callbacks,
):
    question, answer = question_with_accepted_answer
    page = deliver(knowledge_actions.promote_to_article, moderator, answer)
    before = {m: LedgerEntry.objects.filter(member=m).count() for m in (alice, bob)}

    # A member who is not a moderator cannot approve (even the one who promoted, if not staff).
    assert not page.permissions_for_user(bob).can_publish()
    assert page.permissions_for_user(moderator).can_publish()
    with django_capture_on_commit_callbacks(execute=True):
        refused = approve(client_for(bob), page)
    assert refused.status_code in (302, 403) and not KnowledgePage.objects.get(pk=page.pk).live

    with django_capture_on_commit_callbacks(execute=True):
        response = approve(client_for(moderator), page)
    assert response.status_code == 302
    page = KnowledgePage.objects.get(pk=page.pk)
    assert page.live and not page.workflow_in_progress

    paid = LedgerEntry.objects.filter(reason=LedgerEntry.Reason.ARTICLE_PUBLISHED)
    assert sorted(paid.values_list("member__username", "points")) == [("alice", 50), ("bob", 50)]
    assert set(paid.values_list("origin", flat=True)) == {f"article:{page.pk}"}
    assert Award.objects.filter(badge__slug="published", member__in=[alice, bob]).count() == 2
    published = [e for e in received if isinstance(e, events.KnowledgeArticlePublished)]
    assert len(published) == 1 and set(published[0].author_ids) == {alice.pk, bob.pk}

    # Republishing, and replaying the event, pay nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=moderator).publish(user=moderator)
        events.emit(published[0])
    assert paid.count() == 2
    assert Award.objects.filter(badge__slug="published").count() == 2
    from rewards import api as rewards_api

    assert rewards_api.reputation(bob) == 200 + 15 + 50  # starting grant, accepted answer, article
    assert all(LedgerEntry.objects.filter(member=m).count() == before[m] + 1 for m in (alice, bob))


def test_the_thread_page_links_the_published_article(client, moderator, tip, deliver):
    page = deliver(knowledge_actions.promote_to_article, moderator, tip)
    assert "became a knowledge article" not in client.get(tip.get_absolute_url()).content.decode()
    deliver(lambda: KnowledgePage.objects.get(pk=page.pk).get_latest_revision().publish(user=moderator))
    html = client.get(tip.get_absolute_url()).content.decode()
    assert "This thread became a knowledge article" in html and f'href="{page.url}"' in html
    article = client.get(page.url).content.decode()
    assert tip.author.public_name in article and tip.get_absolute_url() in article  # credited and linked back
    assert "Keep offline" in article  # the content, as the community rendered it


def test_hiding_the_source_thread_keeps_the_article_points(moderator, alice, tip, deliver):
    page = deliver(knowledge_actions.promote_to_article, moderator, tip)
    deliver(lambda: KnowledgePage.objects.get(pk=page.pk).get_latest_revision().publish(user=moderator))
    from rewards import api as rewards_api

    points = rewards_api.reputation(alice)
    deliver(moderation_actions.moderate_hide, moderator, tip, reason="outdated")
    assert rewards_api.reputation(alice) == points


def test_recompute_keeps_article_payments(moderator, alice, tip, deliver):
    from rewards import api as rewards_api
    from rewards.recompute import recompute_all

    page = deliver(knowledge_actions.promote_to_article, moderator, tip)
    deliver(lambda: KnowledgePage.objects.get(pk=page.pk).get_latest_revision().publish(user=moderator))
    points = rewards_api.reputation(alice)
    recompute_all()
    assert rewards_api.reputation(alice) == points
    assert LedgerEntry.objects.filter(member=alice, reason=LedgerEntry.Reason.ARTICLE_PUBLISHED).count() == 1


def test_published_articles_are_searchable_until_unpublished(backend, moderator, tip, deliver):
    from search import api as search_api

    page = deliver(knowledge_actions.promote_to_article, moderator, tip)
    deliver(lambda: KnowledgePage.objects.get(pk=page.pk).get_latest_revision().publish(user=moderator))
    search_api.refresh()
    hits = search_api.search("notebook offline", {"kind": "page"}).hits
    assert [(h.doc_type, h.id) for h in hits] == [("page", page.pk)]
    deliver(lambda: KnowledgePage.objects.get(pk=page.pk).unpublish(user=moderator))
    search_api.refresh()
    assert search_api.search("notebook offline", {"kind": "page"}).hits == []


def test_the_promote_threshold_is_a_rule_moderators_edit(make_member, tip, promote_threshold):
    from rewards import api as rewards_api

    assert rewards_api.can(make_member("curator"), "promote")
    assert not rewards_api.can(make_member("newbie", reputation=100), "promote")


# --- the CMS ------------------------------------------------------------------------------------------


def test_moderators_edit_preview_and_pin_threads_in_the_cms(client_for, moderator, alice, tip, deliver, make_thread):
    other = make_thread(alice, title="Another thread about offline notebooks")
    page = deliver(knowledge_actions.promote_to_article, moderator, tip)
    cms = client_for(moderator)
    assert (
        cms.get(reverse("wagtailadmin_pages:add", args=["community", "knowledgepage", index_page().pk])).status_code
        == 200
    )
    edit = cms.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Pinned threads" in edit and "Choose a thread" in edit
    assert f'value="{alice.pk}"' in edit  # credits are chosen among the source thread's participants

    # Pin a thread on the draft (in its revision only), then look at the draft as a reviewer does.
    draft = KnowledgePage.objects.get(pk=page.pk)
    draft.pinned_threads.add(KnowledgePinnedThread(thread=other, note="See also"))
    draft.save_revision(user=moderator)
    response = cms.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and other.title in html and "Draft — not published" in html

    chooser = cms.get(reverse("community_thread_chooser:choose"), {"q": "offline notebooks"})
    assert chooser.status_code == 200 and other.title in chooser.content.decode()
    by_number = cms.get(reverse("community_thread_chooser:choose_results"), {"q": f"#{tip.pk}"}).content.decode()
    assert tip.title in by_number and other.title not in by_number


def test_a_promoted_article_stays_within_the_query_budget(client, moderator, question_with_accepted_answer, deliver):
    _question, answer = question_with_accepted_answer
    page = deliver(knowledge_actions.promote_to_article, moderator, answer)
    deliver(lambda: KnowledgePage.objects.get(pk=page.pk).get_latest_revision().publish(user=moderator))
    client.get("/")
    client.get(page.url)
    assert queries(client, page.url) <= 12


def test_knowledge_reindex_puts_live_articles_back(backend, moderator, tip, deliver):
    from django.core.management import call_command

    from search import api as search_api

    page = deliver(knowledge_actions.promote_to_article, moderator, tip)
    deliver(lambda: KnowledgePage.objects.get(pk=page.pk).get_latest_revision().publish(user=moderator))
    search_api.remove_knowledge_page(page.pk)  # as if search had been down at publication
    search_api.refresh()
    assert search_api.search("notebook offline", {"kind": "page"}).hits == []
    call_command("knowledge_reindex", stdout=io.StringIO())
    search_api.refresh()
    assert [h.id for h in search_api.search("notebook offline", {"kind": "page"}).hits] == [page.pk]


def test_editing_an_article_in_the_cms(client_for, moderator, alice, make_member, tip, deliver, make_thread):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        querydict_from_html,
        rich_text,
        streamfield,
    )

    other = make_thread(alice, title="Another thread about offline notebooks")
    helper = make_member("helper")
    reply = deliver(actions.post_answer, helper, tip, body="A reply that adds something useful to the tip.")
    page = deliver(knowledge_actions.promote_to_article, moderator, tip)
    cms = client_for(moderator)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = cms.get(edit_url).content.decode()
    import re

    creditable = {int(v) for v in re.findall(r'name="credited_authors" value="(\d+)"', html)}
    assert creditable == {alice.pk, helper.pk}  # the thread's participants; the moderator took no part

    def submit(tags):
        data = querydict_from_html(html, form_id="page-edit-form")
        data.update(
            nested_form_data(
                {
                    "intro": streamfield([("paragraph", rich_text("<p>Start here.</p>"))]),
                    "body": streamfield(
                        [
                            (
                                "post",
                                {
                                    "heading": "The tip",
                                    "body": streamfield(
                                        [("text", rich_text("<p>Long-press a notebook.</p><script>alert(1)</script>"))]
                                    ),
                                },
                            )
                        ]
                    ),
                    "pinned_threads": inline_formset([{"thread": other.pk, "note": "See also"}]),
                }
            )
        )
        data["tags"] = tags
        data.setlist("credited_authors", [str(alice.pk), str(helper.pk)])
        return cms.post(edit_url, dict(data.lists()))  # every value of multi-valued fields

    refused = submit("sync Not-A-Tag!")
    assert refused.status_code == 200 and "Tags use lower-case letters" in refused.content.decode()

    response = submit("sync, offline-maps")
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = KnowledgePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert sorted(draft.tags.names()) == ["offline-maps", "sync"]
    assert {m.pk for m in draft.credited_authors.all()} == {alice.pk, helper.pk}
    assert [p.thread_id for p in draft.pinned_threads.all()] == [other.pk]
    preview = cms.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).content.decode()
    assert "Long-press a notebook." in preview and "<script>alert(1)</script>" not in preview
    assert "Start here." in preview and reply  # the reply's author was creditable
