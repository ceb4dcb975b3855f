"""Reads held ahead for a request (config/cache.py): one round trip for what a member's page reads, answered
until the request ends, and forgotten when their key is written, the cache cleared or an event bumps the page
cache — so nothing read after a write is ever an old value."""

import pytest
from django.core.cache import cache

from config import cache as shared_cache
from config import page_cache


@pytest.fixture(autouse=True)
def clean():
    shared_cache.release()
    yield
    shared_cache.release()


def test_the_shared_cache_is_the_one_holding_reads():
    assert getattr(cache, "holds_reads", False), "make test runs on Redis (CACHE_URL)"


def test_a_held_read_answers_every_get_until_a_write():
    cache.set("ahead:k", "stored")
    shared_cache.hold(["ahead:k", "ahead:gone"], {"ahead:k": "held"})
    assert cache.get("ahead:k") == "held"
    assert cache.get("ahead:k") == "held"  # read twice in a request: asked once
    cache.set("ahead:gone", "stored")  # (a write forgets the held read of its key)
    shared_cache.hold(["ahead:gone"], {})
    assert cache.get("ahead:gone", "default") == "default"  # held as a miss


@pytest.mark.parametrize(
    "write",
    [
        lambda: cache.set("ahead:k", "written"),
        lambda: cache.add("ahead:k", "written"),
        lambda: cache.delete("ahead:k"),
        lambda: cache.set_many({"ahead:k": "written"}),
        lambda: cache.delete_many(["ahead:k"]),
        lambda: cache.incr("ahead:k"),
        lambda: cache.touch("ahead:k", 60),
    ],
)
def test_a_write_forgets_the_held_read_of_its_key(write):
    cache.set("ahead:k", 1)
    shared_cache.hold(["ahead:k"], {"ahead:k": "held"})
    write()
    assert cache.get("ahead:k") != "held"


def test_a_write_to_another_key_leaves_the_held_reads():
    cache.set("ahead:k", "stored")
    shared_cache.hold(["ahead:k"], {"ahead:k": "held"})
    cache.set("ahead:other", 1)  # a throttle's counter, say
    cache.incr("ahead:other")
    assert cache.get("ahead:k") == "held"


@pytest.mark.parametrize("event", [lambda: cache.clear(), lambda: page_cache.bump("thread:1")])
def test_clearing_the_cache_or_an_event_forgets_every_held_read(event):
    shared_cache.hold(["ahead:k"], {"ahead:k": "held"})
    event()
    shared_cache.hold(["ahead:other"], {})  # something held, so a get looks: "ahead:k" must not be there any more
    assert cache.get("ahead:k") is None  # the cache answers (cleared, or never stored)


def test_a_request_leaves_nothing_held(client_for, alice):
    client_for(alice).get("/threads/")  # the member middleware reads ahead; the request's end forgets
    cache.set("ahead:k", "stored")
    assert cache.get("ahead:k") == "stored"
    assert not getattr(shared_cache._held, "values", None)
