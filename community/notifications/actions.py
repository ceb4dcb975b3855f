"""Notification use cases: follows, e-mail settings, unsubscribing, reading the inbox, seeing badges.

The same contract as every ``actions`` module. Inbox rows themselves are written by the subscribers in
``community.notifications.handlers``, never here and never by views.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core import events
from community.core.errors import ActionConflict
from community.forum.models import Member, Tag, Thread
from community.notifications.inbox import clean_email_modes, email_modes, lists_kinds, unread_cache_key
from community.notifications.models import Follow, Notification, NotificationSettings


def _require_reader(member) -> None:
    """Reading and tidying one's own inbox and settings: logged in and active (a suspension does not stop it)."""
    if member is None or not member.is_authenticated:
        raise PermissionDenied(_("Log in to do that."))
    if not member.is_active:
        raise PermissionDenied(_("Your account is not active."))


def forget_unread_count(member_id: int) -> None:
    """The header's unread count is cached; drop it once the change is committed."""
    key = unread_cache_key(member_id)
    cache.delete(key)  # now, and again after the commit in case a reader cached the old count in between
    transaction.on_commit(lambda: cache.delete(key))


@transaction.atomic
def follow(member: Member, *, thread: Thread | None = None, tag: Tag | None = None) -> Follow:
    _require_reader(member)
    if (thread is None) == (tag is None):
        raise ValidationError(_("Follow a thread or a tag."))
    if thread is not None and thread.is_deleted:
        raise ActionConflict(_("This thread has been deleted."))
    target = {"thread": thread} if thread is not None else {"tag": tag}
    if Follow.objects.filter(member=member, **target).exists():
        raise ActionConflict(_("You already follow this."))
    try:
        with transaction.atomic():
            row = Follow.objects.create(member=member, **target)
    except IntegrityError as exc:
        raise ActionConflict(_("You already follow this.")) from exc
    events.emit(
        events.FollowChanged(
            member_id=member.pk,
            thread_id=getattr(thread, "pk", None),
            tag_id=getattr(tag, "pk", None),
            following=True,
            at=row.created_at,
        )
    )
    return row


@transaction.atomic
def unfollow(member: Member, *, thread: Thread | None = None, tag: Tag | None = None) -> None:
    _require_reader(member)
    if (thread is None) == (tag is None):
        raise ValidationError(_("Unfollow a thread or a tag."))
    target = {"thread": thread} if thread is not None else {"tag": tag}
    deleted, _by_model = Follow.objects.filter(member=member, **target).delete()
    if not deleted:
        raise ActionConflict(_("You do not follow this."))
    events.emit(
        events.FollowChanged(
            member_id=member.pk,
            thread_id=getattr(thread, "pk", None),
            tag_id=getattr(tag, "pk", None),
            following=False,
            at=timezone.now(),
        )
    )


def _settings_row(member: Member) -> NotificationSettings:
    row, _ = NotificationSettings.objects.select_for_update().get_or_create(member=member)
    return row


@transaction.atomic
def update_notification_settings(member: Member, *, email: dict, expert_requests: bool) -> NotificationSettings:
    """Which notifications also come by e-mail, and how; whether I may be asked as an expert."""
    _require_reader(member)
    modes = clean_email_modes(email)
    row = _settings_row(member)
    row.email = modes
    row.expert_requests = bool(expert_requests)
    row.save(update_fields=["email", "expert_requests"])
    # Notifications still waiting for an e-mail follow the new choice.
    for kind, mode in modes.items():
        if kind in Notification.Kind.values:
            Notification.objects.filter(
                recipient=member, kind=kind, emailed_at__isnull=True, read_at__isnull=True
            ).exclude(email_due=mode if mode != "off" else "").update(email_due="" if mode == "off" else mode)
    events.emit(events.NotificationSettingsChanged(member_id=member.pk, at=timezone.now()))
    return row


@transaction.atomic
def unsubscribe(member: Member, email_list: str) -> dict:
    """Stop one list of e-mails (a kind, a digest or "all") from a signed link; return what to restore on undo."""
    if not member.is_active:
        raise PermissionDenied(_("This account is not active."))
    kinds = lists_kinds(member, email_list)
    if kinds is None:
        raise ValidationError(_("This unsubscribe link names no e-mail list we know."))
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
    if not member.is_active:
        raise PermissionDenied(_("This account is not active."))
    restore = clean_email_modes(previous, partial=True)
    row = _settings_row(member)
    row.email = {**email_modes(row), **restore}
    row.save(update_fields=["email"])
    events.emit(events.NotificationSettingsChanged(member_id=member.pk, at=timezone.now()))


@transaction.atomic
def read_notification(member: Member, notification: Notification) -> Notification:
    _require_reader(member)
    if notification.recipient_id != member.pk:
        raise PermissionDenied(_("This notification is someone else's."))
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
