"""Wagtail page types of the public site."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from community.site.blocks import CalloutBlock, body_blocks


class HomePage(Page):
    """The community's front door: an editable intro, then what is new and active."""

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
    threads_shown = models.PositiveSmallIntegerField(default=8, help_text="How many newest and active threads to list.")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("threads_shown")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "community/site/home_page.html"

    def get_context(self, request, *args, **kwargs):
        from community.forum import queries

        context = super().get_context(request, *args, **kwargs)
        context.update(queries.home_lists(self.threads_shown))
        return context


class PrivacyPage(Page):
    """What Guildhall stores about members, why, and how to download or erase it: written by the team in the CMS.

    A data migration creates it at /privacy/ with a default text, so a fresh install has one; the site's footer
    and the sign-up form link to it (``community.core.context_processors.frame_urls``)."""

    intro = models.TextField(blank=True, help_text="A sentence or two shown under the title.")
    body = StreamField(body_blocks(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["community.HomePage"]
    subpage_types = []
    max_count = 1
    template = "community/site/privacy_page.html"
