"""Accessibility checked by a machine, in Debian's headless Chromium (docs/architecture.md, "Accessibility").

- axe-core (Deque's rule engine, from npm: scripts/ensure_axe.sh) runs on the key pages of the community, at
  desktop (1280 px) and mobile (390 px) widths, as a visitor and as a member: no serious or critical violation.
- The same walk collects every page's headings as a screen reader lists them: exactly one h1, and no heading
  more than one level below the one before it.
- The focus ring stands out (contrast at least 3:1) against the background it is drawn on, in the light and the
  dark colour scheme.
- A post's score is read out with its word ("12 votes"), in the reader's language, and again after a vote made
  without reloading the page.

Every walk reuses one page; a test opens a browser context per width, colour scheme and reader. axe's script is evaluated in the page (Playwright's
evaluate runs outside the page's Content-Security-Policy, which stays as strict as members get it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils.text import slugify

from community.forum import actions
from community.knowledge.models import KnowledgeIndexPage, KnowledgePage, KnowledgePinnedThread
from community.models import Thread
from tests.search_support import database_search  # noqa: F401 - search on the database backend, no index wait

pytestmark = pytest.mark.browser
# Real commits (the live server reads them from its own thread). Each test starts the browser after its data:
# Playwright's sync API changes the context Django's connections live in, and the serialized rollback that
# brings back the migrations' rows must run before that (tests/conftest.py).
transactional = pytest.mark.django_db(transaction=True)

AXE_JS = Path(
    os.environ.get("AXE_CORE_JS")
    or Path(__file__).resolve().parents[2] / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
)
BLOCKING = ("serious", "critical")
WIDTHS = {"desktop": 1280, "mobile": 390}
# What axe checks again in the dark colour scheme: the colours (the rest does not change with the scheme).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.is_file():
        message = f"axe-core not found at {AXE_JS}: `make test` installs it (scripts/ensure_axe.sh)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


def _open(browser, live_server, *, width: int = 1280, member=None, scheme: str = "light", locale: str = "en-GB"):
    """A page in a fresh context: the given width and colour scheme, signed in as ``member`` (their session
    cookie, as after the login form) or a visitor."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, locale=locale, reduced_motion="reduce"
    )
    if member is not None:
        client = Client()
        client.force_login(member)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context, context.new_page()


# --- the community the pages show ------------------------------------------------------------------------------


@pytest.fixture
def community(make_member, database_search):
    alice = make_member("alice", display_name="Alice Liddell")
    bob = make_member("bob", display_name="Bob Marley")
    carol = make_member("carol")
    question = actions.create_thread(
        alice,
        kind="question",
        title="How do I sync my notes offline?",
        body="I travel a lot and need **my notes** without a connection. What works?\n\n- phone\n- laptop",
        tags=["sync", "offline"],
    )
    answer = actions.post_answer(bob, question, body="Turn on `offline mode` in *Settings → Sync*: a local copy.")
    actions.post_answer(carol, question, body="Pin the notebooks you need before you leave; they stay on the device.")
    actions.post_comment(carol, thread=question, answer=answer, body="This worked for me on Android too.")
    actions.post_comment(bob, thread=question, body="Which version of the app do you use?")
    actions.accept_answer(alice, answer)
    actions.vote(carol, question, 1)
    actions.vote(alice, answer, 1)
    tip = actions.create_thread(
        bob, kind="tip", title="Pin a notebook to keep it offline", body="Long-press a notebook: *Keep offline*.",
        tags=["sync"],
    )  # fmt: skip
    actions.create_thread(
        carol, kind="idea", title="A dark theme for the web app", body="Evenings are bright enough already.",
        tags=["design"],
    )  # fmt: skip
    index = KnowledgeIndexPage.objects.get(locale__language_code="en")
    article = KnowledgePage(
        title="Working offline",
        slug=slugify("Working offline"),
        live=False,
        body=[("paragraph", "<p>Everything you need to know about notes without a connection.</p>")],
    )
    article.tags.add("sync")
    article.pinned_threads.add(KnowledgePinnedThread(thread=tip, note="Worth a read."))
    index.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()
    return {"asker": alice, "helper": bob, "question": question, "article": article}


def key_pages(community, *, member: bool) -> dict[str, str]:
    """The 15 pages people land on most, by name: the same 13 for everyone, then the account pages of a
    visitor (log in, sign up) or a member's writing page and inbox."""
    question, asker = community["question"], community["asker"]
    pages = {
        "home": "/",
        "thread list": "/threads/",
        "thread": question.get_absolute_url(),
        "tag list": "/tags/",
        "tag": "/tags/sync/",
        "search results": "/search/?q=sync",
        "knowledge index": "/knowledge/",
        "knowledge article": community["article"].url,
        "member profile": asker.get_absolute_url(),
        "reputation": f"/members/{asker.username}/reputation/",
        "badges": "/badges/",
        "leaderboard": "/leaderboard/",
        "privileges": "/privileges/",
    }
    if member:
        pages.update({"ask": "/ask/question/", "inbox": "/inbox/"})
    else:
        pages.update({"log in": "/accounts/login/", "sign up": "/accounts/signup/"})
    return pages


# --- what the browser reads --------------------------------------------------------------------------------------

RUN_AXE = """(rules) => axe.run(document, rules ? {runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]}
                                          : {resultTypes: ["violations"]})
  .then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary, impact: n.impact})),
  })))"""

# Headings as assistive technology lists them: rendered (a closed <details> hides its own), not aria-hidden.
HEADINGS = """() => Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]"))
  .filter(h => h.checkVisibility() && !h.closest("[aria-hidden=true]"))
  .map(h => ({level: Number(h.getAttribute("aria-level") || h.tagName.slice(1)),
              text: h.textContent.replace(/\\s+/g, " ").trim().slice(0, 50)}))"""


def axe_violations(page, rules: list[str] | None = None) -> list[dict]:
    return page.evaluate(RUN_AXE, rules)


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(where: str, violations: list[dict]) -> list[str]:
    """A readable account of what axe found: rule, impact, help and each element with axe's advice."""
    lines = []
    for v in violations:
        lines.append(f"{where}: [{v['impact']}] {v['id']}: {v['help']} ({v['url'].split('?')[0]})")
        for node in v["nodes"][:6]:
            summary = " / ".join(line.strip() for line in node["summary"].splitlines()[1:] if line.strip())
            lines.append(f"      {node['target']}  — {summary[:300]}")
        if len(v["nodes"]) > 6:
            lines.append(f"      … and {len(v['nodes']) - 6} more")
    return lines


def heading_problems(headings: list[dict]) -> list[str]:
    """One h1, and never a level skipped on the way down (h2 → h4); going back up any number is fine."""
    problems = []
    h1s = [h for h in headings if h["level"] == 1]
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} h1 headings ({', '.join(repr(h['text']) for h in h1s) or 'none'}), not one")
    previous = 0
    for h in headings:
        if h["level"] > previous + 1:
            after = f"h{previous}" if previous else "the start of the page"
            problems.append(f"h{h['level']} {h['text']!r} comes right after {after}")
        previous = h["level"]
    return problems


def audit(page, base: str, pages: dict[str, str]) -> list[str]:
    """Each page loaded once and checked three ways: axe at desktop width, the headings, axe again at mobile width
    (the same document, re-laid out), then axe's colour rules in the dark colour scheme."""
    problems = []
    for name, path in pages.items():
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
        page.emulate_media(color_scheme="light")
        response = page.goto(base + path)
        assert response.status == 200, f"{name} ({path}) answered {response.status}"
        where = f"{name} ({path})"
        problems += describe(f"{where}, desktop", blocking(axe_violations(page)))
        problems += [f"{where}: {p}" for p in heading_problems(page.evaluate(HEADINGS))]
        page.set_viewport_size({"width": WIDTHS["mobile"], "height": 800})
        problems += describe(f"{where}, mobile", blocking(axe_violations(page)))
        problems += [f"{where}, mobile: {p}" for p in heading_problems(page.evaluate(HEADINGS))]
        page.emulate_media(color_scheme="dark")
        problems += describe(f"{where}, mobile, dark", blocking(axe_violations(page, COLOUR_RULES)))
    return problems


# --- the tests ---------------------------------------------------------------------------------------------------


@transactional
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_key_pages_pass_axe_at_both_widths_with_their_headings_in_order(
    axe_source, live_server, community, browser, who
):
    member = community["helper"] if who == "member" else None
    context, page = _open(browser, live_server, member=member)
    context.add_init_script(script=axe_source)  # in every page before its own scripts, outside its CSP
    try:
        pages = key_pages(community, member=member is not None)
        assert len(pages) == 15
        problems = audit(page, live_server.url, pages)
    finally:
        context.close()
    assert not problems, f"{who}: serious or critical axe violations, or headings out of order:\n" + "\n".join(problems)


# The focused element, its outline and the colour behind it (semi-transparent layers composited down to the
# first opaque one; the canvas is white). With a positive outline-offset the ring sits on the parent's
# background; otherwise it also touches the element's own.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const parse = c => {
    const m = c.match(/rgba?\\(([\\d.]+),?\\s*([\\d.]+),?\\s*([\\d.]+)(?:,?\\s*\\/?\\s*([\\d.]+))?\\)/);
    if (!m) throw new Error("unreadable colour " + c);
    return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
  };
  const behind = node => {
    const layers = [];
    for (; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let rgb = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) rgb = [r * a + rgb[0] * (1 - a), g * a + rgb[1] * (1 - a), b * a + rgb[2] * (1 - a)];
    return rgb;
  };
  const style = getComputedStyle(el);
  const ring = parse(style.outlineColor);
  return {
    what: el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "")
          + " " + JSON.stringify((el.getAttribute("aria-label") || el.textContent || el.name || "").replace(/\\s+/g, " ").trim().slice(0, 30)),
    style: style.outlineStyle, width: parseFloat(style.outlineWidth), offset: parseFloat(style.outlineOffset),
    ring: ring.slice(0, 3), alpha: ring[3], parent: behind(el.parentElement), own: behind(el),
  };
}"""


def luminance(rgb) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, two) -> float:
    """WCAG 2's contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_follows_wcag():
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
    assert round(contrast((118, 118, 118), (255, 255, 255)), 2) == 4.54  # #767676, the classic 4.5:1 grey
    assert contrast((122, 162, 255), (255, 255, 255)) < 3  # the old ring, #7aa2ff on white


def focus_ring_problems(page, *, tabs: int) -> tuple[list[str], int]:
    """Tab through the page as a keyboard user does; every element that takes focus must show a ring of at
    least 2 px with 3:1 contrast against what is behind it."""
    page.locator("body").focus()
    problems, seen = [], set()
    for _ in range(tabs):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or focused["what"] in seen:
            continue
        seen.add(focused["what"])
        if focused["style"] == "none" or focused["width"] < 2 or focused["alpha"] < 1:
            problems.append(f"{focused['what']}: no solid ring ({focused['style']} {focused['width']}px)")
            continue
        backgrounds = [focused["parent"]] if focused["offset"] > 0 else [focused["parent"], focused["own"]]
        ratio = min(contrast(focused["ring"], background) for background in backgrounds)
        if ratio < 3:
            problems.append(f"{focused['what']}: ring rgb{tuple(focused['ring'])} at {ratio:.2f}:1")
    return problems, len(seen)


@transactional
def test_the_focus_ring_stands_out_on_every_background(live_server, community, browser):
    """The header, a thread with its vote, comment and answer controls, and the composer, in both schemes."""
    context, page = _open(browser, live_server, member=community["helper"])
    problems = []
    try:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            for path in (community["question"].get_absolute_url(), "/ask/question/"):
                page.goto(live_server.url + path)
                found, reached = focus_ring_problems(page, tabs=45)
                assert reached > 15, f"{path}: only {reached} elements took focus"  # the walk really went through
                problems += [f"{scheme} scheme, {path}: {p}" for p in found]
    finally:
        context.close()
    assert not problems, "focus rings below 3:1 or missing:\n" + "\n".join(problems)


def _spoken(page, selector: str) -> str:
    """The accessibility tree of one element, as Playwright's aria snapshot writes it."""
    return page.locator(selector).aria_snapshot()


@transactional
def test_a_score_is_read_out_with_its_number_before_and_after_a_vote(live_server, make_member, alice, browser):
    question = actions.create_thread(
        alice,
        kind="question",
        title="How do I sync my notes offline?",
        body="I need my notes on the train.",
        tags=["sync"],
    )
    Thread.objects.filter(pk=question.pk).update(score=12)
    context, page = _open(browser, live_server)
    try:
        page.goto(live_server.url + question.get_absolute_url())
        spoken = _spoken(page, ".thread .vote")
        assert re.search(r"^- text: 12 votes$", spoken, re.M), spoken
        assert not re.search(r"^- text: 12$", spoken, re.M), spoken  # the bare number is not read on its own
        assert page.locator(".thread .vote-score").inner_text() == "12"  # and still seen
    finally:
        context.close()

    # A French member hears French, with French plurals ("0 vote", "1 vote"), also after voting without reload.
    question = actions.create_thread(
        alice,
        kind="question",
        title="Comment synchroniser hors ligne ?",
        body="Mes notes dans le train.",
        tags=["sync"],
    )
    claire = make_member("claire", language="fr")
    context, page = _open(browser, live_server, member=claire, locale="fr-FR")
    try:
        page.goto(live_server.url + question.get_absolute_url())
        assert re.search(r"^- text: 0 vote$", _spoken(page, ".thread .vote"), re.M)
        page.click(".thread .vote-up")
        page.wait_for_selector(".thread .vote-score:text-is('1')")
        spoken = _spoken(page, ".thread .vote")
        assert re.search(r"^- text: 1 vote$", spoken, re.M), spoken
        assert page.locator(".thread [data-vote-label]").get_attribute("aria-live") == "polite"  # announced
        page.click(".thread .vote-up")  # undo
        page.wait_for_selector(".thread .vote-score:text-is('0')")
        assert re.search(r"^- text: 0 vote$", _spoken(page, ".thread .vote"), re.M)  # French plural rule in JS
    finally:
        context.close()
