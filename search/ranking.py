"""The ranking formula and its weights — the one place to tune search order.

Every backend ranks with the same formula (docs/search.md explains it)::

    final     = relevance × quality × penalty
    relevance = BM25 over the text fields (Elasticsearch, SQLite FTS5) or ts_rank (PostgreSQL),
                with the field boosts below; a document is scored first with the analysis of its own
                language (``language``: English, French), the other analysis at OTHER_LANGUAGE × its boosts
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

from search.query import FALLBACK_LANGUAGE


@dataclass(frozen=True)
class Weights:
    # Text fields: how much a match in each counts (BM25 boosts).
    TITLE: float = 3.0
    TAGS: float = 2.0
    BODY: float = 1.0
    ANSWERS: float = 0.6
    AUTHOR: float = 0.5
    # The other language's analysis of each field (French for an English thread, English for a French one),
    # relative to the analysis of the document's own language.
    OTHER_LANGUAGE: float = 0.8
    # Similar threads (``similar``): those written in the asker's language count this much more.
    SAME_LANGUAGE: float = 1.5
    # Similar threads, re-ranked (``search.similarity``): added to the text relevance scaled to 0-1.
    TITLE_SIMILARITY: float = 0.5  # the asker's title against a candidate's title or its duplicates' titles
    TAG_OVERLAP: float = 0.35  # the share of the asker's tags a candidate carries
    TITLE_COVERED: float = 0.25  # the share of a candidate's title the asker said, in title or body
    # The titles of the threads closed as duplicates of a thread, matched as its own title is (Elasticsearch's
    # more-like-this of the title), at this share of the title's boost: a phrasing of its question.
    DUPLICATE_TITLES: float = 0.8

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

# The languages the index analyses text in, and each text field's name under each analysis: English is the main
# field, French its ``.fr`` sub-field (search/documents.py). A document in any other language (or none: indexed
# before documents carried one) is analysed as English first.
ANALYSED = ("en", "fr")
FIRST_ANALYSIS = "en"
TEXT_FIELDS = {  # Weights attribute -> analysis -> field
    "TITLE": {"en": "title", "fr": "title.fr"},
    "TAGS": {"en": "tags.text", "fr": "tags.fr"},
    "BODY": {"en": "body", "fr": "body.fr"},
    "ANSWERS": {"en": "answers", "fr": "answers.fr"},
}
PHRASE_FIELDS = ("TITLE", "BODY", "ANSWERS")


def analysis_of(language: str | None) -> str:
    """The analysis a document written in ``language`` is scored with first."""
    return language if language in ANALYSED else FIRST_ANALYSIS


def _fields(names, own: str, w: Weights) -> list[str]:
    fields = []
    for name in names:
        boost = getattr(w, name)
        for analysis in ANALYSED:
            field_boost = boost if analysis == own else boost * w.OTHER_LANGUAGE
            fields.append(f"{TEXT_FIELDS[name][analysis]}^{field_boost:g}")
    return fields


def es_text_fields(language: str = FIRST_ANALYSIS, w: Weights = WEIGHTS) -> list[str]:
    """Fields and boosts of the main text query for documents written in ``language``: that language's analysis
    at the full boosts, the other at ``OTHER_LANGUAGE`` × them, and the author's name."""
    return [*_fields(TEXT_FIELDS, analysis_of(language), w), f"author_name^{w.AUTHOR:g}"]


def es_own_text_fields(language: str = FIRST_ANALYSIS, w: Weights = WEIGHTS) -> list[str]:
    """Title, tags, body and answers in ``language``'s analysis only, at their boosts: half the fields of
    ``es_text_fields``, for a query of many words that other clauses already match in both analyses."""
    own = analysis_of(language)
    return [f"{TEXT_FIELDS[name][own]}^{getattr(w, name):g}" for name in TEXT_FIELDS]


def es_phrase_fields(language: str = FIRST_ANALYSIS, w: Weights = WEIGHTS) -> list[str]:
    """Fields and boosts of a phrase query for documents written in ``language`` (title, body, answers)."""
    return _fields(PHRASE_FIELDS, analysis_of(language), w)


def es_language_filter(language: str) -> dict:
    """The documents written in ``language``; for English, also those without a language (indexed before
    documents carried one: every thread was English then)."""
    if language != FALLBACK_LANGUAGE:
        return {"term": {"language": language}}
    return {
        "bool": {
            "should": [{"term": {"language": language}}, {"bool": {"must_not": {"exists": {"field": "language"}}}}],
            "minimum_should_match": 1,
        }
    }


def es_analysed_as(analysis: str) -> dict:
    """The documents scored first with ``analysis``: written in that language, or for English, in any language
    the index has no analysis of (and documents without a language)."""
    if analysis != FIRST_ANALYSIS:
        return {"term": {"language": analysis}}
    return {"bool": {"must_not": {"terms": {"language": [a for a in ANALYSED if a != FIRST_ANALYSIS]}}}}


def es_by_language(make_query) -> dict:
    """One query scoring every document with the analysis of its own language first: a ``bool`` of one
    ``make_query(analysis)`` per analysis, each restricted to the documents of that analysis."""
    return {
        "bool": {
            "should": [{"bool": {"must": make_query(a), "filter": [es_analysed_as(a)]}} for a in ANALYSED],
            "minimum_should_match": 1,
        }
    }


def es_function_score(
    query: dict, *, exact_title: str | None, prefer_language: str | None = None, w: Weights = WEIGHTS
) -> dict:
    """Wrap ``query`` (a query dict) so that its BM25 score is multiplied by quality and the penalty (and by
    ``SAME_LANGUAGE`` for documents written in ``prefer_language``, if given)."""
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
    factors = [{"filter": {"range": {"score": {"lt": 0}}}, "weight": w.DOWNVOTED}]
    if prefer_language:
        factors.append({"filter": es_language_filter(prefer_language), "weight": w.SAME_LANGUAGE})
    return {
        "function_score": {
            "query": inner,
            "functions": factors,
            "score_mode": "multiply",
            "boost_mode": "multiply",
        }
    }


# --- SQL (database backend) ----------------------------------------------------


def sql_language_preference(language: str, w: Weights = WEIGHTS) -> tuple[str, list]:
    """The ``SAME_LANGUAGE`` factor over ``search_searchentry e``: documents written in ``language``."""
    return "(CASE WHEN e.language = %s THEN %s ELSE 1.0 END)", [language, w.SAME_LANGUAGE]


def sql_freshness(moment: str, now_ts: float, w: Weights = WEIGHTS) -> tuple[str, list]:
    """``FRESHNESS × gauss`` of the SQL expression ``moment`` (epoch seconds, floating point), as ``freshness``."""
    distance = f"(CASE WHEN ABS(%s - {moment}) / 86400.0 > %s THEN ABS(%s - {moment}) / 86400.0 - %s ELSE 0 END)"
    sql = f"%s * EXP(LN(%s) * POWER({distance} / %s, 2))"
    return sql, [
        w.FRESHNESS,
        w.FRESH_DECAY,
        now_ts,
        w.FRESH_OFFSET_DAYS,
        now_ts,
        w.FRESH_OFFSET_DAYS,
        w.FRESH_SCALE_DAYS,
    ]


def sql_quality(now_ts: float, exact_title: str | None, w: Weights = WEIGHTS) -> tuple[str, list]:
    """The quality × penalty expression over ``search_searchentry`` columns, for SQLite and PostgreSQL.

    Both have LN/EXP/POWER (SQLite's math functions are compiled in on Debian and registered by Django).
    """
    ln10 = math.log(10)
    fresh, fresh_params = sql_freshness("e.last_activity_ts", now_ts, w)
    sql = (
        "((1.0"
        f" + %s * LN(CAST(1 + (CASE WHEN e.score > 0 THEN e.score ELSE 0 END) AS DOUBLE PRECISION)) / {ln10!r}"
        " + %s * (CASE WHEN e.accepted THEN 1.0 ELSE 0.0 END)"
        f" + %s * LN(CAST(1 + (CASE WHEN e.author_reputation > 0 THEN e.author_reputation ELSE 0 END)"
        f" AS DOUBLE PRECISION)) / {ln10!r}"
        f" + {fresh}"
        " + %s * (CASE WHEN e.title_key = %s THEN 1.0 ELSE 0.0 END)"
        ") * (CASE WHEN e.score < 0 THEN %s ELSE 1.0 END))"
    )
    params = [
        w.VOTES,
        w.ACCEPTED,
        w.REPUTATION,
        *fresh_params,
        w.EXACT_TITLE if exact_title else 0.0,
        exact_title or "",
        w.DOWNVOTED,
    ]
    return sql, params
