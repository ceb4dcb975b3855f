"""The brand's colours as a stylesheet: the Content-Security-Policy allows no inline ``style``, and a nonce
cannot go into pages the anonymous page cache shares, so the colours set in the CMS come as a small file.

Its address carries a hash of its content (``brand.current(request).stylesheet_url``), so browsers keep it for a
long time and fetch the new one as soon as the colours change.
"""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from community.site import brand


@require_safe
def brand_css(request):
    response = HttpResponse(brand.stylesheet(request), content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=365 * 24 * 3600 if request.GET.get("v") else 300)
    return response
