"""``GET /knowledge/`` and ``/knowledge/{id}``: the published knowledge articles, as the knowledge index lists them
(``KnowledgeIndexPage.articles``: in the reader's language, else the default language's, never an article and
its translation), newest first."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query

from community.api import caching, routers, schemas
from community.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_url
from community.knowledge.models import KnowledgeIndexPage, KnowledgePage
from community.site.languages import Locales
from config import page_cache


def _present(request, page, locales: Locales) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "url": schemas.absolute(request, page.url or ""),
        "language": locales.code(page.locale_id),
        "tags": sorted(t.name for t in page.tags.all()),
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "source_thread_id": page.source_thread_id,
    }


@routers.knowledge.get(
    "/", response=schemas.ArticlePage, summary="List knowledge articles", operation_id="list_articles"
)
@caching.cached_read
def list_articles(
    request,
    cursor: Annotated[str | None, Query(max_length=400, description="The `next` link's cursor.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """Published knowledge articles, newest first, each once: in the reader's language (`Accept-Language`, or a
    member's saved language) when it has a translation, else in the site's default language. Cursor pages."""
    page_cache.depends_on(page_cache.KNOWLEDGE)
    locales = Locales.now()
    index = KnowledgeIndexPage.objects.live().filter(locale_id=locales.default).order_by("pk").first()
    if index is None:
        return {"results": [], "next": None}
    rows = index.articles(locales).order_by("-first_published_at", "-pk")
    page = cursor_page(rows, cursor=cursor, limit=limit, scope="knowledge")
    caching.modified(request, *(p.last_published_at for p in page.items))
    return {"results": [_present(request, p, locales) for p in page.items], "next": next_url(request, page.next_cursor)}


@routers.knowledge.get(
    "/{int:article_id}", response=schemas.ArticleDetail, summary="Get a knowledge article", operation_id="get_article"
)
@caching.cached_read
def get_article(request, article_id: int):
    """A published knowledge article with its introduction and body as the site draws them (HTML). Drafts and
    unpublished articles are a 404."""
    page_cache.depends_on(page_cache.KNOWLEDGE)
    page = KnowledgePage.objects.live().public().filter(pk=article_id).prefetch_related("tags").first()
    if page is None:
        raise Http404(_("No such knowledge article."))
    caching.modified(request, page.last_published_at)
    return {
        **_present(request, page, Locales.now()),
        "intro_html": str(page.intro),
        "body_html": str(page.body),
    }
