"""The static files' storage in production: whitenoise's compressed, hashed files, each URL looked up once.

The hashed name of a static file is fixed once ``collectstatic`` has run: the manifest is read when the process
starts and never changes under it. Yet every page asks for the same URLs again — the CMS's sidebar alone builds
sixty (``wagtail.admin.staticfiles.versioned_static`` for each menu item's media), about 4 ms of a CMS page on
this machine — and each lookup parses, unquotes and joins the name anew. Here a process remembers them."""

from __future__ import annotations

import functools

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        if force:  # collectstatic's own lookups while it writes the manifest: never remembered
            return super().url(name, force=True)
        return self._remembered_url(name)

    @functools.lru_cache(maxsize=2048)  # noqa: B019 — one storage per process, for the process's life
    def _remembered_url(self, name):
        return super().url(name)
