"""The URLs the site's frame (header, banners, stylesheets) links to on every page, worked out once per process.

Every page draws the same dozen header links and three static files; ``{% url %}`` and ``{% static %}`` resolve
each of them again on every request (about a tenth of a cached member page's time). They depend only on the
script prefix and the active language, which key the memo.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

FRAME = {
    "threads": "community:threads",
    "ideas": "community:ideas",
    "tags": "community:tags",
    "ask": "community:ask_question",  # the header's "Ask": the question form
    "inbox": "community:inbox",
    "reputation_changes": "community:reputation_changes",
    "privileges": "rewards:privileges",
    "edit_profile": "community:edit_profile",
    "leaderboard": "rewards:leaderboard",
    "badges": "rewards:badges",
    "awards_seen": "rewards:awards_seen",
    "search": "search:search",
    "login": "account_login",
    "logout": "account_logout",
    "signup": "account_signup",
}
ASSETS = {
    "site_css": "guildhall/site.css",
    "search_css": "guildhall/search.css",
    "site_js": "guildhall/site.js",
    "favicon": "guildhall/favicon.svg",
}


@lru_cache(maxsize=32)
def _frame_urls(script_prefix: str, language: str | None) -> dict[str, str]:
    urls = {name: reverse(view) for name, view in FRAME.items()}
    return urls | {name: static(path) for name, path in ASSETS.items()} | {"privacy": privacy_url()}


def privacy_url() -> str:
    """The live privacy page's URL ("" if there is none), for the footer, the sign-up form and e-mails.

    A CMS page, found by its content type (core imports no feature package): one query per process, since the
    frame's memo keeps it; publishing, unpublishing, moving or deleting a page clears the memo (below). Another
    process keeps its old URL until it restarts, and Wagtail's automatic redirects take that URL to the page."""
    from wagtail.models import Page

    page = Page.objects.live().filter(content_type__app_label="community", content_type__model="privacypage").first()
    return (page.get_url() or "") if page is not None else ""


def frame_urls(request) -> dict:
    """The frame's URLs, and the query the header's search box shows again (on search pages only).

    ``header_q`` spares the template ``request.GET.q``: a lookup that misses (no ``q``) ends in Django calling
    ``dir()`` on the query dict, ~30 µs on every page."""
    match = getattr(request, "resolver_match", None)
    searching = match is not None and match.app_name == "search"
    return {
        "frame_urls": _frame_urls(get_script_prefix(), get_language()),
        "header_q": request.GET.get("q", "") if searching else "",
    }


def _forget_privacy_url(**kwargs) -> None:
    """A CMS page was published, unpublished, moved or deleted: the privacy page's URL may have changed."""
    _frame_urls.cache_clear()


def connect() -> None:
    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(_forget_privacy_url, dispatch_uid=f"guildhall-privacy-url-{id(signal)}")
    post_delete.connect(_forget_privacy_url, sender=Page, dispatch_uid="guildhall-privacy-url-deleted")


@receiver(setting_changed)
def _forget_frame_urls(setting, **kwargs) -> None:
    """Tests that change the URL or static settings get the URLs of the new ones."""
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES", "LANGUAGE_CODE", "LANGUAGES"}:
        _frame_urls.cache_clear()
