"""Every change of a member's data rights: ask for an archive, schedule, cancel or carry out an erasure.

Each is one transaction and emits its event on commit (``community.core.events``). Refusals use the one error
contract: ``ActionConflict`` (an archive is already being prepared, a deletion already scheduled) and
``RateLimited`` (one archive a day).

Erasure keeps the community whole: posts, answers and comments stay in their threads under "deleted member N"
(CC BY-SA), votes keep their effect on scores and the reputation ledger keeps its rows, so no score or sum moves.
Everything else personal goes: names, e-mail addresses, password, profile, linked sign-in accounts,
second factors, the Wagtail avatar, groups, follows, notifications and their settings, archives, sessions.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community.core import events
from community.core.errors import ActionConflict, RateLimited
from community.core.models import AuditEntry
from community.forum.models import Answer, Comment, Member, Thread
from community.notifications.models import Follow, Notification, NotificationSettings
from community.privacy import exports
from community.privacy.models import AccountDeletion, DataExport
from community.team.models import TagExpert

logger = logging.getLogger(__name__)

STALE_PENDING = timedelta(hours=1)  # an archive still "being prepared" after this was lost with its task


def grace_days() -> int:
    return settings.GUILDHALL["DELETION_GRACE_DAYS"]


def deleted_username(member_id: int) -> str:
    return f"deleted-{member_id}"


def deleted_name(member_id: int) -> str:
    return f"deleted member {member_id}"


# --- download my data ---------------------------------------------------------------------------------


@transaction.atomic
def request_export(member) -> DataExport:
    """Ask for an archive of ``member``'s data; the task that builds and e-mails it runs once this commits."""
    Member.objects.select_for_update().filter(pk=member.pk).first()  # two clicks at once: one archive
    now = timezone.now()
    pending = DataExport.objects.filter(member_id=member.pk, status=DataExport.Status.PENDING).first()
    if pending is not None and pending.requested_at > now - STALE_PENDING:
        raise ActionConflict(_("Your archive is being prepared: we will e-mail you a link as soon as it is ready."))
    if pending is not None:
        pending.status = DataExport.Status.FAILED
        pending.save(update_fields=["status"])
    every = timedelta(hours=settings.GUILDHALL["DATA_EXPORT_EVERY_HOURS"])
    last = (
        DataExport.objects.filter(member_id=member.pk, requested_at__gt=now - every)
        .exclude(status=DataExport.Status.FAILED)
        .first()
    )
    if last is not None:
        again = formats.date_format(timezone.localtime(last.requested_at + every), "DATETIME_FORMAT")
        raise RateLimited(
            _("You can ask for one archive a day: your last one is listed below. Ask again after %(when)s.")
            % {"when": again}
        )
    export = DataExport.objects.create(member_id=member.pk, token=secrets.token_urlsafe(32))
    # On commit, community/privacy/handlers.py enqueues the task that builds the archive and e-mails the link.
    events.emit(events.DataExportRequested(export_id=export.pk, member_id=member.pk, at=now))
    return export


@transaction.atomic
def export_ready(export_id: int, *, file_path: str, size: int) -> DataExport | None:
    """The archive is written: it becomes downloadable for ``DATA_EXPORT_DAYS`` (the task then e-mails the link)."""
    export = DataExport.objects.select_for_update().filter(pk=export_id, status=DataExport.Status.PENDING).first()
    if export is None:  # the member was erased meanwhile, or a late duplicate run
        transaction.on_commit(lambda: exports.remove_archive(file_path))
        return None
    now = timezone.now()
    export.status = DataExport.Status.READY
    export.file_path = file_path
    export.size = size
    export.ready_at = now
    export.expires_at = now + timedelta(days=settings.GUILDHALL["DATA_EXPORT_DAYS"])
    export.save(update_fields=["status", "file_path", "size", "ready_at", "expires_at"])
    return export


@transaction.atomic
def export_failed(export_id: int) -> None:
    DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(status=DataExport.Status.FAILED)


@transaction.atomic
def expire_exports(now=None) -> int:
    """Archives past their link's expiry: the file is removed, the row says "expired"."""
    now = now or timezone.now()
    due = list(DataExport.objects.select_for_update().filter(status=DataExport.Status.READY, expires_at__lte=now))
    for export in due:
        export.status = DataExport.Status.EXPIRED
        export.save(update_fields=["status"])
    paths = [e.file_path for e in due]
    transaction.on_commit(lambda: [exports.remove_archive(p) for p in paths])
    return len(due)


# --- delete my account ----------------------------------------------------------------------------------


def pending_deletion(member) -> AccountDeletion | None:
    """The member's scheduled, not yet carried out, deletion."""
    return AccountDeletion.objects.filter(member_id=member.pk, erased_at__isnull=True).first()


@transaction.atomic
def schedule_deletion(member) -> AccountDeletion:
    """Erase ``member`` once the grace period has passed (the view has checked their password or
    re-authentication and their confirmation). Suspended members may leave too."""
    if not member.is_active:
        raise ActionConflict(_("This account is not active."))
    Member.objects.select_for_update().filter(pk=member.pk).first()
    if pending_deletion(member) is not None:
        raise ActionConflict(_("Your account is already due for deletion."))
    now = timezone.now()
    deletion, _created = AccountDeletion.objects.update_or_create(
        member_id=member.pk,
        defaults={"requested_at": now, "erase_after": now + timedelta(days=grace_days()), "erased_at": None},
    )
    # On commit, community/privacy/handlers.py enqueues the e-mail that confirms it.
    events.emit(events.AccountDeletionScheduled(member_id=member.pk, erase_after=deletion.erase_after, at=now))
    return deletion


@transaction.atomic
def cancel_deletion(member) -> bool:
    """Keep the account: the scheduled deletion is dropped. False if there was none."""
    removed, _detail = AccountDeletion.objects.filter(member_id=member.pk, erased_at__isnull=True).delete()
    if removed:
        events.emit(events.AccountDeletionCancelled(member_id=member.pk, at=timezone.now()))
    return bool(removed)


@transaction.atomic
def erase_member(member_id: int) -> bool:
    """Erase the member's personal data now; True if it was done, False if they were erased already.

    Idempotent: a second run finds the ``AccountDeletion`` marked erased and changes nothing."""
    member = Member.objects.select_for_update().filter(pk=member_id).first()
    if member is None:
        return False
    deletion = AccountDeletion.objects.select_for_update().filter(member_id=member_id).first()
    if deletion is not None and deletion.erased_at is not None:
        return False
    now = timezone.now()
    thread_ids = (
        set(Thread.objects.filter(author_id=member_id).values_list("pk", flat=True))
        | set(Answer.objects.filter(author_id=member_id).values_list("thread_id", flat=True))
        | set(Comment.objects.filter(author_id=member_id).values_list("thread_id", flat=True))
    )
    member.username = deleted_username(member_id)
    member.display_name = deleted_name(member_id)
    member.first_name = member.last_name = member.email = member.bio = member.suspension_reason = ""
    member.suspended_until = None
    member.last_login = None
    member.is_active = member.is_staff = member.is_superuser = False
    member.set_unusable_password()
    member.save()
    member.groups.clear()
    member.user_permissions.clear()

    EmailAddress.objects.filter(user_id=member_id).delete()
    SocialAccount.objects.filter(user_id=member_id).delete()  # their tokens go with them
    if apps.is_installed("allauth.mfa"):
        apps.get_model("mfa", "Authenticator").objects.filter(user_id=member_id).delete()
    _delete_wagtail_profile(member_id)
    NotificationSettings.objects.filter(member_id=member_id).delete()
    Follow.objects.filter(member_id=member_id).delete()
    Notification.objects.filter(recipient_id=member_id).delete()
    TagExpert.objects.filter(member_id=member_id).delete()  # "who knows this" lists only active members
    AuditEntry.objects.filter(target_type="member", target_id=member_id).update(target_label=deleted_name(member_id))
    archives = list(DataExport.objects.filter(member_id=member_id).values_list("file_path", flat=True))
    DataExport.objects.filter(member_id=member_id).delete()
    transaction.on_commit(lambda: [exports.remove_archive(p) for p in archives])

    if deletion is None:
        deletion = AccountDeletion(member_id=member_id, requested_at=now, erase_after=now)
    deletion.erased_at = now
    deletion.save()
    events.emit(events.MemberErased(member_id=member_id, thread_ids=tuple(sorted(thread_ids)), at=now))
    return True


def _delete_wagtail_profile(member_id: int) -> None:
    """The CMS profile (avatar, preferences) of a member who used the CMS."""
    from wagtail.users.models import UserProfile

    for profile in UserProfile.objects.filter(user_id=member_id):
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()


def end_sessions(member_ids) -> int:
    """Sign the erased members out everywhere: their sessions are deleted (cache and database).

    Sessions are not indexed by member, so the live ones are read once for the whole batch. (Their password is
    unusable already, which invalidates every session of theirs on its next request.)"""
    wanted = {str(i) for i in member_ids}
    if not wanted:
        return 0
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) in wanted:
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def erase_due_accounts(*, now=None, progress=lambda items, total: items) -> int:
    """Erase every member whose grace period has ended (``manage.py erase_due_accounts``, daily); the number
    erased. Each member in their own transaction: one failure does not hold back the others."""
    now = now or timezone.now()
    due = list(
        AccountDeletion.objects.filter(erased_at__isnull=True, erase_after__lte=now)
        .order_by("erase_after")
        .values_list("member_id", flat=True)
    )
    erased = []
    for member_id in progress(due, len(due)):
        try:
            if erase_member(member_id):
                erased.append(member_id)
        except Exception:
            logger.exception("Could not erase member %s; the next run tries again", member_id)
    end_sessions(erased)
    return len(erased)
