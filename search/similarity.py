"""Similar questions: the last step both backends share, re-ranking their best text matches.

A backend's text relevance (BM25 or ``ts_rank`` of the asker's words over title, body and answers, × quality ×
language) finds the threads that talk about the same things. A duplicate is more than that: it asks the same
question. Three signals say so, for any community, and are added here to the backend's (normalised) relevance of
its best matches (``POOL`` on the database, ``SIMILAR_POOL`` on Elasticsearch):

- **Title to title** (``Weights.TITLE_SIMILARITY``): how much of the asker's title, word by word and weighed by
  how rare each word is among the candidates, the candidate's title says too — or the title of any thread that
  moderators closed as a duplicate of it, or whose accepted answer links to it (``duplicate_titles``: each
  close-as-duplicate, each "see this thread" answer, is a phrasing of the linked thread's question, so the next
  asker phrasing it that way finds it). Words are compared folded and cut to their first ``STEM_CHARS``
  letters, which joins the forms of a word in English and French alike ("carbonated"/"carbonation",
  "vieillir"/"vieillissement") without a language's stemmer.
- **Title covered** (``Weights.TITLE_COVERED``): how much of the candidate's title (or a duplicate's), weighed
  the same way, the asker said anywhere in title or body. Askers often put the question in the body and give the
  title something shorter ("Who invented beer and when?" — "…when was the first beer ever brewed?"); the
  candidate whose whole question the asker wrote out is asking the same thing.
- **Tags** (``Weights.TAG_OVERLAP``): the share of the asker's tags a candidate carries. Askers and moderators
  file a question under the topic it is about; a shared tag separates "glassware" from "glass bottles".

All three are bounded (0 to 1) and added to a relevance scaled to 0-1, so a thread no text query matched is never
suggested, and the weights read as "a title saying the same thing is worth half the best text match".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from search import ranking, vocabulary
from search.query import STOP_WORDS

POOL = 80  # the database backend's best text matches re-ranked (enough to hold what a title must lift)
BODY_CHARS = 1500  # the start of the asker's body that ``TITLE_COVERED`` reads (where the question is put)
STEM_CHARS = 5  # letters that identify a word's family (prefix truncation, as in truncation stemming)

_WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)  # "over-carbonated" is one word, and also "over", "carbonated"


@dataclass
class Candidate:
    """One of a backend's best matches: its id, relevance, and what the signals compare."""

    key: object
    relevance: float
    title: str
    duplicate_titles: Sequence[str] = ()
    tags: Sequence[str] = ()
    final: float = field(default=0.0, compare=False)


def stems(text: str) -> set[str]:
    """The significant words of ``text``, folded, without a plural "s", cut to ``STEM_CHARS`` letters. A hyphenated
    word counts whole ("over-carbonated" is "overcarbonated", as others write it) and by its parts."""
    out = set()
    for token in _WORD.findall(text or ""):
        parts = token.split("-")
        out |= _stems([token.replace("-", ""), *parts] if len(parts) > 1 else parts)
    return out


def _stems(words: list[str]) -> set[str]:
    out = set()
    for word in words:
        folded = vocabulary.fold(word)
        if folded in STOP_WORDS or len(folded) < 3 or folded.isdigit():
            continue
        if len(folded) > 3 and folded.endswith("s") and not folded.endswith("ss"):
            folded = folded[:-1]
        out.add(folded[:STEM_CHARS])
    return out


def _idf(documents: list[set[str]]) -> dict[str, float]:
    """Inverse document frequency of each stem over the candidates' titles: a word in most of them ("beer" in a
    beer community) says little about which one is the same question."""
    counts: dict[str, int] = {}
    for doc in documents:
        for stem in doc:
            counts[stem] = counts.get(stem, 0) + 1
    n = len(documents)
    return {stem: math.log(1.0 + (n + 1) / (count + 0.5)) for stem, count in counts.items()}


def _cosine(query: set[str], title: set[str], idf: dict[str, float], default: float) -> float:
    if not query or not title:
        return 0.0
    shared = sum(idf.get(s, default) ** 2 for s in query & title)
    if not shared:
        return 0.0
    norm = math.sqrt(sum(idf.get(s, default) ** 2 for s in query) * sum(idf.get(s, default) ** 2 for s in title))
    return shared / norm


def _covered(told: set[str], title: set[str], idf: dict[str, float], default: float) -> float:
    """The share of ``title``'s words (weighed by rarity) that the asker used somewhere in ``told``."""
    if not title:
        return 0.0
    total = sum(idf.get(s, default) ** 2 for s in title)
    return sum(idf.get(s, default) ** 2 for s in title & told) / total


def rerank(
    title: str,
    tags: Iterable[str],
    candidates: list[Candidate],
    *,
    body: str = "",
    w: ranking.Weights = ranking.WEIGHTS,
) -> list[Candidate]:
    """``candidates`` (a backend's best matches, any order) best first by relevance + title + tag signals.
    ``body`` is what the asker wrote under the title (``TITLE_COVERED`` reads its start)."""
    if not candidates:
        return []
    asked = stems(title)
    told = asked | stems(body[:BODY_CHARS])
    asked_tags = {t.lower() for t in tags}
    titles = [[stems(c.title), *(stems(t) for t in c.duplicate_titles)] for c in candidates]
    idf = _idf([set().union(*phrasings) for phrasings in titles])
    default = math.log(1.0 + (len(candidates) + 1) / 0.5)  # a word no candidate has: as rare as can be
    best = max(c.relevance for c in candidates) or 1.0
    for candidate, phrasings in zip(candidates, titles, strict=True):
        similarity = max(_cosine(asked, phrasing, idf, default) for phrasing in phrasings)
        covered = max(_covered(told, phrasing, idf, default) for phrasing in phrasings)
        shared_tags = len(asked_tags & {t.lower() for t in candidate.tags}) / len(asked_tags) if asked_tags else 0.0
        candidate.final = (
            candidate.relevance / best
            + w.TITLE_SIMILARITY * similarity
            + w.TAG_OVERLAP * shared_tags
            + w.TITLE_COVERED * covered
        )
    return sorted(candidates, key=lambda c: -c.final)
