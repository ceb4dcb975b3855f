"""Search synonyms: sets of equivalent terms moderators manage ("ipa, india pale ale"), on every backend.

A search for any term of a set finds the threads that use any other. Terms may be several words; a term is
matched as a whole (its words in order), whether typed as words or as a "phrase".

- **Databases** (SQLite FTS5, PostgreSQL): query expansion. ``expand`` turns the query's words into groups of
  alternatives ("ipa" -> "ipa" OR the phrase "india pale ale"), which ``search.backends.database`` writes as OR
  groups of its MATCH expression or tsquery.
- **Elasticsearch**: the stock ``synonym_graph`` token filter with the sets inline (``elasticsearch_rules``), in the
  *search* analyzers only (``search.documents``): documents are analysed without it, so a change never needs them
  analysed again, only an index carrying the new rules (``search.tasks.apply_search_synonyms``; docs/search.md).

The sets are read once and kept in Django's cache until a change (``forget``, on commit of ``search.actions``), so
a search costs no query for them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from search.query import MAX_WORD_CHARS, STOP_WORDS, clean_word
from search.vocabulary import fold  # lower case without accents: "Café" and "cafe" are one term

logger = logging.getLogger(__name__)

CACHE_KEY = "search:synonym-sets:v1"
# A change drops the cached sets at once (``forget``) in a shared cache (production's Redis); with a cache of each
# process's own (the local-memory default) the other processes read them again within this many seconds.
CACHE_SECONDS = 60
MAX_TERMS = 20  # terms in one set
MAX_TERM_WORDS = 6  # words in one term
MAX_TERM_CHARS = MAX_WORD_CHARS  # characters in one term
MAX_SETS = 1000  # sets in all: they travel inline in the index settings and are matched on every search


def key(term: str) -> tuple[str, ...]:
    """What identifies a term: its folded words, without the words too common to search on (which the database
    backend drops from queries too), so "pain au chocolat" is found when "pain chocolat" is typed."""
    words = fold(term).split()
    return tuple(w for w in words if w not in STOP_WORDS) or tuple(words)


def normalise_terms(text: str) -> list[str]:
    """The terms of a set as a moderator typed them (comma-separated), lower-cased and deduplicated; raises
    ``ValidationError`` with a message saying what to change."""
    terms: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for raw in (text or "").replace("\n", ",").split(","):
        term = " ".join(raw.lower().split())
        if not term:
            continue
        if len(term) > MAX_TERM_CHARS:
            raise ValidationError(
                _("“%(term)s…” is longer than %(count)s characters: shorten it.")
                % {"term": term[:30], "count": MAX_TERM_CHARS}
            )
        words = term.split()
        if any(clean_word(word) != word for word in words):
            raise ValidationError(
                _("“%(term)s” has characters search ignores: use letters, digits, spaces and + # . ' - only.")
                % {"term": term}
            )
        if len(words) > MAX_TERM_WORDS:
            raise ValidationError(
                _("“%(term)s” has more than %(count)s words: use a shorter term.")
                % {"term": term, "count": MAX_TERM_WORDS}
            )
        if all(w in STOP_WORDS for w in (fold(w) for w in words)):
            raise ValidationError(_("“%(term)s” is made of words too common to search on.") % {"term": term})
        if key(term) not in seen:
            seen.add(key(term))
            terms.append(term)
    if len(terms) < 2:
        raise ValidationError(
            _("A set needs at least two different terms, separated by commas: “ipa, india pale ale”.")
        )
    if len(terms) > MAX_TERMS:
        raise ValidationError(
            ngettext(
                "A set holds at most %(count)s term: split it into several sets.",
                "A set holds at most %(count)s terms: split it into several sets.",
                MAX_TERMS,
            )
            % {"count": MAX_TERMS}
        )
    return terms


def sets(*, fresh: bool = False) -> list[tuple[str, ...]]:
    """Every set's terms, in a stable order (cached until a change; read from the database if the cache fails).

    ``fresh`` reads the database and stores what it read: for the rebuild, which must not take the sets a search
    in another process put back in the cache from before the change (it read them just before the commit)."""
    cached = None
    if not fresh:
        try:
            cached = cache.get(CACHE_KEY)
        except Exception:
            cached = None
    if cached is None:
        from search.models import SearchSynonym

        cached = [tuple(s.term_list()) for s in SearchSynonym.objects.order_by("pk")]
        try:
            cache.set(CACHE_KEY, cached, timeout=CACHE_SECONDS)
        except Exception:
            logger.warning("Could not keep the search synonyms in the cache", exc_info=True)
    return [tuple(s) for s in cached]


def known_words() -> set[str]:
    """Every word of every set, folded: words a moderator declared meaningful, so "Did you mean …?" never corrects
    them ("ipa" is not a typo of "ipad" once "ipa, india pale ale" is a set, even if no thread says "ipa" yet)."""
    return {word for terms in sets() for term in terms for word in fold(term).split()}


def forget() -> None:
    """Drop the cached sets: the next search reads the new ones."""
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        logger.warning("Could not drop the cached search synonyms; they expire within a minute", exc_info=True)


# --- Elasticsearch -----------------------------------------------------------------------------------------


def elasticsearch_rules(*, fresh: bool = False) -> list[str]:
    """The sets as ``synonym_graph`` rules in Solr format: "ipa, india pale ale". The filter sees the words before
    the analyzers fold accents, so an unaccented spelling typed ("cafe" for "café") gets a one-way rule of its own
    ("cafe => café, coffee"): listing it in the set would emit "café" twice once folded."""
    rules = []
    for terms in sets(fresh=fresh):
        rules.append(", ".join(terms))
        for term in terms:
            if fold(term) not in terms:
                rules.append(f"{fold(term)} => {', '.join(terms)}")
    return rules


# --- databases: query expansion -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lookup:
    by_key: dict[tuple[str, ...], tuple[str, ...]]
    longest: int


_last_lookup: tuple[tuple, _Lookup] | None = None  # (the sets, their lookup): rebuilt only when they change


def _lookup(all_sets: list[tuple[str, ...]]) -> _Lookup:
    global _last_lookup
    current = tuple(all_sets)
    if _last_lookup is None or _last_lookup[0] != current:
        by_key = {key(term): terms for terms in current for term in terms}
        _last_lookup = (current, _Lookup(by_key=by_key, longest=max((len(k) for k in by_key), default=0)))
    return _last_lookup[1]


def expand(words: list[str]) -> list[list[str]]:
    """The query's words as groups of alternatives, one group per word or per run of words that is a term of a
    set: ["ipa", "recipe"] -> [["ipa", "india pale ale"], ["recipe"]]. A group matches if any alternative does
    (a several-word alternative as a phrase); the longest term wins ("india pale ale" before "pale ale")."""
    found = _lookup(sets())
    if not found.by_key:
        return [[w] for w in words]
    folded = [fold(w) for w in words]
    groups: list[list[str]] = []
    i = 0
    while i < len(words):
        for size in range(min(found.longest, len(words) - i), 0, -1):
            terms = found.by_key.get(tuple(folded[i : i + size]))
            if terms:
                groups.append(list(terms))  # the typed words are one of them, as the moderator spelt it
                i += size
                break
        else:
            groups.append([words[i]])
            i += 1
    return groups


def expand_phrase(phrase: str) -> list[str]:
    """A quoted phrase's alternatives: the phrase, and the other terms of its set if it is a term of one."""
    terms = _lookup(sets()).by_key.get(key(phrase))
    return list(terms) if terms else [phrase]


def related_words(words: list[str], phrases: list[str] = ()) -> list[str]:
    """The words the query's synonyms add ("india", "pale", "ale" for "ipa"): what the highlighter marks too."""
    groups = [g for g in expand(list(words)) if len(g) > 1] + [g for g in map(expand_phrase, phrases) if len(g) > 1]
    related = [w for group in groups for term in group for w in term.split() if fold(w) not in STOP_WORDS]
    return list(dict.fromkeys(related))
