"""The redemption queue, the team's side: approve, reject (with a refund), mark fulfilled; and the retention of
the personal data a redemption carries.

Each step locks the redemption's row and checks its *current* status, so a stale page or a double-submitted
form gets a clear refusal (``ActionConflict``) and never a second refund or a second unit back in stock. Each
emits ``RedemptionChanged``: community writes the audit entry within the transaction
(``community/team/handlers.py``) and tells the member after it (``community/notifications/inbox.py``).

``details`` (shipping address, size, phone) is personal data: the team needs it until the perk is sent, and
nobody after. ``erase_expired_details`` blanks it ``GUILDHALL_FULFILMENT_RETENTION_DAYS`` after fulfilment
or rejection (``manage.py rewards_erase_fulfilment_details``, daily); an erased member's goes at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core import events, permissions
from community.core.errors import ActionConflict
from rewards.actions import points
from rewards.actions.redeem import catalogue_changed
from rewards.models import Perk, Redemption

S = Redemption.Status
REASON_MAX = Redemption._meta.get_field("reason").max_length
NOTE_MAX = Redemption._meta.get_field("note").max_length


def retention_days() -> int:
    return settings.GUILDHALL["FULFILMENT_RETENTION_DAYS"]


def already(status: str) -> str:
    """Why a step cannot be taken now, in a whole sentence per status the redemption has reached."""
    if status == S.APPROVED:
        return _("This redemption was already approved: nothing was changed.")
    if status == S.REJECTED:
        return _("This redemption was already rejected and its points refunded: nothing was changed.")
    if status == S.FULFILLED:
        return _("This redemption was already marked fulfilled: nothing was changed.")
    return _("This redemption is still waiting for approval: approve it first.")


def _lock(redemption: Redemption, actor, allowed: tuple[str, ...]) -> Redemption:
    """The redemption's row, locked, if ``actor`` is on the team and its status allows the step."""
    if not permissions.is_moderator(actor):
        raise PermissionDenied(_("Only the community team can handle redemptions."))
    row = Redemption.objects.select_for_update(of=("self",)).select_related("perk").filter(pk=redemption.pk).first()
    if row is None:
        raise ActionConflict(_("This redemption no longer exists."))
    if row.status not in allowed:
        raise ActionConflict(already(row.status))
    return row


def _changed(row: Redemption, actor, at: datetime) -> None:
    events.emit(
        events.RedemptionChanged(
            redemption_id=row.pk,
            member_id=row.member_id,
            perk_id=row.perk_id,
            status=row.status,
            actor_id=getattr(actor, "pk", None),
            reason=row.reason,
            note=row.note,
            at=at,
        )
    )


@transaction.atomic
def approve(redemption: Redemption, *, actor, at=None) -> Redemption:
    """A pending redemption is accepted: the team will send the perk (``fulfil`` once it is on its way)."""
    row = _lock(redemption, actor, (S.PENDING,))
    now = at or timezone.now()
    row.status, row.decided_by, row.decided_at = S.APPROVED, actor, now
    row.save(update_fields=["status", "decided_by", "decided_at"])
    _changed(row, actor, now)
    return row


@transaction.atomic
def reject(redemption: Redemption, *, actor, reason: str, at=None) -> Redemption:
    """Turn a pending or approved redemption down, saying why: its points come back to the member, its unit
    back to the stock, and it stops counting towards the perk's redemptions and the member's limit."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why it is rejected: the member reads this reason.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason under %(limit)s characters.") % {"limit": REASON_MAX}})
    row = _lock(redemption, actor, (S.PENDING, S.APPROVED))
    now = at or timezone.now()
    row.status, row.reason, row.decided_by, row.decided_at = S.REJECTED, reason, actor, now
    row.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    if row.perk.stock is not None:
        Perk.objects.filter(pk=row.perk_id, stock__isnull=False).update(stock=F("stock") + 1)
    Perk.objects.filter(pk=row.perk_id, redeemed_count__gt=0).update(redeemed_count=F("redeemed_count") - 1)
    catalogue_changed()  # the unit is back on offer, and the perk's count of redemptions moved
    points.refund(row.member_id, redemption_id=row.pk, actor_id=getattr(actor, "pk", None), at=now)
    _changed(row, actor, now)
    return row


@transaction.atomic
def fulfil(redemption: Redemption, *, actor, note: str = "", at=None) -> Redemption:
    """The perk is on its way (or done, for an experience): ``note`` tells the member what was sent, or the
    parcel's tracking number. A pending redemption may be fulfilled at once: fulfilling it approves it."""
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("Keep the note under %(limit)s characters.") % {"limit": NOTE_MAX}})
    row = _lock(redemption, actor, (S.PENDING, S.APPROVED))
    now = at or timezone.now()
    row.status, row.note, row.fulfilled_at = S.FULFILLED, note, now
    if row.decided_at is None:
        row.decided_by, row.decided_at = actor, now
    row.save(update_fields=["status", "note", "fulfilled_at", "decided_by", "decided_at"])
    _changed(row, actor, now)
    return row


# --- personal data --------------------------------------------------------------------------------------------


def _with_details():
    return Redemption.objects.filter(details_erased_at__isnull=True).exclude(details={})


@transaction.atomic
def erase_expired_details(now=None) -> int:
    """Blank the fulfilment details of redemptions fulfilled or rejected more than the retention period ago;
    returns how many. Idempotent: an erased redemption keeps its ``details_erased_at`` and is not touched again."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    done = Q(status=S.FULFILLED, fulfilled_at__lt=cutoff) | Q(status=S.REJECTED, decided_at__lt=cutoff)
    return _with_details().filter(done).update(details={}, details_erased_at=now)


def erase_member_details(member_id: int, *, at=None) -> int:
    """An erased member's fulfilment details go at once, whatever their redemptions' status."""
    return _with_details().filter(member_id=member_id).update(details={}, details_erased_at=at or timezone.now())
