"""Members' text to safe HTML, done once on save.

Markdown is parsed by markdown-it-py with raw HTML switched off, and the
result is passed through nh3 (Ammonia) with an allow-list anyway, so a bug in
either one alone cannot put a script on a page.

Images show only from this site: an image from another host would make every reader's browser call that host
(a tracking pixel, mixed content). New posts with one are refused with a message (``remote_images``, asked by
``community.forum.actions.clean_body``); older or imported ones are drawn as a link to the image instead.
"""

from __future__ import annotations

import re
from html import unescape

import nh3
from django.utils.html import escape, urlize
from django.utils.text import Truncator
from django.utils.translation import gettext
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_RE = re.compile(r"<a\s", re.I)


def _clean(html: str) -> str:
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )
    return _IMG.sub(_remote_image_as_link, cleaned) if "<img" in cleaned else cleaned


_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'\s(src|alt)="([^"]*)"')


def _is_remote(src: str) -> bool:
    """Anything but a path on this site (``/media/…``): ``https://…``, ``//host/…``, other schemes."""
    return not (src.startswith("/") and not src.startswith("//"))


def _remote_image_as_link(match: re.Match) -> str:
    """nh3's output has its attributes double-quoted and escaped: an image from another host becomes a link."""
    attrs = dict(_ATTR.findall(match.group(0)))
    src = attrs.get("src", "")
    if not _is_remote(src):
        return match.group(0)
    if not src:
        return attrs.get("alt", "")
    label = attrs.get("alt") or gettext("image")
    return f'<a href="{src}" rel="nofollow ugc noopener" class="remote-image">{label}</a>'


def remote_images(markdown: str) -> list[str]:
    """The addresses of the images in ``markdown`` that are not on this site."""
    found = []
    stack = list(_md.parse(markdown or ""))
    while stack:
        token = stack.pop()
        if token.type == "image" and _is_remote(str(token.attrGet("src") or "")):
            found.append(str(token.attrGet("src")))
        stack.extend(token.children or [])
    return found


def render_markdown(text: str) -> str:
    return _clean(_md.render(text))


def sanitize_html(html: str) -> str:
    """Foreign HTML (e.g. an imported Stack Exchange post) through the same allow-list as our own output."""
    return _clean(html)


def render_comment(text: str) -> str:
    """Plain text with clickable links; everything else is escaped."""
    return _clean(urlize(escape(text), nofollow=True, autoescape=False))


def count_links(html: str) -> int:
    return len(LINK_RE.findall(html))


def excerpt(html: str, length: int = 140) -> str:
    """The start of a post as a reader sees it, in plain words: its rendered HTML (``body_html``, what the
    thread page shows) read as text, so no Markdown syntax (``**``, ``[text](url)``, fences) reaches the inbox,
    an e-mail, a digest, a feed's summary or a knowledge hub's quote. Paragraphs, items and cells are kept apart
    by a space (inline ones, like a link or ``code``, are not: "run ``sync``." stays "run sync."); entities come
    back as characters. The HTML is the sanitiser's (nh3 escapes ``>`` inside attributes, keeps no comments), so
    its tags are dropped by a regular expression: a cold knowledge hub quotes thirty answers, and a parser cost
    twenty times as much."""
    text = " ".join(unescape(_TAG.sub(_tag_gap, html or "")).split())
    return text if len(text) <= length else Truncator(text).chars(length)


_BLOCKS = {"p", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "td", "th", "hr", "div"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")


def _tag_gap(match: re.Match) -> str:
    """A space where a block ends (its closing tag, or a ``<br>`` or ``<hr>``), nothing for any other tag."""
    name = match.group(2).lower()
    return " " if name in _BLOCKS and (match.group(1) or name in ("br", "hr")) else ""


_CODE_FENCE = re.compile(r"```.*?(```|$)|~~~.*?(~~~|$)", re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_URL = re.compile(r"https?://\S+")


def plain_text(markdown: str) -> str:
    """The prose of a member's Markdown: code blocks, inline code and URLs blanked out (for mentions and tone)."""
    text = _CODE_FENCE.sub(" ", markdown or "")
    text = _INLINE_CODE.sub(" ", text)
    return _URL.sub(" ", text)
