"""The API's documentation: the OpenAPI schema names and describes every read, and /api/v1/docs (Swagger UI from
our static files) renders in Chromium under the site's Content-Security-Policy, asking no other host."""

from __future__ import annotations

import pytest

READS = {
    ("/api/v1/threads/", "list_threads"),
    ("/api/v1/threads/{thread_id}", "get_thread"),
    ("/api/v1/threads/{thread_id}/similar", "similar_threads"),
    ("/api/v1/tags/", "list_tags"),
    ("/api/v1/tags/{name}", "get_tag"),
    ("/api/v1/members/{username}", "get_member"),
    ("/api/v1/members/{username}/reputation", "member_reputation"),
    ("/api/v1/leaderboards/", "leaderboard"),
    ("/api/v1/search/", "search"),
    ("/api/v1/knowledge/", "list_articles"),
    ("/api/v1/knowledge/{article_id}", "get_article"),
    ("/api/v1/ideas/", "list_ideas"),
}


@pytest.mark.django_db
def test_the_schema_describes_every_read(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    found = {
        (path, op["operationId"]): op for path, ops in schema["paths"].items() for m, op in ops.items() if m == "get"
    }
    assert READS <= set(found)
    for key in READS:
        operation = found[key]
        assert operation["summary"] and len(operation["description"]) > 60, key
    sorts = next(p for p in found[("/api/v1/threads/", "list_threads")]["parameters"] if p["name"] == "sort")
    assert "unanswered" in str(sorts["schema"])  # enums: the schema lists the values


WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI}`));
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_page_renders_under_the_policy(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)  # injected by the browser itself: not subject to the page's policy
    page = context.new_page()
    hosts, console = set(), []
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.on("console", lambda message: message.type == "error" and console.append(message.text))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector("#operations-Threads-list_threads")
    page.click("#operations-Threads-list_threads .opblock-summary")
    page.wait_for_selector("text=cursor pagination")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == [] and console == []
    assert hosts == {live_server.url.split("/")[2]}  # our static files and the schema: no CDN, no validator
    sections = [tag.get_attribute("data-tag") for tag in page.locator(".opblock-tag").all()]
    mine = ["Threads", "Tags", "Members", "Leaderboards", "Search", "Knowledge", "Ideas"]
    assert [s for s in sections if s in mine] == mine  # in the order routers.MOUNTED gives
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()
