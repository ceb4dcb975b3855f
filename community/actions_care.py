"""Community care use cases: ideas' statuses, follows, notification settings, inbox, experts, the watch.

The same contract as ``community.actions`` (which re-exports every function
here): one function per use case, in one transaction, checking who may act,
validating, writing, and emitting a domain event delivered on commit. Rows
that only *follow* from events — inbox notifications, watch items — are
written by the subscribers in ``community.notifications`` and
``community.watch``, never here and never by views.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from community import events, permissions
from community.models import (
    Answer,
    DissatisfactionItem,
    ExpertRequest,
    Follow,
    IdeaStatus,
    IdeaStatusChange,
    Member,
    Notification,
    NotificationSettings,
    Tag,
    Thread,
)


def _conflict(message: str):
    from community.actions import ActionConflict

    return ActionConflict(message)


def _member(member) -> None:
    from community.actions import _require_member

    _require_member(member)


def _require_reader(member) -> None:
    """Reading and tidying one's own inbox and settings: logged in and active (a suspension does not stop it)."""
    if member is None or not member.is_authenticated:
        raise PermissionDenied("Log in to do that.")
    if not member.is_active:
        raise PermissionDenied("Your account is not active.")


def forget_unread_count(member_id: int) -> None:
    """The header's unread count is cached; drop it once the change is committed."""
    from community.notifications import unread_cache_key

    key = unread_cache_key(member_id)
    cache.delete(key)  # now, and again after the commit in case a reader cached the old count in between
    transaction.on_commit(lambda: cache.delete(key))


# --- first answers (the response-time KPIs) -----------------------------------------


def refresh_first_answer(thread_id: int) -> None:
    """Recompute when the first visible answer from someone other than the asker came.

    Called inside the actions that post, hide or restore answers, so the KPI
    columns always agree with the answers members can see.
    """
    thread = Thread.objects.only("pk", "author_id", "created_at").get(pk=thread_id)
    first = (
        Answer.objects.filter(thread_id=thread_id, is_deleted=False)
        .exclude(author_id=thread.author_id)
        .order_by("created_at", "pk")
        .values_list("created_at", flat=True)
        .first()
    )
    seconds = None if first is None else max(0, int((first - thread.created_at).total_seconds()))
    Thread.objects.filter(pk=thread_id).update(first_answer_at=first, first_answer_seconds=seconds)


# --- ideas --------------------------------------------------------------------------------


@transaction.atomic
def set_idea_status(actor: Member, thread: Thread, *, status: str, explanation: str, at=None) -> Thread:
    """Staff move an idea to a status with a public explanation; voters and followers hear of it."""
    _member(actor)
    if not permissions.is_moderator(actor):
        raise PermissionDenied("Only the community team can change the status of an idea.")
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not thread.is_idea:
        raise _conflict("Only ideas have a status.")
    if thread.is_deleted:
        raise _conflict("This idea has been deleted.")
    if status not in IdeaStatus.values:
        raise ValidationError({"status": f"Choose one of: {', '.join(IdeaStatus.labels)}."})
    explanation = (explanation or "").strip()
    if len(explanation) > 2000:
        raise ValidationError({"explanation": f"An explanation is at most 2,000 characters; yours has {len(explanation):,}."})
    if status != IdeaStatus.NEW and not explanation:
        raise ValidationError({"explanation": "Tell members why: the explanation is shown on the idea."})
    if status == thread.idea_status and explanation == thread.idea_status_note:
        raise _conflict("The idea already has this status and explanation.")
    now = at or timezone.now()
    old = thread.idea_status
    IdeaStatusChange.objects.create(
        thread=thread, previous_status=old, status=status, explanation=explanation, changed_by=actor, changed_at=now
    )
    Thread.objects.filter(pk=thread.pk).update(
        idea_status=status, idea_status_note=explanation, idea_status_at=now, last_activity_at=now
    )
    thread.idea_status, thread.idea_status_note, thread.idea_status_at = status, explanation, now
    events.emit(
        events.IdeaStatusChanged(
            thread_id=thread.pk, author_id=thread.author_id, actor_id=actor.pk, old_status=old, new_status=status, at=now
        )
    )
    return thread


# --- follows ------------------------------------------------------------------------------


@transaction.atomic
def follow(member: Member, *, thread: Thread | None = None, tag: Tag | None = None) -> Follow:
    _require_reader(member)
    if (thread is None) == (tag is None):
        raise ValidationError("Follow a thread or a tag.")
    if thread is not None and thread.is_deleted:
        raise _conflict("This thread has been deleted.")
    target = {"thread": thread} if thread is not None else {"tag": tag}
    if Follow.objects.filter(member=member, **target).exists():
        raise _conflict("You already follow this.")
    try:
        with transaction.atomic():
            row = Follow.objects.create(member=member, **target)
    except IntegrityError as exc:
        raise _conflict("You already follow this.") from exc
    events.emit(
        events.FollowChanged(
            member_id=member.pk, thread_id=getattr(thread, "pk", None), tag_id=getattr(tag, "pk", None), following=True,
            at=row.created_at,
        )
    )
    return row


@transaction.atomic
def unfollow(member: Member, *, thread: Thread | None = None, tag: Tag | None = None) -> None:
    _require_reader(member)
    if (thread is None) == (tag is None):
        raise ValidationError("Unfollow a thread or a tag.")
    target = {"thread": thread} if thread is not None else {"tag": tag}
    deleted, _ = Follow.objects.filter(member=member, **target).delete()
    if not deleted:
        raise _conflict("You do not follow this.")
    events.emit(
        events.FollowChanged(
            member_id=member.pk, thread_id=getattr(thread, "pk", None), tag_id=getattr(tag, "pk", None), following=False,
            at=timezone.now(),
        )
    )


# --- notification settings and the inbox --------------------------------------------------------


def _settings_row(member: Member) -> NotificationSettings:
    row, _ = NotificationSettings.objects.select_for_update().get_or_create(member=member)
    return row


@transaction.atomic
def update_notification_settings(member: Member, *, email: dict, expert_requests: bool) -> NotificationSettings:
    """Which notifications also come by e-mail, and how; whether I may be asked as an expert."""
    from community.notifications import clean_email_modes

    _require_reader(member)
    modes = clean_email_modes(email)
    row = _settings_row(member)
    row.email = modes
    row.expert_requests = bool(expert_requests)
    row.save(update_fields=["email", "expert_requests"])
    # Notifications still waiting for an e-mail follow the new choice.
    for kind, mode in modes.items():
        if kind in Notification.Kind.values:
            Notification.objects.filter(recipient=member, kind=kind, emailed_at__isnull=True, read_at__isnull=True).exclude(
                email_due=mode if mode != "off" else ""
            ).update(email_due="" if mode == "off" else mode)
    events.emit(events.NotificationSettingsChanged(member_id=member.pk, at=timezone.now()))
    return row


@transaction.atomic
def unsubscribe(member: Member, email_list: str) -> dict:
    """Stop one list of e-mails (a kind, a digest or "all") from a signed link; return what to restore on undo."""
    from community.notifications import email_modes, lists_kinds

    if not member.is_active:
        raise PermissionDenied("This account is not active.")
    kinds = lists_kinds(member, email_list)
    if kinds is None:
        raise ValidationError("This unsubscribe link names no e-mail list we know.")
    row = _settings_row(member)
    current = email_modes(row)
    previous = {kind: current[kind] for kind in kinds if current[kind] != "off"}
    row.email = {**current, **{kind: "off" for kind in kinds}}
    row.save(update_fields=["email"])
    Notification.objects.filter(recipient=member, kind__in=kinds, emailed_at__isnull=True).update(email_due="")
    events.emit(events.NotificationSettingsChanged(member_id=member.pk, at=timezone.now()))
    return previous


@transaction.atomic
def resubscribe(member: Member, previous: dict) -> None:
    """Undo an unsubscribe: put back the modes it turned off."""
    from community.notifications import clean_email_modes, email_modes

    if not member.is_active:
        raise PermissionDenied("This account is not active.")
    restore = clean_email_modes(previous, partial=True)
    row = _settings_row(member)
    row.email = {**email_modes(row), **restore}
    row.save(update_fields=["email"])
    events.emit(events.NotificationSettingsChanged(member_id=member.pk, at=timezone.now()))


@transaction.atomic
def read_notification(member: Member, notification: Notification) -> Notification:
    _require_reader(member)
    if notification.recipient_id != member.pk:
        raise PermissionDenied("This notification is someone else's.")
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
        forget_unread_count(member.pk)
        events.emit(events.NotificationsRead(member_id=member.pk, count=1, at=now))
    return notification


@transaction.atomic
def read_all_notifications(member: Member) -> int:
    """Mark every notification read, and every badge seen."""
    _require_reader(member)
    now = timezone.now()
    count = Notification.objects.filter(recipient=member, read_at__isnull=True).update(read_at=now)
    row = _settings_row(member)
    row.badges_seen_at = now
    row.save(update_fields=["badges_seen_at"])
    forget_unread_count(member.pk)
    events.emit(events.NotificationsRead(member_id=member.pk, count=count, at=now))
    return count


@transaction.atomic
def see_badges(member: Member, *, at=None) -> None:
    """The member has seen the badges listed in their inbox up to ``at``."""
    _require_reader(member)
    row = _settings_row(member)
    row.badges_seen_at = at or timezone.now()
    row.save(update_fields=["badges_seen_at"])
    forget_unread_count(member.pk)


# --- experts ------------------------------------------------------------------------------------------


@transaction.atomic
def request_experts(thread: Thread, *, at=None) -> list[int]:
    """Offer an unanswered question to a few of its tags' experts; return their ids (maybe none).

    Nobody is asked twice about one question, nobody who opted out, the asker
    is never asked, and no member gets more than ``EXPERT_REQUESTS_PER_DAY``
    requests in 24 hours. Run by ``manage.py community_route_questions``.
    """
    from community.experts import experts_for_tags

    limits = settings.GUILDHALL
    now = at or timezone.now()
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not thread.is_question or thread.is_deleted or thread.first_answer_at is not None:
        return []
    tag_ids = list(thread.tags.values_list("pk", flat=True))
    already = set(ExpertRequest.objects.filter(thread=thread).values_list("expert_id", flat=True))
    candidates = [
        c for c in experts_for_tags(tag_ids) if c.member_id != thread.author_id and c.member_id not in already
    ]
    if not candidates:
        return []
    ids = [c.member_id for c in candidates]
    opted_out = set(NotificationSettings.objects.filter(member_id__in=ids, expert_requests=False).values_list("member_id", flat=True))
    busy = {
        row["expert_id"]
        for row in ExpertRequest.objects.filter(expert_id__in=ids, created_at__gt=now - timedelta(hours=24))
        .values("expert_id")
        .annotate(n=Count("pk"))
        if row["n"] >= limits["EXPERT_REQUESTS_PER_DAY"]
    }
    chosen = [c for c in candidates if c.member_id not in opted_out and c.member_id not in busy][
        : limits["EXPERTS_PER_QUESTION"]
    ]
    if not chosen:
        return []
    ExpertRequest.objects.bulk_create(
        [ExpertRequest(thread=thread, expert_id=c.member_id, tag_id=c.tag_id, created_at=now) for c in chosen]
    )
    expert_ids = tuple(c.member_id for c in chosen)
    events.emit(events.ExpertsRequested(thread_id=thread.pk, expert_ids=expert_ids, at=now))
    return list(expert_ids)


# --- dissatisfaction watch ---------------------------------------------------------------------


@transaction.atomic
def mark_dissatisfaction_handled(actor: Member, item: DissatisfactionItem, *, note: str = "") -> DissatisfactionItem:
    _member(actor)
    if not permissions.is_moderator(actor):
        raise PermissionDenied("Only the community team can handle the dissatisfaction watch.")
    item = DissatisfactionItem.objects.select_for_update().get(pk=item.pk)
    if item.handled_at is not None:
        raise _conflict("Someone on the team has already handled this.")
    note = " ".join((note or "").split())
    if len(note) > 300:
        raise ValidationError({"note": f"A note is at most 300 characters; yours has {len(note)}."})
    now = timezone.now()
    item.handled_at, item.handled_by, item.handled_note = now, actor, note
    item.save(update_fields=["handled_at", "handled_by", "handled_note"])
    events.emit(events.DissatisfactionHandled(item_id=item.pk, thread_id=item.thread_id, actor_id=actor.pk, at=now))
    return item


@transaction.atomic
def reopen_dissatisfaction(actor: Member, item: DissatisfactionItem) -> DissatisfactionItem:
    _member(actor)
    if not permissions.is_moderator(actor):
        raise PermissionDenied("Only the community team can handle the dissatisfaction watch.")
    item = DissatisfactionItem.objects.select_for_update().get(pk=item.pk)
    if item.handled_at is None:
        raise _conflict("This item is still open.")
    item.handled_at, item.handled_by, item.handled_note = None, None, ""
    item.save(update_fields=["handled_at", "handled_by", "handled_note"])
    events.emit(events.DissatisfactionReopened(item_id=item.pk, thread_id=item.thread_id, actor_id=actor.pk, at=timezone.now()))
    return item
