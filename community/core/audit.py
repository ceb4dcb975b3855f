"""The audit log: what a moderator or the team did, to what, and why — and telling the member concerned."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, pgettext_lazy

from community.core import events, freshness
from community.core.models import AuditEntry

# How the CMS's audit log names each ``AuditEntry.action`` (the column and its filter). The stored code stays
# English; an action missing here is shown as its code.
ACTION_LABELS = {
    "auto_hide": gettext_lazy("Hidden after flags"),
    "review_approve": gettext_lazy("Review: approved"),
    "review_dismiss": gettext_lazy("Review: flags dismissed"),
    "hide": pgettext_lazy("audit log", "Hidden"),
    "restore": pgettext_lazy("audit log", "Restored"),
    "lock": pgettext_lazy("audit log", "Locked"),
    "unlock": pgettext_lazy("audit log", "Unlocked"),
    "close_duplicate": gettext_lazy("Closed as a duplicate"),
    "reopen": pgettext_lazy("audit log", "Reopened"),
    "merge_tags": gettext_lazy("Tags merged"),
    "suspend": gettext_lazy("Member suspended"),
    "unsuspend": gettext_lazy("Suspension lifted"),
    "approve_edit": gettext_lazy("Suggested edit approved"),
    "reject_edit": gettext_lazy("Suggested edit rejected"),
    "promote_article": gettext_lazy("Promoted to a knowledge article"),
}


def action_label(action: str) -> str:
    """The audit log's name for ``action`` in the active language."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action.replace("_", " ")


def _label(obj) -> str:
    """How the log names a post or a member (read by type name: ``core`` knows no feature's models)."""
    kind = type(obj).__name__
    if kind == "Thread":
        return obj.title[:200]
    if kind == "Answer":
        return f"Answer to “{obj.thread.title}”"[:200]
    if kind == "Comment":
        return f"Comment: {obj.body}"[:200]
    return str(obj)[:200]


def audit(
    actor, action: str, obj=None, *, member=None, reason: str = "", target_type: str = "", target_id=None
) -> AuditEntry:
    entry = AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target_type or (type(obj).__name__.lower() if obj is not None else ""),
        target_id=target_id if target_id is not None else getattr(obj, "pk", None),
        target_label=_label(obj) if obj is not None else "",
        member=member if member is not None else getattr(obj, "author", None),
        reason=(reason or "")[:300],
    )
    freshness.after_moderation(entry, thread_id=_thread_id(obj))
    return entry


def _thread_id(obj):
    """The thread a moderated post belongs to (a lock, a close or a hidden answer changes its page)."""
    kind = type(obj).__name__
    if kind == "Thread":
        return obj.pk
    return getattr(obj, "thread_id", None) if kind in ("Answer", "Comment") else None


def tell_member(entry: AuditEntry) -> None:
    """The affected member hears what a moderator did, and why."""
    if entry.member_id is None or entry.member_id == entry.actor_id:
        return
    events.emit(
        events.MemberModerated(
            member_id=entry.member_id,
            actor_id=entry.actor_id,
            action=entry.action,
            target_type=entry.target_type,
            target_id=entry.target_id,
            target_label=entry.target_label,
            reason=entry.reason,
            at=entry.created_at,
        )
    )
