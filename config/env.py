"""Small helpers that turn environment variables into settings.

Kept apart from ``settings.py`` so that the rules (what switches a social
provider on, what counts as true) can be tested without reloading settings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}

# provider id -> (Django app, env prefix, extra provider settings)
SOCIAL_PROVIDERS = {
    "github": ("allauth.socialaccount.providers.github", "GITHUB", {"SCOPE": ["user:email"]}),
    "google": (
        "allauth.socialaccount.providers.google",
        "GOOGLE",
        {"SCOPE": ["profile", "email"], "AUTH_PARAMS": {"access_type": "online"}},
    ),
}


def flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    value = environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def social_providers(environ: Mapping[str, str]) -> tuple[list[str], dict]:
    """Return the provider apps to install and their allauth settings.

    A provider is switched on by setting both ``<NAME>_CLIENT_ID`` and
    ``<NAME>_CLIENT_SECRET``; nothing else has to change.
    """
    apps: list[str] = []
    config: dict = {}
    for provider, (app, prefix, extra) in SOCIAL_PROVIDERS.items():
        client_id = environ.get(f"{prefix}_CLIENT_ID", "").strip()
        secret = environ.get(f"{prefix}_CLIENT_SECRET", "").strip()
        if client_id and secret:
            apps.append(app)
            config[provider] = {"APP": {"client_id": client_id, "secret": secret, "key": ""}, **extra}
    return apps, config


CACHE_SCHEMES = ("redis://", "rediss://", "unix://")


def cache_from_url(url: str, key_prefix: str = "guildhall") -> dict:
    """The default cache for ``CACHE_URL``: Django's built-in Redis cache, or local memory when unset.

    Short socket timeouts: a slow or lost Redis costs a request about a second, never a hung worker.
    """
    url = (url or "").strip()
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not url.startswith(CACHE_SCHEMES):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"CACHE_URL must start with one of {', '.join(CACHE_SCHEMES)} (e.g. redis://127.0.0.1:6379/0); "
            f"got {url.split('://', 1)[0]!r}. Leave it unset for the local-memory cache of a single process."
        )
    return {
        "BACKEND": "config.cache.SharedRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
    }


MEDIA_STORAGES = ("filesystem", "s3")


def media_storage(environ: Mapping[str, str]) -> dict:
    """``STORAGES["default"]``: the local disk (``MEDIA_ROOT``), or an S3-compatible bucket with
    ``GUILDHALL_MEDIA_STORAGE=s3`` (django-storages, installed with the ``s3`` extra; docs/deploy.md).

    The bucket stays private: files are read through the storage API and served by the site, so no bucket URL
    reaches a page and the Content-Security-Policy keeps images to this site."""
    kind = environ.get("GUILDHALL_MEDIA_STORAGE", "").strip().lower() or "filesystem"
    if kind not in MEDIA_STORAGES:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"GUILDHALL_MEDIA_STORAGE={kind!r}: choose one of {', '.join(MEDIA_STORAGES)}")
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    bucket = environ.get("GUILDHALL_S3_BUCKET", "").strip()
    if not bucket:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("GUILDHALL_MEDIA_STORAGE=s3 needs GUILDHALL_S3_BUCKET (docs/deploy.md).")
    options = {"bucket_name": bucket, "default_acl": None, "querystring_auth": True, "file_overwrite": False}
    for option, variable in (
        ("endpoint_url", "GUILDHALL_S3_ENDPOINT_URL"),
        ("region_name", "GUILDHALL_S3_REGION"),
        ("access_key", "GUILDHALL_S3_ACCESS_KEY_ID"),
        ("secret_key", "GUILDHALL_S3_SECRET_ACCESS_KEY"),
        ("location", "GUILDHALL_S3_PREFIX"),
    ):
        value = environ.get(variable, "").strip()
        if value:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def throttles(environ: Mapping[str, str], defaults: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The request throttles (``GUILDHALL["THROTTLES"]``), with ``GUILDHALL_THROTTLES`` laid over them: a JSON
    object such as ``{"search": {"member": 120}}`` for a community whose members search more than most (or a
    load test that measures the page, not the limit). Unknown actions or scopes and anything but a positive
    whole number are refused at start-up, so a typo never silently leaves a limit off."""
    raw = environ.get("GUILDHALL_THROTTLES", "").strip()
    merged = {action: dict(limits) for action, limits in defaults.items()}
    if not raw:
        return merged
    try:
        given = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"GUILDHALL_THROTTLES is not JSON: {exc}") from exc
    if not isinstance(given, dict):
        raise ImproperlyConfigured('GUILDHALL_THROTTLES is a JSON object: {"search": {"member": 120}}')
    for action, limits in given.items():
        if action not in merged or not isinstance(limits, dict):
            raise ImproperlyConfigured(f"GUILDHALL_THROTTLES: no throttle {action!r} (one of {', '.join(merged)})")
        for scope, limit in limits.items():
            if scope not in merged[action]:
                raise ImproperlyConfigured(f"GUILDHALL_THROTTLES: {action} has no scope {scope!r} (member, address)")
            if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
                raise ImproperlyConfigured(f"GUILDHALL_THROTTLES: {action}.{scope} is a whole number above 0")
            merged[action][scope] = limit
    return merged
