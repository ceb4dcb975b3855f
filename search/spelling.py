""" "Did you mean …?" on the database backend, from the words of the community.

Elasticsearch corrects a word that is in no document with its term suggester (``backends.elastic``). The database
has no such index, so this module keeps one small enough to hold in memory: the words of the titles and tags of
the ``VOCABULARY_ENTRIES`` most recently indexed documents (where a community's live words are), each with how
often it occurs, at most ``VOCABULARY_WORDS`` of them. A search that found nothing has each of its words that is
not in the vocabulary replaced by the closest one (``difflib``'s ratio, at least ``CUTOFF``, the more frequent
word on a tie), so "sycn confilcts" suggests "sync conflicts".

Cost, whatever the size of the index: one query for the newest entry's id (the vocabulary's version, so a new
thread's words count at once), and, when the vocabulary is not in the shared cache yet, one query of at most
``VOCABULARY_ENTRIES`` titles. Each word is compared with the vocabulary's words of about its length only.
"""

from __future__ import annotations

import difflib
import re
import secrets
import unicodedata
from collections import Counter

from django.core.cache import cache
from django.db.models import Max

from search.models import SearchEntry
from search.query import STOP_WORDS, ParsedQuery, parsed_to_query

VOCABULARY_ENTRIES = 5000
VOCABULARY_WORDS = 20000
CACHE_SECONDS = 24 * 3600  # the key changes with the index anyway (``_version``)
MIN_LENGTH = 3  # shorter words are too ambiguous to correct
CUTOFF = 0.75  # difflib ratio: "sycn" → "sync" is 0.75, "andriod" → "android" 0.86
MAX_CORRECTIONS = 6  # words of one query compared with the vocabulary

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{3,}", re.UNICODE)
_memo: tuple[str, dict[str, tuple[str, int]]] | None = None  # (token, words): this process's copy


def fold(word: str) -> str:
    """Lower case without accents: how words are compared ("Vélo" and "velo" are one word)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def suggestion(parsed: ParsedQuery) -> str | None:
    """The query with its unknown words corrected, written back in the query syntax, or None if no word needed
    (or found) a correction."""
    words = vocabulary()
    if not words:
        return None
    terms, corrected, looked_up = [], False, 0
    for term in parsed.terms:
        folded = fold(term)
        if folded in words or not _correctable(folded) or looked_up >= MAX_CORRECTIONS:
            terms.append(term)
            continue
        looked_up += 1
        better = closest(folded, words)
        corrected = corrected or better is not None
        terms.append(better or term)
    return parsed_to_query(parsed, terms) if corrected else None


def closest(folded: str, words: dict[str, tuple[str, int]]) -> str | None:
    """The vocabulary word most like ``folded`` (as it is usually written), or None if none is close enough."""
    same_size = [w for w in words if abs(len(w) - len(folded)) <= 2]
    near = difflib.get_close_matches(folded, same_size, n=5, cutoff=CUTOFF)
    if not near:
        return None
    best = max(near, key=lambda w: (difflib.SequenceMatcher(None, folded, w).ratio(), words[w][1]))
    return words[best][0]


def vocabulary() -> dict[str, tuple[str, int]]:
    """folded word -> (its most frequent spelling, occurrences), from the shared cache or built now.

    The cache holds the version's token (small) and the token's words: a process that already holds the token's
    words (``_memo``) does not fetch them again; one that finds no token builds them under a new one."""
    global _memo
    version_key = f"search:vocabulary:{_version()}"
    token = cache.get(version_key)
    if token and _memo is not None and _memo[0] == token:
        return _memo[1]
    rows = cache.get(f"search:vocabulary-words:{token}") if token else None
    if rows is None:
        rows, token = _build(), secrets.token_hex(8)
        cache.set_many({version_key: token, f"search:vocabulary-words:{token}": rows}, CACHE_SECONDS)
    words = {folded: (spelling, count) for folded, spelling, count in rows}
    _memo = (token, words)
    return words


def _version() -> str:
    """Entries are rewritten (a new id) whenever their thread changes: the newest id says the words may have."""
    return str(SearchEntry.objects.aggregate(newest=Max("id"))["newest"] or 0)


def _build() -> list[tuple[str, str, int]]:
    """(folded, spelling, count) of the most frequent words of the newest entries' titles and tags."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    newest = SearchEntry.objects.order_by("-id").values_list("title", "tags")[:VOCABULARY_ENTRIES]
    for title, tags in newest:
        for word in _WORD.findall(f"{title} {tags}"):
            folded = fold(word)
            if _correctable(folded):
                counts[folded] += 1
                spellings.setdefault(folded, Counter())[word.lower()] += 1
    return [(w, spellings[w].most_common(1)[0][0], n) for w, n in counts.most_common(VOCABULARY_WORDS)]


def _correctable(folded: str) -> bool:
    return len(folded) >= MIN_LENGTH and folded not in STOP_WORDS and not any(c.isdigit() for c in folded)
