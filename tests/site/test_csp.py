"""The Content-Security-Policy (config/csp.py, docs/security.md): on every response, strict, and never violated.

The client tests read the header across the site, allauth's pages and the CMS; the template test holds the
rule that keeps public pages free of nonces (no inline script, handler or style in our templates); the browser
test walks the main pages as a visitor, a member and a moderator and listens for violations.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from community.forum.models import AVATAR_COLOURS
from community.models import Thread

PUBLIC = ["/", "/threads/", "/tags/", "/ideas/", "/search/?q=sync", "/leaderboard/", "/badges/", "/knowledge/"]
ACCOUNTS = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
MEMBER = ["/ask/", "/ask/question/", "/inbox/", "/settings/profile/", "/settings/notifications/", "/accounts/email/"]
CMS = ["/cms/", "/cms/review/", "/cms/pages/", "/cms/review/audit/", "/cms/community-team/kpis/"]


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy"
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def assert_strict(directives: dict[str, list[str]], url: str):
    for name in ("script-src", "style-src"):
        assert directives[name] == ["'self'"], f"{url}: {name} {directives[name]}"
    assert not any("unsafe" in value for values in directives.values() for value in values), url
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"], url
    assert directives["default-src"] == ["'self'"] and directives["form-action"] == ["'self'"], url
    assert "report-uri" not in directives and "report-to" not in directives, url  # nothing to spam


@pytest.fixture
def community(make_member, make_thread, make_answer):
    alice = make_member("alice", display_name="Alice Liddell")
    bob = make_member("bob")
    thread = make_thread(alice, title="How do I sync my notes offline?")
    make_answer(bob, thread, body="Turn on offline mode in **Settings → Sync**; it keeps a local copy.")
    return alice, bob, thread


def test_every_page_carries_the_strict_policy(client, client_for, community, moderator):
    alice, _, thread = community
    for url in [*PUBLIC, thread.get_absolute_url(), alice.get_absolute_url(), *ACCOUNTS]:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert_strict(directives, url)
        assert directives["frame-ancestors"] == ["'none'"], url
        assert directives["img-src"] == ["'self'", "data:"], url
    member = client_for(alice)
    for url in MEMBER:
        assert_strict(policy(member.get(url)), url)
    staff = client_for(moderator)
    for url in CMS:
        response = staff.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert_strict(directives, url)  # the CMS is as strict for scripts and styles
        assert directives["frame-ancestors"] == ["'self'"], url  # the editor's preview frame


def test_cached_pages_refusals_and_errors_carry_it_too(client, community):
    _, _, thread = community
    url = thread.get_absolute_url()
    client.get(url)
    again = client.get(url)  # from the page cache, which the policy's middleware wraps
    assert_strict(policy(again), url)
    assert_strict(policy(client.get("/threads/?q=%00")), "the NUL refusal")  # answered before any view
    assert policy(client.get("/no-such-page/"))["script-src"] == ["'self'"]


def test_production_upgrades_insecure_requests():
    # settings.py turns it on with DEBUG off behind HTTPS; the tests run with the development default
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["upgrade-insecure-requests"] is (not settings.DEBUG and settings.SECURE_SSL_REDIRECT)


INLINE = [
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: address"),
    (re.compile(r"<style", re.I), "a <style> element"),
]


def test_our_templates_have_no_inline_script_handler_or_style():
    """What keeps public pages cacheable without a nonce: every page template of ours (e-mails are not pages)."""
    root = Path(settings.BASE_DIR) / "templates"
    found = []
    for template in root.rglob("*.html"):
        if "email" in template.relative_to(root).parts or template.name.startswith("email_"):
            continue
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", "", template.read_text(), flags=re.S)
        found += [f"{template.relative_to(root)}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert found == []


def test_each_avatar_colour_has_its_class(make_member):
    css = (Path(settings.BASE_DIR) / "static/guildhall/site.css").read_text()
    for number, colour in enumerate(AVATAR_COLOURS):
        assert f".avatar-c{number} {{ background: {colour}; }}" in css
    member = make_member("zoe")
    assert member.avatar_class == f"avatar-c{AVATAR_COLOURS.index(member.avatar_colour)}"


def test_refusal_goes_back_without_inline_script(client_for, make_member, make_thread):
    thread = make_thread(make_member("owner"))
    voter = client_for(make_member("newbie", reputation=1))
    response = voter.post(f"/thread/{thread.pk}/vote", {"value": "1"}, HTTP_REFERER=f"http://testserver/t/{thread.pk}/")
    page = response.content.decode()
    assert response.status_code == 403
    assert f'<a href="http://testserver/t/{thread.pk}/" data-go-back>Go back</a>' in page
    assert "onclick" not in page and "javascript:" not in page
    elsewhere = voter.post(f"/thread/{thread.pk}/vote", {"value": "1"}, HTTP_REFERER="https://evil.example/")
    assert "data-go-back" not in elsewhere.content.decode()  # never a link back to another site


# --- in the browser -------------------------------------------------------------------------------------

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def database_search(settings):
    """Search on the database: the page and its scripts are the same, without waiting for a busy index."""
    settings.ELASTICSEARCH_URL = ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_violation_on_the_main_pages(live_server, browser, database_search, community, moderator):  # noqa: F811
    """Home, thread, ask with its live suggestions and preview, search, profile, inbox, the CMS dashboard and review queue."""
    alice, bob, thread = community
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)  # injected by the browser itself: not subject to the page's policy
    page = context.new_page()
    console = []
    page.on("console", lambda message: "Content Security Policy" in message.text and console.append(message.text))
    seen = {}

    def check(label):
        page.wait_for_load_state("networkidle")
        seen[label] = page.evaluate("window.__violations") + console[:]
        console.clear()

    def log_in(member):
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=login]", member.email)
        page.fill("input[name=password]", "correct horse battery staple")
        page.press("input[name=password]", "Enter")
        page.wait_for_load_state()

    page.goto(f"{base}/")
    check("home")
    page.goto(f"{base}{thread.get_absolute_url()}")
    assert page.locator(".answer .prose strong").inner_text() == "Settings → Sync"
    assert page.locator(".avatar").first.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    check("thread")
    page.goto(f"{base}{alice.get_absolute_url()}")
    check("profile")
    page.goto(f"{base}/search/?q=offline")
    page.wait_for_selector(f"main a:has-text('{thread.title}')")
    check("search")

    log_in(bob)
    page.goto(f"{base}/ask/question/")
    page.fill("input[name=title]", "Sync my notes offline on a plane?")
    page.fill("textarea[name=body]", "No connection for **ten hours**: do my notes stay available offline?")
    page.wait_for_selector(f"#similar-threads a:has-text('{thread.title}')")  # fetched and drawn by search.js
    # composer.js asks the server to draw the Markdown as it is typed
    assert page.wait_for_selector(".composer-preview strong").inner_text() == "ten hours"
    check("ask with suggestions and preview")
    page.goto(f"{base}{thread.get_absolute_url()}")
    page.click(".thread .vote-up")  # site.js votes with fetch, no reload
    page.wait_for_selector(".thread .vote-score:text-is('1')")
    check("vote")
    page.click("header .account-menu > summary")  # the account menu holds "Log out"
    page.click("header form button:has-text('Log out')")

    log_in(alice)  # bob's answer is in her inbox
    page.goto(f"{base}/inbox/")
    assert page.locator("main").get_by_text("bob").count() >= 1
    check("inbox")
    page.click("header .account-menu > summary")  # the account menu holds "Log out"
    page.click("header form button:has-text('Log out')")

    log_in(moderator)
    page.goto(f"{base}/cms/")
    page.wait_for_selector("main")
    check("CMS dashboard")
    page.goto(f"{base}/cms/review/queue/first_posts/")
    page.wait_for_selector(f".review-task:has-text('{thread.title}')")  # alice's first post awaits review
    # cms.css is applied (the review form is a grid of its groups there; without the file it is a block)
    assert page.locator(".review-form").first.evaluate("e => getComputedStyle(e).display") == "grid"
    check("review queue")

    assert Thread.objects.get(pk=thread.pk).score == 1
    assert {label: found for label, found in seen.items() if found} == {}


def test_the_policy_built_once_is_the_policy_django_csp_builds(client):
    """The middleware keeps the header it built for public pages and for the CMS (config/csp.py); it must be
    exactly what django-csp itself writes for that response."""
    from dataclasses import asdict

    from csp.utils import build_policy
    from django.http import HttpResponse
    from django.test import RequestFactory

    from config.csp import PolicyMiddleware

    middleware = PolicyMiddleware(lambda request: HttpResponse("page"))
    for path in ("/t/1/any/", "/cms/"):
        first = middleware(RequestFactory().get(path))["Content-Security-Policy"]
        again = middleware(RequestFactory().get(path))["Content-Security-Policy"]
        expected = build_policy(**asdict(middleware.get_policy_parts(RequestFactory().get(path), HttpResponse())))
        assert first == again == expected
    assert "frame-ancestors 'self'" in first  # the CMS's own differences, kept apart from the site's
