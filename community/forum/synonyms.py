"""Reading tag synonyms: which main tag a name members type stands for ("js" → "javascript").

Moderators set them (``add_tag_synonym`` in community/moderation/actions.py); here is only what the write paths,
the tag pages, feeds, follows and the composer's suggestions ask, each in one query.
"""

from __future__ import annotations

from django.db.models import Case, F, Q, Value, When

from community.forum.models import Tag, TagSynonym
from community.forum.queries import tags_with_counts
from config import page_cache


def main_tag_names(names: list[str]) -> list[str]:
    """``names`` with each synonym replaced by its main tag's name, duplicates dropped, order kept (one query,
    none for an empty list)."""
    if not names:
        return []
    mains = dict(TagSynonym.objects.filter(synonym__in=names).values_list("synonym", "tag__name"))
    return list(dict.fromkeys(mains.get(name, name) for name in names))


def tags_starting_with(prefix: str, limit: int) -> list[dict]:
    """Tags whose name starts with ``prefix``, most used first, with their visible-thread counts — and the tags
    whose synonym starts with it, naming the synonym typed ("js" → javascript: ``{"name": "javascript", "slug":
    "javascript", "count": 12, "synonym": "js"}``), since posting "js" stores javascript and /tags/js/ leads to
    javascript. One query: the tags joined to their synonyms (the composer's and the header's suggestions)."""
    prefix = prefix.strip().lower()[:40]
    if not prefix or limit < 1:
        return []
    rows = (
        tags_with_counts()
        .filter(Q(name__startswith=prefix) | Q(synonyms__synonym__startswith=prefix))
        # A tag that matches by its own name is suggested as itself, once, whatever its synonyms.
        .annotate(typed=Case(When(name__startswith=prefix, then=Value("")), default=F("synonyms__synonym")))
        .values("name", "slug", "thread_count", "typed")
        .order_by("-thread_count", "name", "typed")
        .distinct()[:limit]
    )
    return [
        {
            "name": row["name"],
            "slug": row["slug"],
            "count": row["thread_count"],
            **({"synonym": row["typed"]} if row["typed"] else {}),
        }
        for row in rows
    ]


def main_tag_of(slug: str) -> Tag | None:
    """The main tag a synonym's address leads to: ``slug`` is the synonym itself ("js") or the slug of the tag it
    was before it was merged ("nodejs" for "node.js"). None when it is no synonym."""
    slug = slug.lower()
    found = list(TagSynonym.objects.filter(Q(synonym=slug) | Q(slug=slug)).select_related("tag").order_by("pk")[:5])
    # The synonym spelled like the address first, before one whose slug only looks like it ("c#" and "c++": "c").
    found.sort(key=lambda row: row.synonym != slug)
    return found[0].tag if found else None


def synonyms_of(tag: Tag) -> list[str]:
    """The other names of ``tag``, alphabetically ("Also known as: ecmascript, js" on its page).

    Read from every tag's synonyms kept in the shared cache (a few hundred names at most), so a warm tag page
    costs no query more than the thread list. Adding or removing a synonym bumps the whole site
    (community/core/freshness.py ``SITE_WIDE``), and with it this value."""
    every, _versions = page_cache.remember(CACHE_KEY, _every_synonym)
    return every.get(tag.pk, [])


CACHE_KEY = "forum:tag-synonyms"


def _every_synonym():
    every: dict[int, list[str]] = {}
    for tag_id, synonym in TagSynonym.objects.order_by("synonym").values_list("tag_id", "synonym"):
        every.setdefault(tag_id, []).append(synonym)
    return every, []
