"""``GET /search/``: the search page's results (``search.api.search``: the same query syntax, ranking, filters
and sorts), under the same ``search`` rate limit."""

from __future__ import annotations

import logging
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Query

from community.api import caching, routers, schemas
from community.api.errors import problem
from community.api.pagination import page_url
from community.core.errors import RateLimited
from config import page_cache, throttle
from search import api as search_api

logger = logging.getLogger(__name__)

# Elasticsearch refreshes its index asynchronously, after the events: its results are kept a few seconds only
# (as the search page keeps them, search/views.py).
ES_RESULTS_SECONDS = 5


@routers.search.get(
    "/",
    response={200: schemas.SearchResults, 503: schemas.Problem},
    summary="Search",
    operation_id="search",
)
@caching.cached_read
def search(
    request,
    q: Annotated[str, Query(min_length=1, max_length=5000, description="The query, in the search page's syntax.")],
    tag: Annotated[
        list[str] | None, Query(max_length=5, description="Only posts with this tag (repeat for several).")
    ] = None,
    kind: schemas.SearchKind | None = None,
    status: schemas.SearchStatus | None = None,
    user: Annotated[str | None, Query(max_length=150, description="Only posts by this username.")] = None,
    lang: Annotated[
        str | None, Query(max_length=8, description="Only posts written in this language (e.g. `fr`).")
    ] = None,
    sort: schemas.SearchSort = schemas.SearchSort.relevance,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
):
    """Threads and knowledge articles matching `q`, ranked as on the search page (relevance weighted by votes,
    accepted answers, the author's reputation and freshness), with the same filters and sorts. `q` takes the
    page's syntax too (`tag:sync`, `"exact words"`, `-word`, `is:accepted`…); `notices` say what was made of it.
    Numbered pages (results stop at the page the site stops at); a 503 problem when search is down."""
    message = throttle.over_limit(request, "search")
    if message:
        raise RateLimited(message)
    filters = {
        "tags": [t.strip()[:40] for t in (tag or [])[:5] if t.strip()],
        "kind": kind.value if kind else "",
        "status": status.value if status else "",
        "user": user or "",
        "language": lang or "",
    }
    if search_api.backend_name() != "database":
        page_cache.max_age(ES_RESULTS_SECONDS)
    try:
        results = search_api.search(q, filters, page, sort=sort.value)
    except search_api.SearchUnavailable:
        logger.warning("API search: search unavailable", exc_info=True)
        return problem(503, _("Search is taking a break. Please try again in a few minutes."))
    return {
        "query": q,
        "total": results.total,
        "total_is_lower_bound": results.total_is_lower_bound,
        "page": results.page,
        "num_pages": results.num_pages,
        "sort": results.sort,
        "suggestion": results.suggestion,
        "notices": [str(n) for n in results.notices],
        "results": [schemas.present_hit(request, h) for h in results.hits],
        "next": page_url(request, results.page + 1 if results.has_next else None),
    }
