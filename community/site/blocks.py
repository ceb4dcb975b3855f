"""The StreamField blocks every Wagtail page of the site shares (home page, knowledge pages)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail import blocks


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


POST_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "ol", "ul", "code", "blockquote", "hr"]


class CommunityPostBlock(blocks.StructBlock):
    """A post copied from the community, edited in the CMS's rich-text editor (Draftail), never as raw HTML.

    Its words are rich text and its code blocks stay code blocks (Draftail has no multi-line code, so a
    post's ``<pre>`` becomes a code part of its own): ``post_parts()`` cuts a post's HTML that way, for a
    promoted post and for the migration of the articles written before (0028)."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text=gettext_lazy("e.g. “The question”, “The answer”")
    )
    body = blocks.StreamBlock(
        [
            ("text", blocks.RichTextBlock(features=POST_TEXT_FEATURES, label=gettext_lazy("Text"))),
            ("code", CodeBlock()),
        ],
        required=False,
    )

    class Meta:
        icon = "openquote"
        label = gettext_lazy("Community post")
        template = "community/blocks/community_post.html"


def post_parts(html: str) -> list[dict]:
    """A post's HTML as the raw value of ``CommunityPostBlock.body``: rich text between its code blocks.

    The HTML is the post's sanitised ``body_html`` (or an article's copy of it); Wagtail's rich-text format is
    HTML, so the text parts keep it as it is (links, lists, headings, emphasis, inline code)."""
    from bs4 import BeautifulSoup  # Wagtail's own HTML parser dependency

    parts: list[dict] = []
    text: list[str] = []

    def flush():
        chunk = "".join(text).strip()
        if chunk:
            parts.append({"type": "text", "value": chunk})
        text.clear()

    for node in BeautifulSoup(html or "", "html.parser").contents:
        if getattr(node, "name", None) == "pre":
            flush()
            code = node.find("code")
            classes = (code.get("class") if code is not None else None) or []
            language = next((c.removeprefix("language-") for c in classes if c.startswith("language-")), "")
            parts.append({"type": "code", "value": {"language": language[:30], "code": node.get_text()}})
        else:
            text.append(str(node))
    flush()
    return parts


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
