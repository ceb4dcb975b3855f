"""The URLs the site's frame (header and banners) links to on every page, reversed once per process.

Every page draws the same dozen header links; ``{% url %}`` resolves each of them again on every request
(about a tenth of a cached member page's time). They depend only on the script prefix and the active
language, which key the memo.
"""

from functools import lru_cache

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


@lru_cache(maxsize=32)
def _frame_urls(script_prefix: str, language: str | None) -> dict[str, str]:
    return {name: reverse(view) for name, view in FRAME.items()}


def frame_urls(request) -> dict:
    return {"frame_urls": _frame_urls(get_script_prefix(), get_language())}
