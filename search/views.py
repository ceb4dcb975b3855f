"""The search page and the similar-questions fragment. Thin: parse, call ``search.api``, render.

Bad input never raises: the query parser drops what it cannot use and says so, pages out of range are
clamped, and an unavailable backend gives a 503 page with a clear message — at once while the circuit
breaker is open (``search.breaker``), with ``Retry-After`` saying when search may be back.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from config import page_cache
from config.throttle import over_limit, throttled
from search import api, breaker
from search.query import site_languages
from search.types import KIND_LABELS, SORTS, STATUS_LABELS, SearchUnavailable

logger = logging.getLogger(__name__)

FILTER_PARAMS = ("tag", "kind", "status", "user", "lang")
ES_RESULTS_SECONDS = 5  # Elasticsearch refreshes its index every second; updates are delivered just after events


def _params(request) -> dict:
    get = request.GET
    return {
        "q": get.get("q", "")[:5000],
        "tag": [t[:40] for t in get.getlist("tag")[:5] if t.strip()],
        "kind": get.get("kind", "")[:20],
        "status": get.get("status", "")[:20],
        "user": get.get("user", "")[:150],
        "lang": get.get("lang", "")[:20],
        "sort": get.get("sort", "relevance")[:20],
        "page": get.get("page", "1")[:10],
    }


def _url(params: dict, **changes) -> str:
    """This search with some parameters changed (None removes one); always back to page 1 unless given."""
    merged = {**params, "page": None, **changes}
    pairs = []
    for key in ("q", "tag", "kind", "status", "user", "lang", "sort", "page"):
        value = merged.get(key)
        if key == "sort" and value == "relevance":
            continue
        if isinstance(value, list):
            pairs += [(key, v) for v in value]
        elif value not in (None, ""):
            pairs.append((key, value))
    return "?" + urlencode(pairs)


@require_GET
@throttled("search")
def search_page(request):
    params = _params(request)
    filters = {
        "tags": params["tag"],
        "kind": params["kind"],
        "status": params["status"],
        "user": params["user"],
        "language": params["lang"],
    }
    context = {"q": params["q"], "params": params, "sorts": SORTS, "backend": api.backend_name()}
    status = 200
    try:
        results, versions, results_key = _cached_search(params, filters)
    except SearchUnavailable:
        logger.warning("Search unavailable", exc_info=True)
        results, status = None, 503
        context["unavailable"] = True
    context["results"] = results
    if results is not None:
        # The results region is the same for every viewer of this URL (search.html's cached_region).
        context.update(fragment_generation=page_cache.generation(versions), fragment_clock=page_cache.clock())
        context["region_variant"] = results_key
        parsed = results.parsed
        context.update(
            sort_links=[(key, label, _url(params, sort=key), key == results.sort) for key, label in SORTS.items()],
            facet_groups=_facet_groups(results, params),
            chips=_chips(parsed, params),
            previous_url=_url(params, page=results.page - 1) if results.has_previous else None,
            next_url=_url(params, page=results.page + 1) if results.has_next else None,
            suggestion_url=_url({"sort": params["sort"]}, q=results.suggestion) if results.suggestion else None,
        )
    response = render(request, "search/search.html", context, status=status)
    if status == 503:
        response["Retry-After"] = str(max(1, round(breaker.seconds_until_trial())))
    return response


def _cached_search(params: dict, filters: dict):
    """The results of one search, kept while the community's content stands still (``page_cache.remember``).

    With the database backend a search reads the posts themselves, so the ``content`` version says exactly when
    results change. Elasticsearch is refreshed after the events, asynchronously: there, results (and the
    anonymous page that shows them) are kept a few seconds only.
    """
    seconds = 3600
    if api.backend_name() != "database":
        seconds = ES_RESULTS_SECONDS
        page_cache.max_age(ES_RESULTS_SECONDS)
    # The search settings (page size, last page) are part of what a result set is: a deploy that changes them
    # must not serve sets made under the old ones. So is the reader's language: the notices are written in it.
    what = repr((sorted(params.items()), sorted(getattr(settings, "SEARCH", {}).items()), translation.get_language()))
    key = "search-results:" + hashlib.sha1(what.encode(), usedforsecurity=False).hexdigest()
    results, versions = page_cache.remember(
        key,
        lambda: (api.search(params["q"], filters, params["page"], sort=params["sort"]), [page_cache.CONTENT]),
        seconds=seconds,
    )
    return results, versions, key


def _facet_groups(results, params):
    groups = []
    for key, title, param in (
        ("kind", pgettext("search facet", "Kind"), "kind"),
        ("status", pgettext("search facet", "Status"), "status"),
        ("language", pgettext("search facet", "Language"), "lang"),
        ("tags", pgettext("search facet", "Tags"), "tag"),
    ):
        items = []
        for facet in results.facets.get(key, []):
            if not facet.count and not facet.selected:
                continue  # a link to no result (the database backend lists every status, even at 0)
            if param == "tag":
                tags = (
                    [t for t in params["tag"] if t != facet.value] if facet.selected else params["tag"] + [facet.value]
                )
                url = _url(params, tag=tags)
            else:
                url = _url(params, **{param: None if facet.selected else facet.value})
            items.append((facet, url))
        if items:
            groups.append((title, items))
    return groups


@dataclass(frozen=True)
class Chip:
    """A filter in force, as members name it: "Questions", "Answered", "android", "By alice", "Français"."""

    label: str
    url: str  # this search without the filter
    spoken: str = ""  # what a screen reader says after "Remove filter:" when the label alone is unclear
    lang: str = ""  # the language the label is written in, when not the page's (a language named in itself)


def _chips(parsed, params) -> list[Chip]:
    """The filters in force, each with a link that removes it (only those set by parameters), named the way the
    facets name them, never by the query syntax's codes ("kind: page")."""
    chips = []
    for tag in params["tag"]:
        name = tag.lower()
        if name in parsed.tags:
            # Translators: read out after "Remove filter:" for a tag filter on the search page, e.g. "tag android".
            spoken = _("tag %(name)s") % {"name": name}
            chips.append(Chip(name, _url(params, tag=[t for t in params["tag"] if t != tag]), spoken=spoken))
    if params["kind"] and parsed.kind:
        chips.append(Chip(str(KIND_LABELS[parsed.kind]), _url(params, kind=None)))
    if params["status"] and parsed.status:
        chips.append(Chip(str(STATUS_LABELS[parsed.status]), _url(params, status=None)))
    if params["user"] and parsed.user:
        # Translators: a filter in force on the search page: only posts by this member (their username).
        chips.append(Chip(_("By %(username)s") % {"username": parsed.user}, _url(params, user=None)))
    if params["lang"] and parsed.language:
        name = site_languages().get(parsed.language, parsed.language)
        chips.append(Chip(name, _url(params, lang=None), lang=parsed.language))
    return chips


@require_GET
@throttled("similar")
def similar(request):
    """Up to 5 threads like the title (and body, and tags: space- or comma-separated) being typed: an HTML
    fragment, or JSON for scripts."""
    title = request.GET.get("title", "")[:300]
    body = request.GET.get("body", "")[:5000]
    tags = request.GET.get("tags", "")[:200].replace(",", " ").split()[:10]
    hits = api.similar(title, body, limit=5, language=_asker_language(request, title, body), tags=tags)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "results": [
                    {
                        "title": h.title,
                        "url": h.url,
                        "answers": h.answer_count,
                        "accepted": h.accepted,
                        "score": h.score,
                        "language": h.language,
                    }
                    for h in hits
                ]
            }
        )
    return render(request, "search/_similar.html", {"hits": hits, "title": title})


def _asker_language(request, title: str, body: str) -> str:
    """The language the question is being written in, as it will be stored once posted (the thread's language
    is detected the same way); the page's language when the text is too short to tell."""
    from community.forum.content_language import detect

    return detect(f"{title}\n{body}", fallback=translation.get_language() or "")


SUGGEST_MAX_AGE = 30  # seconds a browser may reuse suggestions (typing back over a prefix asks nothing again)


@require_GET
def suggest(request):
    """Search as you type (the header's box, static/guildhall/search_suggest.js): JSON of the threads, tags and
    members matching ``q`` (``search.api.suggest``); fewer than 2 characters give empty lists.

    Every request counts against the "search" throttle, and past it the answer is a 429 in JSON whatever the
    request accepts: the script shows the sentence. ``private``: the page cache (which keys on ``q``) never
    stores it, so no request escapes the throttle through a shared copy, while the browser may reuse it.
    """
    refusal = over_limit(request, "search")
    if refusal:
        response = JsonResponse({"error": refusal}, status=429)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
    found = api.suggest(request.GET.get("q", "")[:1000])
    response = JsonResponse(found.as_dict())
    response["Cache-Control"] = f"private, max-age={SUGGEST_MAX_AGE}"
    return response
