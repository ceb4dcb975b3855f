"""The composer's reads: a member's own draft, an upload by its name, tag suggestions (one query each)."""

from __future__ import annotations

from community.composer.models import Draft, Upload
from community.forum import synonyms

SUGGESTIONS = 8


def draft_of(member, purpose: str, object_id: int = 0) -> Draft | None:
    """The member's own draft — only ever looked up with the signed-in member, so no one sees another's."""
    return Draft.objects.filter(member=member, purpose=purpose, object_id=object_id).first()


def draft_json(draft: Draft | None) -> dict | None:
    if draft is None:
        return None
    return {
        "title": draft.title,
        "body": draft.body,
        "tags": draft.tags,
        "language": draft.language,
        "updated_at": draft.updated_at.isoformat(),
    }


def upload_named(file_name: str) -> Upload | None:
    if "/" in file_name or not file_name:
        return None
    return Upload.objects.filter(name=f"uploads/{file_name}").first()


def tag_suggestions(prefix: str) -> list[dict]:
    """The tag field's choices for ``prefix``: tags starting with it, and tags whose synonym does, naming the
    synonym typed ("js" → javascript), since posting "js" stores javascript (community.forum.synonyms)."""
    return [
        {key: tag[key] for key in ("name", "count", "synonym") if key in tag}
        for tag in synonyms.tags_starting_with(prefix, SUGGESTIONS)
    ]
