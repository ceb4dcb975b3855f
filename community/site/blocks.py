"""The StreamField blocks every Wagtail page of the site shares (home page, knowledge pages)."""

from __future__ import annotations

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from wagtail import blocks

from community.core.rendering import sanitize_html


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=400)
    link_label = blocks.CharBlock(max_length=40, required=False)
    link_url = blocks.RegexBlock(
        regex=r"^(/|https?://)\S*$",
        required=False,
        help_text=gettext_lazy("A page of this site such as /ask/, or a full URL."),
        error_messages={
            "invalid": gettext_lazy("Start with / for a page of this site, or http(s):// for another site.")
        },
    )

    class Meta:
        icon = "pick"
        template = "community/blocks/callout.html"


def intro_blocks(heading_template: str = "community/blocks/section_heading.html"):
    return [
        ("heading", blocks.CharBlock(form_classname="title", icon="title", template=heading_template)),
        ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])),
        ("callout", CalloutBlock()),
    ]


class CodeBlock(blocks.StructBlock):
    language = blocks.CharBlock(required=False, max_length=30, help_text=gettext_lazy("e.g. python, bash (optional)"))
    code = blocks.TextBlock()

    class Meta:
        icon = "code"
        template = "community/blocks/code.html"


class CommunityPostBlock(blocks.StructBlock):
    """A post copied from the community: its HTML as the site rendered it, sanitised again whenever shown."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text=gettext_lazy("e.g. “The question”, “The answer”")
    )
    html = blocks.TextBlock(
        help_text=gettext_lazy(
            "The post's HTML as copied from the community. Edit it as HTML; it is cleaned with the "
            "community's allow-list when shown (scripts, styles and unknown tags are dropped)."
        )
    )

    class Meta:
        icon = "openquote"
        label = gettext_lazy("Community post")
        template = "community/blocks/community_post.html"

    def get_context(self, value, parent_context=None):

        context = super().get_context(value, parent_context=parent_context)
        context["safe_html"] = mark_safe(sanitize_html(value.get("html") or ""))
        return context


def body_blocks():
    return [
        (
            "heading",
            blocks.CharBlock(form_classname="title", icon="title", template="community/blocks/section_heading.html"),
        ),
        (
            "paragraph",
            blocks.RichTextBlock(
                features=["h2", "h3", "h4", "bold", "italic", "link", "ol", "ul", "code", "blockquote", "hr"]
            ),
        ),
        ("code", CodeBlock()),
        ("post", CommunityPostBlock()),
        ("callout", CalloutBlock()),
    ]
