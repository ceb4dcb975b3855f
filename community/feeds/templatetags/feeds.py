"""``{% load feeds %}``: the feed that follows a page, for its ``<link rel="alternate">`` and its "Feed" link.

Each tag returns a ``FeedLink`` (address and title) named by the same functions the feeds take their titles from
(``community.feeds.feeds``), so a page's link and the document it points at agree::

    {% threads_feed kind as feed %}{% include "community/feeds/_alternate.html" %}

A search's feed carries the search's words, filters and sort in its query string, read back the way
``SearchFeed`` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from community.feeds import feeds

register = template.Library()


@dataclass(frozen=True)
class FeedLink:
    url: str
    title: str


def _site(context) -> str:
    brand = context.get("community_brand")
    return brand.name if brand is not None else ""


@register.simple_tag(takes_context=True)
def threads_feed(context, kind=None) -> FeedLink:
    """The newest threads of ``kind`` (None or "": every kind)."""
    if kind:
        url = reverse("community:feed_threads_kind", args=[kind])
    else:
        url = reverse("community:feed_threads")
    return FeedLink(url, feeds.threads_title(kind or None, _site(context)))


@register.simple_tag(takes_context=True)
def tag_feed(context, tag) -> FeedLink:
    return FeedLink(reverse("community:feed_tag", args=[tag.slug]), feeds.tag_title(tag, _site(context)))


@register.simple_tag
def answers_feed(thread) -> FeedLink:
    return FeedLink(reverse("community:feed_answers", args=[thread.pk]), feeds.answers_title(thread))


@register.simple_tag(takes_context=True)
def search_feed(context, params: dict) -> FeedLink:
    """``params`` is the search page's (``q``, ``tag`` as a list, the other filters, ``sort``)."""
    pairs = [("q", params.get("q", ""))]
    for name in feeds.SEARCH_FILTERS:
        value = params.get(name)
        pairs += [(name, v) for v in (value if isinstance(value, list) else [value]) if v]
    if params.get("sort") and params["sort"] != "relevance":
        pairs.append(("sort", params["sort"]))
    url = reverse("community:feed_search") + "?" + urlencode(pairs)
    return FeedLink(url, feeds.search_title(params.get("q", ""), _site(context)))


@register.simple_tag(takes_context=True)
def ideas_feed(context, status=None) -> FeedLink:
    """The ideas of ``status`` as the board names it: "all" (or none), "open" or one status."""
    if status and status != "all":
        url = reverse("community:feed_ideas_status", args=[status])
    else:
        url = reverse("community:feed_ideas")
    return FeedLink(url, feeds.ideas_title(status, _site(context)))
