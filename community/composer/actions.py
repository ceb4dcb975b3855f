"""Every write of the composer: saving and discarding drafts, uploading images, forgetting an erased member.

Drafts are keyed by (member, purpose, object): the member always comes from the request, so nobody can read or
overwrite another member's draft by naming it. Sizes are those of posts (settings ``GUILDHALL``), and a member
keeps at most ``MAX_DRAFTS`` drafts: saving one more drops the oldest."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.composer import images
from community.composer.models import Draft, Upload
from community.core import events, permissions
from community.core.errors import PrivilegeRequired
from community.forum.models import Answer, Thread

UPLOAD_FOLDER = "uploads"
NEW_THREADS = {Draft.Purpose.QUESTION, Draft.Purpose.TIP, Draft.Purpose.IDEA}


def _limits() -> dict:
    return settings.GUILDHALL


def check_target(member, purpose: str, object_id: int) -> None:
    """Refuse a draft for something the member cannot write: an unknown purpose, a thread that is not there, a
    post they may not edit (``ValidationError`` / ``PermissionDenied``, a 400 / 403)."""
    if purpose not in Draft.Purpose.values:
        raise ValidationError(_("This is not something you can write a draft of."))
    if purpose in NEW_THREADS:
        if object_id:
            raise ValidationError(_("This is not something you can write a draft of."))
        return
    model = Answer if purpose == Draft.Purpose.EDIT_ANSWER else Thread
    post = model.objects.filter(pk=object_id, is_deleted=False).first()
    if post is None:
        raise ValidationError(_("This post is not there any more: your draft was not saved."))
    if purpose != Draft.Purpose.ANSWER and not permissions.can_edit(member, post):
        raise PrivilegeRequired(permissions.edit_refusal(member))


@transaction.atomic
def save_draft(
    member, *, purpose: str, object_id: int = 0, title: str = "", body: str = "", tags: str = "", language: str = ""
) -> Draft:
    """Save (or overwrite) the member's draft of ``purpose``/``object_id``; too long text is refused, not cut."""
    check_target(member, purpose, object_id)
    limits = _limits()
    if len(title) > limits["TITLE_MAX"] or len(body) > limits["BODY_MAX"] or len(tags) > 1000:
        raise ValidationError(
            _("This draft is longer than a post may be: shorten it to save it (at most %(max)s characters).")
            % {"max": limits["BODY_MAX"]}
        )
    if language and language not in dict(settings.LANGUAGES):
        language = ""
    now = timezone.now()
    draft, created = Draft.objects.update_or_create(
        member=member,
        purpose=purpose,
        object_id=object_id,
        defaults={"title": title, "body": body, "tags": tags, "language": language, "updated_at": now},
    )
    if created:
        _drop_oldest(member, keep=limits["MAX_DRAFTS"])
    events.emit(events.DraftSaved(member_id=member.pk, purpose=purpose, object_id=object_id, at=now))
    return draft


def _drop_oldest(member, *, keep: int) -> None:
    stale = list(Draft.objects.filter(member=member).order_by("-updated_at", "-pk").values_list("pk", flat=True)[keep:])
    if stale:
        Draft.objects.filter(pk__in=stale).delete()


@transaction.atomic
def discard_draft(member_id: int, purpose: str, object_id: int = 0) -> bool:
    """Drop the member's draft (they discarded it, or posted what it held); True if there was one."""
    removed, _detail = Draft.objects.filter(member_id=member_id, purpose=purpose, object_id=object_id).delete()
    if removed:
        events.emit(events.DraftDiscarded(member_id=member_id, purpose=purpose, object_id=object_id, at=timezone.now()))
    return bool(removed)


def upload_image(member, file) -> Upload:
    """Clean ``file`` (images.clean_image: refused with a ``ValidationError`` and nothing stored if it is not a
    JPEG, PNG, GIF or WebP within the limits), store it through the default storage and record it."""
    clean = images.clean_image(file)
    name = default_storage.save(
        f"{UPLOAD_FOLDER}/{secrets.token_urlsafe(18)}.{clean.extension}", ContentFile(clean.data)
    )
    try:
        with transaction.atomic():
            upload = Upload.objects.create(
                member=member,
                name=name,
                content_type=clean.content_type,
                size=len(clean.data),
                width=clean.width,
                height=clean.height,
                created_at=timezone.now(),
            )
            events.emit(events.ImageUploaded(upload_id=upload.pk, member_id=member.pk, at=upload.created_at))
    except Exception:
        default_storage.delete(name)  # no file without its row
        raise
    return upload


def forget_member(member_id: int) -> None:
    """An erased member's drafts and uploads go with their account (within the erasure's transaction); the files
    leave the storage once it commits."""
    Draft.objects.filter(member_id=member_id).delete()
    names = list(Upload.objects.filter(member_id=member_id).values_list("name", flat=True))
    Upload.objects.filter(member_id=member_id).delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
