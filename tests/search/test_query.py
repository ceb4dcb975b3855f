"""The member query syntax parser: what people type becomes plain data, never raw Lucene."""

from __future__ import annotations

import pytest

from search.query import parse

# A tag filter reads the tag synonyms (``tag:js`` filters on javascript): one query.
pytestmark = pytest.mark.django_db


def test_words_phrases_and_filters():
    p = parse('sync "offline mode" tag:Android is:tip user:@Mira is:answered')
    assert p.terms == ["sync"]
    assert p.phrases == ["offline mode"]
    assert p.tags == ["android"]
    assert (p.kind, p.status, p.user) == ("tip", "answered", "Mira")
    assert p.notices == []


def test_explicit_filters_merge_with_the_query():
    p = parse("sync tag:ios", {"tags": ["android", "bad tag!"], "kind": "question", "status": "accepted"})
    assert p.tags == ["ios", "android"]
    assert (p.kind, p.status) == ("question", "accepted")
    assert any("not a tag name" in n for n in p.notices)


@pytest.mark.parametrize(
    ("raw", "terms"),
    [
        ("(((", []),
        ("*:*", []),
        ("\\", []),
        ("title:foo AND bar", ["title", "foo", "AND", "bar"]),
        ("c++ c# node.js e-mail", ["c++", "c#", "node.js", "e-mail"]),
        ("vélos l'été", ["vélos", "l'été"]),
        ("sync sync SYNC", ["sync"]),
        ('"one"', ["one"]),
        ('"unclosed phrase here', []),
    ],
)
def test_punctuation_is_dropped(raw, terms):
    assert parse(raw).terms == terms


def test_unclosed_quote_is_a_phrase():
    assert parse('"unclosed phrase here').phrases == ["unclosed phrase here"]


def test_unknown_filters_are_explained():
    p = parse("is:spam tag:<script> user:a/b")
    assert p.is_empty
    assert len(p.notices) == 3


def test_limits():
    p = parse("word " * 3000)
    assert any("first 300 characters" in n for n in p.notices)
    assert p.terms == ["word"]
    p = parse(" ".join(f"w{i}" for i in range(60)))
    assert len(p.terms) == 24
    assert parse("x" * 5000).terms == []


def test_exact_title_key():
    assert parse("Sync Notes  offline?").exact_title == "sync notes offline"
    assert parse('"sync notes offline"').exact_title == "sync notes offline"
    assert parse("tag:sync").exact_title is None
