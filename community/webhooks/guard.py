"""The SSRF guard: webhooks go to the public internet, never to the community's own network.

A moderator's URL is sent to by the server, from inside its network: without a guard, an endpoint on
``http://169.254.169.254/`` (cloud metadata), ``http://127.0.0.1:6379/`` (Redis) or ``http://10.0.0.5/admin``
would make the worker probe what no visitor can reach. So:

- when an endpoint is saved, its URL must be http(s), carry no user name or password, and its host must resolve
  only to *public* addresses (``check_url``);
- when a delivery is sent, the address the socket actually connected to is checked again (``GuardedPoolManager``):
  a host that resolved to a public address when it was saved and to ``127.0.0.1`` now (DNS rebinding) is
  refused before a byte is written. Redirects are never followed (``actions``/``sending``), and no proxy from the
  environment is used.

Refused: private (RFC 1918, fc00::/7), loopback, link-local (169.254/16, fe80::/10), reserved, multicast,
unspecified, shared (100.64/10) and every other non-global address, IPv4 and IPv6, IPv4-mapped IPv6
(``::ffff:127.0.0.1``) judged as the IPv4 address it carries. ``settings.WEBHOOKS_ALLOW_PRIVATE``
(``GUILDHALL_WEBHOOKS_ALLOW_PRIVATE``, off by default; docs/deploy.md) lets them through, for a receiver on the
same network and for the tests' local receiver.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from urllib3 import PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

SCHEMES = ("http", "https")


class BlockedAddress(ValueError):
    """A delivery's host resolved to an address the guard refuses."""


def private_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


def is_blocked(address: str) -> bool:
    """Whether ``address`` (an IPv4 or IPv6 literal) is anything but a public internet address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is link-local anyway
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an empty list if it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    return sorted({info[4][0] for info in infos})


def check_url(url: str) -> None:
    """Refuse a URL the server must not send to, with a message a moderator can act on (``ValidationError``)."""
    parts = urlsplit(url or "")
    if parts.scheme.lower() not in SCHEMES:
        raise ValidationError(_("Use an http:// or https:// address."), code="scheme")
    if parts.username or parts.password:
        raise ValidationError(
            _("Leave the user name and password out of the address; the signature proves who sends."),
            code="credentials",
        )
    host = parts.hostname
    if not host:
        raise ValidationError(_("The address needs a host name, like https://example.com/hooks."), code="host")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise ValidationError(_("The port in this address is not a number between 1 and 65535."), code="port")
    if private_allowed():
        return
    addresses = resolve(host, port)
    if not addresses:
        raise ValidationError(
            _("We could not find the host “%(host)s”. Check the address; the host must exist before you add it.")
            % {"host": host},
            code="unresolved",
        )
    blocked = [address for address in addresses if is_blocked(address)]
    if blocked and blocked[0] == host.strip("[]"):  # an address typed as such
        raise ValidationError(
            _(
                "%(address)s is a private, loopback, link-local or reserved address. Webhooks are only sent to "
                "public internet addresses."
            )
            % {"address": blocked[0]},
            code="private",
        )
    if blocked:
        raise ValidationError(
            _(
                "“%(host)s” leads to %(address)s, a private, loopback, link-local or reserved address. Webhooks "
                "are only sent to public internet addresses."
            )
            % {"host": host, "address": blocked[0]},
            code="private",
        )


# --- at delivery time: the connected socket's address -------------------------------------------------------


def _check_socket(connection, sock) -> None:
    if private_allowed():
        return
    address = sock.getpeername()[0]
    if is_blocked(address):
        sock.close()
        raise BlockedAddress(
            _("Not sent: %(host)s now leads to %(address)s, a private or reserved address.")
            % {"host": connection.host, "address": address}
        )


class GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self):
        sock = super()._new_conn()
        _check_socket(self, sock)
        return sock


class GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self):  # before TLS: nothing is sent to a refused address, not even a ClientHello
        sock = super()._new_conn()
        _check_socket(self, sock)
        return sock


class GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class GuardedPoolManager(PoolManager):
    """urllib3's pool manager whose connections check the address they reached (no proxy, no environment)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pool_classes_by_scheme = {"http": GuardedHTTPConnectionPool, "https": GuardedHTTPSConnectionPool}


def blocked_reason(exc: BaseException) -> str | None:
    """The guard's refusal inside whatever urllib3 wrapped it in, or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, BlockedAddress):
            return str(exc)
        if isinstance(exc, NewConnectionError) and exc.__cause__ is None and exc.__context__ is None:
            break
        exc = getattr(exc, "reason", None) or exc.__cause__ or exc.__context__
    return None
