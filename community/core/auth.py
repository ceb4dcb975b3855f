"""Authentication backends whose member row, for a page read, comes from the shared cache.

Every page of a member starts with their row (``request.user``): one query, a third of a warm member page's time
on PostgreSQL (``make bench``). For a read (GET or HEAD: ``StandingMiddleware`` opens ``member_rows_from_cache``
while it resolves ``request.user``) the row is kept in the shared cache under ``member:<id>``, which every change
of the row bumps (``post_save``/``post_delete`` in community/core/freshness.py; the suspension and profile
updates bump it through their audit entry and event). Django still verifies the session against the row
(``get_session_auth_hash``), so a changed password signs out other sessions at once. Writes never use the cached
row: every action sees the member as the database has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend

from config import page_cache

_from_cache: ContextVar[bool] = ContextVar("member_rows_from_cache", default=False)


def member_row_key(member_id) -> str:
    return f"member-row:{member_id}"


@contextmanager
def member_rows_from_cache() -> Iterator[None]:
    """Within this block, the backends answer ``get_user`` from the shared cache (page reads only)."""
    token = _from_cache.set(True)
    try:
        yield
    finally:
        _from_cache.reset(token)


class _CachedMemberRows:
    def get_user(self, user_id):
        if not _from_cache.get():
            return super().get_user(user_id)

        def build():
            return super(_CachedMemberRows, self).get_user(user_id), [page_cache.member_tag(user_id)]

        member, _versions = page_cache.remember(member_row_key(user_id), build)
        return member


class CachedModelBackend(_CachedMemberRows, ModelBackend):
    """Django's ``ModelBackend`` (the CMS, ``createsuperuser`` accounts, tests' ``force_login``)."""


class CachedAllauthBackend(_CachedMemberRows, AllauthBackend):
    """allauth's backend (sign-in by e-mail or username on the site)."""
