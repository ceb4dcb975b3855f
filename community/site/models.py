"""Wagtail page types of the public site."""

from django import forms
from django.db import models
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from community.core import fragments
from community.site import colours
from community.site.blocks import CalloutBlock, body_blocks


class HomePage(Page):
    """The community's front door: the product's name and a search box, an editable intro, then the questions
    waiting for an answer, the newest threads and knowledge articles, and this week's top contributors."""

    intro = StreamField(
        [
            (
                "heading",
                blocks.CharBlock(form_classname="title", icon="title", template="community/blocks/heading.html"),
            ),
            ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])),
            ("callout", CalloutBlock()),
        ],
        blank=True,
        use_json_field=True,
    )
    threads_shown = models.PositiveSmallIntegerField(
        default=8, help_text=gettext_lazy("How many newest threads to list.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("threads_shown")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "community/site/home_page.html"

    @property
    def intro_heading(self) -> str:
        """The intro's first heading: the page's title when the community team writes one (else the template
        welcomes readers to the brand by name)."""
        return next((str(block.value) for block in self.intro if block.block_type == "heading"), "")

    def get_context(self, request, *args, **kwargs):
        from community.site import queries

        context = super().get_context(request, *args, **kwargs)
        context.update(queries.home(self.threads_shown))
        # The two thread lists are the same for every reader of a language: drawn once, kept while nothing changes.
        context["home_lists"], _ = fragments.shared_region(
            f"home-lists:{self.threads_shown}",
            lambda: (render_to_string("community/site/_home_lists.html", queries.home_lists(self.threads_shown)), None),
        )
        return context

    def route(self, request, path_components):
        """Wagtail routes from the home page in the reader's language (``site.root_page.localized``); a page with
        no live translation under it is served from the default language's tree, else from any other (its
        template says so: ``community.site.languages``): a missing translation is never a 404."""
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
            for home in self._other_languages():
                try:
                    return super(HomePage, home).route(request, path_components)
                except Http404:
                    continue
            raise

    def _other_languages(self) -> list["HomePage"]:
        """This page's live translations, the default language's first."""
        from community.site.languages import Locales

        default = Locales.now().default
        others = HomePage.objects.live().filter(translation_key=self.translation_key).exclude(pk=self.pk)
        return sorted(others, key=lambda home: (home.locale_id != default, home.pk))


class PrivacyPage(Page):
    """What Guildhall stores about members, why, and how to download or erase it: written by the team in the CMS.

    A data migration creates it at /privacy/ with a default text, so a fresh install has one; the site's footer
    and the sign-up form link to it (``community.core.context_processors.frame_urls``)."""

    intro = models.TextField(blank=True, help_text=gettext_lazy("A sentence or two shown under the title."))
    body = StreamField(body_blocks(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["community.HomePage"]
    subpage_types = []
    max_count = 1
    template = "community/site/privacy_page.html"


@register_setting(icon="site")
class CommunityBrand(BaseSiteSetting):
    """Whose community this is and how it looks: the brand and product pages name, the site's name (header,
    page titles, e-mails), its logo, colours and icon.

    Edited by the community team in the CMS (Settings → Community brand). Pages read it through
    ``community.site.brand.current`` — kept in the shared cache under the ``site`` version, which saving it
    bumps — never with ``CommunityBrand.for_request``, which would query (and create the row) on every page.
    """

    brand_name = models.CharField(
        gettext_lazy("brand name"),
        max_length=60,
        default="Guildhall",
        help_text=gettext_lazy("The company or project the community belongs to, e.g. “Lumen”."),
    )
    product_name = models.CharField(
        gettext_lazy("product name"),
        max_length=60,
        blank=True,
        help_text=gettext_lazy("What members ask about, e.g. “Lumen”. Empty: the brand name."),
    )
    purpose = models.TextField(
        gettext_lazy("what this community is for"),
        max_length=600,
        blank=True,
        help_text=gettext_lazy(
            "One paragraph for new members, shown on the welcome page. Empty: a sentence naming the product, "
            "in each reader's language."
        ),
    )

    site_name = models.CharField(
        gettext_lazy("site name"),
        max_length=60,
        blank=True,
        help_text=gettext_lazy(
            "Shown in the header, in every page title and in e-mails, e.g. “Lumen Community”. Empty: the brand name."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=gettext_lazy("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("Shown beside the site name in the header, 32 pixels high. Empty: the initial."),
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=gettext_lazy("site icon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("The icon browsers show in tabs and bookmarks, a square image. Empty: Guildhall’s."),
    )
    primary_colour = models.CharField(
        gettext_lazy("primary colour"),
        max_length=7,
        blank=True,
        validators=[colours.validate_primary],
        help_text=gettext_lazy(
            "Links and main buttons, e.g. #2451b7. It must read as text on white (a darker shade); the dark "
            "theme lightens it. Empty: Guildhall’s blue."
        ),
    )
    accent_colour = models.CharField(
        gettext_lazy("accent colour"),
        max_length=7,
        blank=True,
        validators=[colours.validate_hex],
        help_text=gettext_lazy(
            "The logo mark and the current section’s underline, e.g. #f2a900; text on it is made readable. "
            "Empty: the primary colour."
        ),
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("brand_name"),
        FieldPanel("product_name"),
        FieldPanel("purpose"),
        FieldPanel("logo"),
        FieldPanel("favicon"),
        FieldPanel("primary_colour", widget=forms.TextInput(attrs={"placeholder": "#2451b7", "size": 8})),
        FieldPanel("accent_colour", widget=forms.TextInput(attrs={"placeholder": "#2451b7", "size": 8})),
    ]

    class Meta:
        verbose_name = gettext_lazy("community brand")
        verbose_name_plural = gettext_lazy("community brand")

    @property
    def product(self) -> str:
        return self.product_name or self.brand_name

    @property
    def name(self) -> str:
        """What the site calls itself: the header, page titles, e-mails."""
        return self.site_name or self.brand_name

    def clean(self):
        super().clean()
        for field in ("primary_colour", "accent_colour"):
            setattr(self, field, getattr(self, field, "").strip().lower())
