"""The welcome checklist, read from the rows that already say whether each step is done.

Three of the four steps have a source row (the member's profile fields, their questions and answers, their
votes); only "read a good answer" and the dismissal are stored (``OnboardingProgress``). The whole state is
one query (the member's row with ``EXISTS`` sub-queries) and the badges beside the steps one more, through
``rewards.api.badges_in_catalogue``. Member pages read it from the shared cache under ``member:<id>``, which
every event naming the member bumps (a post, a vote, a profile save, the onboarding events), so a member who
finished or dismissed the checklist pays no query for it (``compact_checklist``).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Subquery
from django.utils import translation

from community.forum.models import Answer, Member, Thread, Vote
from community.onboarding.models import OnboardingProgress
from config import cache as shared_cache
from config import page_cache
from rewards import api as rewards_api

# The steps, in order, with the badges taking them earns (slugs of the rewards catalogue; a slug the catalogue
# lacks is left out, never invented). "read" has no badge.
STEPS = (
    ("profile", ("autobiographer",)),
    ("read", ()),
    ("post", ("curious", "helper")),
    ("vote", ("supporter",)),
)


def checklist(member) -> dict:
    """``{"steps": [{"key", "done", "badges": [{"name", "url", "earned"}…]}…], "done": n, "total": n,
    "finished": bool, "dismissed": bool, "open": bool}`` — ``open``: shown on the member's pages."""
    progress = OnboardingProgress.objects.filter(member=OuterRef("pk"))
    row = (
        Member.objects.filter(pk=member.pk)
        .annotate(
            asked=Exists(Thread.objects.filter(author=OuterRef("pk"), kind=Thread.Kind.QUESTION)),
            answered=Exists(Answer.objects.filter(author=OuterRef("pk"))),
            voted=Exists(Vote.objects.filter(voter=OuterRef("pk"))),
            read_at=Subquery(progress.values("read_answer_at")[:1]),
            dismissed_at=Subquery(progress.values("dismissed_at")[:1]),
        )
        .values("display_name", "bio", "asked", "answered", "voted", "read_at", "dismissed_at")
        .first()
    )
    if row is None:
        return {"steps": [], "done": 0, "total": 0, "finished": True, "dismissed": True, "open": False}
    done = {
        "profile": bool(row["display_name"].strip() and row["bio"].strip()),
        "read": row["read_at"] is not None,
        "post": row["asked"] or row["answered"],
        "vote": row["voted"],
    }
    badges = rewards_api.badges_in_catalogue(member, [slug for _key, slugs in STEPS for slug in slugs])
    steps = [
        {"key": key, "done": done[key], "badges": [badges[slug] for slug in slugs if slug in badges]}
        for key, slugs in STEPS
    ]
    finished = all(done.values())
    dismissed = row["dismissed_at"] is not None
    return {
        "steps": steps,
        "done": sum(done.values()),
        "total": len(steps),
        "finished": finished,
        "dismissed": dismissed,
        "open": not (finished or dismissed),
    }


def checklist_key(member_id: int) -> str:
    """Per language: the badge names it keeps are in the reader's language."""
    return f"onboarding:{member_id}:{translation.get_language() or ''}"


def compact_checklist(member) -> dict | None:
    """For the member's own pages: their checklist while it is open, else None — from the shared cache (read
    ahead with their standing: ``config.cache.member_read``), so a finished or dismissed one costs no query."""
    if not (member and member.is_authenticated):
        return None

    def build():
        return checklist(member), [page_cache.member_tag(member.pk)]

    state, _versions = page_cache.remember(checklist_key(member.pk), build)
    return state if state["open"] else None


def good_answer(language: str) -> dict | None:
    """A good accepted answer to show a newcomer, in ``language`` (else in any language): the best-scored
    accepted answer of a visible question. Kept per language in the shared cache under ``content``."""

    def build():
        answers = (
            Answer.objects.filter(is_accepted=True, is_deleted=False, thread__is_deleted=False)
            .select_related("thread")
            .only("pk", "score", "thread__id", "thread__title", "thread__slug", "thread__language")
            .order_by("-score", "-pk")
        )
        answer = answers.filter(thread__language=language).first() or answers.first()
        if answer is None:
            return None, [page_cache.CONTENT]
        found = {
            "id": answer.pk,
            "title": answer.thread.title,
            "url": answer.get_absolute_url(),
            "language": answer.thread.language,
        }
        return found, [page_cache.CONTENT]

    value, _versions = page_cache.remember(f"onboarding:good-answer:{language}", build)
    return value


def connect() -> None:
    shared_cache.member_read(checklist_key)  # the compact checklist, read ahead with the member's standing
