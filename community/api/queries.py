"""Reads of the token pages: a member's tokens, in one query."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from community.api.models import AccessToken

# Revoked tokens stay listed this long, so a member sees what stopped working (and who stopped it).
REVOKED_SHOWN_FOR = timedelta(days=90)


def member_tokens(member) -> list[AccessToken]:
    """The member's live tokens, newest first, then those revoked lately (with who revoked them)."""
    since = timezone.now() - REVOKED_SHOWN_FOR
    rows = list(
        AccessToken.objects.filter(Q(revoked_at__isnull=True) | Q(revoked_at__gte=since), member=member)
        .select_related("revoked_by")
        .order_by("-created_at", "-pk")
    )
    return [t for t in rows if not t.is_revoked] + [t for t in rows if t.is_revoked]


def own_token(member, pk: int) -> AccessToken | None:
    return AccessToken.objects.filter(pk=pk, member=member).first()
