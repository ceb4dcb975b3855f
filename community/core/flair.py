"""Recognition beside every name: a member's reputation and badge counts, filled into the page after rendering.

Names appear in templates rendered in many ways — the thread page's cached fragments and regions, list rows,
search hits, the inbox, the header — and a query per name would make a page's queries grow with its content. So
the ``{% flair member %}`` tag (``community/core/templatetags/flair.py``) writes a marker (an HTML comment, which
members' content can never contain: Markdown is sanitised with comments stripped and titles are escaped), and
``FlairMiddleware`` replaces every marker of a finished page with the member's reputation and gold, silver and
bronze badge counts from one ``rewards.api.flair`` query. Cached fragments keep the markers, so they never go
stale when a reputation moves; the page itself depends on the members it names (``page_cache.depends_on``), so a
cached anonymous page is dropped when one of their reputations or badges changes.
"""

from __future__ import annotations

import functools
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, ngettext, pgettext

from config import page_cache
from rewards import api as rewards_api

FULL, REPUTATION = "full", "rep"
STYLES = (FULL, REPUTATION)
_MARKER = re.compile(rb"<!--gh-flair:(\d+):(full|rep)-->")
_OPENING = b"<!--gh-flair:"


def marker(member_id: int, style: str = FULL) -> str:
    """What a template writes where ``member_id``'s flair goes (``style``: ``full`` or ``rep`` — reputation only,
    for comments)."""
    return f"<!--gh-flair:{int(member_id)}:{style if style in STYLES else FULL}-->"


def compact(points: int) -> str:
    """A reputation as members read it: 1,234 in full, 12.3k from ten thousand (in the reader's language)."""
    if abs(points) < 10_000:
        return formats.number_format(points, force_grouping=True)
    thousands = round(points / 1000, 1) if abs(points) < 100_000 else round(points / 1000)
    thousands = formats.number_format(thousands, force_grouping=True)
    # Translators: a reputation in thousands, e.g. "12.3k" (French: « 12,3 k »).
    return pgettext("reputation in thousands", "%(thousands)sk") % {"thousands": thousands}


def describe(flair) -> str:
    """The whole flair as one sentence (the tooltip)."""
    parts = [
        ngettext("%(points)s reputation", "%(points)s reputation", flair.points)
        % {"points": formats.number_format(flair.points, force_grouping=True)}
    ]
    for count, label in _tiers(flair):
        parts.append(label % {"count": count})
    return ", ".join(parts)


def _tiers(flair) -> list[tuple[int, str]]:
    labels = (
        (flair.gold, ngettext("%(count)s gold badge", "%(count)s gold badges", flair.gold)),
        (flair.silver, ngettext("%(count)s silver badge", "%(count)s silver badges", flair.silver)),
        (flair.bronze, ngettext("%(count)s bronze badge", "%(count)s bronze badges", flair.bronze)),
    )
    return [(count, label) for count, label in labels if count]


def render(flair, style: str) -> str:
    """The flair's markup: the reputation, then a dot and a count per tier held (tiers with none are left out,
    as Stack Overflow shows them); screen readers hear the sentence, not the dots."""
    reputation = format_html(
        '<span class="flair-rep"><span class="visually-hidden">{} </span>{}</span>',
        pgettext("beside a name", "reputation"),
        compact(flair.points),
    )
    if style == REPUTATION:
        return format_html('<span class="flair flair-compact" title="{}">{}</span>', describe(flair), reputation)
    tiers = zip(("gold", "silver", "bronze"), (flair.gold, flair.silver, flair.bronze), strict=True)
    badges = format_html_join(
        "",
        '<span class="flair-badge flair-{}"><span class="flair-dot" aria-hidden="true"></span>{}'
        '<span class="visually-hidden"> {}</span></span>',
        (
            (tier, formats.number_format(count, force_grouping=True), _tier_word(tier, count))
            for tier, count in tiers
            if count
        ),
    )
    return format_html('<span class="flair" title="{}">{}{}</span>', describe(flair), reputation, badges)


def _tier_word(tier: str, count: int) -> str:
    words = {
        "gold": ngettext("gold badge", "gold badges", count),
        "silver": ngettext("silver badge", "silver badges", count),
        "bronze": ngettext("bronze badge", "bronze badges", count),
    }
    return words[tier]


def fill(content: bytes) -> tuple[bytes, set[int]]:
    """``content`` with every marker replaced by its member's flair (one query), and the members it names."""
    found = {(int(pk), style.decode()) for pk, style in _MARKER.findall(content)}
    if not found:
        return content, set()
    rendered = _rendered(found)
    filled = _MARKER.sub(lambda m: rendered[(int(m.group(1)), m.group(2).decode())].encode(), content)
    return filled, {pk for pk, _style in found}


def fill_all(htmls: list[str]) -> list[str]:
    """Each of ``htmls`` (fragments about to be cached) with its markers filled, from one query for them all.

    Fragments and regions fill their flair before they are stored, under versions that name every member they
    show (``forum.queries.thread_page_tags``): a warm thread page then needs no flair query at all."""
    found = {(int(pk), style) for html in htmls for pk, style in _TEXT_MARKER.findall(html)}
    if not found:
        return htmls
    rendered = _rendered(found)
    return [_TEXT_MARKER.sub(lambda m: rendered[(int(m.group(1)), m.group(2))], html) for html in htmls]


_TEXT_MARKER = re.compile(_MARKER.pattern.decode())


def members_named(html: str) -> set[int]:
    """The members whose flair markers ``html`` holds (their names are in it too)."""
    return {int(pk) for pk, _style in _TEXT_MARKER.findall(html)}


def _rendered(found: set[tuple[int, str]]) -> dict[tuple[int, str], str]:
    flairs = rewards_api.flair({pk for pk, _style in found})
    language = get_language()
    return {(pk, style): _drawn(language, flairs.get(pk, rewards_api.Flair()), style) for pk, style in found}


@functools.lru_cache(maxsize=4096)
def _drawn(language: str | None, flair, style: str) -> str:
    """``render`` once per process for each language, figures and style: a list of thirty names drew thirty
    tooltips of three or four translated phrases on every request (about 5 ms); most names share a few figures.
    ``language`` is only the key: ``render`` reads the active one."""
    return render(flair, style)


@receiver(setting_changed)
def _forget_drawn(**kwargs) -> None:
    """A test that changes number formatting or languages gets flair drawn with the new settings."""
    _drawn.cache_clear()


class FlairMiddleware:
    """Fills the flair markers of HTML pages (below the page cache, so a stored page holds the filled markup)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(response, "streaming", False)
            or not response.get("Content-Type", "").startswith("text/html")
            or _OPENING not in response.content
        ):
            return response
        response.content, members = fill(response.content)
        page_cache.depends_on(*(page_cache.member_tag(pk) for pk in sorted(members)))
        return response
