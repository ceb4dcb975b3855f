""" "Did you mean …?" on the database backend, from the words of the community (``search.vocabulary``).

Elasticsearch corrects a word that is in no document with its term suggester (``backends.elastic``). The database
does the same with its vocabulary table (``SearchWord``: every word of the indexed titles, tags and bodies, folded,
with its usual spelling and how many entries use it): each word of the query that no entry uses is replaced by the
closest word some entry uses (``difflib``'s ratio, at least ``CUTOFF``, the more frequent word on a tie), so
"sycn confilcts" suggests "sync conflicts" and « bierre » « bière ». Every search with words asks, whatever it
found, as Elasticsearch's suggester does (a word in no title, tag or body may still match an answer, so few results
do not mean no typo); one that found nothing also shows the corrected query's results (``DatabaseBackend.search``).

- **PostgreSQL**: one query finds, for every word at once, whether it is known (the unique index) and, if not, its
  nearest words, from the trigram GIN index of migration 0005 (``%``, ``similarity()`` of ``pg_trgm``; words of five
  letters or fewer share too few trigrams with their misspellings, so for them the words of the same first two
  letters are read too).
- **SQLite** (no trigrams): one query says which words are known; the unknown ones are compared with the
  ``VOCABULARY_WORDS`` most frequent words, held in the shared cache under the newest entry's id (so a new
  thread's words count at once) — one more query, and a third when that list must be read again. Each word is
  compared only with the words of about its length.
"""

from __future__ import annotations

import difflib
import secrets

from django.core.cache import cache
from django.db import connection
from django.db.models import Max

from search import synonyms
from search.models import SearchEntry, SearchWord
from search.query import ParsedQuery, parsed_to_query
from search.vocabulary import correctable, fold

VOCABULARY_WORDS = 20000  # SQLite: the most frequent words, compared in memory
CACHE_SECONDS = 24 * 3600  # the key changes with the index anyway (``_version``)
CUTOFF = 0.75  # difflib ratio: "sycn" → "sync" is 0.75, "andriod" → "android" 0.86
MAX_CORRECTIONS = 6  # words of one query looked up
TRIGRAM_CANDIDATES = 8  # PostgreSQL: nearest words by trigram similarity, then ranked as on SQLite
SHORT_WORD = 5  # PostgreSQL: up to this length, the words sharing the first two letters are candidates too

_memo: tuple[str, dict[str, tuple[str, int]]] | None = None  # (token, words): this process's copy


def corrected_terms(parsed: ParsedQuery) -> list[str] | None:
    """The query's terms with its unknown words corrected, or None if no word needed (or found) a correction.

    A correction is never a word the query already has ("sync synk" is not turned into "sync sync")."""
    declared = synonyms.known_words()  # moderators' synonym terms are words of the community, typed on purpose
    looked_up = [f for f in dict.fromkeys(map(fold, parsed.terms)) if correctable(f) and f not in declared]
    looked_up = looked_up[:MAX_CORRECTIONS]
    if not looked_up:
        return None
    if connection.vendor == "postgresql":
        corrections = _trigram_corrections(looked_up)
    else:
        corrections = _memory_corrections(looked_up)
    in_query = {fold(term) for term in parsed.terms}
    terms, corrected = [], False
    for term in parsed.terms:
        better = corrections.get(fold(term))
        if better and fold(better) not in in_query:
            in_query.add(fold(better))
            terms.append(better)
            corrected = True
        else:
            terms.append(term)
    return terms if corrected else None


def suggestion(parsed: ParsedQuery) -> str | None:
    """The query with its unknown words corrected, written back in the query syntax (filters kept), or None."""
    terms = corrected_terms(parsed)
    return parsed_to_query(parsed, terms) if terms else None


def closest(folded: str, words: dict[str, tuple[str, int]]) -> str | None:
    """The word of ``words`` (folded -> (spelling, frequency)) most like ``folded``, as it is usually written, or
    None if none is close enough."""
    same_size = [w for w in words if abs(len(w) - len(folded)) <= 2 and w != folded]
    near = difflib.get_close_matches(folded, same_size, n=5, cutoff=CUTOFF)
    if not near:
        return None
    best = max(near, key=lambda w: (difflib.SequenceMatcher(None, folded, w).ratio(), words[w][1]))
    return words[best][0]


# --- PostgreSQL: trigrams -------------------------------------------------------------------------------------------


def _trigram_corrections(looked_up: list[str]) -> dict[str, str]:
    """folded -> correction of each unknown word of ``looked_up`` that has one, in one query."""
    parts, params = [], []
    for word in looked_up:
        short = " OR v.folded LIKE %s" if len(word) <= SHORT_WORD else ""
        # The word itself if some entry uses it (the unique index); else its nearest words (the trigram index).
        parts.append(
            "(SELECT %s AS word, v.folded, v.spelling, v.frequency FROM search_searchword v"
            " WHERE v.folded = %s AND v.frequency > 0)"
        )
        parts.append(
            "(SELECT %s AS word, v.folded, v.spelling, v.frequency FROM search_searchword v"
            " WHERE NOT EXISTS (SELECT 1 FROM search_searchword k WHERE k.folded = %s AND k.frequency > 0)"
            f" AND v.frequency > 0 AND (v.folded %% %s{short})"
            " ORDER BY similarity(v.folded, %s) DESC, v.frequency DESC LIMIT %s)"
        )
        params += [word, word, word, word, word] + ([word[:2] + "%"] if short else []) + [word, TRIGRAM_CANDIDATES]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    candidates: dict[str, dict[str, tuple[str, int]]] = {word: {} for word in looked_up}
    for word, folded, spelling, frequency in rows:
        candidates[word][folded] = (spelling, frequency)
    corrections = {}
    for word, words in candidates.items():
        if word in words:
            continue  # some entry uses it: not a misspelling
        better = closest(word, words)
        if better:
            corrections[word] = better
    return corrections


# --- SQLite: the most frequent words, in memory ---------------------------------------------------------------------


def _memory_corrections(looked_up: list[str]) -> dict[str, str]:
    known = set(SearchWord.objects.filter(folded__in=looked_up, frequency__gt=0).values_list("folded", flat=True))
    unknown = [word for word in looked_up if word not in known]
    if not unknown:
        return {}
    words = frequent_words()
    corrections = {}
    for word in unknown:
        better = closest(word, words)
        if better:
            corrections[word] = better
    return corrections


def frequent_words() -> dict[str, tuple[str, int]]:
    """folded word -> (its usual spelling, entries using it) of the most frequent words, from the shared cache or
    read now.

    The cache holds the version's token (small) and the token's words: a process that already holds the token's
    words (``_memo``) does not fetch them again; one that finds no token reads them under a new one."""
    global _memo
    version_key = f"search:vocabulary:{_version()}"
    token = cache.get(version_key)
    if token and _memo is not None and _memo[0] == token:
        return _memo[1]
    rows = cache.get(f"search:vocabulary-words:{token}") if token else None
    if rows is None:
        rows, token = _read(), secrets.token_hex(8)
        cache.set_many({version_key: token, f"search:vocabulary-words:{token}": rows}, CACHE_SECONDS)
    words = {folded: (spelling, count) for folded, spelling, count in rows}
    _memo = (token, words)
    return words


def _version() -> str:
    """Entries are rewritten (a new id) whenever their thread changes: the newest id says the words may have."""
    return str(SearchEntry.objects.aggregate(newest=Max("id"))["newest"] or 0)


def _read() -> list[tuple[str, str, int]]:
    words = SearchWord.objects.filter(frequency__gt=0).order_by("-frequency")
    return list(words.values_list("folded", "spelling", "frequency")[:VOCABULARY_WORDS])
