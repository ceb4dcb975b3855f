"""Ranking metrics over ranked ids (best first), as information retrieval defines them.

Ranks are 1-based; a relevant item found nowhere in the list has rank ``None`` and counts as a miss.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence


def rank_of(wanted, ranked: Sequence) -> int | None:
    """1-based position of ``wanted`` in ``ranked``, or None when it is not there."""
    for position, item in enumerate(ranked, start=1):
        if item == wanted:
            return position
    return None


def recall_at(ranks: Iterable[int | None], k: int) -> int:
    """How many of the queries found their one relevant item in the first ``k`` (a count, not a share: with
    17 duplicate pairs, "15 of 17" says more than 0.88)."""
    return sum(1 for rank in ranks if rank is not None and rank <= k)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """Mean of 1/rank over the queries (0 for a miss)."""
    if not ranks:
        return 0.0
    return sum(1.0 / rank for rank in ranks if rank) / len(ranks)


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain of graded relevance, exponential gain: (2^grade - 1) / log2(position + 1)."""
    return sum((2.0**grade - 1.0) / math.log2(position + 1) for position, grade in enumerate(gains, start=1))


def ndcg_at(ranked: Sequence, grades: Mapping, k: int = 10) -> float:
    """nDCG@k of ``ranked`` ids against ``grades`` (id -> grade, 1-3; unjudged ids count 0): 1.0 when the
    first ``k`` are the judged items, best grades first."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if not ideal:
        return 0.0
    return dcg([grades.get(item, 0) for item in ranked[:k]]) / ideal
