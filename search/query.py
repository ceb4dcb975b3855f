"""The query syntax members type, parsed into plain data; nothing typed ever reaches a query parser raw.

    words            all of them must match (English and French stemming: "running" finds "run")
    "exact phrase"   these words, in this order
    tag:name         only threads with this tag (repeat for several: all must match; a synonym means its main tag)
    is:question      questions only (also is:tip, is:idea)
    is:answered      with at least one answer (also is:unanswered, is:accepted)
    user:name        posts by this member (their username)
    lang:fr          threads written in this language (a code of settings.LANGUAGES, or its name: lang:français)

Backends receive ``ParsedQuery`` and build match/phrase/term queries from it, so Lucene syntax typed by a
member (``(((``, ``*:*``, ``\\``, ``AND``…) is just text: its punctuation is dropped here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

MAX_QUERY_CHARS = 300
MAX_TERMS = 24
MAX_PHRASES = 4
MAX_TAGS = 5

MAX_WORD_CHARS = 60  # longer "words" are noise (or an attack on the analyzers)

# Words too common to search on: Lucene's English stop words plus the question words members type ("how do
# I…"). Used by the English analyzer, more-like-this and the database backend; French uses Lucene's list.
STOP_WORDS_EN = (
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these they "
    "this to was will with how what why when where who which do does did doing done i i'm im my me can could "
    "would should we our you your get got any some has have had been am please thanks thank hi hello"
).split()
STOP_WORDS_FR = "le la les l de des du d un une et en est pour que qui dans sur au aux ce ces je j mon ma mes".split()
STOP_WORDS = frozenset(STOP_WORDS_EN + STOP_WORDS_FR)

KINDS = {
    "question": "question",
    "questions": "question",
    "tip": "tip",
    "tips": "tip",
    "idea": "idea",
    "ideas": "idea",
    "page": "page",
}
STATUSES = {"answered": "answered", "unanswered": "unanswered", "accepted": "accepted"}
# The language a document counts as when it has none (indexed before documents carried one): threads' default.
FALLBACK_LANGUAGE = "en"

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
# A word keeps letters, digits and the few joiners tags use (c++, c#, node.js, e-mail, l'été).
_WORD_CHARS = re.compile(r"[^\w+#.'’-]+", re.UNICODE)
_EDGE_JUNK = re.compile(r"^[+#.'’-]+|[.'’-]+$")
_TAG = re.compile(r"^[a-z0-9][a-z0-9.+#-]{0,34}$")
_USERNAME = re.compile(r"^[\w.@+-]{1,150}$", re.UNICODE)


@dataclass
class ParsedQuery:
    raw: str = ""
    terms: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    kind: str | None = None
    status: str | None = None
    user: str | None = None
    language: str | None = None  # a code of settings.LANGUAGES
    notices: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The free words, space-separated (what the analyzers see)."""
        return " ".join(self.terms)

    @property
    def has_text(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def has_filters(self) -> bool:
        return bool(self.tags or self.kind or self.status or self.user or self.language)

    @property
    def is_empty(self) -> bool:
        return not (self.has_text or self.has_filters)

    @property
    def exact_title(self) -> str | None:
        """The whole text the member typed, normalised, for the exact-title boost."""
        words = self.terms if self.terms else (self.phrases[:1] if len(self.phrases) == 1 else [])
        text = normalise_title(" ".join(words))
        return text or None


def normalise_title(text: str) -> str:
    """Lower-case, collapse spaces, drop trailing punctuation: how titles are compared for the exact boost."""
    return " ".join(text.lower().split()).strip(" ?!.:;,")[:256]


def site_languages() -> dict[str, str]:
    """The site's languages: code -> name, each named in itself ("en": "English", "fr": "Français")."""
    return {code: str(name) for code, name in settings.LANGUAGES}


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def language_code(value: str) -> str | None:
    """The site language ``value`` names (its code or its own name, any case or accents: "FR", "francais"; a
    regional variant counts as its language: "fr-CA" is "fr"), or None."""
    wanted = _folded(value.strip()).replace("_", "-")
    for candidate in dict.fromkeys([wanted, wanted.split("-")[0]]):
        for code, name in site_languages().items():
            if candidate and candidate in (code.lower(), _folded(name)):
                return code
    return None


def clean_word(word: str) -> str:
    word = _WORD_CHARS.sub("", word)
    word = _EDGE_JUNK.sub("", word)
    return word if re.search(r"\w", word) else ""


def _words(text: str) -> list[str]:
    return [w for w in (clean_word(part) for part in text.split()) if w and len(w) <= MAX_WORD_CHARS]


def parse(raw: str | None, filters: dict | None = None) -> ParsedQuery:
    """Parse what the member typed plus explicit ``filters`` (from facet links) into a ParsedQuery."""
    raw = (raw or "").replace("\x00", "")
    parsed = ParsedQuery(raw=raw.strip())
    text = " ".join(raw.split())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        parsed.notices.append(
            _("Your search was long, so only its first %(count)s characters were used.") % {"count": MAX_QUERY_CHARS}
        )

    for match in _TOKEN.finditer(text):
        phrase, token = match.group(1), match.group(2)
        if phrase is not None:
            words = _words(phrase)
            if len(words) > 1:
                if len(parsed.phrases) < MAX_PHRASES:
                    parsed.phrases.append(" ".join(words))
            elif words:
                parsed.terms.append(words[0])
            continue
        key, sep, value = token.partition(":")
        key = key.lower()
        if sep and value and key in ("tag", "is", "user", "kind", "lang", "language"):
            _apply_filter(parsed, key, value)
            continue
        # Anything else, including "*:*" or "title:foo", is text: keep its words.
        if len(token) > MAX_WORD_CHARS and not parsed.notices:
            parsed.notices.append(_("Words longer than %(count)s characters were ignored.") % {"count": MAX_WORD_CHARS})
        for word in _words(token.replace(":", " ")):
            parsed.terms.append(word)

    _merge_filters(parsed, filters or {})
    parsed.tags = _main_tags(parsed.tags)

    if len(parsed.terms) > MAX_TERMS:
        parsed.terms = parsed.terms[:MAX_TERMS]
        parsed.notices.append(_("Only the first %(count)s words were used.") % {"count": MAX_TERMS})
    # The same word twice adds nothing.
    seen: set[str] = set()
    parsed.terms = [t for t in parsed.terms if not (t.lower() in seen or seen.add(t.lower()))]
    return parsed


def _apply_filter(parsed: ParsedQuery, key: str, value: str) -> None:
    value = value.strip().strip('"').lower() if key != "user" else value.strip().strip('"')
    if key == "tag":
        if _TAG.match(value):
            if value not in parsed.tags and len(parsed.tags) < MAX_TAGS:
                parsed.tags.append(value)
        else:
            parsed.notices.append(_("“%(value)s” is not a tag name; it was ignored.") % {"value": value[:40]})
    elif key in ("is", "kind"):
        if value in KINDS:
            parsed.kind = KINDS[value]
        elif value in STATUSES:
            parsed.status = STATUSES[value]
        else:
            parsed.notices.append(
                _(
                    "“is:%(value)s” is not a filter we know: try is:question, is:tip, is:idea, is:answered, "
                    "is:unanswered or is:accepted."
                )
                % {"value": value[:30]}
            )
    elif key in ("lang", "language"):
        code = language_code(value)
        if code:
            parsed.language = code
        else:
            parsed.notices.append(
                _("“lang:%(value)s” is not a language of this site: try %(choices)s.")
                % {"value": value[:30], "choices": ", ".join(f"lang:{code}" for code in site_languages())}
            )
    elif key == "user":
        value = value.lstrip("@")
        if _USERNAME.match(value):
            parsed.user = value
        else:
            parsed.notices.append(_("“%(value)s” is not a username; it was ignored.") % {"value": value[:40]})


def _main_tags(tags: list[str]) -> list[str]:
    """``tag:js`` filters on the tag "js" stands for (a moderator's tag synonym: "javascript"), as posting "js"
    stores it. One query, none without a tag filter."""
    from community.forum.synonyms import main_tag_names  # read at call time: community's models import search.api

    return main_tag_names(tags)


def _merge_filters(parsed: ParsedQuery, filters: dict) -> None:
    tags = filters.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    for tag in tags:
        _apply_filter(parsed, "tag", str(tag))
    if filters.get("kind"):
        _apply_filter(parsed, "is", str(filters["kind"]))
    if filters.get("status"):
        _apply_filter(parsed, "is", str(filters["status"]))
    if filters.get("user"):
        _apply_filter(parsed, "user", str(filters["user"]))
    if filters.get("language"):
        _apply_filter(parsed, "lang", str(filters["language"]))


def parsed_to_query(parsed: ParsedQuery, terms: list[str]) -> str:
    """Write a ParsedQuery back as text with other ``terms``: the "Did you mean …?" link of both backends."""
    parts = list(terms) + [f'"{p}"' for p in parsed.phrases] + [f"tag:{t}" for t in parsed.tags]
    if parsed.kind:
        parts.append(f"is:{parsed.kind}")
    if parsed.status:
        parts.append(f"is:{parsed.status}")
    if parsed.user:
        parts.append(f"user:{parsed.user}")
    if parsed.language:
        parts.append(f"lang:{parsed.language}")
    return " ".join(parts)
