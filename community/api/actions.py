"""Personal access tokens: creating and revoking them, the member's or a moderator's act.

The same contract as every ``actions`` module: one function per use case, in one transaction, checking who may
act, validating, writing, and emitting a domain event delivered on commit. The token itself (the secret) exists
only in the return value of ``create_token``: the database keeps its SHA-256 (``models.hash_token``), so it is
shown once and never again.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.api.models import AccessToken, TokenScope, hash_token, new_raw_token
from community.core import events, permissions, validators
from community.core.audit import audit, tell_member
from community.core.errors import ActionConflict

NAME_MAX = 80
# The first characters of a token, kept to tell a member's tokens apart ("gh_" and five of its random letters).
HINT_LENGTH = 8


def max_live_tokens() -> int:
    return settings.GUILDHALL["MAX_ACCESS_TOKENS"]


def _require_owner(member) -> None:
    """Managing one's own tokens: signed in and active. A suspension does not stop it: a member must always be
    able to revoke a token that leaked, and ``create_token`` asks more."""
    if member is None or not member.is_authenticated:
        raise PermissionDenied(_("Log in to do that."))
    if not member.is_active:
        raise PermissionDenied(_("Your account is not active."))


def clean_name(name: str) -> str:
    name = validators.visible_text(name or "", field="name")
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the tool that will use it.")})
    if len(name) > NAME_MAX:
        raise ValidationError(
            {
                "name": _("A token’s name is at most %(max)s characters; yours has %(count)s.")
                % {"max": NAME_MAX, "count": len(name)}
            }
        )
    return name


@transaction.atomic
def create_token(member, *, name: str, scope: str) -> tuple[AccessToken, str]:
    """A new token for ``member``: the row, and the token itself, which the caller shows once."""
    permissions.require_member(member)  # a suspended member's tokens do not work: no new ones either
    errors = {}
    try:
        name = clean_name(name)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if scope not in TokenScope.values:
        errors["scope"] = [_("Choose what the token may do: read, or read and write.")]
    if errors:
        raise ValidationError(errors)
    # Counted under the member's row lock: two tabs creating at once cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=member.pk).first()
    most = max_live_tokens()
    if AccessToken.objects.usable().filter(member=member).count() >= most:
        raise ActionConflict(
            ngettext(
                "You have %(max)s access token, the most a member may hold: revoke one you no longer use first.",
                "You have %(max)s access tokens, the most a member may hold: revoke one you no longer use first.",
                most,
            )
            % {"max": most}
        )
    raw = new_raw_token()
    token = AccessToken.objects.create(
        member=member, name=name, scope=scope, hashed=hash_token(raw), hint=raw[:HINT_LENGTH]
    )
    events.emit(events.AccessTokenCreated(token_id=token.pk, member_id=member.pk, scope=scope, at=token.created_at))
    return token, raw


@transaction.atomic
def revoke_token(actor, token: AccessToken, *, reason: str = "") -> AccessToken:
    """Revoke ``token``: its member may, and so may any moderator (written to the audit log, and the member is
    told, with the moderator's reason). The row stays, marked revoked, so the member sees what stopped working."""
    _require_owner(actor)
    token = AccessToken.objects.select_for_update().select_related("member").get(pk=token.pk)
    own = token.member_id == actor.pk
    if not own and not permissions.is_moderator(actor):
        raise PermissionDenied(_("This access token is someone else's."))
    if token.is_revoked:
        raise ActionConflict(_("This access token is already revoked."))
    now = timezone.now()
    token.revoked_at, token.revoked_by = now, actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    if not own:
        entry = audit(actor, "revoke_token", token, member=token.member, target_type="token", reason=reason)
        tell_member(entry)
    events.emit(events.AccessTokenRevoked(token_id=token.pk, member_id=token.member_id, actor_id=actor.pk, at=now))
    return token


def forget_member(member_id: int) -> None:
    """An erased member's tokens go with their account (inside the erasure's transaction)."""
    AccessToken.objects.filter(member_id=member_id).delete()
