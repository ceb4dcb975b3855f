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

from dataclasses import asdict
from functools import lru_cache

from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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


# What a response may carry to change its policy (django-csp's decorators): such a response is built in full.
_PER_RESPONSE = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip
_built: dict[bool, tuple[str, str]] = {}  # in the CMS or not -> (policy, report-only policy)


@receiver(setting_changed)
def _forget_built_policies(setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _built.clear()


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the CMS's differences replacing the site's directives under the admin path.

    django-csp builds the header for every response (deep copies of the settings, twice: about half a
    millisecond, as long as a page-cache hit itself). Without a nonce or a per-view policy the header depends only
    on the settings and on CMS-or-not, so it is built once per process for each."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, a) for a in _PER_RESPONSE):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages, as django-csp leaves them
        cms = in_cms(request)
        if cms not in _built:
            parts, parts_ro = self.get_policy_parts(request, response), self.get_policy_parts(request, response, True)
            _built[cms] = (build_policy(**asdict(parts)), build_policy(**asdict(parts_ro), report_only=True))
        policy, policy_ro = _built[cms]
        if policy and HEADER not in response:
            response[HEADER] = policy
        if policy_ro and HEADER_REPORT_ONLY not in response:
            response[HEADER_REPORT_ONLY] = policy_ro
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and in_cms(request):
            parts.replace = {**CMS_DIRECTIVES, **(parts.replace or {})}
        return parts
