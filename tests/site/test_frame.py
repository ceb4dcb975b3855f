"""The site's frame in a real browser: a header that fits a phone's first screen and a laptop's one row, a menu
button that works with a keyboard and without JavaScript, and the dark theme.

Measured in Debian's Chromium (the suite's shared fixture in tests/conftest.py), since heights and wrapping are the
browser's business: a test client cannot see them.
"""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_MAX_ON_A_PHONE = 64
# What sticks out of the window, for a failure's message.
WIDER_THAN_THE_WINDOW = (
    "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
    ".slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40) + ' ' + Math.round(e.getBoundingClientRect().left) + '-' + Math.round(e.getBoundingClientRect().right) + ' ' + getComputedStyle(e.parentElement).gridTemplateColumns + ' ' + [...document.styleSheets].map(s => s.href).join())"
)


def _context(browser, base, *, width, member=None, language="en", **options):  # noqa: F811
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale=language, extra_http_headers={"Accept-Language": language},
        **options,
    )  # fmt: skip
    if member is not None:
        client = Client()
        client.force_login(member)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    return context


def _header_height(page) -> float:
    return page.eval_on_selector("header.site-header", "e => e.getBoundingClientRect().height")


def _visible(page, selector) -> bool:
    return page.locator(selector).first.is_visible()


@pytest.fixture
def member(make_member, make_thread):
    someone = make_member("claire", display_name="Claire Fontaine-Delacroix")
    make_thread(someone)  # a list with a row, an inbox with something in it later
    return someone


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_on_a_phone_the_header_is_one_short_row_with_a_menu_button(live_server, browser, member, language, signed_in):  # noqa: F811
    context = _context(browser, live_server.url, width=390, member=member if signed_in else None, language=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/")

    assert _header_height(page) <= HEADER_MAX_ON_A_PHONE
    button = page.locator("header button.menu-toggle")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not _visible(page, "header .main-nav a")  # folded away until asked for
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.evaluate(WIDER_THAN_THE_WINDOW)

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    for reachable in ("header .main-nav a", "header input[name=q]", "header .account-nav a"):
        assert _visible(page, reachable), reachable
    if signed_in:
        assert _visible(page, "header .account-nav a.button-primary")  # Ask
        assert _visible(page, "header .account-menu > summary")
    button.click()
    assert button.get_attribute("aria-expanded") == "false" and not _visible(page, "header .main-nav a")
    context.close()


def test_the_menu_button_works_with_the_keyboard(live_server, browser, member):  # noqa: F811
    page = _context(browser, live_server.url, width=390, member=member).new_page()
    page.goto(f"{live_server.url}/")
    page.focus("header button.menu-toggle")
    page.keyboard.press("Enter")
    assert page.locator("header button.menu-toggle").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")  # the menu follows the button: the next stop is inside it
    assert page.evaluate("document.activeElement.closest('#site-menu') !== null")
    page.keyboard.press("Escape")
    assert page.locator("header button.menu-toggle").get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")  # focus back on the button
    assert not _visible(page, "header .main-nav a")


def test_without_javascript_the_menu_link_opens_the_same_menu(live_server, browser, member):  # noqa: F811
    page = _context(browser, live_server.url, width=390, member=member, java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/")
    assert _header_height(page) <= HEADER_MAX_ON_A_PHONE
    assert not page.locator("header button.menu-toggle").is_visible()
    page.click("header a.menu-link")
    for reachable in ("header .main-nav a", "header input[name=q]", "header .account-menu > summary"):
        assert _visible(page, reachable), reachable


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1024, 1280])
def test_on_a_laptop_a_members_header_is_one_row_and_nothing_wraps(live_server, browser, member, language, width):  # noqa: F811
    page = _context(browser, live_server.url, width=width, member=member, language=language).new_page()
    page.goto(f"{live_server.url}/")

    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing pushed out of the window
    assert not page.locator("header button.menu-toggle").is_visible()
    items = "header .brand, header .main-nav a, header .account-nav > *, header .header-search, header .search-link"
    boxes = page.eval_on_selector_all(
        items,
        "els => els.filter(e => e.offsetParent).map(e => {"
        " const r = e.getBoundingClientRect(); const line = parseFloat(getComputedStyle(e).lineHeight) || 24;"
        " return {text: e.textContent.trim(), top: r.top, bottom: r.bottom, height: r.height, line}; })",
    )
    assert len(boxes) >= 10  # brand, seven sections, search, Ask, inbox, account
    middles = [(box["top"] + box["bottom"]) / 2 for box in boxes]
    assert max(middles) - min(middles) < 12, boxes  # one row
    for box in boxes:
        assert box["height"] < 2 * box["line"], box  # no label broken over two lines
    assert _header_height(page) <= HEADER_MAX_ON_A_PHONE


def test_the_dark_theme_follows_the_system(live_server, browser, member):  # noqa: F811
    def colours(scheme):
        page = _context(browser, live_server.url, width=1280, color_scheme=scheme).new_page()
        page.goto(f"{live_server.url}/threads/")
        return page.evaluate(
            "() => { const s = e => getComputedStyle(document.querySelector(e));"
            " return {canvas: s('html').backgroundColor, ink: s('body').color, paper: s('.site-header').backgroundColor,"
            " link: s('.thread-title a').color}; }"
        )

    def luminance(css):
        r, g, b = (int(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    light, dark = colours("light"), colours("dark")
    assert luminance(light["canvas"]) > 0.9 and luminance(light["ink"]) < 0.3
    assert luminance(dark["canvas"]) < 0.15 and luminance(dark["paper"]) < 0.2  # dark paper ...
    assert luminance(dark["ink"]) > 0.8 and luminance(dark["link"]) > 0.5  # ... light text and links on it
