"""What the home page shows: the newest threads, the questions waiting for an answer, this week's top
contributors, the team's member of the month and tag champions. A constant number of queries, whatever the
community's size (tests/forum/test_query_counts.py)."""

from __future__ import annotations

import rewards.api
from community.forum.models import Thread

TOP_CONTRIBUTORS = 5
UNANSWERED_SHOWN = 3


def home(threads_shown: int) -> dict:
    """This week's top contributors and the spotlight (the lists: ``home_lists``, kept as a shared region)."""
    return {
        "top_contributors": rewards.api.top_contributors("week", TOP_CONTRIBUTORS),
        # The team's latest member of the month and tag champions (one query; None when nobody is named lately).
        "spotlight": rewards.api.current_spotlight(),
    }


def home_lists(threads_shown: int) -> dict:
    """The questions waiting for an answer (the first few and how many) and the newest threads."""
    threads = Thread.objects.for_rows()
    unanswered = threads.filter(kind=Thread.Kind.QUESTION, answer_count=0)  # as the Unanswered list counts them
    return {
        "newest_threads": list(threads.order_by("-created_at", "-pk")[:threads_shown]),
        "unanswered_threads": list(unanswered.order_by("-created_at", "-pk")[:UNANSWERED_SHOWN]),
        "unanswered_count": unanswered.count(),
    }
