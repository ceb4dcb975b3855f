"""The URLs the site's frame (header, banners, stylesheets) links to on every page, worked out once per process.

Every page draws the same dozen header links and three static files; ``{% url %}`` and ``{% static %}`` resolve
each of them again on every request (about a tenth of a cached member page's time). They depend only on the
script prefix and the active language, which key the memo.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

FRAME = {
    "threads": "community:threads",
    "ideas": "community:ideas",
    "tags": "community:tags",
    "ask": "community:ask",
    "inbox": "community:inbox",
    "leaderboard": "rewards:leaderboard",
    "badges": "rewards:badges",
    "awards_seen": "rewards:awards_seen",
    "search": "search:search",
    "login": "account_login",
    "logout": "account_logout",
    "signup": "account_signup",
}
ASSETS = {"site_css": "guildhall/site.css", "search_css": "guildhall/search.css", "site_js": "guildhall/site.js"}


@lru_cache(maxsize=32)
def _frame_urls(script_prefix: str, language: str | None) -> dict[str, str]:
    urls = {name: reverse(view) for name, view in FRAME.items()}
    return urls | {name: static(path) for name, path in ASSETS.items()}


def frame_urls(request) -> dict:
    return {"frame_urls": _frame_urls(get_script_prefix(), get_language())}


@receiver(setting_changed)
def _forget_frame_urls(setting, **kwargs) -> None:
    """Tests that change the URL or static settings get the URLs of the new ones."""
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES", "LANGUAGE_CODE", "LANGUAGES"}:
        _frame_urls.cache_clear()
