"""Reads held ahead for a request (config/cache.py): one round trip for what a member's page reads, answered
until the request ends, and forgotten on any write — so nothing read after a write is ever an old value."""

import pytest
from django.core.cache import cache

from config import cache as shared_cache


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
    cache.set("ahead:gone", "stored")  # (a write: it also forgets what was held)
    shared_cache.hold(["ahead:gone"], {})
    assert cache.get("ahead:gone", "default") == "default"  # held as a miss


@pytest.mark.parametrize(
    "write",
    [
        lambda: cache.set("ahead:other", 1),
        lambda: cache.add("ahead:other2", 1),
        lambda: cache.delete("ahead:other"),
        lambda: cache.set_many({"ahead:other": 1}),
        lambda: cache.incr("ahead:counter"),
    ],
)
def test_any_write_forgets_every_held_read(write):
    cache.set("ahead:k", "stored")
    cache.set("ahead:counter", 1)
    shared_cache.hold(["ahead:k"], {"ahead:k": "held"})
    write()
    assert cache.get("ahead:k") == "stored"


def test_a_request_leaves_nothing_held(client_for, alice):
    client_for(alice).get("/threads/")  # the member middleware reads ahead; the request's end forgets
    cache.set("ahead:k", "stored")
    assert cache.get("ahead:k") == "stored"
    assert not getattr(shared_cache._held, "values", None)
