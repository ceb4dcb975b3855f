"""The demo's brand (``CommunityBrand``): the community is Lumen's, about the Lumen note-taking app."""

from __future__ import annotations

from wagtail.models import Site

from community.demo import content
from community.site.models import CommunityBrand


def seed_brand() -> None:
    """Name the brand and product on every site; the purpose stays empty, so each reader gets the welcome
    page's sentence in their own language."""
    for site in Site.objects.all():
        CommunityBrand.objects.update_or_create(
            site=site, defaults={"brand_name": content.PRODUCT["name"], "product_name": content.PRODUCT["name"]}
        )
