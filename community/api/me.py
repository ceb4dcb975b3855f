"""``GET /me``: who the credentials act as — the member, their standing and, with a token, which token.

For integrators checking a token before they rely on it: its scope says whether writes will work, and
``missing_privileges`` which community actions the member's reputation does not allow yet (with the site's
sentence saying how much is needed).
"""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from community.api import auth, routers, schemas
from community.api.models import TokenScope
from community.core import permissions
from rewards import api as rewards_api


class TokenInfo(Schema):
    name: str
    scope: TokenScope = Field(description="read, or write (read and write).")
    hint: str = Field(description="The token's first characters.")
    created_at: datetime
    last_used_at: datetime | None


class Me(schemas.MemberSummary):
    is_moderator: bool
    language: str = Field(description="The member's chosen language for the site and e-mails; empty: the browser's.")
    missing_privileges: dict[str, str] = Field(
        description="The reputation privileges the member lacks (upvote, downvote, comment_everywhere, flag, "
        "edit_others…), each with the site's sentence saying how much reputation it needs."
    )
    token: TokenInfo | None = Field(description="The token the request came with; null with the session.")


@routers.me.get(
    "/me",
    auth=[auth.TokenAuth(), auth.MemberSession()],
    response=Me,
    summary="Who am I",
    operation_id="me",
)
def me(request):
    """The member the credentials act as (a token of either scope, or the session). Without credentials: 401."""
    member = request.user
    token = getattr(request, "access_token", None)
    return {
        **schemas.present_member(request, member, {member.pk: rewards_api.reputation(member)}),
        "is_moderator": permissions.is_moderator(member),
        "language": member.language or "",
        "missing_privileges": rewards_api.refusals(member),
        "token": token,
    }
