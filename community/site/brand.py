"""The community's brand (``CommunityBrand``, a Wagtail site setting) for pages, from the shared cache.

``CommunityBrand.for_request`` would look the site up and read (or create) the row on every page that names
the brand; here the values are kept per host under the ``site`` version, which saving the setting bumps, so a
page pays no query for them once warm, and reading never writes a row (a site without one shows the defaults).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from community.site.models import CommunityBrand
from config import page_cache

FIELDS = ("brand_name", "product_name", "purpose")


def current(request) -> CommunityBrand:
    """The brand of the site ``request`` is for (an unsaved instance: read it, never save it)."""
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: Django answers it elsewhere; show the defaults meanwhile
        host = ""

    def build():
        site = Site.find_for_request(request)
        row = CommunityBrand.objects.filter(site=site).values(*FIELDS).first() if site else None
        return row or {}, []

    values, _versions = page_cache.remember(f"brand:{host}", build)
    return CommunityBrand(**values)


def context(request) -> dict:
    """Context processor: ``{{ community_brand.brand_name }}``, ``{{ community_brand.product }}`` in any template,
    read on first use."""
    return {"community_brand": SimpleLazyObject(lambda: current(request))}


def _changed(**kwargs) -> None:
    transaction.on_commit(lambda: page_cache.bump(page_cache.SITE))


def connect() -> None:
    """Saving the brand in the CMS (or a site's address) makes every page naming it stale."""
    for model in (CommunityBrand, Site):
        post_save.connect(_changed, sender=model, dispatch_uid=f"guildhall-brand-{model.__name__}-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"guildhall-brand-{model.__name__}-deleted")
