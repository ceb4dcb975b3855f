"""What a member's "Download my data" archive holds, and where it is written.

``archive_data(member)`` gathers everything Guildhall keeps about the member as plain data — profile, e-mail
addresses, linked sign-in accounts, posts with their Markdown, votes cast, reputation ledger (``rewards.api``),
badges, follows, notifications and notification settings, flags raised — read from the packages that own it.
``write_archive`` puts it in a zip (``data.json`` and a short README) under ``GUILDHALL_VAR_DIR/exports``,
outside the public media: only ``views.download``, which checks the owner and the expiry, serves it.
"""

from __future__ import annotations

import json
import os
import textwrap
import zipfile
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from community.composer.models import Draft, Upload
from community.forum.models import Answer, Comment, Thread, Vote
from community.moderation.models import Flag
from community.notifications.models import Follow, Notification, NotificationSettings
from rewards import api as rewards_api

EXPORT_DIR = "exports"
# The archive's README.txt, one paragraph a string (written in the member's language: tasks.build_export).
README = (
    gettext_lazy("Your data from %(site)s, as of %(at)s."),
    gettext_lazy(
        "data.json holds, in JSON: your profile and e-mail addresses, the sign-in accounts linked to yours, every "
        "question, tip, idea, answer and comment you posted (with its Markdown), your votes, your reputation "
        "ledger and badges, the threads and tags you follow, your notifications and notification settings, and "
        "the flags you raised. Dates are in UTC (ISO 8601)."
    ),
    gettext_lazy("Your posts are published under CC BY-SA 4.0."),
    gettext_lazy(
        "It also holds the drafts you have not posted yet and the list of the images you uploaded, with their "
        "addresses on the site."
    ),
    gettext_lazy(
        "Your reward redemptions are in it too: each perk, its cost in points, its status and dates, and the delivery "
        "details you gave, as long as the team keeps them."
    ),
    gettext_lazy(
        "So are your reward points: your balance and every change to it, earned with reputation, spent, refunded or "
        "given by the team."
    ),
)


def readme(site: str, at) -> str:
    paragraphs = [str(README[0]) % {"site": site, "at": at}, *(str(p) for p in README[1:])]
    return "\n\n".join(textwrap.fill(p, width=105) for p in paragraphs) + "\n"


def export_dir() -> Path:
    return Path(settings.VAR_DIR) / EXPORT_DIR


def archive_data(member) -> dict:
    """Everything about ``member``, as JSON-ready data (a few queries per kind, streamed with ``iterator``)."""
    return {
        "format": "guildhall-member-data/1",
        "generated_at": timezone.now(),
        "profile": _profile(member),
        "email_addresses": list(
            EmailAddress.objects.filter(user_id=member.pk).order_by("pk").values("email", "verified", "primary")
        ),
        "linked_accounts": list(
            SocialAccount.objects.filter(user_id=member.pk)
            .order_by("pk")
            .values("provider", "uid", "date_joined", "last_login")
        ),
        "threads": [
            {
                "id": t.pk,
                "kind": t.kind,
                "title": t.title,
                "body_markdown": t.body_md,
                "tags": sorted(tag.name for tag in t.tags.all()),
                "created_at": t.created_at,
                "edited_at": t.edited_at,
                "score": t.score,
                "deleted": t.is_deleted,
                "url": t.get_absolute_url(),
            }
            for t in Thread.objects.filter(author_id=member.pk).order_by("pk").prefetch_related("tags")
        ],
        "answers": list(
            Answer.objects.filter(author_id=member.pk)
            .order_by("pk")
            .values("id", "thread_id", "body_md", "created_at", "edited_at", "score", "is_accepted", "is_deleted")
        ),
        "comments": list(
            Comment.objects.filter(author_id=member.pk)
            .order_by("pk")
            .values("id", "thread_id", "answer_id", "body", "created_at", "is_deleted")
        ),
        "votes": list(
            Vote.objects.filter(voter_id=member.pk)
            .order_by("pk")
            .values("thread_id", "answer_id", "value", "created_at")
        ),
        "reputation": {"points": rewards_api.reputation(member), "ledger": rewards_api.ledger_of(member)},
        "redemptions": rewards_api.redemptions_of(member),
        "reward_points": {"balance": rewards_api.points_balance(member), "ledger": rewards_api.points_of(member)},
        "badges": [
            {k: v for k, v in award.items() if k != "url"} for award in rewards_api.awards_between(member, limit=None)
        ],
        "follows": [
            {
                "thread_id": f.thread_id,
                "thread": f.thread.title if f.thread_id else None,
                "tag": f.tag.name if f.tag_id else None,
                "since": f.created_at,
            }
            for f in Follow.objects.filter(member_id=member.pk).select_related("thread", "tag").order_by("pk")
        ],
        "notifications": [
            {
                "kind": n.kind,
                "from": n.actor.public_name if n.actor_id else None,
                "thread_id": n.thread_id,
                "answer_id": n.answer_id,
                "comment_id": n.comment_id,
                "tag": n.tag.name if n.tag_id else None,
                "detail": n.detail,
                "created_at": n.created_at,
                "read_at": n.read_at,
                "emailed_at": n.emailed_at,
            }
            for n in Notification.objects.filter(recipient_id=member.pk).select_related("actor", "tag").order_by("pk")
        ],
        "notification_settings": _notification_settings(member),
        "drafts": list(
            Draft.objects.filter(member_id=member.pk)
            .order_by("pk")
            .values("purpose", "object_id", "title", "body", "tags", "language", "updated_at")
        ),
        "uploaded_images": [
            {
                "url": reverse("community:upload_file", args=[u.file_name]),
                "content_type": u.content_type,
                "size": u.size,
                "width": u.width,
                "height": u.height,
                "uploaded_at": u.created_at,
            }
            for u in Upload.objects.filter(member_id=member.pk).order_by("pk")
        ],
        "flags_raised": list(
            Flag.objects.filter(flagger_id=member.pk)
            .order_by("pk")
            .values("thread_id", "answer_id", "comment_id", "reason", "note", "status", "created_at")
        ),
    }


def _profile(member) -> dict:
    return {
        "id": member.pk,
        "username": member.username,
        "display_name": member.display_name,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "bio": member.bio,
        "date_joined": member.date_joined,
        "last_login": member.last_login,
        "suspended_until": member.suspended_until,
        "suspension_reason": member.suspension_reason,
        "url": member.get_absolute_url(),
    }


def _notification_settings(member) -> dict | None:
    row = NotificationSettings.objects.filter(member_id=member.pk).first()
    if row is None:
        return None
    return {
        "email": row.email,
        "expert_requests": row.expert_requests,
        "daily_digest_at": row.daily_digest_at,
        "weekly_digest_at": row.weekly_digest_at,
    }


def write_archive(member, name: str) -> tuple[str, int]:
    """Write the member's zip as ``exports/<name>.zip`` (via a temporary file, so a half-written archive is
    never served); return its path relative to the var directory and its size in bytes."""
    data = archive_data(member)
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{name}.zip"
    partial = folder / f".{name}.zip.partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        archive.writestr("README.txt", readme(settings.WAGTAIL_SITE_NAME, data["generated_at"]))
    os.replace(partial, final)
    return f"{EXPORT_DIR}/{final.name}", final.stat().st_size


def archive_path(relative: str) -> Path | None:
    """The file of a stored relative path, or None if it is not a file inside the exports folder."""
    if not relative:
        return None
    root = export_dir().resolve()
    path = (Path(settings.VAR_DIR) / relative).resolve()
    if path.parent != root or not path.is_file():
        return None
    return path


def remove_archive(relative: str) -> None:
    path = archive_path(relative)
    if path is not None:
        path.unlink(missing_ok=True)
