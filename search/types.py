"""What ``search.api`` returns: plain data, the same from every backend."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import pgettext_lazy

from search.query import ParsedQuery, site_languages

# Labels are lazy: a result set kept in the shared cache names its facets in each reader's language.
SORTS = {
    "relevance": pgettext_lazy("sort search results", "Relevance"),
    "newest": pgettext_lazy("sort search results", "Newest"),
    "votes": pgettext_lazy("sort search results", "Votes"),
}
KIND_LABELS = {
    "question": pgettext_lazy("search facet", "Questions"),
    "tip": pgettext_lazy("search facet", "Tips"),
    "idea": pgettext_lazy("search facet", "Ideas"),
    "page": pgettext_lazy("search facet", "Knowledge articles"),
}
STATUS_LABELS = {
    "answered": pgettext_lazy("search facet: questions", "Answered"),
    "unanswered": pgettext_lazy("search facet: questions", "Unanswered"),
    "accepted": pgettext_lazy("search facet: questions", "Accepted answer"),
}


class SearchUnavailable(Exception):
    """The search backend cannot answer now (Elasticsearch down or timing out)."""


class SearchMisconfigured(SearchUnavailable):
    """The cluster cannot take our index settings (e.g. it lacks a stock analysis component).

    A kind of unavailability, so updates stay queued and pages degrade as in an outage, but it needs an
    operator, not time: its message names what is missing and the fix.
    """


@dataclass
class Hit:
    doc_type: str  # "thread" or "page"
    id: int
    title: str
    url: str
    kind: str
    tags: list[str]
    author: str
    author_name: str
    score: int
    answer_count: int
    accepted: bool
    created: datetime | None
    last_activity: datetime | None
    title_html: str = ""  # escaped, matches wrapped in <mark>
    snippet_html: str = ""  # escaped, matches wrapped in <mark>
    rank: float = 0.0
    language: str = "en"  # what the thread (or page) is written in: pages mark title and snippet with lang
    snippet_in_answer: bool = False  # the snippet comes from an answer (the page says so, in the reader's language)
    author_id: int | None = None  # the member (a thread's author): their recognition shows beside the name


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool = False
    lang: str = ""  # the language the label is written in, when it is not the page's (a language named in itself)


@dataclass
class SearchResults:
    parsed: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_lower_bound: bool = False  # Elasticsearch stops counting exactly at 10,000
    facets_are_lower_bounds: bool = False  # the database backend counts facets over a bounded sample
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    suggestion: str | None = None  # "Did you mean …?": the query with its misspelt words corrected
    showing_suggestion: bool = False  # the query as typed found nothing: these are the suggestion's results
    notices: list[str] = field(default_factory=list)
    backend: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1 if self.hits else 0


def language_facets(counts: dict[str, int], parsed: ParsedQuery) -> list[Facet]:
    """The "Language" facet: one item per site language with matches, in the order of ``settings.LANGUAGES``,
    each named in itself ("English", "Français") whatever the page's language."""
    return [
        Facet(value=code, label=name, count=counts[code], selected=code == parsed.language, lang=code)
        for code, name in site_languages().items()
        if counts.get(code)
    ]
