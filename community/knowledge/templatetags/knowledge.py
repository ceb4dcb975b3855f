"""The thread page's knowledge widget (may the viewer promote, what was promoted, which articles are live) and the
home page's newest articles.

Used as ``{% load knowledge %}{% knowledge_for_thread thread vote_refusals as knowledge %}``, so the forum's
thread view needs no import of the knowledge package (one query, as before).
"""

from django import template
from django.utils.translation import get_language

from community.knowledge.queries import articles_for_thread, one_per_article
from config import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def knowledge_for_thread(context, thread, refusals) -> dict:
    user = context["request"].user
    promoted, _versions = page_cache.remember(
        f"knowledge-for-thread:{thread.pk}:{get_language()}",  # the article in the reader's language
        lambda: (_promoted(thread.pk), [page_cache.KNOWLEDGE, page_cache.thread_tag(thread.pk)]),
    )
    return {
        "can_promote": bool(
            user.is_authenticated and not getattr(user, "is_suspended", False) and not refusals.get("promote")
        ),
        **promoted,
    }


def _promoted(thread_id: int) -> dict:
    """What became of the thread in the knowledge base; the same for every viewer, so cached by versions
    (``site`` moves on every CMS publication, ``knowledge`` on every article event)."""
    pages = articles_for_thread(thread_id)
    return {
        "promoted_thread": any(p.source_answer_id is None for p in pages),
        "promoted_answer_ids": {p.source_answer_id for p in pages if p.source_answer_id},
        "articles": [{"title": p.title, "url": p.get_url()} for p in one_per_article(pages)],
    }


@register.simple_tag
def newest_articles(count: int = 4) -> list[dict]:
    """The newest live knowledge articles in the reader's language (else the default's), for the home page (which
    sits below the knowledge package and cannot import it): [{title, url, published}], kept in the shared cache
    until an article moves (``knowledge``) or the CMS publishes (``site``), so a warm page runs no query."""
    from community.knowledge.models import KnowledgeIndexPage

    def build():
        index = KnowledgeIndexPage.objects.live().order_by("pk").first()
        if index is None:
            return [], [page_cache.KNOWLEDGE]
        pages = index.articles().prefetch_related(None).only("title", "url_path", "first_published_at")[:count]
        articles = [{"title": p.title, "url": p.get_url(), "published": p.first_published_at} for p in pages]
        return articles, [page_cache.KNOWLEDGE]

    articles, _versions = page_cache.remember(f"newest-articles:{get_language()}:{count}", build)
    page_cache.depends_on(page_cache.KNOWLEDGE)
    return articles
