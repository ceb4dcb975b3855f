"""The audit log of the recognition programme: the team's steps in the rewards CMS, each one an ``AuditEntry``.

Rewards never writes a community table: its actions emit events, and these subscribers write the entry
*within* the action's transaction (``events.subscribe_within``), so a step and its entry commit or roll back
together. The entry keeps data (the perk's title, the member, the reason; counts and months in ``details``);
``community.core.audit.describe`` words it in the reader's language.
"""

from __future__ import annotations

from community.core import events
from community.core.audit import audit
from community.forum.models import Member
from rewards import api as rewards_api

ACTIONS = {"approved": "redemption_approve", "rejected": "redemption_reject", "fulfilled": "redemption_fulfil"}


def _member(member_id):
    return Member.objects.filter(pk=member_id).first() if member_id else None


def _redemption_entry(event, action: str, *, actor_id, reason: str = "", note: str = "") -> None:
    facts = rewards_api.redemption_facts(event.redemption_id) or {}
    audit(
        _member(actor_id),
        action,
        member=_member(event.member_id),
        reason=reason,
        target_type="redemption",
        target_id=event.redemption_id,
        target_label=facts.get("perk_title", ""),
        details={"perk_id": event.perk_id, "cost": facts.get("cost"), **({"note": note} if note else {})},
    )


def on_redemption_changed(event: events.RedemptionChanged) -> None:
    """Approve, reject (the reason is the entry's), fulfil (the note goes in its details)."""
    action = ACTIONS.get(event.status)
    if action is not None:
        _redemption_entry(event, action, actor_id=event.actor_id, reason=event.reason, note=event.note)


def on_redemption_requested(event: events.RedemptionRequested) -> None:
    """A code handed out at once, with nobody deciding: the log still shows which member got one, and when."""
    if event.status == "fulfilled":
        _redemption_entry(event, "redemption_code", actor_id=None)


def on_codes_uploaded(event: events.PerkCodesUploaded) -> None:
    audit(
        _member(event.actor_id),
        "perk_codes",
        target_type="perk",
        target_id=event.perk_id,
        target_label=rewards_api.perk_title(event.perk_id),
        details={"added": event.added, "skipped": event.skipped},
    )


def on_recognition_published(event: events.RecognitionPublished) -> None:
    """ "Named … member of the month for …": the month and the tag as data, worded when the log is read."""
    facts = rewards_api.recognition_facts(event.recognition_id) or {"kind": event.kind}
    member = _member(event.member_id)
    audit(
        _member(event.actor_id),
        "recognition",
        member=member,
        target_type="member",
        target_id=event.member_id,
        target_label=member.username if member is not None else "",
        details={"recognition_id": event.recognition_id, **facts},
    )


# --- reward points adjusted by the team (points: rewards.actions.points.adjust) --------------------------------


def on_points_adjusted(event: events.PointsAdjusted) -> None:
    """ "Adjusted the reward points of …": the points as data, the team's note as the entry's reason."""
    member = _member(event.member_id)
    audit(
        _member(event.actor_id),
        "points_adjust",
        member=member,
        reason=event.note,
        target_type="member",
        target_id=event.member_id,
        target_label=member.username if member is not None else "",
        details={"points": event.points, "entry_id": event.entry_id},
    )


def connect() -> None:
    events.subscribe_within(events.RedemptionChanged, on_redemption_changed)
    events.subscribe_within(events.RedemptionRequested, on_redemption_requested)
    events.subscribe_within(events.PerkCodesUploaded, on_codes_uploaded)
    events.subscribe_within(events.RecognitionPublished, on_recognition_published)
    events.subscribe_within(events.PointsAdjusted, on_points_adjusted)
