"""The words of the database index (``SearchWord``): what "Did you mean …?" corrects to on the database backend.

Elasticsearch's term suggester reads its index's terms; the database keeps its own list, written with the entries
(``DatabaseBackend.upsert`` and ``delete``), in the same transaction, so a new thread's words count at once and a
deleted thread's words stop counting. Each entry counts once per distinct word of its title, tags and the first
``BODY_CHARS`` characters of its body (a word's ``frequency`` is the number of entries using it).

Cost at 100,000 threads: writing an entry (an edit rewrites it) reads its old text with the delete that comes first
anyway, and writes the net change of its words — those it gained and lost — in one statement (``CHUNK`` rows at most
per statement, in word order, so that concurrent writers lock the rows they share in the same order and never
deadlock). ``search_reindex`` counts the table again batch by batch. It holds each word once, however many threads
use it: tens of thousands of rows for a large forum.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from django.db import connection
from django.db.models.functions import Substr

from search.query import STOP_WORDS

BODY_CHARS = 5000  # the start of a body says what it is about; the rest would only add rare words and typos
MIN_LENGTH = 3  # shorter words are too ambiguous to correct, or to correct to
MAX_LENGTH = 40  # longer "words" are URLs, hashes, keyboard mashing (and the column's size)
CHUNK = 500  # words per statement

Texts = tuple[str, str, str]  # an entry's (title, tags, body)

_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)  # "l’hiver" → "l", "hiver"; "home-screen" → "home", "screen"


def fold_text(text: str) -> str:
    """Lower case without accents: how words are compared ("Vélo" and "velo" are one word)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


# Words and query terms recur (highlights, snippets, spelling): cached. A whole document never does, and would
# fill the cache with texts of up to ~90 KB each during a reindex: documents go through ``fold_text``.
fold = lru_cache(maxsize=8192)(fold_text)


def correctable(folded: str) -> bool:
    """Whether a (folded) word is worth keeping, and correcting: letters only, not a stop word, not too short."""
    return MIN_LENGTH <= len(folded) <= MAX_LENGTH and folded.isalpha() and folded not in STOP_WORDS


def words_of(title: str, tags: str, body: str) -> dict[str, str]:
    """folded -> spelling (lower case, accents kept) of the distinct words of one entry."""
    words: dict[str, str] = {}
    for word in _LETTERS.findall(f"{title} {tags} {body[:BODY_CHARS]}"):
        spelling = word.lower()
        folded = fold(spelling)
        if correctable(folded) and (folded not in words or words[folded] == folded):
            words[folded] = spelling  # an accented spelling wins over the same word typed without accents
    return words


def change(*, removed: Iterable[Texts] = (), added: Iterable[Texts] = ()) -> None:
    """Stop counting the words of the entries ``removed`` (as they were written) and count those of the entries
    ``added``: (title, tags, body) each. Only the net change is written (an edit that keeps a word does not touch
    it), all in word order, so that concurrent writers lock the rows they share in the same order."""
    net: Counter[str] = Counter()
    spellings: dict[str, str] = {}
    for sign, texts in ((-1, removed), (+1, added)):
        for title, tags, body in texts:
            for folded, spelling in words_of(title or "", tags or "", body or "").items():
                net[folded] += sign
                if spellings.get(folded, folded) == folded:
                    spellings[folded] = spelling
    rows = [(folded, spellings[folded], n) for folded, n in sorted(net.items()) if n]
    for start in range(0, len(rows), CHUNK):
        _upsert(rows[start : start + CHUNK])


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchword")


def _upsert(rows: list[tuple[str, str, int]]) -> None:
    """Add each row's count (negative: entries removed) to its word's frequency, never below 0, inserting the words
    not seen yet. A stored spelling without accents gives way to one with them ("biere" → "bière"): members write
    words both ways, and a suggestion should show the proper one. (A word removed that was never counted, which
    only an inconsistent table has, is stored below 0 and counts as 0 from then on.)"""
    greatest = "MAX" if connection.vendor == "sqlite" else "GREATEST"
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO search_searchword (folded, spelling, frequency) VALUES {values}"
            " ON CONFLICT (folded) DO UPDATE SET"
            f" frequency = {greatest}({greatest}(search_searchword.frequency, 0) + excluded.frequency, 0),"
            " spelling = CASE WHEN search_searchword.spelling = search_searchword.folded"
            " THEN excluded.spelling ELSE search_searchword.spelling END",
            [value for row in rows for value in row],
        )


def add_entries(entries, batch: int = 1000) -> None:
    """Count the words of the entries of a ``SearchEntry`` queryset, ``batch`` at a time (a rebuild, migration 0005)."""
    last = 0
    while True:
        rows = list(
            entries.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "title", "tags", Substr("body", 1, BODY_CHARS))[:batch]
        )
        if not rows:
            return
        change(added=[row[1:] for row in rows])
        last = rows[-1][0]
