"""Database backend: the same API on SQLite FTS5 or PostgreSQL full-text, when ELASTICSEARCH_URL is unset.

Documents live in ``SearchEntry`` (+ ``SearchTag`` for facets), written by the same pipeline as
Elasticsearch's. Text matching: FTS5 with the Porter stemmer and accent folding (SQLite), or ``english``
and ``french`` tsvectors (PostgreSQL). Ranking: BM25 (FTS5) or ``ts_rank`` times the same quality formula
(``ranking.sql_quality``), of the most recently indexed matches only (``_relevance_page``). A search runs
three SQL queries whatever the result count: the counts and tag facet (over at most MAX_PAGE pages of
matches, then "1,000+"), the page and the documents; a search with words adds one to three for its
"Did you mean …?" (``search.spelling``: the community's words, ``SearchWord``, like Elasticsearch's term
suggester), and one that finds nothing three more for the corrected query's results.
Knowledge hubs (``rank_for_tags``) rank a tag's best candidates, read in order from the tag rows' copies of
their entry's lasting quality and period of activity (``SearchTag``), not every thread of the tag.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.db.models.functions import Substr
from django.utils.html import escape

from search import conf, ranking, similarity, spelling, synonyms, vocabulary
from search.models import SearchEntry, SearchTag
from search.query import FALLBACK_LANGUAGE, STOP_WORDS, ParsedQuery, parsed_to_query, site_languages
from search.types import KIND_LABELS, STATUS_LABELS, Facet, Hit, SearchResults, language_facets

DOC_TYPES = {"threads": "thread", "pages": "page"}
# Relevance ranks this many of the most recently indexed matches (plus exact titles): see _relevance_page.
CANDIDATES = 200
RELEVANCE_ORDER = "final DESC, e.created_at DESC, e.id DESC"
# Knowledge hubs rank, per tag, this many entries of highest lasting quality, and the best of each 30-day period
# of activity of the last year (rank_for_tags), read from indexes of search_searchtag (search/models.py).
TAG_CANDIDATES = 100
# Similar questions rank the newest threads having all the title's words, and the newest having each one of them
# (a rare word brings all its threads): see DatabaseBackend._similar_candidates.
SIMILAR_CANDIDATES = 100
SIMILAR_WORD_CANDIDATES = 30
SIMILAR_ALL_WORDS_CAP = 2000  # PostgreSQL: the threads having all the title's words read from the GIN index, at most
# Search as you type ranks this many of the newest threads whose title matches (DatabaseBackend.suggest_titles).
SUGGEST_CANDIDATES = 200
ACTIVITY_PERIOD_SECONDS = 30 * 86400
TAG_RECENT_PERIODS = 12
SHORTLIST_FACTOR = 2  # a single tag's entries read: twice the list, the best by their tag rows (rank_for_tags)
# What a hit shows (search/_hit.html) and its snippet needs: the ranking signals stay in the database.
HIT_FIELDS = (
    "doc_type", "object_id", "kind", "title", "url", "tags", "author", "author_name", "author_id", "score", "answer_count",
    "accepted", "created_at", "last_activity_at", "body", "answers", "language",
)  # fmt: skip
# PostgreSQL's text-search configuration of each language the index analyses (search.ranking.ANALYSED).
PG_CONFIGS = {"en": "english", "fr": "french"}
SNIPPET_CHARS = 220  # of the body, when no query word is found in it

_WORD = re.compile(r"\w+", re.UNICODE)
_SUGGEST_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits: safe inside FTS5 and tsquery syntax


def _significant(words: Iterable[str]) -> list[str]:
    return [w for w in words if w.lower() not in STOP_WORDS]


@dataclass(frozen=True)
class _Matched:
    """The SQL pieces that select a query's matches: FROM-extra, WHERE (with its params) and the rank."""

    join: str
    where: str
    params: list
    rank: str
    entries: str = "search_searchentry e"
    newest_first: str = "e.id DESC"


@dataclass
class _Counts:
    total: int
    capped: bool
    statuses: dict[str, int]
    kinds: dict[str, int]
    tags: list[tuple[str, int]]
    languages: dict[str, int]

    def facets(self, parsed: ParsedQuery) -> dict[str, list[Facet]]:
        kinds = sorted(((k, n) for k, n in self.kinds.items() if n), key=lambda kn: -kn[1])
        return {
            "tags": [Facet(value=n, label=n, count=c, selected=n in parsed.tags) for n, c in self.tags],
            "kind": [Facet(value=k, label=KIND_LABELS[k], count=n, selected=k == parsed.kind) for k, n in kinds],
            "status": [
                Facet(value=k, label=label, count=self.statuses[k], selected=k == parsed.status)
                for k, label in STATUS_LABELS.items()
            ],
            "language": language_facets(self.languages, parsed),
        }


class DatabaseBackend:
    name = "database"

    @property
    def vendor(self) -> str:
        return connection.vendor

    def health(self) -> str:
        """Database search is as available as the database, which ``/readyz`` checks on its own."""
        return f"database full-text search ({self.vendor})"

    # --- writes -------------------------------------------------------------

    def upsert(self, kind: str, payloads: list[dict], *, refresh: bool = False) -> None:
        if not payloads:
            return
        doc_type = DOC_TYPES[kind]
        with transaction.atomic():
            old = self._delete_ids(doc_type, [p["object_id"] for p in payloads])
            entries = SearchEntry.objects.bulk_create([_entry(doc_type, p) for p in payloads])
            SearchTag.objects.bulk_create(
                [SearchTag(entry=e, name=tag) for e, p in zip(entries, payloads, strict=True) for tag in p["tags"]]
            )
            ids = [e.pk for e in entries]
            copy_signals_to_tags(f"e.id IN ({', '.join(['%s'] * len(ids))})", ids)
            self._index_text(entries)
            # "Did you mean …?" (search.spelling): the words the entries lost and gained.
            vocabulary.change(removed=old, added=[(e.title, e.tags, e.body) for e in entries])

    def delete(self, kind: str, ids: Iterable[int], *, refresh: bool = False) -> None:
        ids = list(ids)
        if ids:
            with transaction.atomic():
                vocabulary.change(removed=self._delete_ids(DOC_TYPES[kind], ids))

    def delete_from_new_index(self, index: str, ids: list[int]) -> None:
        """Nothing to do: the database rebuild reads visibility from the rows as it goes."""

    def update_author(self, member_id: int, *, author_name: str, reputation: int) -> None:
        with transaction.atomic():
            SearchEntry.objects.filter(doc_type="thread", author_id=member_id).update(
                author_name=author_name, author_reputation=reputation
            )
            copy_signals_to_tags("e.doc_type = 'thread' AND e.author_id = %s", [member_id])

    def refresh(self) -> None:
        """Nothing to do: the database is consistent on commit."""

    def drop_all(self) -> None:
        with transaction.atomic():
            if self.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM search_fts")
            SearchEntry.objects.all().delete()
            vocabulary.clear()

    def reindex(
        self,
        kind: str,
        batches: Iterable[list[dict]],
        *,
        progress=None,
        before_swap=None,
        keep_old: bool = False,
        chunk_size: int = 500,
    ) -> str:
        """Rebuild in one transaction: readers keep seeing the old rows until it commits."""
        doc_type = DOC_TYPES[kind]
        with transaction.atomic():
            old = list(SearchEntry.objects.filter(doc_type=doc_type).values_list("object_id", flat=True))
            # The vocabulary is counted again from the other entries rather than from each old text read back.
            vocabulary.clear()
            vocabulary.add_entries(SearchEntry.objects.exclude(doc_type=doc_type))
            self._delete_ids(doc_type, old, read_texts=False)
            for batch in batches:
                self.upsert(kind, batch)
                if progress:
                    progress(len(batch))
            if before_swap:
                before_swap("database")
        return "database"

    def page_documents(self) -> Iterable[list[dict]]:
        return []  # pages stay where they are on a database rebuild

    def _delete_ids(self, doc_type: str, object_ids: list[int], *, read_texts: bool = True) -> list:
        """Delete the entries; return their (title, tags, body) as they were written (``read_texts``), whose words
        the caller stops counting in the vocabulary (``search.vocabulary.change``)."""
        entries = SearchEntry.objects.filter(doc_type=doc_type, object_id__in=object_ids)
        if read_texts:
            old = list(entries.values_list("pk", "title", "tags", Substr("body", 1, vocabulary.BODY_CHARS)))
        else:
            old = [(pk, "", "", "") for pk in entries.values_list("pk", flat=True)]
        pks = [row[0] for row in old]
        if not pks:
            return []
        # Plain deletes (no ORM collector): these rows have no signals and one known dependant.
        SearchTag.objects.filter(entry_id__in=pks)._raw_delete(connection.alias)
        SearchEntry.objects.filter(pk__in=pks)._raw_delete(connection.alias)
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk in pks])
        return [row[1:] for row in old] if read_texts else []

    def _index_text(self, entries: list[SearchEntry]) -> None:
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title, body, answers, tags, author) VALUES (%s, %s, %s, %s, %s, %s)",
                    [(e.pk, e.title, e.body, _answers_text(e), e.tags, f"{e.author} {e.author_name}") for e in entries],
                )
        elif self.vendor == "postgresql":
            # Accents are folded here (and in queries): PostgreSQL's Snowball stemmers keep "vélos" apart
            # from "vélo", but English stems "velos" to "velo". No `unaccent` extension needed.
            # The document's own language weighs most: its analysis gets weights A-C (title and tags, body,
            # answers and author), the other language's analysis of the same text D. So a French thread matched
            # through French stemming ranks as an English one matched through English stemming does.
            others = len(ranking.ANALYSED) - 1
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE search_searchentry SET tsv ="
                    " setweight(to_tsvector(%s::regconfig, %s), 'A')"
                    " || setweight(to_tsvector(%s::regconfig, %s), 'B')"
                    " || setweight(to_tsvector(%s::regconfig, %s), 'C')"
                    + " || setweight(to_tsvector(%s::regconfig, %s), 'D')" * others
                    + " WHERE id = %s",
                    [_weighted_text(e) + (e.pk,) for e in entries],
                )

    # --- reads --------------------------------------------------------------

    def _text_match(self, words: list[str], phrases: list[str], *, any_word: bool = False, expand: bool = False):
        """(FROM-extra, WHERE, rank expression, params) matching the words (all, or any) and phrases; with
        ``expand``, a word, run of words or phrase that is a term of a synonym set matches any term of the set (an
        OR group: ``search.synonyms.expand``)."""
        if not words and not phrases:
            return "", "", "1.0", []
        words, phrases = _alternatives(words, phrases, expand)
        if self.vendor == "sqlite":
            parts = [_fts_group(group) for group in words]
            expression = (" OR " if any_word else " AND ").join(parts)
            if phrases:
                phrase_part = " AND ".join(_fts_group(group) for group in phrases)
                expression = f"({expression}) AND {phrase_part}" if expression else phrase_part
            w = ranking.WEIGHTS
            rank = f"(-bm25(search_fts, {w.TITLE}, {w.BODY}, {w.ANSWERS}, {w.TAGS}, {w.AUTHOR}))"
            return " JOIN search_fts ON search_fts.rowid = e.id", "search_fts MATCH %s", rank, [expression]
        if self.vendor == "postgresql":
            # q matches (each word in either analysis: the GIN index answers it); q_en, q_fr are the query in one
            # analysis each, for the relevance (_PG_RANK): each document's own analysis first.
            joiner = " || " if any_word else " && "
            tsq, params = _pg_tsquery(words, phrases, list(PG_CONFIGS.values()), joiner)
            select = f"{tsq} AS q"
            for analysis in ranking.ANALYSED:
                one, one_params = _pg_tsquery(words, phrases, [PG_CONFIGS[analysis]], joiner)
                select += f", {one} AS q_{analysis}"
                params += one_params
            return f" CROSS JOIN (SELECT {select}) AS tsq", "e.tsv @@ tsq.q", _PG_RANK, params
        raise NotImplementedError(f"Database search needs SQLite or PostgreSQL, not {self.vendor}.")

    def _filters(self, parsed: ParsedQuery) -> tuple[list[str], list]:
        where, params = [], []
        for tag in parsed.tags:
            where.append("EXISTS (SELECT 1 FROM search_searchtag st WHERE st.entry_id = e.id AND st.name = %s)")
            params.append(tag)
        if parsed.kind:
            where.append("e.kind = %s")
            params.append(parsed.kind)
        if parsed.status == "answered":
            where.append("e.answer_count >= 1")
        elif parsed.status == "unanswered":
            where.append("e.kind = 'question' AND e.answer_count = 0")
        elif parsed.status == "accepted":
            where.append("e.accepted = %s")
            params.append(True)
        if parsed.user:
            where.append("LOWER(e.author) = %s")
            params.append(parsed.user.lower())
        if parsed.language:
            where.append("e.language = %s")
            params.append(parsed.language)
        return where, params

    def search(self, parsed: ParsedQuery, *, page: int, per_page: int, sort: str) -> SearchResults:
        """A page of results. Every word must match, so a misspelt word finds nothing (or, matching an answer, few):
        as Elasticsearch's term suggester does for words in no document, the query with the community's nearest
        words is offered ("Did you mean …?", ``search.spelling``), and when the query as typed found nothing, its
        results are shown instead ("Showing results for …"). A constant number of queries: the search's three, the
        suggestion's one (PostgreSQL) to three (SQLite), the corrected search's three."""
        results = self._results(parsed, page=page, per_page=per_page, sort=sort)
        terms = spelling.corrected_terms(parsed) if parsed.terms else None
        if not terms:
            return results
        results.suggestion = parsed_to_query(parsed, terms)
        if not results.total:
            corrected = self._results(replace(parsed, terms=terms), page=page, per_page=per_page, sort=sort)
            if corrected.total:
                corrected.parsed, corrected.suggestion, corrected.showing_suggestion = parsed, results.suggestion, True
                return corrected
        return results

    def _results(self, parsed: ParsedQuery, *, page: int, per_page: int, sort: str) -> SearchResults:
        words = _significant(parsed.terms) or list(parsed.terms)
        matched = self._matched(parsed, words)
        # Results stop at MAX_PAGE (search.api), so matches past the last reachable one are never counted.
        cap = conf.option("MAX_PAGE") * per_page
        counts = self._sample_counts(matched, cap)
        start = (page - 1) * per_page
        if sort == "relevance":
            page_rows = self._relevance_page(matched, parsed, start, per_page, counts.total)
        else:
            page_rows = self._sorted_page(matched, sort, start, per_page)
        entries = SearchEntry.objects.only(*HIT_FIELDS).in_bulk([row[0] for row in page_rows])
        also = synonyms.related_words(words, parsed.phrases)  # "india pale ale" found for "ipa" is marked too
        hits = [_hit(entries[pk], parsed, float(final or 0), also) for pk, final in page_rows if pk in entries]
        return SearchResults(
            parsed=parsed,
            hits=hits,
            total=counts.total,
            total_is_lower_bound=counts.capped,
            facets_are_lower_bounds=counts.capped,
            page=page,
            per_page=per_page,
            sort=sort,
            facets=counts.facets(parsed),
            backend=self.name,
        )

    def _matched(self, parsed: ParsedQuery, words: list[str]) -> _Matched:
        join, match, rank, match_params = self._text_match(words, parsed.phrases, expand=True)
        filter_sql, filter_params = self._filters(parsed)
        conditions = ([match] if match else []) + filter_sql
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        if self.vendor != "sqlite":
            return _Matched(join=join, where=where, params=match_params + filter_params, rank=rank)
        # SQLite: numbers from the covering index (migration 0002), not from rows that spill past their text;
        # the newest matches straight from FTS5's rowid order.
        return _Matched(
            join=join,
            where=where,
            params=match_params + filter_params,
            rank=rank,
            entries="search_searchentry e INDEXED BY search_entry_signals_idx",
            newest_first="search_fts.rowid DESC" if match else "e.id DESC",
        )

    def _sample_counts(self, m: _Matched, cap: int) -> _Counts:
        """Total, kind/status counts and top tags in one query over at most ``cap + 1`` matches.

        Counting every match cost as much as ranking them (PostgreSQL reads each match's tsvector; SQLite the
        row); past ``cap`` the page says "1,000+ results" and the facets count the most recently indexed
        ``cap`` matches, marked as lower bounds too. The sample is materialised once for both parts.
        """
        kind_names = list(KIND_LABELS)
        kind_sums = "".join(", SUM(CASE WHEN s.kind = %s THEN 1 ELSE 0 END)" for _ in kind_names)
        languages = list(site_languages())
        language_sums = "".join(", SUM(CASE WHEN s.language = %s THEN 1 ELSE 0 END)" for _ in languages)
        # typed: PostgreSQL unions by column type
        blanks = ", CAST(NULL AS BIGINT)" * (3 + len(kind_names) + len(languages))
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH sample AS MATERIALIZED ("
                f"SELECT e.id, e.kind, e.answer_count, e.accepted, e.language FROM {m.entries}{m.join}{m.where}"
                f" ORDER BY {m.newest_first} LIMIT %s)"
                " SELECT CAST(NULL AS VARCHAR(100)), COUNT(*),"
                " SUM(CASE WHEN s.answer_count >= 1 THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN s.kind = 'question' AND s.answer_count = 0 THEN 1 ELSE 0 END),"
                f" SUM(CASE WHEN s.accepted THEN 1 ELSE 0 END){kind_sums}{language_sums} FROM sample s"
                f" UNION ALL SELECT * FROM (SELECT t.name, COUNT(*) AS n{blanks} FROM search_searchtag t"
                " JOIN sample s ON s.id = t.entry_id GROUP BY t.name ORDER BY n DESC, t.name LIMIT 12) top_tags",
                m.params + [cap + 1] + kind_names + languages,
            )
            rows = cursor.fetchall()
        totals = next(row for row in rows if row[0] is None)
        matches, answered, unanswered, accepted, *counts = (min(v or 0, cap) for v in totals[1:])
        kind_counts, language_counts = counts[: len(kind_names)], counts[len(kind_names) :]
        tags = sorted(((row[0], min(row[1], cap)) for row in rows if row[0] is not None), key=lambda t: (-t[1], t[0]))
        return _Counts(
            total=matches,
            capped=(totals[1] or 0) > cap,
            statuses={"answered": answered, "unanswered": unanswered, "accepted": accepted},
            kinds=dict(zip(kind_names, kind_counts, strict=True)),
            tags=tags,
            languages=dict(zip(languages, language_counts, strict=True)),
        )

    def _relevance_page(self, m: _Matched, parsed: ParsedQuery, start: int, per_page: int, total: int) -> list:
        """(id, final) of one page in relevance order, ranking (BM25 / ts_rank × quality) only candidates.

        Ranking reads every match's text statistics, the dearest part of a search. The candidates are the
        ``CANDIDATES`` most recently indexed matches (a thread is reindexed whenever it is edited, answered or
        voted on, so these are the lively ones, which freshness favours anyway) plus exact-title matches. With
        fewer matches than that, this is exactly the full ranking; past the candidates (deep pages), the other
        matches follow in full-ranking order.
        """
        quality, quality_params = ranking.sql_quality(time.time(), parsed.exact_title)
        newest = f"SELECT e.id FROM {m.entries}{m.join}{m.where} ORDER BY {m.newest_first} LIMIT %s"
        candidate_sql, candidate_params = f"SELECT id FROM ({newest}) newest", m.params + [CANDIDATES]
        if parsed.exact_title:
            exact_where = f"{m.where} AND e.title_key = %s" if m.where else " WHERE e.title_key = %s"
            candidate_sql += f" UNION SELECT e.id FROM {m.entries}{m.join}{exact_where}"
            candidate_params += m.params + [parsed.exact_title]
        where = f"{m.where} AND e.id IN ({candidate_sql})" if m.where else f" WHERE e.id IN ({candidate_sql})"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, {m.rank} * {quality} AS final FROM {m.entries}{m.join}{where}"
                f" ORDER BY {RELEVANCE_ORDER}",
                quality_params + m.params + candidate_params,
            )
            ranked = cursor.fetchall()
        rows = ranked[start : start + per_page]
        if len(rows) < per_page and total > len(ranked):
            rows += self._rest_by_relevance(
                m, quality, quality_params, [pk for pk, _ in ranked], max(0, start - len(ranked)), per_page - len(rows)
            )
        return rows

    def _rest_by_relevance(self, m: _Matched, quality: str, quality_params: list, exclude: list, offset, limit):
        """Deep relevance pages: the matches that were not candidates, in full-ranking order (rare, dearer)."""
        placeholders = ", ".join(["%s"] * len(exclude)) or "NULL"
        not_candidate = f"e.id NOT IN ({placeholders})"
        where = f"{m.where} AND {not_candidate}" if m.where else f" WHERE {not_candidate}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, {m.rank} * {quality} AS final FROM {m.entries}{m.join}{where}"
                f" ORDER BY {RELEVANCE_ORDER} LIMIT %s OFFSET %s",
                quality_params + m.params + exclude + [limit, offset],
            )
            return cursor.fetchall()

    def _sorted_page(self, m: _Matched, sort: str, start: int, per_page: int) -> list:
        order = "e.created_at DESC, e.id DESC" if sort == "newest" else "e.score DESC, e.created_at DESC, e.id DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, 0 AS final FROM {m.entries}{m.join}{m.where} ORDER BY {order} LIMIT %s OFFSET %s",
                m.params + [per_page, start],
            )
            return cursor.fetchall()

    def similar(
        self, title: str, body: str, *, limit: int, language: str = FALLBACK_LANGUAGE, tags: list[str] = ()
    ) -> list[Hit]:
        """Threads like the one being written: ``ts_rank`` (or BM25) of any of its words (in title, body, tags and
        answers) × quality, over a bounded candidate set (``_similar_candidates``), × ``SAME_LANGUAGE`` for threads
        written in ``language`` (the asker's); the ``similarity.POOL`` best are then re-ranked by how much their
        title (or a duplicate's) says what the asker's does and how many of the asker's ``tags`` they carry
        (``search.similarity``).

        Ranking every thread that shares a word with the title read and ranked nine threads in ten at 100,000
        threads (0.5 s a keystroke pause), since titles are made of common words.
        """
        title_words = _significant(w for w in _WORD.findall(title) if len(w) >= 3)[:12]
        body_words = _significant(w for w in _WORD.findall(body[:1000]) if len(w) >= 4)[:8]
        words = list(dict.fromkeys(w.lower() for w in title_words + body_words))
        if not words:
            return []
        join, match, rank, params = self._text_match(words, [], any_word=True)
        title_only = list(dict.fromkeys(w.lower() for w in title_words))
        candidates, candidate_params = self._similar_candidates(title_only or words)
        quality, quality_params = ranking.sql_quality(time.time(), None)
        language_sql, language_params = ranking.sql_language_preference(language)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, {rank} * {quality} * {language_sql} AS relevance FROM search_searchentry e{join}"
                f" WHERE {match} AND e.doc_type = 'thread' AND e.id IN ({candidates})"
                " ORDER BY relevance DESC, e.created_at DESC LIMIT %s",
                quality_params + language_params + params + candidate_params + [similarity.POOL],
            )
            relevance = dict(cursor.fetchall())
        # What the re-ranking compares, for the pool; what a hit shows (bodies, answers: long), for the few shown.
        compared = SearchEntry.objects.only("title", "duplicate_titles", "tags").in_bulk(list(relevance))
        ranked = similarity.rerank(
            title,
            tags,
            [
                similarity.Candidate(
                    key=pk,
                    relevance=float(score or 0.0),
                    title=compared[pk].title,
                    duplicate_titles=compared[pk].duplicate_titles.splitlines(),
                    tags=compared[pk].tags.split(),
                )
                for pk, score in relevance.items()
                if pk in compared
            ],
            body=body,
        )[:limit]
        entries = SearchEntry.objects.only(*HIT_FIELDS).in_bulk([c.key for c in ranked])
        parsed = ParsedQuery(terms=title_words)
        return [_hit(entries[c.key], parsed, c.final) for c in ranked if c.key in entries]

    def _similar_candidates(self, words: list[str]) -> tuple[str, list]:
        """SQL (and params) of the threads worth ranking as similar to a title made of ``words``: the
        ``SIMILAR_CANDIDATES`` newest that have all the words, and the ``SIMILAR_WORD_CANDIDATES`` newest that
        have each word. A word rarer than that brings all its threads, so a near-duplicate sharing one
        uncommon word with the title is always ranked, however old; with fewer matches than the bounds, the
        ranking is exactly the full one. Each part is cut by a LIMIT; the planner reads it from the full-text
        index or walks the ids backwards testing each thread, whichever it expects cheaper — except the all-words
        part on PostgreSQL, which always reads the index (``search_threads_matching``): words that are each common
        but seldom together made the planner walk most of the table there (338 ms at 100,000 threads).
        """
        each_word = [([w], SIMILAR_WORD_CANDIDATES) for w in words] if len(words) > 1 else []
        newest_first = "search_fts.rowid DESC" if self.vendor == "sqlite" else "e.id DESC"
        parts, params = [], []
        bounded = [(words, SIMILAR_CANDIDATES), *each_word]
        if self.vendor == "postgresql":
            # All the words from the GIN index (migration search 0008): never a walk of the ids that tests each
            # thread. Up to SIMILAR_ALL_WORDS_CAP of them; when more threads have them all, the words go together
            # so often that the newest having each word (below) are among them.
            tsq, tsq_params = _pg_tsquery(_alternatives(words, [], False)[0], [], list(PG_CONFIGS.values()), " && ")
            parts.append(
                f"SELECT id FROM (SELECT m.id FROM search_threads_matching({tsq}, %s) AS m(id)"
                " ORDER BY m.id DESC LIMIT %s) c0"
            )
            params += tsq_params + [SIMILAR_ALL_WORDS_CAP, SIMILAR_CANDIDATES]
            bounded = each_word
        for part_words, bound in bounded:
            join, match, _rank, match_params = self._text_match(part_words, [], any_word=False)
            parts.append(
                f"SELECT id FROM (SELECT e.id FROM search_searchentry e{join}"
                f" WHERE {match} AND e.doc_type = 'thread'"
                f" ORDER BY {newest_first} LIMIT %s) c{len(parts)}"
            )
            params += match_params + [bound]
        return " UNION ".join(parts), params

    def rank_for_tags(self, tags: list[str], *, limit: int) -> list[Hit]:
        """The best threads carrying any of ``tags``: (tags matched) × quality, over a bounded candidate set.

        Ranking every thread of a popular tag read and sorted 32,000 entries at 100,000 threads (400 ms for a
        cold topic hub). Quality is a lasting part (votes, accepted answer, reputation) plus freshness, which
        hardly changes within 30 days and is nearly nothing after a year. So the candidates are, per tag, the
        ``limit`` best by lasting quality of each 30-day period of the last year, and the ``TAG_CANDIDATES`` best
        of all time, each read in order from an index of the tag rows (``_tag_candidates``): the ranking over
        them is the full ranking but for near-ties inside one period. A small tag is ranked exactly. For a single
        tag the candidates' tag rows pick a shortlist first, so only ``SHORTLIST_FACTOR × limit`` entries are read.
        """
        now = time.time()
        candidates, candidate_params = self._tag_candidates(tags, limit, now)
        # Tags matched: every candidate of a single tag (a topic hub) has it, so only a tag set counts them.
        rank, rank_params = "1", []
        if len(tags) > 1:
            placeholders = ", ".join(["%s"] * len(tags))
            rank = (
                f"(SELECT COUNT(*) FROM search_searchtag st WHERE st.entry_id = e.id AND st.name IN ({placeholders}))"
            )
            rank_params = list(tags)
            candidates = f"SELECT entry_id FROM ({candidates}) c"
        else:
            # A single tag's few hundred candidates are first ordered by what their tag rows hold (the lasting
            # quality, the freshness of the middle of their period: within a few hundredths of the formula), so
            # only a shortlist of entries is read, not every candidate's wide row.
            fresh, fresh_params = period_freshness_sql(now)
            candidates = (
                f"SELECT entry_id FROM ({candidates}) c ORDER BY c.lasting_quality + {fresh} DESC, c.entry_id LIMIT %s"
            )
            candidate_params = candidate_params + fresh_params + [SHORTLIST_FACTOR * limit]
        quality, quality_params = ranking.sql_quality(now, None)
        # One statement ranks and reads the hits' columns. No query words, so no snippet from the answers: their
        # text (often the largest column) stays unread, and of the body only what the snippet shows (and one
        # character more, which tells it to add its ellipsis).
        columns = ", ".join(f"e.{f}" for f in ("id", *HIT_FIELDS) if f not in ("answers", "body"))
        entries = SearchEntry.objects.raw(
            f"SELECT {columns}, SUBSTR(e.body, 1, {SNIPPET_CHARS + 1}) AS body FROM search_searchentry e"
            f" WHERE e.doc_type = 'thread' AND e.id IN ({candidates})"
            f" ORDER BY {rank} * {quality} DESC, e.created_at DESC LIMIT %s",
            candidate_params + rank_params + quality_params + [limit],
        )
        return [_hit(e, ParsedQuery(), 0.0) for e in entries]

    @staticmethod
    def _tag_candidates(tags: list[str], limit: int, now_ts: float) -> tuple[str, list]:
        """SQL (and params) of the tag rows (entry, lasting quality, period) worth ranking for ``tags``: per tag,
        the ``TAG_CANDIDATES`` best by lasting quality (``search_tag_quality_idx``) and the ``limit`` best of each
        activity period of the last ``TAG_RECENT_PERIODS`` (``search_tag_period_idx``), every part an index range
        read in order and cut."""
        now_period = int(now_ts // ACTIVITY_PERIOD_SECONDS)
        best = "SELECT st.entry_id, st.lasting_quality, st.activity_period FROM search_searchtag st WHERE st.name = %s"
        order = " ORDER BY st.lasting_quality DESC, st.entry_id LIMIT %s"
        parts, params = [], []
        for name in tags:
            parts.append(f"SELECT * FROM ({best}{order}) c{len(parts)}")
            params += [name, max(limit, TAG_CANDIDATES)]
            for period in range(now_period - TAG_RECENT_PERIODS, now_period + 2):  # +1: a clock a little ahead
                parts.append(f"SELECT * FROM ({best} AND st.activity_period = %s{order}) c{len(parts)}")
                params += [name, period, limit]
        return " UNION ".join(parts), params

    def suggest_titles(self, words: list[str], *, limit: int) -> list[Hit]:
        """Threads whose title has every word, the last as a prefix (search as you type, ``search.suggest``):
        the ``SUGGEST_CANDIDATES`` newest matches, best by the ranking's quality. One query; a two-letter prefix
        matching half the threads reads no more than that bound in order (FTS5's rowid order, or the id index)."""
        words = [w for w in (vocabulary.fold(p) for word in words for p in _SUGGEST_WORD.findall(word)) if w]
        if not words:
            return []
        if self.vendor == "sqlite":
            terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}" *']
            join, match = " JOIN search_fts ON search_fts.rowid = e.id", "search_fts MATCH %s"
            params, newest_first = ["title : (" + " AND ".join(terms) + ")"], "search_fts.rowid DESC"
        elif self.vendor == "postgresql":
            # Weight A: the title (and tags) in the thread's own analysis; each word in either language's stemming.
            pieces, params = [], []
            for i, word in enumerate(words):
                label = f"{word}:*A" if i == len(words) - 1 else f"{word}:A"
                pieces.append("(" + " || ".join(f"to_tsquery('{c}', %s)" for c in PG_CONFIGS.values()) + ")")
                params += [label] * len(PG_CONFIGS)
            join, match, newest_first = "", f"e.tsv @@ ({' && '.join(pieces)})", "e.id DESC"
        else:
            raise NotImplementedError(f"Database search needs SQLite or PostgreSQL, not {self.vendor}.")
        quality, quality_params = ranking.sql_quality(time.time(), None)
        candidates = (
            f"SELECT id FROM (SELECT e.id FROM search_searchentry e{join} WHERE {match} AND e.doc_type = 'thread'"
            f" ORDER BY {newest_first} LIMIT %s) c"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.object_id, e.title, e.url, e.kind, e.answer_count, e.accepted, e.language"
                f" FROM search_searchentry e WHERE e.id IN ({candidates})"
                f" ORDER BY {quality} DESC, e.created_at DESC LIMIT %s",
                params + [SUGGEST_CANDIDATES] + quality_params + [limit],
            )
            rows = cursor.fetchall()
        return [
            Hit(
                doc_type="thread",
                id=object_id,
                title=title,
                url=url,
                kind=kind,
                tags=[],
                author="",
                author_name="",
                score=0,
                answer_count=answers,
                accepted=bool(accepted),
                created=None,
                last_activity=None,
                language=language,
            )
            for object_id, title, url, kind, answers, accepted, language in rows
        ]


def lasting_quality_sql(w: ranking.Weights = ranking.WEIGHTS) -> tuple[str, list]:
    """``ranking.sql_quality`` over ``e`` without its freshness and exact-title terms: what a tag row keeps
    (what does not decay with time, so it can be stored and indexed)."""
    ln10 = math.log(10)
    sql = (
        "((1.0"
        f" + %s * LN(1.0 + (CASE WHEN e.score > 0 THEN e.score ELSE 0 END)) / {ln10!r}"
        " + %s * (CASE WHEN e.accepted THEN 1.0 ELSE 0.0 END)"
        f" + %s * LN(1.0 + (CASE WHEN e.author_reputation > 0 THEN e.author_reputation ELSE 0 END)) / {ln10!r}"
        ") * (CASE WHEN e.score < 0 THEN %s ELSE 1.0 END))"
    )
    return sql, [w.VOTES, w.ACCEPTED, w.REPUTATION, w.DOWNVOTED]


def period_freshness_sql(now_ts: float, w: ranking.Weights = ranking.WEIGHTS) -> tuple[str, list]:
    """``ranking.sql_quality``'s freshness term over a tag row ``c``, taken at the middle of its 30-day period of
    activity: off by 0.02 at most (the gauss's steepest slope over half a period), and by the down-vote penalty,
    which it leaves out (it only ever ranks a down-voted entry higher)."""
    # In floating point: PostgreSQL reads the literals as numeric, whose POWER and EXP cost 10 µs a row.
    middle = f"CAST((c.activity_period + 0.5) * {ACTIVITY_PERIOD_SECONDS} AS DOUBLE PRECISION)"
    return ranking.sql_freshness(middle, now_ts, w)


def copy_signals_to_tags(where: str, params: list, *, using=None) -> None:
    """Write the entries' lasting quality and period of activity onto their tag rows (entries ``e`` matching
    ``where``): one UPDATE, on PostgreSQL and SQLite alike (``using``: a connection, the default one if None)."""
    quality, quality_params = lasting_quality_sql()
    with (using or connection).cursor() as cursor:
        cursor.execute(
            f"UPDATE search_searchtag SET lasting_quality = {quality},"
            " activity_period = CAST(FLOOR(e.last_activity_ts / %s) AS INTEGER)"
            f" FROM search_searchentry e WHERE e.id = search_searchtag.entry_id AND {where}",
            quality_params + [float(ACTIVITY_PERIOD_SECONDS)] + params,
        )


# --- documents and highlighting ------------------------------------------------------


def _alternatives(words: list, phrases: list, expand: bool) -> tuple[list[list[str]], list[list[str]]]:
    """The words and phrases as groups of alternatives: the synonym sets' terms with ``expand``, else each alone."""
    if not expand:
        return [_group(w) for w in words], [_group(p) for p in phrases]
    return synonyms.expand(list(words)), [synonyms.expand_phrase(p) for p in phrases]


def _group(item) -> list[str]:
    return [item] if isinstance(item, str) else list(item)


def _fts_group(alternatives: list[str]) -> str:
    """An FTS5 MATCH piece: a string (a phrase when it has several words), or an OR group of them."""
    quoted = ['"' + a.replace('"', "") + '"' for a in alternatives]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def _pg_tsquery(words: list, phrases: list, configs: list[str], joiner: str) -> tuple[str, list]:
    """A tsquery of the words (joined by ``joiner``) and phrases, each parsed with any of ``configs``. A word or
    phrase may be a group of alternatives (``_alternatives``): any of them matches, a several-word one as a
    phrase."""
    pieces, params = [], []
    for word in words:
        alternatives = _group(word)
        pieces.append("(" + " || ".join(_pg_parse(a, c) for a in alternatives for c in configs) + ")")
        params += [vocabulary.fold(a) for a in alternatives for _c in configs]
    tsq = joiner.join(pieces)
    for phrase in phrases:
        alternatives = _group(phrase)
        piece = "(" + " || ".join(f"phraseto_tsquery('{c}', %s)" for _a in alternatives for c in configs) + ")"
        tsq = f"({tsq}) && {piece}" if tsq else piece
        params += [vocabulary.fold(a) for a in alternatives for _c in configs]
    return tsq, params


def _pg_parse(text: str, config: str) -> str:
    return f"{'phraseto' if ' ' in text else 'plainto'}_tsquery('{config}', %s)"


def _pg_rank() -> str:
    """The relevance of an entry on PostgreSQL: ``ts_rank`` of the query in the entry's own language over the
    lexemes of that analysis (weights A-C, ``_weighted_text``), plus the query in the other language over the other
    analysis (D, which ts_rank weighs least). One tsvector holds both analyses and their lexemes look alike ("cheval"
    is the French stem of "chevaux" and an English word as it stands): only the weights say which analysis made a
    lexeme, and ts_rank ignores a query's weight labels, so the vector is filtered (``ts_filter``) instead."""

    def by_language(query_of) -> str:
        branches = "".join(
            f" WHEN e.language = '{a}' THEN {query_of(a)}" for a in ranking.ANALYSED if a != ranking.FIRST_ANALYSIS
        )
        return f"(CASE{branches} ELSE {query_of(ranking.FIRST_ANALYSIS)} END)"

    def others(own: str) -> str:
        return "(" + " || ".join(f"tsq.q_{a}" for a in ranking.ANALYSED if a != own) + ")"

    own_rank = f"ts_rank(ts_filter(e.tsv, '{{a,b,c}}'), {by_language(lambda a: f'tsq.q_{a}')})"
    other_rank = f"ts_rank(ts_filter(e.tsv, '{{d}}'), {by_language(others)})"
    return f"({own_rank} + {other_rank})"


_PG_RANK = _pg_rank()


def _answers_text(e: SearchEntry) -> str:
    """The text matched at the answers' weight: the answers, and the titles of the threads closed as duplicates of
    this one (other members' words for its question: a thread is found by them, search.similarity re-ranks)."""
    return f"{e.answers}\n{e.duplicate_titles}" if e.duplicate_titles else e.answers


def _weighted_text(e: SearchEntry) -> tuple:
    """(configuration, text) pairs of an entry's tsvector parts, weights A to D (``_index_text``)."""
    own = ranking.analysis_of(e.language)
    everything = vocabulary.fold_text(f"{e.title} {e.body} {_answers_text(e)}")
    parts = [
        PG_CONFIGS[own],
        vocabulary.fold_text(f"{e.title} {e.tags}"),
        PG_CONFIGS[own],
        vocabulary.fold_text(e.body),
        PG_CONFIGS[own],
        vocabulary.fold_text(f"{_answers_text(e)} {e.author} {e.author_name}"),
    ]
    for other in ranking.ANALYSED:
        if other != own:
            parts += [PG_CONFIGS[other], everything]
    return tuple(parts)


def _entry(doc_type: str, p: dict) -> SearchEntry:
    last = p["last_activity"]
    return SearchEntry(
        doc_type=doc_type,
        object_id=p["object_id"],
        kind=p["kind"],
        language=(p.get("language") or FALLBACK_LANGUAGE)[:8],
        title=p["title"][:300],
        title_key=p["title_key"][:300],
        body=p["body"],
        answers=p["answers"],
        duplicate_titles="\n".join(p.get("duplicate_titles", ())),
        tags=" ".join(p["tags"])[:400],
        author=p["author"][:150],
        author_name=p["author_name"][:150],
        author_id=p["author_id"],
        score=p["score"],
        answer_count=p["answer_count"],
        accepted=p["accepted"],
        author_reputation=p["author_reputation"],
        created_at=p["created"],
        last_activity_at=last,
        last_activity_ts=last.timestamp(),
        url=p["url"][:300],
    )


def _matches(word: str, folded_terms: list[str]) -> bool:
    w = vocabulary.fold(word)
    for term in folded_terms:
        shorter = min(len(w), len(term))
        if shorter >= 3 and w[:shorter] == term[:shorter]:
            return True
        if w == term:
            return True
    return False


def mark(text: str, folded_terms: list[str]) -> tuple[str, int]:
    """Escape ``text`` and wrap the words matching a term in <mark>; return (html, first match offset)."""
    out, last, first = [], 0, -1
    for m in _WORD.finditer(text):
        if _matches(m.group(), folded_terms):
            if first < 0:
                first = m.start()
            out.append(str(escape(text[last : m.start()])))
            out.append(f"<mark>{escape(m.group())}</mark>")
            last = m.end()
    out.append(str(escape(text[last:])))
    return "".join(out), first


def _first_match(text: str, folded_terms: list[str]) -> int:
    """Offset of the first word matching a term, or -1: stops there instead of marking a whole answer."""
    if text.isascii():
        # A matching word starts with a term's first three letters (or is a shorter term itself), so an ASCII
        # text without any of them is passed over in C instead of word by word (a long thread's answers).
        lowered = text.lower()
        if not any(term[:3] in lowered for term in folded_terms):
            return -1
    for m in _WORD.finditer(text):
        if _matches(m.group(), folded_terms):
            return m.start()
    return -1


def _window(text: str, folded_terms: list[str], size: int = 220) -> str:
    first = _first_match(text, folded_terms)
    if first < 0:
        return ""
    start = max(0, first - size // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    piece = text[start : start + size]
    html, _ = mark(piece, folded_terms)
    return ("… " if start else "") + html + (" …" if start + size < len(text) else "")


def _hit(e: SearchEntry, parsed: ParsedQuery, rank: float, also: Iterable[str] = ()) -> Hit:
    """A hit with the query's words marked in its title and snippet, and the words ``also`` (its synonyms')."""
    words = [w for t in parsed.terms + parsed.phrases for w in _WORD.findall(t)]
    folded = [vocabulary.fold(w) for w in [*(_significant(words) or words), *also]]
    title_html = mark(e.title, folded)[0] if folded else str(escape(e.title))
    snippet, in_answer = "", False
    if folded:
        snippet = _window(e.body, folded)
        if not snippet:
            snippet = _window(e.answers, folded)
            in_answer = bool(snippet)
    if not snippet:
        snippet = str(escape(e.body[:SNIPPET_CHARS])) + (" …" if len(e.body) > SNIPPET_CHARS else "")
    return Hit(
        doc_type=e.doc_type,
        id=e.object_id,
        title=e.title,
        url=e.url,
        kind=e.kind,
        tags=e.tags.split(),
        author=e.author,
        author_name=e.author_name,
        author_id=e.author_id,
        score=e.score,
        answer_count=e.answer_count,
        accepted=e.accepted,
        created=e.created_at,
        last_activity=e.last_activity_at,
        title_html=title_html,
        snippet_html=snippet,
        rank=rank,
        language=e.language,
        snippet_in_answer=in_answer,
    )
