"""How to reach the Elasticsearch cluster, from the settings (docs/search.md, "Settings").

- ``ELASTICSEARCH_URL``: one node URL or a comma-separated list (``https://es1:9200,https://es2:9200``); the
  client spreads requests over them and skips a dead one.
- ``ELASTICSEARCH_CLOUD_ID``: an Elastic Cloud deployment; it takes precedence over ``ELASTICSEARCH_URL``
  (the client cannot use both, and a cloud id names the whole cluster).
- ``ELASTICSEARCH_API_KEY``: an API key, either as Elastic Cloud shows it (base64 "encoded") or as ``id:key``.
- ``ELASTICSEARCH_CA_CERTS``: a PEM file of the CA that signed the nodes' certificates (self-managed TLS).

Kept in one place so the backend only asks for a client, and so the parsing is tested on real client objects.
Bad values raise ``ImproperlyConfigured`` with a message that says what to write instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import Elasticsearch

SCHEMES = ("http", "https")
CREDENTIALS = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)?[^/]*@")  # an optional scheme, then user:password@


@dataclass(frozen=True)
class Connection:
    """Where the cluster is and how to authenticate (hashable: it keys the per-process client cache)."""

    hosts: tuple[str, ...] = ()
    cloud_id: str = ""
    api_key: str = ""
    ca_certs: str = ""


def parse_hosts(value: str) -> tuple[str, ...]:
    """``ELASTICSEARCH_URL`` as a tuple of node URLs; each must be an http(s) URL with a host."""
    hosts = tuple(part.strip() for part in (value or "").split(",") if part.strip())
    for url in hosts:
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise ImproperlyConfigured(
                f"ELASTICSEARCH_URL must be node URLs separated by commas, each starting with http:// or "
                f"https:// (e.g. https://es1.example.org:9200,https://es2.example.org:9200); "
                f"got {_without_credentials(url)!r}."
            )
    return hosts


def from_settings(url: str | None = None) -> Connection:
    """The connection the settings describe; ``url`` (the backend's key) overrides ``ELASTICSEARCH_URL``."""
    raw_url = url if url is not None else getattr(settings, "ELASTICSEARCH_URL", "")
    cloud_id = (getattr(settings, "ELASTICSEARCH_CLOUD_ID", "") or "").strip()
    connection = Connection(
        hosts=() if cloud_id else parse_hosts(raw_url),
        cloud_id=cloud_id,
        api_key=(getattr(settings, "ELASTICSEARCH_API_KEY", "") or "").strip(),
        ca_certs=(getattr(settings, "ELASTICSEARCH_CA_CERTS", "") or "").strip(),
    )
    _check(connection)
    return connection


def client_options(connection: Connection) -> dict:
    """Keyword arguments for ``Elasticsearch(...)`` (transport tuning such as timeouts is the caller's)."""
    options: dict = {"cloud_id": connection.cloud_id} if connection.cloud_id else {"hosts": list(connection.hosts)}
    if connection.api_key:
        key_id, colon, secret = connection.api_key.partition(":")
        options["api_key"] = (key_id, secret) if colon else connection.api_key
    if connection.ca_certs:
        options["ca_certs"] = connection.ca_certs
    return options


def make_client(connection: Connection, **transport_options) -> Elasticsearch:
    """A client for ``connection``; ``transport_options`` are e.g. ``request_timeout``, ``max_retries``."""
    try:
        return Elasticsearch(**client_options(connection), **transport_options)
    except ValueError as exc:  # the client's own checks, e.g. a cloud id that is not one
        raise ImproperlyConfigured(
            f"The Elasticsearch connection settings are not usable: {exc}. ELASTICSEARCH_CLOUD_ID is the "
            f"`name:base64…` string the Elastic Cloud console shows; see docs/search.md."
        ) from exc


def _check(connection: Connection) -> None:
    if not connection.cloud_id and not connection.hosts:
        raise ImproperlyConfigured("Set ELASTICSEARCH_URL or ELASTICSEARCH_CLOUD_ID to search with Elasticsearch.")
    if connection.ca_certs:
        if not os.path.isfile(connection.ca_certs):
            raise ImproperlyConfigured(
                f"ELASTICSEARCH_CA_CERTS is {connection.ca_certs!r}, which is not a readable file: give the path "
                f"of the PEM file of the CA that signed the Elasticsearch nodes' certificates."
            )
        plain = [url for url in connection.hosts if urlsplit(url).scheme != "https"]
        if plain:
            raise ImproperlyConfigured(
                f"ELASTICSEARCH_CA_CERTS only applies to https:// nodes, but ELASTICSEARCH_URL lists "
                f"{', '.join(_without_credentials(u) for u in plain)}: use https:// or unset ELASTICSEARCH_CA_CERTS."
            )
    if connection.api_key.startswith(":") or connection.api_key.endswith(":"):
        raise ImproperlyConfigured("ELASTICSEARCH_API_KEY must be the encoded key or `id:key`, both parts set.")


def _without_credentials(url: str) -> str:
    """``url`` with any ``user:password@`` removed (even from a malformed URL): messages never carry secrets."""
    return CREDENTIALS.sub(r"\1", url)
