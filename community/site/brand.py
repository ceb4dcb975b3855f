"""The community's brand (``CommunityBrand``, a Wagtail site setting) for pages, from the shared cache.

``CommunityBrand.for_request`` would look the site up and read (or create) the row on every page that names
the brand; here the values are kept per host under the ``site`` version, which saving the setting bumps, so a
page pays no query for them once warm, and reading never writes a row (a site without one shows the defaults).
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from community.site import colours
from community.site.models import CommunityBrand
from config import cache as shared_cache
from config import page_cache

FIELDS = ("brand_name", "product_name", "purpose", "site_name", "primary_colour", "accent_colour")
LOGO_RENDITION = "height-64"  # drawn 32 px high: sharp on 2x screens
ICON_RENDITION = "fill-64x64"


def current(request) -> CommunityBrand:
    """The brand of the site ``request`` is for (an unsaved instance: read it, never save it), with its look:
    ``logo_url``, ``favicon_url`` (empty for none) and ``stylesheet_url`` (the colours; empty for Guildhall's)."""
    values, _versions = page_cache.remember(cache_key(request), lambda: (_read(Site.find_for_request(request)), []))
    return _instance(values)


def cache_key(request) -> str:
    """Where the brand of ``request``'s host is kept (read ahead with a member's row: ``connect``)."""
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: Django answers it elsewhere; show the defaults meanwhile
        host = ""
    return f"brand:{host}"


def default() -> CommunityBrand:
    """The default site's brand, for what has no request: e-mails sent by tasks, management commands."""
    values, _versions = page_cache.remember(
        "brand:default-site", lambda: (_read(Site.objects.filter(is_default_site=True).first()), [])
    )
    return _instance(values)


def stylesheet(request) -> str:
    """The CSS of ``request``'s site colours (``colours.stylesheet``)."""
    brand = current(request)
    return colours.stylesheet(brand.primary_colour, brand.accent_colour)


def _read(site) -> dict:
    """The row's values and its look's URLs. Renditions are made here, once per change of the brand (the
    ``site`` version), never while a page draws its header."""
    if site is None:
        return {}
    brand = CommunityBrand.objects.filter(site=site).select_related("logo", "favicon").first()
    if brand is None:
        return {}
    values = {field: getattr(brand, field) for field in FIELDS}
    values["logo_url"] = brand.logo.get_rendition(LOGO_RENDITION).url if brand.logo else ""
    values["favicon_url"] = brand.favicon.get_rendition(ICON_RENDITION).url if brand.favicon else ""
    css = colours.stylesheet(brand.primary_colour, brand.accent_colour)
    values["stylesheet_url"] = (
        f"{reverse('community:brand_css')}?v={hashlib.sha256(css.encode()).hexdigest()[:12]}" if css else ""
    )
    return values


LOOK = ("logo_url", "favicon_url", "stylesheet_url")


def _instance(values: dict) -> CommunityBrand:
    brand = CommunityBrand(**{field: value for field, value in values.items() if field not in LOOK})
    for field in LOOK:
        setattr(brand, field, values.get(field, ""))
    return brand


def context(request) -> dict:
    """Context processor: ``{{ community_brand.brand_name }}``, ``{{ community_brand.product }}`` in any template,
    read on first use."""
    return {"community_brand": SimpleLazyObject(lambda: current(request))}


def _changed(**kwargs) -> None:
    transaction.on_commit(lambda: page_cache.bump(page_cache.SITE))


def connect() -> None:
    """Saving the brand in the CMS (or a site's address) makes every page naming it stale; every member page
    reads the brand, so it comes in the round trip of the member's own reads."""
    shared_cache.request_read(cache_key)
    for model in (CommunityBrand, Site):
        post_save.connect(_changed, sender=model, dispatch_uid=f"guildhall-brand-{model.__name__}-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"guildhall-brand-{model.__name__}-deleted")
