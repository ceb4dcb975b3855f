"""Reactions of the data rights: the tasks that follow a request, and the grace period's banner.

- An archive requested: the task that builds it is enqueued once the request commits (``DataExportRequested``).
- A deletion scheduled: the confirming e-mail is enqueued (``AccountDeletionScheduled``).
- Signing in during the grace period: the member's session carries the date of their scheduled deletion, so
  every page can show the "Cancel deletion" banner (templates/base.html) without a query."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.utils import formats, timezone, translation

from community.core import events, language
from community.privacy import tasks
from community.privacy.models import AccountDeletion

DELETION_SESSION_KEY = "guildhall_deletion_on"


def on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    erase_after = (
        AccountDeletion.objects.filter(member_id=user.pk, erased_at__isnull=True)
        .values_list("erase_after", flat=True)
        .first()
    )
    if erase_after is None:
        request.session.pop(DELETION_SESSION_KEY, None)
    else:
        # The banner's date as the member reads dates: their saved language, else the one they signed in with.
        with translation.override(language.supported(getattr(user, "language", "")) or translation.get_language()):
            request.session[DELETION_SESSION_KEY] = formats.date_format(timezone.localtime(erase_after), "DATE_FORMAT")


def on_export_requested(event: events.DataExportRequested) -> None:
    tasks.build_export.enqueue(event.export_id)


def on_deletion_scheduled(event: events.AccountDeletionScheduled) -> None:
    tasks.send_notice.enqueue(event.member_id, "deletion_scheduled")


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="guildhall-privacy-deletion-banner")
    events.subscribe(events.DataExportRequested, on_export_requested)
    events.subscribe(events.AccountDeletionScheduled, on_deletion_scheduled)
