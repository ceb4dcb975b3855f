"""The ranking formula (search/ranking.py) fixes the order of crafted documents, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from search import api, ranking
from search.backends import get_backend
from search.query import normalise_title
from tests.search_support import backend, es_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def doc(
    object_id,
    title,
    body="How to calibrate the widget so that it measures well.",
    *,
    score=0,
    accepted=False,
    reputation=1,
    days_ago=0,
    tags=("widgets",),
    answers="",
):
    when = timezone.now() - timedelta(days=days_ago)
    return {
        "doc_type": "thread",
        "object_id": object_id,
        "kind": "question",
        "title": title,
        "title_key": normalise_title(title),
        "body": body,
        "answers": answers,
        "tags": list(tags),
        "author": f"author{object_id}",
        "author_name": f"Author {object_id}",
        "author_id": 10_000 + object_id,
        "score": score,
        "votes_up": max(score, 0),
        "answer_count": 1 if accepted else 0,
        "accepted": accepted,
        "author_reputation": reputation,
        "created": when,
        "last_activity": when,
        "url": f"/t/{object_id}/x/",
    }


def index(*docs):
    get_backend().upsert("threads", list(docs))
    api.refresh()


def ids(results):
    return [hit.id for hit in results.hits]


def test_quality_signals_order_equal_text_matches(backend):
    title = "Calibrating the widget"
    index(
        doc(1, title, score=40),
        doc(2, title, score=5),
        doc(3, title),
        doc(4, title, score=-4),  # downvoted: halved
        doc(5, title, accepted=True),
        doc(6, title, reputation=10_000),
        doc(7, title, days_ago=730),  # two years without activity
    )
    expected = [1, 6, 2, 5, 3, 7, 4]
    assert ids(api.search("calibrating widget")) == expected
    # The order is the documented formula's, computed in Python.
    signals = {
        1: (40, False, 1, 0),
        2: (5, False, 1, 0),
        3: (0, False, 1, 0),
        4: (-4, False, 1, 0),
        5: (0, True, 1, 0),
        6: (0, False, 10_000, 0),
        7: (0, False, 1, 730),
    }
    by_formula = sorted(
        signals,
        key=lambda i: (
            -ranking.quality(
                score=signals[i][0], accepted=signals[i][1], reputation=signals[i][2], age_days=signals[i][3]
            )
        ),
    )
    assert by_formula == expected


def test_exact_title_beats_more_votes(backend):
    index(
        doc(1, "Offline notes sync", score=20, accepted=True, reputation=500),
        doc(2, "Sync notes offline"),
    )
    assert ids(api.search("sync notes offline")) == [2, 1]
    assert ids(api.search("Sync notes offline?")) == [2, 1]  # case and trailing punctuation do not matter
    assert ids(api.search("offline notes sync")) == [1, 2]


def test_a_strong_text_match_beats_popularity(backend):
    index(
        doc(1, "Keyboard shortcuts", body="Which keyboard shortcuts exist for the editor?"),
        doc(
            2,
            "Editor crashes on start",
            body="The editor closes at once.",
            score=100,
            accepted=True,
            reputation=5000,
            answers="Reinstall it. Unrelated, but the shortcuts page lists every key.",
        ),
    )
    assert ids(api.search("shortcuts")) == [1, 2]


def test_sorting_ignores_the_formula(backend):
    index(
        doc(1, "Widget one", score=1, days_ago=3),
        doc(2, "Widget two", score=9, days_ago=9),
        doc(3, "Widget three", score=-1, days_ago=1),
    )
    assert ids(api.search("widget", sort="newest")) == [3, 1, 2]
    assert ids(api.search("widget", sort="votes")) == [2, 1, 3]


def test_filters_without_words_rank_by_quality(backend):
    index(doc(1, "Widget one", score=1), doc(2, "Widget two", score=30), doc(3, "Widget three", tags=["other"]))
    assert ids(api.search("tag:widgets")) == [2, 1]
