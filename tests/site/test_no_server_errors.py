"""No input gets a server error, and none writes a row (issue "Security hardening", point 1).

The cases come from the site itself, so a new page or parameter is covered without editing this test:
- every URL pattern of our packages (community, rewards, search, config) and of allauth's sign-in and
  two-factor pages,
  walked from the URL resolver, its path parameters filled with hostile values its converter accepts;
- every query and form parameter name our code reads (``request.GET.get("…")`` and the like, found in the
  source) and every field of our forms, sent with hostile values: NUL, a lone surrogate, 10,000 characters,
  huge and negative numbers, and arrays where a single value belongs.
Each request is made by a visitor and by a moderator (who reaches the moderation and CMS screens), as GET and
as POST, on PostgreSQL (which refuses NUL in any text value), and must answer below 500 without adding a row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
OURS = ("community", "rewards", "search", "config", "allauth.account")
SKIP_POST = {"account_logout"}  # would sign the moderator out for the next cases (it writes nothing)

HOSTILE = {
    "nul": "%00",
    "nul inside": "a%00b",
    "lone surrogate": "%ED%A0%80",
    "10,000 characters": "x" * 10_000,
    "huge number": "9" * 30,
    "negative": "-1",
}


def _patterns(resolver: URLResolver, prefix: str = "", converters: dict | None = None):
    """(route with ``<…>`` parameters, {name: converter}, URL name, callback module) for every pattern."""
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        route = getattr(pattern, "_route", None)
        if route is None:  # a regular expression: only Wagtail's own URLs (not ours) use them
            continue
        found = {**(converters or {}), **getattr(pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + route, found)
        elif isinstance(entry, URLPattern):
            module = getattr(entry.callback, "__module__", "") or ""
            yield prefix + route, found, entry.name, module


def _routes() -> list[tuple[str, dict, str]]:
    routes = []
    for route, converters, name, module in _patterns(get_resolver()):
        if module.startswith(OURS) or (name or "").startswith(("account_", "mfa_")):
            routes.append((route, converters, name or route))
    return routes


def _parameter_names() -> list[str]:
    """Every query or form parameter our code reads, and every field of our forms."""
    names = set()
    read = re.compile(r"""(?:GET|POST)(?:\.get|\.getlist)?[\[(]\s*["'](\w+)["']""")
    for package in ("community", "rewards", "search", "config"):
        for path in (ROOT / package).rglob("*.py"):
            names.update(read.findall(path.read_text()))
    for form in _subclasses(forms.BaseForm):
        if form.__module__.startswith(OURS[:4]):
            names.update(getattr(form, "base_fields", {}))
    return sorted(names)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _sample(converter, hostile: str | None) -> str:
    """A value for one path parameter: hostile where the converter takes it, else a plain one."""
    regex = converter.regex
    if hostile is not None and re.fullmatch(regex, hostile.replace("%", "")) is not None:
        return hostile
    if hostile is not None and regex in ("[^/]+", ".+"):
        return hostile
    plain = {"[0-9]+": "9" * 30 if hostile else "1", "[-a-zA-Z0-9_]+": "x" * 300 if hostile else "x"}
    if regex in plain:
        return plain[regex]
    options = regex.split("|")
    return options[0] if all(re.fullmatch(r"\w+", o) for o in options) else "x"


def _path(route: str, converters: dict, hostile: str | None) -> str:
    def fill(match):
        name = match.group(2)
        return _sample(converters[name], hostile)

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def _row_counts() -> dict[str, int]:
    counted = {}
    for app in ("community", "rewards", "search", "account", "auth", "mfa"):
        for model in apps.get_app_config(app).get_models():
            if model._meta.managed and not model._meta.proxy:
                counted[model._meta.label] = model._default_manager.count()
    return counted


@pytest.fixture
def community(alice, bob, moderator, make_thread, make_answer):
    """A thread with an answer, so that pages with real rows are walked too; the walking moderator."""
    make_answer(bob, make_thread(alice, tags=("coffee",)))
    return moderator


@pytest.mark.usefixtures("require_postgres")
def test_no_input_gets_a_server_error_or_writes_a_row(community):
    routes = _routes()
    names = _parameter_names()
    assert len(routes) > 60 and {"q", "page", "tag", "kind", "title", "body"} <= set(names)  # the walk found them
    visitor, moderator = Client(raise_request_exception=False), Client(raise_request_exception=False)
    moderator.force_login(community)
    # A member's first page of the day records the visit, and "mark all read" and "hide the first-steps checklist"
    # (POSTs that take no input, so the walk's POST is a valid one) store the member's read marker and onboarding
    # row: rows of normal use, written before counting.
    moderator.get("/")
    moderator.post("/inbox/read")
    moderator.post("/welcome/dismiss")
    before = _row_counts()
    failures = []

    def check(client, method, url, body=None):
        if method == "post":  # sent as a browser would, percent-encoded (the test client cannot encode surrogates)
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {url[:120]} → {response.status_code}")

    for route, converters, name in routes:
        for label, value in HOSTILE.items():
            path = _path(route, converters, value) if converters else _path(route, converters, None)
            query = "&".join(f"{n}={value}" for n in names)
            arrays = "&".join(f"{n}=1&{n}=2" for n in names)
            for client in (visitor, moderator):
                if converters:
                    check(client, "get", path)
                check(client, "get", f"{_path(route, converters, None)}?{query}")
                if label == "nul":
                    check(client, "get", f"{_path(route, converters, None)}?{arrays}")
            if name not in SKIP_POST:
                body = query
                check(moderator, "post", path, body)
                check(visitor, "post", path, body)
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"
    after = _row_counts()
    written = {label: (before[label], after[label]) for label in before if after[label] > before[label]}
    assert not written, f"rows written by refused input: {written}"


def test_a_nul_anywhere_is_refused_with_a_readable_400(client, alice):
    for url in ("/members/%00/", "/tags/?q=%00", "/leaderboard/?tag=%00", "/search/?q=a%00b"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "no page here can read (NUL)" in response.content.decode()
    as_alice = Client()
    as_alice.force_login(alice)
    response = as_alice.post("/tags/coffee/follow", {"follow": "1\x00"})
    assert response.status_code == 400
    response = as_alice.get("/search/similar/?title=%00", HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "NUL" in response.json()["error"]
