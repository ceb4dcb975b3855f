"""Checks the web process runs once at start-up, so a misconfigured deployment stops at boot with a message
instead of answering 500 on every page.

They run from ``config/wsgi.py`` only: ``manage.py`` commands (``collectstatic`` and ``migrate`` first of
all) must keep working in exactly the state these checks refuse to serve.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages


def require_collected_static() -> None:
    """Refuse to serve when DEBUG is off and the static files manifest is missing.

    With DEBUG off the static files storage is WhiteNoise's manifest storage: every ``{% static %}`` looks
    the file up in ``staticfiles.json`` under STATIC_ROOT, and without that manifest every page fails.
    """
    if settings.DEBUG:
        return
    storage = storages["staticfiles"]
    if isinstance(storage, ManifestFilesMixin) and storage.read_manifest() is None:
        raise ImproperlyConfigured(
            "Static files are not collected: run `manage.py collectstatic --noinput` (or `django-admin "
            f"collectstatic --noinput`) before starting the site; STATIC_ROOT is {settings.STATIC_ROOT} "
            "(GUILDHALL_VAR_DIR/static) and has no staticfiles manifest."
        )


def run_startup_checks() -> None:
    """Every check the web process makes before it answers its first request."""
    require_collected_static()
