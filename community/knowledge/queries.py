"""Reads about knowledge pages for other pages (the thread page's article links)."""

from __future__ import annotations

from community.knowledge.models import KnowledgePage
from community.site.languages import Locales


def articles_for_thread(thread_id: int) -> list[KnowledgePage]:
    """Every knowledge page promoted from this thread (drafts included), in one query."""
    return list(KnowledgePage.objects.filter(source_thread_id=thread_id).defer("intro", "body").order_by("pk"))


def one_per_article(pages: list[KnowledgePage]) -> list[KnowledgePage]:
    """The live ones among ``pages``, one per article (an article and its translations share a translation key):
    the reader's language's, else the default language's, else the oldest; in the order of ``pages``."""
    live = [page for page in pages if page.live]
    if len({page.translation_key for page in live}) == len(live):
        return live  # no translations among them: no question to ask the database
    locales = Locales.now()

    def preference(page):
        return (page.locale_id != locales.reader, page.locale_id != locales.default, page.pk)

    chosen: dict = {}
    for page in live:
        if page.translation_key not in chosen or preference(page) < preference(chosen[page.translation_key]):
            chosen[page.translation_key] = page
    kept = {page.pk for page in chosen.values()}
    return [page for page in live if page.pk in kept]
