"""The composer's reads: a member's own draft, an upload by its name, tag suggestions (one query each)."""

from __future__ import annotations

from django.db.models import Case, F, Q, Value, When

from community.composer.models import Draft, Upload
from community.forum.queries import tags_with_counts

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
    """Existing tags that start with ``prefix``, most used first, with their visible-thread counts — and the tags
    whose synonym starts with it, naming the synonym typed ("js" → javascript: ``{"name": "javascript", "synonym":
    "js"}``), since posting "js" stores javascript. One query: the tags joined to their synonyms."""
    prefix = prefix.strip().lower()[:40]
    if not prefix:
        return []
    rows = (
        tags_with_counts()
        .filter(Q(name__startswith=prefix) | Q(synonyms__synonym__startswith=prefix))
        # A tag that matches by its own name is suggested as itself, once, whatever its synonyms.
        .annotate(
            typed=Case(When(name__startswith=prefix, then=Value("")), default=F("synonyms__synonym")),
        )
        .values("name", "thread_count", "typed")
        .order_by("-thread_count", "name", "typed")
        .distinct()[:SUGGESTIONS]
    )
    return [
        {"name": row["name"], "count": row["thread_count"], **({"synonym": row["typed"]} if row["typed"] else {})}
        for row in rows
    ]
