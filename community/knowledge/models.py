"""Knowledge pages: the curated side of the community (Wagtail page types).

- ``KnowledgeIndexPage`` (one, under the home page, at ``/knowledge/``): an editorial intro, the published
  articles, and — through ``RoutablePageMixin`` — a *topic hub* for every tag at ``/knowledge/topics/<tag>/``
  (and the list of topics at ``/knowledge/topics/``). Nobody creates hubs by hand: a tag is enough.
- ``KnowledgePage``: an article. Editorial intro, tags, pinned threads, a body (StreamField), and, when it was
  promoted from the community (``community.actions.promote_to_article``), its credited authors and the source
  thread (and answer) it came from.

Both list "the best community threads" for their tags. The ranking is ``search.api.rank_for_tags`` (relevance ×
the quality signals rewards produces), read through ``community.knowledge_cache``: cached per tag set and
invalidated by community events, never recomputed on every view.

Wagtail signals (connected by ``connect()`` from ``CommunityConfig.ready``): a knowledge page is indexed into
search when published and removed when unpublished or deleted; the *first* publication emits
``KnowledgeArticlePublished`` (through ``community.actions.article_published``), which rewards pays.

Both exist in every site language (Wagtail locales, docs/i18n.md): an index per language, an article and its
translations at the same URL; lists show each article once, in the reader's language when it has one
(``community.site.languages``).

Imported at the bottom of ``community.models`` so Django and Wagtail find the models.
"""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from community.core.validators import TAG_RE
from community.forum.models import Answer, Member, Tag, Thread
from community.knowledge.cms import thread_chooser_viewset
from community.site.blocks import body_blocks, intro_blocks
from community.site.languages import Locales, about_page, in_reader_language, mark_languages

logger = logging.getLogger(__name__)

MAX_THREADS_SHOWN = 30  # community.knowledge_cache ranks this many per tag set; pages show a slice


# --- blocks -----------------------------------------------------------------------------


def stream_text(stream) -> str:
    """The text of a StreamField, for the search index (HTML is fine: search strips it)."""
    parts: list[str] = []
    for block in stream or []:
        value = block.value
        if block.block_type == "post":
            parts.append(value.get("heading") or "")
            for part in value.get("body") or []:
                parts.append(part.value.source if part.block_type == "text" else part.value.get("code") or "")
        elif block.block_type == "code":
            parts.append(value.get("code") or "")
        elif block.block_type == "callout":
            parts += [value.get("title") or "", value.get("text") or ""]
        elif hasattr(value, "source"):  # RichText
            parts.append(value.source)
        else:
            parts.append(str(value))
    return "\n".join(p for p in parts if p)


# --- the index page and the topic hubs ---------------------------------------------------


class KnowledgeIndexPage(RoutablePageMixin, Page):
    """``/knowledge/``: the articles, the topics, and a hub for every tag."""

    intro = StreamField(intro_blocks("community/blocks/heading.html"), blank=True, use_json_field=True)
    articles_per_page = models.PositiveSmallIntegerField(default=20)
    topics_shown = models.PositiveSmallIntegerField(
        default=24, help_text=gettext_lazy("How many popular topics the index lists.")
    )
    threads_per_topic = models.PositiveSmallIntegerField(
        default=15,
        help_text=format_lazy(
            gettext_lazy("How many ranked threads a topic hub shows (at most {max})."), max=MAX_THREADS_SHOWN
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("articles_per_page"),
        FieldPanel("topics_shown"),
        FieldPanel("threads_per_topic"),
    ]
    parent_page_types = ["community.HomePage"]
    subpage_types = ["community.KnowledgePage"]
    max_count = 1
    template = "community/knowledge/knowledge_index_page.html"

    class Meta:
        verbose_name = gettext_lazy("knowledge index page")

    def articles(self, locales: Locales | None = None):
        """The live articles under this index and its translations as the reader reads them: in their language,
        else in the default language, never an article and its translation (``site.languages``); newest first."""
        indexes = Page.objects.filter(translation_key=self.translation_key, depth=self.depth).values("path")
        candidates = (
            KnowledgePage.objects.live()
            .public()
            .filter(depth=self.depth + 1)
            .annotate(parent_path=Substr("path", 1, len(self.path)))
            .filter(parent_path__in=indexes)
        )
        return (
            in_reader_language(candidates, locales)
            .order_by("-first_published_at", "-pk")
            .prefetch_related("tags", "credited_authors")
        )

    @path("")
    def index_route(self, request, *args, **kwargs):
        from community.forum import queries

        locales = Locales.now()
        page = Paginator(self.articles(locales), self.articles_per_page or 20).get_page(request.GET.get("page"))
        page.object_list = mark_languages(page.object_list, locales)
        return self.render(
            request,
            context_overrides={
                "articles": page,
                "topics": list(queries.tags_with_counts()[: self.topics_shown]),
                **self.urls(request),
            },
        )

    @path("topics/")
    def topics_route(self, request):
        from community.forum import queries

        q = request.GET.get("q", "")[:40]
        topics = Paginator(queries.tags_with_counts(q), 60).get_page(request.GET.get("page"))
        return self.render(
            request,
            template="community/knowledge/knowledge_topics.html",
            context_overrides={"topics": topics, "q": q, **self.urls(request, "topics/")},
        )

    @re_path(r"^topics/(?P<slug>[^/]+)/$")
    def topic_route(self, request, slug):
        from community.knowledge import cache as knowledge_cache

        # Most topics have no article: the tag's row says so (any page tagged with it, drafts too), and then the
        # articles' query and the view restrictions it reads are not asked.
        tag = (
            Tag.objects.filter(slug=slug.lower())
            .annotate(tagged_pages=models.Exists(TaggedKnowledgePage.objects.filter(tag=models.OuterRef("pk"))))
            .first()
        )
        if tag is None:
            raise Http404(_("No such topic."))
        articles = []
        if tag.tagged_pages:
            locales = Locales.now()
            articles = mark_languages(self.articles(locales).filter(tagged_items__tag=tag)[:20], locales)
        shown = min(self.threads_per_topic or 15, MAX_THREADS_SHOWN)
        return self.render(
            request,
            template="community/knowledge/knowledge_topic.html",
            context_overrides={
                "tag": tag,
                "articles": articles,
                "ranked_threads": knowledge_cache.ranked_threads([tag.name])[:shown],
                **self.urls(request, f"topics/{slug}/"),
            },
        )

    def urls(self, request, route: str = "") -> dict:
        """The index's links, from the path this request reached it by less its ``route``: asking ``self.url``
        instead reads every site's root paths (two queries and a page's worth of ORM when the cache is cold). A
        preview's request is the CMS's own, so it asks."""
        base = request.path.removesuffix(route) if request.path.endswith(route) else ""
        if getattr(request, "is_preview", False) or not base.endswith("/"):
            base = self.url or "/knowledge/"
        return knowledge_urls(base)


def knowledge_urls(base: str) -> dict:
    """For templates: ``knowledge_url`` (the index) and ``topics_url`` (a tag's hub is that + slug + "/")."""
    return {"knowledge_url": base, "topics_url": f"{base}topics/"}


# --- articles ------------------------------------------------------------------------------


class TaggedKnowledgePage(TaggedItemBase):
    """Knowledge pages share the community's tags, so a topic hub shows both threads and articles."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_knowledge_pages")
    content_object = ParentalKey("community.KnowledgePage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_knowledge_page_tag")]


class KnowledgePinnedThread(Orderable):
    page = ParentalKey("community.KnowledgePage", on_delete=models.CASCADE, related_name="pinned_threads")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("Why this thread is worth reading (optional).")
    )

    panels = [FieldPanel("thread", widget=thread_chooser_viewset.widget_class), FieldPanel("note")]


class KnowledgePageForm(WagtailAdminPageForm):
    """Tags follow the community's rules; credits are chosen among the source thread's participants."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("credited_authors")
        if field is None:
            return
        page = self.instance
        current = [m.pk for m in page.credited_authors.all()] if page.pk else []
        allowed = Q(pk__in=current)
        if page.source_thread_id:
            allowed |= Q(pk__in=Thread.objects.filter(pk=page.source_thread_id).values("author_id"))
            allowed |= Q(
                pk__in=Answer.objects.filter(thread_id=page.source_thread_id, is_deleted=False).values("author_id")
            )
        field.queryset = Member.objects.filter(allowed).order_by("username")
        field.widget = forms.CheckboxSelectMultiple()
        field.widget.choices = field.choices

    def clean_tags(self):
        names = [str(n).strip().lower() for n in (self.cleaned_data.get("tags") or []) if str(n).strip()]
        bad = [n for n in names if not TAG_RE.match(n)]
        bad = bad[:3]
        if bad:
            raise forms.ValidationError(
                ngettext(
                    # Translators: %(tags)s lists the refused tags, each in quotes.
                    "Tags use lower-case letters, digits and . + # - (up to 35 characters): %(tags)s is not allowed.",
                    "Tags use lower-case letters, digits and . + # - (up to 35 characters): %(tags)s are not allowed.",
                    len(bad),
                )
                % {"tags": ", ".join(repr(b[:40]) for b in bad)}
            )
        limit = settings.GUILDHALL["MAX_TAGS"] * 2
        if len(names) > limit:
            raise forms.ValidationError(
                ngettext("Use at most %(max)s tag.", "Use at most %(max)s tags.", limit) % {"max": limit}
            )
        return names


class KnowledgePage(Page):
    """An article: an editorial intro, a body, tags, pinned threads and the best threads for its tags."""

    intro = StreamField(
        intro_blocks(), blank=True, use_json_field=True, help_text=gettext_lazy("A short editorial introduction.")
    )
    body = StreamField(body_blocks(), blank=True, use_json_field=True)
    tags = ClusterTaggableManager(
        through=TaggedKnowledgePage, blank=True, help_text=gettext_lazy("Community tags this article is about.")
    )
    credited_authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="credited_articles",
        help_text=gettext_lazy(
            "Members credited for this article; they earn points and a badge when it is first published."
        ),
    )
    source_thread = models.ForeignKey(
        Thread,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_pages",
        help_text=gettext_lazy("The community thread this article was promoted from."),
    )
    source_answer = models.ForeignKey(
        Answer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_pages",
        help_text=gettext_lazy("The accepted answer this article was promoted from (empty for a tip)."),
    )
    threads_shown = models.PositiveSmallIntegerField(
        default=10,
        help_text=format_lazy(
            gettext_lazy("How many of the best threads for these tags to list (at most {max})."), max=MAX_THREADS_SHOWN
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("tags"),
        FieldPanel("body"),
        InlinePanel("pinned_threads", heading=gettext_lazy("Pinned threads"), label=gettext_lazy("Pinned thread")),
        FieldPanel("threads_shown"),
        MultiFieldPanel(
            [
                FieldPanel("credited_authors"),
                FieldPanel("source_thread", read_only=True),
                FieldPanel("source_answer", read_only=True),
            ],
            heading=gettext_lazy("Credits"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["community.KnowledgeIndexPage"]
    subpage_types: list[str] = []
    template = "community/knowledge/knowledge_page.html"
    base_form_class = KnowledgePageForm

    class Meta:
        verbose_name = gettext_lazy("knowledge article")
        indexes = [models.Index(fields=["source_thread", "source_answer"], name="knowledge_source_idx")]

    def tag_names(self) -> list[str]:
        return sorted({t.name for t in self.tags.all()})

    def search_text(self) -> str:
        return "\n".join(p for p in (stream_text(self.intro), stream_text(self.body)) if p)

    def get_context(self, request, *args, **kwargs):
        from community.knowledge import cache as knowledge_cache

        context = super().get_context(request, *args, **kwargs)
        tags = list(self.tags.all())
        pinned = self.pinned_threads.all()
        if not getattr(request, "is_preview", False):
            pinned = pinned.select_related("thread__author")
        pinned = [p for p in pinned if p.thread_id and not p.thread.is_deleted]
        # The source thread and the pinned ones are linked already: the ranked list shows the others.
        listed = {p.thread_id for p in pinned} | {self.source_thread_id}
        shown = min(self.threads_shown or 10, MAX_THREADS_SHOWN)
        ranked = [r for r in knowledge_cache.ranked_threads([t.name for t in tags]) if r.id not in listed][:shown]
        source = None
        if self.source_thread_id:
            source = (
                Thread.objects.filter(pk=self.source_thread_id, is_deleted=False)
                .only("pk", "title", "slug", "kind", "author_id")
                .first()
            )
        context.update(
            {
                "tags": tags,
                "pinned": pinned,
                "ranked_threads": ranked,
                "credited": list(self.credited_authors.all()),
                "source_thread": source,
                **self._index_urls(),
                **about_page(self),  # its language, the note when it is not the reader's, its translations
            }
        )
        return context

    def _index_urls(self) -> dict:
        """The index's URLs without a query: an article's URL is the index's plus its own slug."""
        url = self.url or ""
        if url.endswith(f"/{self.slug}/"):
            base = url[: -len(self.slug) - 1]
        else:  # a preview of an article not saved yet
            index = KnowledgeIndexPage.objects.order_by("pk").first()
            base = index.url if index else "/knowledge/"
        return knowledge_urls(base)


# --- reads for the thread page ----------------------------------------------------------------


# --- Wagtail signals: search index, first publication ----------------------------------------
