"""Daily and weekly digests: what a member chose to hear about by e-mail, in one message.

``manage.py community_send_digests daily`` (run it once a day) and
``… weekly`` (once a week) collect, per member, the notifications whose
``email_due`` is that digest and that no e-mail has carried yet, plus the
badges earned since the member's last digest of that kind when badges are
set to that digest (read through ``rewards.api``). Notifications the member
has already read in the inbox are not repeated in the e-mail. Each member
gets one message, with a one-click link that turns that digest off.

Running the command twice sends nothing twice: what was sent is marked
(``Notification.emailed_at``, ``NotificationSettings.daily_digest_at`` /
``weekly_digest_at``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from community.core.language import speaking_to
from community.forum.models import Member
from community.notifications.emails import build_message, site_url, verified_ids
from community.notifications.inbox import BADGE, email_modes
from community.notifications.models import Notification, NotificationSettings, describe
from community.site import brand
from rewards import api as rewards_api

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


@dataclass
class DigestResult:
    members: int = 0
    sent: int = 0
    notifications: int = 0
    badges: int = 0


def recipients(mode: str, now) -> list[int]:
    """Members who may have something for this digest: pending notifications, or new badges."""
    ids = set(
        Notification.objects.filter(email_due=mode, emailed_at__isnull=True, created_at__lte=now)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    awarded = rewards_api.members_awarded_since(now - PERIODS[mode] - timedelta(days=1))
    if awarded:
        rows = {r.member_id: r for r in NotificationSettings.objects.filter(member_id__in=awarded)}
        ids |= {m for m in awarded if email_modes(rows.get(m))[BADGE] == mode}
    return sorted(ids)


def send_digest(member: Member, mode: str, now) -> tuple[bool, int, int]:
    """Send one member's digest; return (sent?, notifications, badges)."""
    field = f"{mode}_digest_at"
    with transaction.atomic():
        row, _ = NotificationSettings.objects.select_for_update().get_or_create(member=member)
        pending = list(
            Notification.objects.filter(recipient=member, email_due=mode, emailed_at__isnull=True, created_at__lte=now)
            .select_related("actor", "thread", "tag")
            .order_by("created_at", "pk")
        )
        unread = [n for n in pending if n.read_at is None]
        sent = False
        # Everything the member reads is written in their language: the badges' names, each line, the subject.
        with speaking_to(member):
            badges = []
            if email_modes(row)[BADGE] == mode:
                since = getattr(row, field) or (now - PERIODS[mode])
                badges = rewards_api.awards_between(member, after=since, until=now, limit=100)
            if (unread or badges) and member.email and member.is_active and verified_ids([member.pk]):
                lines = [
                    {"text": describe(n), "url": site_url(n.get_absolute_url()), "at": n.created_at} for n in unread
                ]
                count = len(unread) + len(badges)
                message = build_message(
                    member,
                    subject=_subject(mode, count),
                    template="digest",
                    context={
                        "mode": mode,
                        "lines": lines,
                        "badges": [{**b, "url": site_url(b["url"])} for b in badges],
                    },
                    email_list=mode,
                )
                message.send()
                sent = True
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        setattr(row, field, now)
        row.save(update_fields=[field])
    return sent, len(unread) if sent else 0, len(badges) if sent else 0


def _subject(mode: str, count: int) -> str:
    site = brand.default().name  # the CMS brand's site name
    if mode == "weekly":
        return ngettext(
            "Your weekly %(site)s digest: %(count)s new thing",
            "Your weekly %(site)s digest: %(count)s new things",
            count,
        ) % {"count": count, "site": site}
    return ngettext(
        "Your daily %(site)s digest: %(count)s new thing",
        "Your daily %(site)s digest: %(count)s new things",
        count,
    ) % {"count": count, "site": site}


def send_digests(mode: str, *, now=None, progress: Callable[[Iterable, int], Iterable] | None = None) -> DigestResult:
    if mode not in PERIODS:
        raise ValueError(f"A digest is daily or weekly, not {mode!r}.")
    now = now or timezone.now()
    ids = recipients(mode, now)
    result = DigestResult(members=len(ids))
    members = Member.objects.filter(pk__in=ids).order_by("pk").iterator(chunk_size=500)
    for member in (progress or (lambda it, total: it))(members, len(ids)):
        sent, notes, badges = send_digest(member, mode, now)
        result.sent += sent
        result.notifications += notes
        result.badges += badges
    return result
