"""Rendered fragments shared between viewers: per-post HTML cached by content version and viewer variant.

A member's thread page is personal (my vote, my edit links, the CSRF token of my session), so it cannot come
whole from the anonymous page cache; but most members see the same thing for most posts. A fragment's key
names the *generation* (the page-cache versions of everything the posts show: config/page_cache.py) and the
*variant* (what of the viewer changes the post: author or not, my vote, privileges), so one render serves
every member in the same position. The CSRF token is rendered as ``CSRF_SENTINEL`` and swapped for the
viewer's own token in the finished page (``with_csrf_token``), so no token is ever stored.

Fragments are stored only when no community write happened while they were rendered (the page cache's
clock), so data read before an event can never be stored under the versions bumped after it.
"""

from __future__ import annotations

import contextvars
import dataclasses
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import contextmanager

from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from community.core import flair
from config import page_cache

CSRF_SENTINEL = "guildhall-fragment-csrf-token"
TTL = 60 * 60
PREFIX = "frag:"


def generation(versions: dict) -> str:
    """One short name for page-cache ``versions`` (tag -> version): it changes when any of them does."""
    return page_cache.generation(versions)


def render_each(
    template_name: str,
    items: Sequence,
    *,
    generation: str,
    variant: Callable[[object], str],
    context: dict,
    name: str = "item",
    clock_at_start=None,
) -> list[str]:
    """``template_name`` rendered once per item (``name`` in its context), from the cache where possible."""
    prefix = _prefix()
    keys = [f"{prefix}{template_name}:{generation}:{variant(item)}" for item in items]
    found = cache.get_many(keys) if keys else {}
    template = get_template(template_name)
    rendered, new = [], {}
    for item, key in zip(items, keys, strict=True):
        html = found.get(key)
        if html is None:
            html = template.render({**context, name: item, "csrf_token": CSRF_SENTINEL})
            new[key] = html
        rendered.append(html)
    if new:
        pending = _in_region.get()
        if pending is not None:  # the region being drawn fills and stores them with its own names, in one query
            pending.append((new, clock_at_start))
            return rendered
        # Names' reputation and badges, for every new fragment at once (community/core/flair.py).
        filled = dict(zip(new, flair.fill_all(list(new.values())), strict=True))
        rendered = [filled.get(key, html) for key, html in zip(keys, rendered, strict=True)]
        if page_cache.still(clock_at_start):
            cache.set_many(filled, TTL)
    return rendered


# Fragments drawn while a region is drawn: [(new fragments by key, clock)], filled and stored with the region.
_in_region: contextvars.ContextVar[list | None] = contextvars.ContextVar("guildhall_fragments_in_region", default=None)


def with_csrf_token(request, response):
    """Put the regions drawn as placeholders in (``spliced_regions``), then the viewer's own CSRF token where
    fragments hold the sentinel."""
    content = original = response.content  # a join of the response's parts: read once
    for mark, region in (_splices.get() or {}).items():
        content = content.replace(mark, region, 1)
    if CSRF_SENTINEL.encode() in content:
        content = content.replace(CSRF_SENTINEL.encode(), get_token(request).encode())
    if content is not original:  # bytes.replace gives back the same object when it finds nothing
        response.content = content
    return response


# Regions waiting to go into the response's bytes (placeholder -> region), while ``spliced_regions`` is open.
_splices: contextvars.ContextVar[dict | None] = contextvars.ContextVar("guildhall_region_splices", default=None)
_SPLICE_MARK = f"<!--guildhall-region-{secrets.token_hex(8)}-"  # per process: no post can spell it


@contextmanager
def spliced_regions():
    """Within it, a cached region goes into the template as a placeholder and into the response's bytes after
    (``with_csrf_token``, called within): a thread page's body is a hundred and more kilobytes that would
    otherwise be decoded from the cache into a string and encoded again into the response on every request."""
    token = _splices.set({})
    try:
        yield
    finally:
        _splices.reset(token)


def _prefix() -> str:
    """Fragments of this release (a deploy's fragments never meet the last release's) in the active language (a
    French reader never gets the English render)."""
    return f"{PREFIX}{page_cache.release()}:{get_language() or ''}:"


def region_key(key: str) -> str:
    """The cache key of region ``key`` in this release and language."""
    return f"{_prefix()}{key}"


# Per slot (a place on a page: a thread's body), the key of the region this process last served there: most
# readers of a thread get the same body, so the next request reads that key ahead with its other first reads
# (``config.cache.page_read``) and, when it is theirs too, costs one cache round trip fewer. A guess: a reader
# whose body differs asks for their own.
_LAST_REGION: dict[str, str] = {}
_LAST_REGION_MAX = 5_000


def last_region(slot: str) -> str | None:
    """The cache key of the region last served in ``slot`` by this process, if any."""
    return _LAST_REGION.get(slot)


def render_region(key: str, render: Callable[[], str], *, context, clock_at_start, slot: str | None = None) -> str:
    """One cached region of a page (``render`` draws it from the template ``context``), CSRF token as sentinel;
    ``slot``: where it goes (``last_region``)."""
    key = region_key(key)
    if slot is not None:
        if len(_LAST_REGION) >= _LAST_REGION_MAX:
            _LAST_REGION.clear()
        _LAST_REGION[slot] = key
    stored = cache.get(key)  # UTF-8: spliced into a response as it is
    if isinstance(stored, str):  # kept by a release that stored text, under a release name set by hand
        stored = stored.encode()
    if stored is None:
        pending: list = []
        token = _in_region.set(pending)
        try:
            with context.push(csrf_token=CSRF_SENTINEL):
                drawn = render()
        finally:
            _in_region.reset(token)
        # The region's names and its new fragments' get their reputation and badges from one query.
        drawn_fragments = [(name, fragment, clock) for new, clock in pending for name, fragment in new.items()]
        html, *filled = flair.fill_all([drawn, *(fragment for _name, fragment, _clock in drawn_fragments)])
        for (name, _fragment, clock), fragment in zip(drawn_fragments, filled, strict=True):
            if page_cache.still(clock):
                cache.set(name, fragment, TTL)
        stored = html.encode()
        if page_cache.still(clock_at_start):
            cache.set(key, stored, TTL)
    splices = _splices.get()
    if splices is None:
        return mark_safe(stored.decode())  # noqa: S308 — our own template's output, escaped when it was rendered
    mark = f"{_SPLICE_MARK}{len(splices)}-->"
    splices[mark.encode()] = stored
    return mark_safe(mark)  # noqa: S308 — a placeholder of our own, replaced before the response leaves


# How long a shared region lives at most: the relative dates it shows ("3 minutes ago") move on by the minute.
SHARED_REGION_SECONDS = 60


def shared_region(
    key: str,
    draw: Callable[[], tuple[str, object]],
    *,
    tags: tuple[str, ...] = (),
    seconds: int = SHARED_REGION_SECONDS,
):
    """``(html, extra)`` that ``draw()`` returns, kept in the shared cache while the community's content, the site
    and the members the HTML names stand still (``page_cache.remember``), at most ``seconds``.

    For parts of a page that every reader of a language sees alike and that read the database to be drawn (a
    thread list's rows, with what the page around them needs of it: ``extra``, pickled with them): a hit reads
    neither the rows nor draws them. Flair markers stay in the HTML (the page fills them, so a reputation that
    moves is never kept here); the names beside them make the region depend on those members, so a name changed
    in the CMS (which bumps only the member) is not kept either. No form inside: a CSRF token is per session.
    ``tags``: what else the region shows (a member's ledger and badges: ``page_cache.member_tag``). Stored only if
    no write moved the page cache's clock while it was drawn.
    """

    def build():
        html, extra = draw()
        named = sorted(flair.members_named(html))
        return (html, extra), [page_cache.CONTENT, *tags, *(page_cache.member_tag(pk) for pk in named)]

    (html, extra), _versions = page_cache.remember(region_key(key), build, seconds=seconds)
    return mark_safe(html), extra  # noqa: S308 — our own template's output, escaped when it was rendered


# Parts kept per process ({% memo %}: the frame, list rows): at most this many (1 to 5 KB each), least recently
# used out.
MEMO_SIZE = 4096
_memo: OrderedDict[tuple, str] = OrderedDict()
_memo_lock = threading.Lock()
_PLAIN = (str, int, float, bool, type(None))


def _plain(value) -> bool:
    if isinstance(value, (tuple, list)):
        return all(map(_plain, value))
    if isinstance(value, dict):  # its repr lists every key and value, in order
        return all(_plain(key) and _plain(item) for key, item in value.items())
    return isinstance(value, _PLAIN) or (dataclasses.is_dataclass(value) and not isinstance(value, type))


def memo(values: tuple, render: Callable[[], str], *, context) -> str:
    """What ``render`` draws for ``values`` (see ``regions.MemoNode``), from this process's memo when drawn before.

    The key is the release, the script prefix (the frame's links), the active language and ``values``, which must
    be plain values, tuples, lists or dicts of them, or dataclasses (their ``repr`` is their content): an object
    that prints as its address would make a key that never repeats, or one that hides a change."""
    for value in values:
        if not _plain(value):
            raise TypeError(
                f"{{% memo %}} keys are plain values, tuples, lists or dicts of them, or dataclasses, not {value!r}"
            )
    key = (page_cache.release(), get_script_prefix(), get_language() or "", *map(repr, values))
    with _memo_lock:
        html = _memo.get(key)
        if html is not None:
            _memo.move_to_end(key)
    if html is None:
        with context.push(csrf_token=CSRF_SENTINEL):
            html = render()
        with _memo_lock:
            _memo[key] = html
            if len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
    if CSRF_SENTINEL in html:
        html = html.replace(CSRF_SENTINEL, str(context.get("csrf_token", "")))
    return mark_safe(html)  # noqa: S308 — our own template's output, escaped when it was rendered


@receiver(setting_changed)
def _forget_memo(**kwargs) -> None:
    """A test that changes a setting (static files, URLs, languages) gets parts drawn with the new one."""
    with _memo_lock:
        _memo.clear()
