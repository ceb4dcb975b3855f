"""allauth's e-mails signed with the community's site name (the CMS brand), not the host name.

Without ``django.contrib.sites`` allauth names the site by the request's host ("Hello from localhost!",
"[localhost] Confirm your e-mail"). This adapter, the forum's with the brand on top (the forum sits below
``community.site`` and cannot read the brand), hands allauth's templates a site named after the brand.
"""

from __future__ import annotations

from types import SimpleNamespace

from allauth.core import context as allauth_context

from community.forum.accounts import AccountAdapter as ForumAccountAdapter
from community.site import brand


def _site(request) -> SimpleNamespace:
    if request is None:  # sent outside a request (a management command)
        return SimpleNamespace(name=brand.default().name, domain="")
    try:
        domain = request.get_host()
    except Exception:  # DisallowedHost
        domain = ""
    return SimpleNamespace(name=brand.current(request).name, domain=domain)


class AccountAdapter(ForumAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        site = _site(allauth_context.request)
        return super().send_mail(template_prefix, email, {"current_site": site, **context})

    def format_email_subject(self, subject: str) -> str:
        return f"[{_site(allauth_context.request).name}] {subject}"
