"""The Content-Security-Policy of every response: one strict policy for the site, a few named differences for the CMS.

The site's policy is ``CONTENT_SECURITY_POLICY`` in config/settings.py: scripts, styles, images and fonts from
this site only, and no inline script, event handler or ``style`` attribute. Public pages carry no nonce on
purpose: the page cache (config/page_cache.py) hands one stored copy of a page to every visitor, and a nonce
baked into shared HTML would be a nonce anyone can read. So our templates have no inline code at all
(tests/site/test_csp.py holds that and watches the browser for violations).

The Wagtail admin is never cached (only signed-in moderators see it). It differs in exactly what Wagtail 8 needs,
listed in ``CMS_DIRECTIVES`` and docs/security.md; script-src and style-src stay ``'self'``.
"""

from __future__ import annotations

from functools import lru_cache

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import NoReverseMatch, get_script_prefix, reverse

CMS_DIRECTIVES = {
    # The page editor's live preview shows the page in an iframe of the admin itself.
    "frame-ancestors": [SELF],
    # Image uploads are previewed from the file before it is sent (blob: URLs made by the admin's script).
    "img-src": [SELF, "data:", "blob:"],
}


@lru_cache(maxsize=16)
def cms_prefix(script_prefix: str) -> str | None:
    """The path the Wagtail admin is mounted on ("/cms/"), as ``path_info`` has it (without the script prefix);
    reversed once per process and script prefix, since the URLconf only changes with a deploy."""
    try:
        home = reverse("wagtailadmin_home")
    except NoReverseMatch:
        return None
    return "/" + home[len(script_prefix) :]


def in_cms(request) -> bool:
    prefix = cms_prefix(get_script_prefix())
    return bool(prefix) and request.path_info.startswith(prefix)


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the CMS's differences replacing the site's directives under the admin path."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and in_cms(request):
            parts.replace = {**CMS_DIRECTIVES, **(parts.replace or {})}
        return parts
