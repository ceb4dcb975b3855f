"""The feeds: ``django.contrib.syndication`` views writing Atom (``atom.CommunityAtomFeed``).

A ``Feed`` instance serves every request of its URL, so nothing of a request is kept on it: ``get_object``
returns a ``Listing`` — the feed's title, its page, its entries — and every other method reads from that.

Caching: for an anonymous reader the page cache (config/page_cache.py) keeps the whole document like any page.
The lists depend on ``content``, which every visible community event bumps, so a new thread shows at once; the
answers feed names exactly what it shows (its thread and the members in it), as the thread page does. Search
results on Elasticsearch are kept a few seconds only, as the search page keeps them. A reader that sends
``If-None-Match`` / ``If-Modified-Since`` gets a 304 when nothing changed (``conditional_page``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import conditional_page

from community.feeds import entries, queries
from community.feeds.atom import CommunityAtomFeed
from community.forum import synonyms
from community.forum.models import IdeaStatus, Thread
from community.site import brand
from config import page_cache
from search import api as search_api

# Search words longer than the search form lets anyone type are not a search: refused with a message.
MAX_QUERY_LENGTH = 800
SEARCH_FILTERS = ("tag", "kind", "status", "user", "lang")
SEARCH_SORTS = ("relevance", "newest", "votes")
ES_RESULTS_SECONDS = 5  # the search page's age limit on Elasticsearch, whose index is refreshed after events


@dataclass
class Listing:
    """One request's feed: what the generator writes at the top and the entries under it."""

    request: object
    title: str
    subtitle: str
    link: str  # the HTML page the feed follows (a path)
    entries: list[entries.Entry] = field(default_factory=list)
    updated_when_empty: datetime | None = None


class CommunityFeed(Feed):
    feed_type = CommunityAtomFeed
    item_guid_is_permalink = False

    @method_decorator(conditional_page)
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    # --- the feed ---------------------------------------------------------------------------------------------

    def title(self, listing: Listing) -> str:
        return listing.title

    def subtitle(self, listing: Listing) -> str:
        return listing.subtitle

    def link(self, listing: Listing) -> str:
        return listing.link

    def feed_url(self, listing: Listing) -> str:
        return listing.request.get_full_path()

    def feed_guid(self, listing: Listing) -> str:
        """The feed's own address (with its query) at the site's canonical address (``GUILDHALL_BASE_URL``, as
        the entries' ids): unique per feed, never reused for another, the same whatever host a reader uses."""
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + listing.request.get_full_path()

    def author_name(self, listing: Listing) -> str:
        """The community itself, for entries without an author of their own (a knowledge page in a search)."""
        return brand.current(listing.request).name

    def author_link(self, listing: Listing) -> str:
        return listing.request.build_absolute_uri("/")

    def feed_extra_kwargs(self, listing: Listing) -> dict:
        return {
            "base_url": listing.request.build_absolute_uri("/"),
            "updated_when_empty": listing.updated_when_empty,
        }

    def items(self, listing: Listing) -> list[entries.Entry]:
        return listing.entries

    # --- each entry -------------------------------------------------------------------------------------------

    def item_title(self, entry: entries.Entry) -> str:
        return entry.title

    def item_link(self, entry: entries.Entry) -> str:
        return entry.link

    def item_guid(self, entry: entries.Entry) -> str:
        return entry.id

    def item_description(self, entry: entries.Entry) -> None:
        return None  # written as <summary type="text"> and <content type="html"> (atom.py)

    def item_pubdate(self, entry: entries.Entry) -> datetime | None:
        return entry.published

    def item_updateddate(self, entry: entries.Entry) -> datetime:
        return entry.updated

    def item_author_name(self, entry: entries.Entry) -> str | None:
        return entry.author_name or None

    def item_author_link(self, entry: entries.Entry) -> str | None:
        return entry.author_uri

    def item_categories(self, entry: entries.Entry) -> tuple[str, ...]:
        return entry.categories

    def item_extra_kwargs(self, entry: entries.Entry) -> dict:
        return {"summary": entry.summary, "content": entry.content, "language": entry.language}

    def _site(self, request) -> str:
        return brand.current(request).name


# --- threads ---------------------------------------------------------------------------------------------------


def threads_title(kind: str | None, site: str) -> str:
    """The title of the newest threads' feed (also the pages' ``<link rel="alternate">`` title)."""
    if kind == "question":
        return _("Newest questions on %(site)s") % {"site": site}
    if kind == "tip":
        return _("Newest tips on %(site)s") % {"site": site}
    if kind == "idea":
        return _("Newest ideas on %(site)s") % {"site": site}
    return _("Newest threads on %(site)s") % {"site": site}


def tag_title(tag, site: str) -> str:
    return _("Newest threads tagged %(tag)s on %(site)s") % {"tag": tag.name, "site": site}


def answers_title(thread: Thread) -> str:
    if thread.is_question:
        return _("Answers to “%(title)s”") % {"title": thread.title}
    return _("Replies to “%(title)s”") % {"title": thread.title}


def search_title(q: str, site: str) -> str:
    return _("Search results for “%(query)s” on %(site)s") % {"query": " ".join(q.split()), "site": site}


def ideas_title(status: str | None, site: str) -> str:
    if not status or status == "all":
        return _("Ideas on %(site)s") % {"site": site}
    if status == "open":
        return _("Open ideas on %(site)s") % {"site": site}
    return _("Ideas marked “%(status)s” on %(site)s") % {"status": IdeaStatus(status).label, "site": site}


class ThreadsFeed(CommunityFeed):
    """``/feeds/threads/`` and ``/feeds/threads/<kind>/``: the newest threads, of every kind or of one."""

    def get_object(self, request, kind: str | None = None) -> Listing:
        if kind is not None and kind not in Thread.Kind.values:
            raise Http404(_("No such kind of thread."))
        link = reverse("community:threads_sorted", args=["newest"]) + (f"?kind={kind}" if kind else "")
        threads = queries.newest_threads(kind)
        return Listing(
            request=request,
            title=threads_title(kind, self._site(request)),
            subtitle=_("New posts as they are published, newest first."),
            link=link,
            entries=[entries.thread_entry(request, thread) for thread in threads],
        )


class TagFeed(CommunityFeed):
    """``/feeds/tags/<slug>/``: the tag's newest threads. A synonym's feed ("js") moves for good to its main tag's,
    so a reader subscribed before the merge follows it."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            main = synonyms.main_tag_of(kwargs["slug"])
            if main is None:
                raise
            return HttpResponsePermanentRedirect(reverse("community:feed_tag", args=[main.slug]))

    def get_object(self, request, slug: str) -> Listing:
        tag = queries.tag_or_404(slug)
        threads = queries.newest_tagged(tag)
        return Listing(
            request=request,
            title=tag_title(tag, self._site(request)),
            subtitle=tag.description or _("New posts as they are published, newest first."),
            link=reverse("community:tag_sorted", args=[tag.slug, "newest"]),
            entries=[entries.thread_entry(request, thread) for thread in threads],
        )


class AnswersFeed(CommunityFeed):
    """``/feeds/t/<id>/``: a thread's newest answers (replies to a tip or an idea)."""

    def get_object(self, request, pk: int) -> Listing:
        thread = queries.visible_thread_or_404(pk)
        answers = queries.newest_answers(thread)
        # What the document shows, as the thread page names it: the thread and every member in it.
        members = {thread.author_id, *(answer.author_id for answer in answers)}
        page_cache.exact(page_cache.thread_tag(thread.pk), *(page_cache.member_tag(m) for m in sorted(members)))
        if thread.is_question:
            subtitle = _("New answers to this question, newest first.")
        else:
            subtitle = _("New replies to this thread, newest first.")
        return Listing(
            request=request,
            title=answers_title(thread),
            subtitle=subtitle,
            link=thread.get_absolute_url(),
            entries=[entries.answer_entry(request, answer) for answer in answers],
            updated_when_empty=thread.edited_at or thread.created_at,
        )


# --- search ----------------------------------------------------------------------------------------------------


class BadFeedRequest(Exception):
    """The query string cannot make a feed; the message says why (a 400)."""


class SearchFeed(CommunityFeed):
    """``/feeds/search/?q=…`` (and the search page's filters and sort): the first results of that search, in the
    order of the search page — the same ``search.api.search`` call."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadFeedRequest as refused:
            return HttpResponse(str(refused), status=400, content_type="text/plain; charset=utf-8")
        except search_api.SearchUnavailable:
            message = _("Search is not answering right now. Please try again in a minute.")
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = "60"
            return response

    def get_object(self, request) -> Listing:
        q = request.GET.get("q", "")
        if not q.strip():
            raise BadFeedRequest(_("Say what to search for: the address needs q= followed by a few words."))
        if len(q) > MAX_QUERY_LENGTH:
            raise BadFeedRequest(
                _("A search is at most %(limit)s characters long: shorten it.") % {"limit": MAX_QUERY_LENGTH}
            )
        params = {name: request.GET.get(name, "")[:150] for name in SEARCH_FILTERS if name != "tag"}
        tags = [t[:40] for t in request.GET.getlist("tag")[:5] if t.strip()]
        sort = request.GET.get("sort", "relevance")
        sort = sort if sort in SEARCH_SORTS else "relevance"
        filters = {
            "tags": tags,
            "kind": params["kind"],
            "status": params["status"],
            "user": params["user"],
            "language": params["lang"],
        }
        if search_api.backend_name() != "database":
            page_cache.max_age(ES_RESULTS_SECONDS)
        results = search_api.search(q, filters, 1, sort=sort, per_page=queries.FEED_LENGTH)
        now = timezone.now()
        page_query = [("q", q), *(("tag", t) for t in tags), *((k, v) for k, v in params.items() if v)]
        if sort != "relevance":
            page_query.append(("sort", sort))
        return Listing(
            request=request,
            title=search_title(q, self._site(request)),
            subtitle=_("The first results, in the order of the search page."),
            link=reverse("search:search") + "?" + urlencode(page_query),
            entries=[entries.hit_entry(request, hit, fallback=now) for hit in results.hits],
        )


# --- ideas -----------------------------------------------------------------------------------------------------


class IdeasFeed(CommunityFeed):
    """``/feeds/ideas/`` and ``/feeds/ideas/<status>/`` (or ``open``): ideas as they reach their status."""

    def get_object(self, request, status: str | None = None) -> Listing:
        if status is not None and status not in queries.IDEA_FILTERS:
            raise Http404(_("No such idea status."))
        if status is None:
            subtitle = _("Ideas as they are suggested or change status, the latest first.")
        elif status == "open":
            subtitle = _("Ideas still open as they are suggested or change status, the latest first.")
        else:
            subtitle = _("Ideas as they reach this status, the latest first.")
        ideas = queries.ideas_by_status(status)
        return Listing(
            request=request,
            title=ideas_title(status, self._site(request)),
            subtitle=subtitle,
            link=reverse("community:ideas") + (f"?status={status}&sort=updated" if status else "?sort=updated"),
            entries=[entries.idea_entry(request, idea) for idea in ideas],
        )


__all__ = ["AnswersFeed", "IdeasFeed", "SearchFeed", "TagFeed", "ThreadsFeed"]
