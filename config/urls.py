from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Our JavaScript strings in the reader's language (LOCALE_PATHS' djangojs.po, not every app's: "community"
    # has no locale/ of its own): cached by the page cache per language, and an hour by browsers, per cookie.
    path(
        "jsi18n/",
        vary_on_headers("Cookie", "Accept-Language")(
            cache_control(max_age=3600)(JavaScriptCatalog.as_view(domain="djangojs", packages=["community"]))
        ),
        name="javascript-catalog",
    ),
    # Browsers ask for /favicon.ico whatever the page says: the site's icon is a static file (the pages name it).
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static_url("guildhall/favicon.svg"))),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("", include("community.api.urls")),  # /api/v1/ (docs/api.md)
    path("", include("rewards.urls")),
    path("", include("community.urls")),
    path("search/", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves the CMS-managed pages (the home page and later the knowledge
# pages); it comes last so our own URLs win.
urlpatterns += [path("", include(wagtail_urls))]
