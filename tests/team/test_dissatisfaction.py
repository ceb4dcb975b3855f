"""The dissatisfaction watch: accuracy on a labelled set, detection on save, urgency order, handling."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.forum import actions
from community.models import DissatisfactionItem
from community.team import actions as team_actions
from community.team import sentiment, watch

LABELLED = Path(__file__).parent.parent / "data" / "dissatisfaction_labelled.csv"


def scores(split: str, lang: str | None = None) -> tuple[float, float]:
    """(precision, recall) of ``sentiment.read`` on one split of the labelled set."""
    tp = fp = fn = 0
    with LABELLED.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["split"] != split or (lang and row["lang"] != lang):
                continue
            predicted, gold = sentiment.read(row["text"]).dissatisfied, row["label"] == "1"
            tp += predicted and gold
            fp += predicted and not gold
            fn += gold and not predicted
    return tp / (tp + fp), tp / (tp + fn)


def test_the_labelled_set_is_balanced_and_bilingual():
    with LABELLED.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 160
    for split in ("dev", "test"):
        for lang in ("en", "fr"):
            labels = [r["label"] for r in rows if r["split"] == split and r["lang"] == lang]
            assert len(labels) == 40 and labels.count("1") == 16


@pytest.mark.parametrize("lang, min_precision, min_recall", [("en", 0.9, 0.75), ("fr", 0.9, 0.7), (None, 0.9, 0.75)])
def test_accuracy_on_the_held_out_split(lang, min_precision, min_recall):
    # Rules were tuned on the "dev" split; "test" was written at the same time and kept aside (see
    # docs/community-team.md). Measured: all P 1.00 R 0.78; en P 1.00 R 0.81; fr P 1.00 R 0.75.
    precision, recall = scores("test", lang)
    assert precision >= min_precision, precision
    assert recall >= min_recall, recall


def test_accuracy_on_the_dev_split():
    precision, recall = scores("dev")
    assert precision >= 0.95 and recall >= 0.95


def test_reading_details():
    reading = sentiment.read("J'en ai marre, ça ne marche toujours pas !")
    assert reading.language == "fr" and reading.dissatisfied and "marre" in reading.cues
    assert 0 < reading.negativity <= 1
    calm = sentiment.read("```\nFATAL ERROR: sync failed, crash, broken\n```\nWhat does this log mean?")
    assert not calm.dissatisfied  # quoted errors in code are not frustration
    assert not sentiment.read("").dissatisfied
    assert sentiment.read("decu, vraiment decu par cette appli, c'est nul").dissatisfied  # no accents typed


pytestmark = pytest.mark.django_db


def test_posts_are_read_on_save_and_listed_most_urgent_first(live, alice, bob, make_member):
    calm = live(
        actions.create_thread,
        alice,
        kind="question",
        title="How do I export to PDF?",
        body="Which menu has the export?",
        tags=["export"],
    )
    angry = live(
        actions.create_thread,
        alice,
        kind="question",
        title="Sync broken again",
        body="This is unacceptable, I lost my notes again and nobody answers!",
        tags=["sync"],
    )
    cross = live(
        actions.create_thread,
        bob,
        kind="question",
        title="Pourquoi personne ne répond ?",
        body="Ras le bol, toujours pas de réponse depuis une semaine.",
        tags=["sync"],
    )
    annoyed = live(
        actions.create_thread,
        bob,
        kind="question",
        title="Search is a bit slow",
        body="I'm disappointed, search is slow again on my laptop.",
        tags=["search"],
    )
    live(actions.post_answer, make_member("helper"), cross, body="Sorry for the wait! Here is what to do.")
    comment = live(actions.post_comment, alice, thread=calm, body="Still not fixed?! This is ridiculous.")
    assert not DissatisfactionItem.objects.filter(thread=calm, comment=None).exists()
    items = list(watch.watch_list())
    assert {i.thread_id for i in items} == {angry.pk, cross.pk, annoyed.pk, calm.pk}
    replied = [i for i in items if i.replied]
    assert [i.thread_id for i in replied] == [cross.pk]  # answered: listed after every unanswered one
    assert items[-1].thread_id == cross.pk
    unreplied = items[:-1]
    assert [i.negativity for i in unreplied] == sorted((i.negativity for i in unreplied), reverse=True)
    assert DissatisfactionItem.objects.get(comment=comment).post_kind == "comment"
    # Editing a post into a calm one takes it off the list; hiding it hides it from the list.
    live(
        actions.edit_thread,
        bob,
        annoyed,
        title="Search is a bit slow",
        body="Which setting speeds up search on a laptop?",
        tags=["search"],
    )
    assert not DissatisfactionItem.objects.filter(thread=annoyed).exists()
    live(actions.hide_post, alice, angry)
    assert angry.pk not in {i.thread_id for i in watch.watch_list()}


def test_only_the_team_marks_items_handled(live, alice, bob, moderator, client_for):
    thread = live(
        actions.create_thread,
        alice,
        kind="question",
        title="Fed up with the app",
        body="I'm fed up, I want a refund.",
        tags=["billing"],
    )
    item = DissatisfactionItem.objects.get(thread=thread)
    url = f"/cms/community-team/watch/{item.pk}/handled/"
    assert client_for(bob).post(url, {"handled": "1"}).status_code == 302  # Wagtail: no admin access, to the login
    item.refresh_from_db()
    assert item.handled_at is None
    with pytest.raises(Exception) as refused:
        team_actions.mark_dissatisfaction_handled(bob, item)
    assert refused.type.__name__ == "PermissionDenied"
    mod = client_for(moderator)
    page = mod.get("/cms/community-team/watch/").content.decode()
    assert "Fed up with the app" in page and "Mark handled" in page
    assert mod.post(url, {"handled": "1", "note": "Replied and refunded."}).status_code == 302
    item.refresh_from_db()
    assert item.handled_by == moderator and item.handled_note == "Replied and refunded."
    assert mod.post(url, {"handled": "1"}).status_code == 302  # already handled: a warning, no change
    assert "Fed up with the app" not in mod.get("/cms/community-team/watch/").content.decode()
    assert "Replied and refunded." in mod.get("/cms/community-team/watch/?state=handled").content.decode()
    assert mod.post(url, {"handled": "maybe"}).status_code == 400
    assert mod.get("/cms/community-team/watch/?state=weird").status_code == 400
    assert mod.post(url, {"handled": "0"}).status_code == 302
    item.refresh_from_db()
    assert item.handled_at is None


def test_watch_page_queries_do_not_grow(live, alice, moderator, client_for):
    c = client_for(moderator)

    def complain(n):
        for i in range(n):
            live(
                actions.create_thread,
                alice,
                kind="question",
                title=f"Unacceptable bug number {i}",
                body="This is ridiculous, still broken!",
                tags=["sync"],
            )

    complain(1)
    c.get("/cms/community-team/watch/")
    with CaptureQueriesContext(connection) as few:
        c.get("/cms/community-team/watch/")
    complain(20)
    with CaptureQueriesContext(connection) as many:
        assert c.get("/cms/community-team/watch/").status_code == 200
    assert len(few) == len(many)
