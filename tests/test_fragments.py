"""Cached regions and fragments are stored only when no community write raced their render
(community/core/fragments.py): data read before an event must never be kept under the versions after it."""

from django.core.cache import cache
from django.template import Context

from community.core import fragments
from config import page_cache


def _region(render, clock):
    return fragments.render_region("test-region", render, context=Context(), clock_at_start=clock)


def test_a_region_rendered_without_a_write_is_kept():
    page_cache.bump(page_cache.CONTENT)  # the clock runs
    assert _region(lambda: "first", page_cache.clock()) == "first"
    assert _region(lambda: "second", page_cache.clock()) == "first"  # served from the cache


def test_a_region_raced_by_a_write_is_not_kept():
    page_cache.bump(page_cache.CONTENT)
    clock = page_cache.clock()

    def render_while_someone_writes():
        page_cache.bump(page_cache.thread_tag(1))  # an event commits while the region is drawn
        return "drawn from data that may be old"

    assert _region(render_while_someone_writes, clock) == "drawn from data that may be old"
    assert cache.get(fragments.region_key("test-region")) is None
    assert _region(lambda: "fresh", page_cache.clock()) == "fresh"


def test_without_a_clock_nothing_is_kept_and_the_clock_starts():
    cache.clear()
    assert page_cache.clock() is None
    assert _region(lambda: "cold", None) == "cold"
    assert cache.get(fragments.region_key("test-region")) is None
    assert page_cache.clock() is not None  # the next request can store
