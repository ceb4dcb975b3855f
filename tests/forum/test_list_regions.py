"""A thread list's count, rows and page links are drawn once for every reader of the same list, page and language
and kept in the shared cache while nothing they show changes (``community.forum.views._list_rows``,
``fragments.shared_region``). Members, who never get the anonymous page cache, are the readers here: each test
reads a list warm, changes what it shows the way members or the team do, and reads it again."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.forum import actions

pytestmark = pytest.mark.django_db


def _thread_queries(client, url) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries if "community_thread" in q["sql"]]


@pytest.mark.parametrize("url", ["/threads/", "/tags/sync/", "/threads/newest/?kind=question"])
def test_a_warm_list_reads_no_thread_and_shows_every_change_at_once(
    url, client_for, alice, bob, make_member, make_thread, live
):
    thread = make_thread(alice)
    reader = client_for(make_member("reader"))
    reader.get(url)
    page, queries = _thread_queries(reader, url)
    assert queries == [] and "How do I sync my notes offline?" in page  # the rows came from the region
    live(actions.vote, bob, thread, 1)
    assert "<strong>1</strong> vote" in reader.get(url).content.decode()
    live(actions.post_answer, bob, thread, body="Offline mode in Settings → Sync keeps every note local.")
    assert "<strong>1</strong> answer" in reader.get(url).content.decode()
    # A name changed on the member's row (the CMS, the shell: no community event) reaches the list too.
    with live():
        alice.display_name = "Alice Pleasance"
        alice.save(update_fields=["display_name"])
    page = reader.get(url).content.decode()
    assert "Alice Pleasance" in page and "Alice Liddell" not in page


def test_each_page_filter_and_language_of_a_list_is_drawn_for_itself(client_for, alice, make_member, make_thread):
    for i in range(31):
        make_thread(alice, title=f"Numbered thread {i:02d} about syncing")
    make_thread(alice, kind="tip", title="A tip: export before you travel")
    french_thread = make_thread(alice, title="Comment synchroniser mes notes hors ligne ?")
    type(french_thread).objects.filter(pk=french_thread.pk).update(language="fr")
    reader = client_for(make_member("reader", reads_languages=["fr"]))
    first = reader.get("/threads/newest/").content.decode()
    second = reader.get("/threads/newest/?page=2").content.decode()
    assert "Numbered thread 30" in first and "Numbered thread 00" not in first
    assert "Numbered thread 00" in second and "Numbered thread 30" not in second
    tips = reader.get("/threads/?kind=tip").content.decode()
    assert "A tip: export" in tips and "Numbered thread" not in tips
    mine = reader.get("/threads/?lang=mine").content.decode()
    assert "Comment synchroniser" in mine and "Numbered thread" not in mine
    french = reader.get("/threads/newest/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert re.search(r"<strong>0</strong>\s*réponse", french) and "<strong>0</strong> answers" not in french


def test_broken_cursors_and_unknown_tags_are_still_404s(client_for, alice, make_member, make_thread):
    make_thread(alice)
    reader = client_for(make_member("reader"))
    for _ in range(2):  # the second time after whatever the first kept
        assert reader.get("/threads/?after=not-a-cursor").status_code == 404
        assert reader.get("/tags/no-such-tag/").status_code == 404
        assert reader.get("/tags/sync/?after=1_2_3_4_5").status_code == 404


def test_the_home_pages_lists_show_a_new_question_and_its_first_answer_at_once(
    client_for, alice, bob, make_member, make_thread, live
):
    make_thread(alice, title="An older question about sync")
    reader = client_for(make_member("reader"))
    reader.get("/")
    page, queries = _thread_queries(reader, "/")
    assert queries == [] and "An older question about sync" in page  # both lists came from the region
    question = live(
        actions.create_thread, alice, kind="question", title="Why do my tags vanish?", body="They vanish after each sync.",
        tags=["sync"],
    )  # fmt: skip
    unanswered = reader.get("/").content.decode().split('id="newest"')[0]
    assert "Why do my tags vanish?" in unanswered and "All 2 questions waiting" in unanswered
    live(actions.post_answer, bob, question, body="Turn off the tag filter in Settings, then sync again.")
    unanswered = reader.get("/").content.decode().split('id="newest"')[0]
    assert "Why do my tags vanish?" not in unanswered and "1 question waits" in unanswered


def test_a_member_page_shows_new_threads_answers_and_accepts_at_once_and_its_own_links_to_its_member_only(
    client_for, alice, bob, make_member, make_thread, live
):
    question = make_thread(alice, title="An older question about sync")
    reader = client_for(make_member("reader"))
    reader.get("/members/bob/")
    page, queries = _thread_queries(reader, "/members/bob/")
    assert queries == [] and "No threads yet." in page  # the lists and figures came from the region
    answer = live(actions.post_answer, bob, question, body="Offline mode in Settings → Sync keeps every note local.")
    page = reader.get("/members/bob/").content.decode()
    assert "An older question about sync" in page and "<dt>Answers</dt><dd>1</dd>" in page
    live(actions.accept_answer, alice, answer)
    assert "<dd>1</dd></div>" in reader.get("/members/bob/").content.decode().split("Accepted")[1][:40]
    live(
        actions.create_thread,
        bob,
        kind="tip",
        title="Export before you travel",
        body="It saves a day of work.",
        tags=["sync"],
    )
    page = reader.get("/members/bob/").content.decode()
    assert "Export before you travel" in page and "<dt>Threads</dt><dd>1</dd>" in page
    assert (
        "Edit your profile" not in page and "Edit your profile" in client_for(bob).get("/members/bob/").content.decode()
    )
