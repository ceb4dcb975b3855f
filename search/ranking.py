"""The ranking formula and its weights — the one place to tune search order.

Every backend ranks with the same formula (docs/search.md explains it)::

    final     = relevance × quality × penalty
    relevance = BM25 over the text fields (Elasticsearch, SQLite FTS5) or ts_rank (PostgreSQL),
                with the field boosts below
    quality   = 1
              + VOTES      × log10(1 + max(score, 0))          vote score, log-scaled
              + ACCEPTED   × [has an accepted answer]
              + REPUTATION × log10(1 + author reputation)      rewards.api.reputations()
              + FRESHNESS  × gauss(last activity)              1 today, 0.5 after FRESH_SCALE_DAYS
              + EXACT_TITLE × [the query is the title]          exact-title boost
    penalty   = DOWNVOTED if score < 0 else 1

Relevance stays the main factor: quality only multiplies it, so a weak text match cannot be carried to the
top by votes alone. Sorting by "newest" or "votes" ignores the formula. Changing a weight needs no reindex:
every signal is stored raw in the index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    # Text fields: how much a match in each counts (BM25 boosts).
    TITLE: float = 3.0
    TAGS: float = 2.0
    BODY: float = 1.0
    ANSWERS: float = 0.6
    AUTHOR: float = 0.5
    FRENCH: float = 0.8  # the French-analysed copy of each field, relative to the English one

    # Quality signals (added to 1, then multiplied with relevance).
    VOTES: float = 0.5
    ACCEPTED: float = 0.3
    REPUTATION: float = 0.15
    FRESHNESS: float = 0.3
    EXACT_TITLE: float = 2.0

    # Freshness decay (gauss on last activity): full value for FRESH_OFFSET_DAYS, half at +FRESH_SCALE_DAYS.
    FRESH_OFFSET_DAYS: float = 7.0
    FRESH_SCALE_DAYS: float = 180.0
    FRESH_DECAY: float = 0.5

    # Multiplier for posts the community voted below zero.
    DOWNVOTED: float = 0.5


WEIGHTS = Weights()


def freshness(age_days: float, w: Weights = WEIGHTS) -> float:
    """Elasticsearch's gauss decay, written out (the database backend and tests use it)."""
    distance = max(0.0, abs(age_days) - w.FRESH_OFFSET_DAYS)
    return math.exp(math.log(w.FRESH_DECAY) * (distance / w.FRESH_SCALE_DAYS) ** 2)


def quality(
    *, score: int, accepted: bool, reputation: int, age_days: float, exact_title: bool = False, w: Weights = WEIGHTS
) -> float:
    """The quality multiplier of one document (the same arithmetic the backends run)."""
    q = (
        1.0
        + w.VOTES * math.log10(1 + max(score, 0))
        + w.ACCEPTED * (1.0 if accepted else 0.0)
        + w.REPUTATION * math.log10(1 + max(reputation, 0))
        + w.FRESHNESS * freshness(age_days, w)
        + w.EXACT_TITLE * (1.0 if exact_title else 0.0)
    )
    return q * (w.DOWNVOTED if score < 0 else 1.0)


# --- Elasticsearch -----------------------------------------------------------


def es_text_fields(w: Weights = WEIGHTS) -> list[str]:
    """Fields and boosts for the main text query (English analysis, French sub-fields)."""
    english = {"title": w.TITLE, "tags.text": w.TAGS, "body": w.BODY, "answers": w.ANSWERS, "author_name": w.AUTHOR}
    fields = [f"{name}^{boost:g}" for name, boost in english.items()]
    fields += [f"{name}.fr^{boost * w.FRENCH:g}" for name, boost in english.items() if name != "author_name"]
    return fields


def es_function_score(query: dict, *, exact_title: str | None, w: Weights = WEIGHTS) -> dict:
    """Wrap ``query`` (a query dict) so that its BM25 score is multiplied by quality and the penalty."""
    functions = [
        {"weight": 1},
        {"field_value_factor": {"field": "votes_up", "modifier": "log1p", "missing": 0}, "weight": w.VOTES},
        {"filter": {"term": {"accepted": True}}, "weight": w.ACCEPTED},
        {
            "field_value_factor": {"field": "author_reputation", "modifier": "log1p", "missing": 1},
            "weight": w.REPUTATION,
        },
        {
            "gauss": {
                "last_activity": {
                    "origin": "now",
                    "offset": f"{w.FRESH_OFFSET_DAYS:g}d",
                    "scale": f"{w.FRESH_SCALE_DAYS:g}d",
                    "decay": w.FRESH_DECAY,
                }
            },
            "weight": w.FRESHNESS,
        },
    ]
    if exact_title:
        functions.append({"filter": {"term": {"title_key": exact_title}}, "weight": w.EXACT_TITLE})
    inner = {"function_score": {"query": query, "functions": functions, "score_mode": "sum", "boost_mode": "multiply"}}
    return {
        "function_score": {
            "query": inner,
            "functions": [{"filter": {"range": {"score": {"lt": 0}}}, "weight": w.DOWNVOTED}],
            "score_mode": "multiply",
            "boost_mode": "multiply",
        }
    }


# --- SQL (database backend) ----------------------------------------------------


def sql_quality(now_ts: float, exact_title: str | None, w: Weights = WEIGHTS) -> tuple[str, list]:
    """The quality × penalty expression over ``search_searchentry`` columns, for SQLite and PostgreSQL.

    Both have LN/EXP/POWER (SQLite's math functions are compiled in on Debian and registered by Django).
    """
    ln10 = math.log(10)
    distance = (
        "(CASE WHEN ABS(%s - e.last_activity_ts) / 86400.0 > %s "
        "THEN ABS(%s - e.last_activity_ts) / 86400.0 - %s ELSE 0 END)"
    )
    sql = (
        "((1.0"
        f" + %s * LN(1.0 + (CASE WHEN e.score > 0 THEN e.score ELSE 0 END)) / {ln10!r}"
        " + %s * (CASE WHEN e.accepted THEN 1.0 ELSE 0.0 END)"
        f" + %s * LN(1.0 + (CASE WHEN e.author_reputation > 0 THEN e.author_reputation ELSE 0 END)) / {ln10!r}"
        f" + %s * EXP(LN(%s) * POWER({distance} / %s, 2))"
        " + %s * (CASE WHEN e.title_key = %s THEN 1.0 ELSE 0.0 END)"
        ") * (CASE WHEN e.score < 0 THEN %s ELSE 1.0 END))"
    )
    params = [
        w.VOTES,
        w.ACCEPTED,
        w.REPUTATION,
        w.FRESHNESS,
        w.FRESH_DECAY,
        now_ts,
        w.FRESH_OFFSET_DAYS,
        now_ts,
        w.FRESH_OFFSET_DAYS,
        w.FRESH_SCALE_DAYS,
        w.EXACT_TITLE if exact_title else 0.0,
        exact_title or "",
        w.DOWNVOTED,
    ]
    return sql, params
