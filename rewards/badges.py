"""Badges: rules evaluated on community events, each awarded once.

Definitions live in code (``rewards.definitions``: slugs, English texts, thresholds; the rules are here); a
data migration and ``ensure_badges()`` keep the ``Badge`` rows in step, in English: pages show
``Badge.localized_name`` / ``localized_description``, translated at read time. Awards are never
silently revoked: a badge earned stays earned even if a score later drops.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from community.models import Answer, Member, Thread
from config import page_cache
from rewards import tag_scores

# The catalogue (slugs, English texts marked for translation, thresholds) lives in rewards.definitions, which
# rewards.models reads to translate a row (Badge.localized_name); the migrations read DEFINITIONS from here.
from rewards.definitions import DEFINITIONS, SCORE_BADGES, SELF_LEARNER_SCORE, TAG_BADGES
from rewards.models import Award, Badge, Reputation, TagScore, Visit

GOLD, SILVER, BRONZE = Badge.Tier.GOLD, Badge.Tier.SILVER, Badge.Tier.BRONZE


def enthusiast_days() -> int:
    return getattr(settings, "GUILDHALL", {}).get("ENTHUSIAST_DAYS", 30)


def ensure_badges() -> None:
    for d in DEFINITIONS:
        Badge.objects.update_or_create(
            slug=d.slug,
            defaults={"name": d.name, "description": d.description, "tier": d.tier, "tag_based": d.tag_based},
        )


def unseen_cache_key(member_id: int) -> str:
    return f"rewards:unseen-awards:{member_id}"


def award(member_id: int, slug: str, *, tag_id=None, thread_id=None, answer_id=None, at=None) -> Award | None:
    """Award once; return the new award, or None if the member already has it."""
    if not Member.objects.filter(pk=member_id, is_active=True).exists():
        return None
    badge = Badge.objects.filter(slug=slug).first()
    if badge is None:
        ensure_badges()
        badge = Badge.objects.get(slug=slug)
    if Award.objects.filter(member_id=member_id, badge=badge, tag_id=tag_id).exists():
        return None
    try:
        with transaction.atomic():
            new = Award.objects.create(
                member_id=member_id,
                badge=badge,
                tag_id=tag_id,
                thread_id=thread_id,
                answer_id=answer_id,
                awarded_at=at or timezone.now(),
                # A badge for something long past (the demo, an import) needs no "you earned" notice.
                seen=bool(at and at < timezone.now() - timedelta(days=2)),
            )
            Badge.objects.filter(pk=badge.pk).update(awarded_count=F("awarded_count") + 1)
            _move_member_count(member_id, badge.tier, +1)
    except IntegrityError:  # a concurrent event awarded it first
        return None
    cache.set(unseen_cache_key(member_id), True, 300)
    tag = page_cache.member_tag(member_id)  # badges show on profiles and beside names
    transaction.on_commit(lambda: page_cache.bump(tag))
    return new


TIER_FIELD = {GOLD: "gold", SILVER: "silver", BRONZE: "bronze"}


def _move_member_count(member_id: int, tier: int, by: int) -> None:
    """The member's gold, silver or bronze count (``Reputation``, shown beside their name) moves with an award."""
    field = TIER_FIELD[tier]
    if by > 0:
        Reputation.objects.bulk_create([Reputation(member_id=member_id)], ignore_conflicts=True)
        Reputation.objects.filter(pk=member_id).update(**{field: F(field) + by})
    else:
        Reputation.objects.filter(pk=member_id).update(**{field: Greatest(F(field) + by, Value(0))})


def award_deleted(sender, instance, **kwargs) -> None:
    """An award went (a member or a tag deleted, a moderator's cleanup): its badge and its member count one fewer."""
    Badge.objects.filter(pk=instance.badge_id).update(awarded_count=Greatest(F("awarded_count") - 1, Value(0)))
    tier = Badge.objects.filter(pk=instance.badge_id).values_list("tier", flat=True).first()
    if tier is not None:
        _move_member_count(instance.member_id, tier, -1)


def recount_awards() -> None:
    """Every badge's ``awarded_count`` and every member's gold, silver and bronze counts from the award rows
    (``rewards_recompute``, after an import)."""
    per_badge = Award.objects.filter(badge=OuterRef("pk")).order_by().values("badge").annotate(n=Count("pk"))
    Badge.objects.update(
        awarded_count=Coalesce(Subquery(per_badge.values("n")[:1], output_field=IntegerField()), Value(0))
    )
    holders = Award.objects.order_by().values_list("member_id", flat=True).distinct()
    Reputation.objects.bulk_create(
        (Reputation(member_id=m) for m in holders.iterator()), batch_size=2000, ignore_conflicts=True
    )
    tier_counts = {
        field: Coalesce(
            Subquery(
                Award.objects.filter(member=OuterRef("pk"), badge__tier=tier)
                .order_by()
                .values("member")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        )
        for tier, field in TIER_FIELD.items()
    }
    Reputation.objects.update(**tier_counts)


# --- event hooks ------------------------------------------------------------


FIRST_THREAD_BADGE = {"question": "curious", "tip": "tipster", "idea": "visionary"}


def after_thread_created(event) -> None:
    slug = FIRST_THREAD_BADGE.get(event.kind)
    if slug:
        award(event.author_id, slug, thread_id=event.thread_id, at=event.at)


def after_answer_posted(event) -> None:
    award(event.author_id, "helper", thread_id=event.thread_id, answer_id=event.answer_id, at=event.at)


def after_accept(event) -> None:
    if event.author_id != event.acceptor_id:
        award(event.author_id, "solver", thread_id=event.thread_id, answer_id=event.answer_id, at=event.at)
        award(event.acceptor_id, "scholar", thread_id=event.thread_id, at=event.at)
    _check_self_learner(event.answer_id)


def after_edit(event) -> None:
    award(event.editor_id, "editor", thread_id=event.thread_id, answer_id=getattr(event, "answer_id", None))


def after_profile_updated(event) -> None:
    if Member.objects.filter(pk=event.member_id).exclude(bio="").exists():
        award(event.member_id, "autobiographer")


def after_article_published(event) -> None:
    for member_id in event.author_ids:
        award(member_id, "published", thread_id=event.thread_id)


def after_vote(event) -> None:
    if event.new_value > 0:
        award(event.voter_id, "supporter", at=event.at)
    elif event.new_value < 0:
        award(event.voter_id, "critic", at=event.at)
    if event.new_value <= event.old_value:
        return  # scores only earn badges on the way up
    if event.answer_id:
        answer = Answer.objects.filter(pk=event.answer_id).values("score", "author_id", "thread_id").first()
        if answer:
            _score_badges(
                "answer", answer["score"], answer["author_id"], thread_id=answer["thread_id"], answer_id=event.answer_id
            )
            _check_self_learner(event.answer_id)
            _check_tag_badges(answer["author_id"], answer["thread_id"])
    else:
        thread = Thread.objects.filter(pk=event.thread_id).values("score", "author_id", "kind").first()
        if thread:
            _score_badges(thread["kind"], thread["score"], thread["author_id"], thread_id=event.thread_id)


def _score_badges(kind: str, score: int, author_id: int, **target) -> None:
    for badge_kind, threshold, slug, _name, _tier in SCORE_BADGES:
        if badge_kind == kind and score >= threshold:
            award(author_id, slug, **target)


def _check_self_learner(answer_id: int) -> None:
    row = (
        Answer.objects.filter(pk=answer_id, is_deleted=False, thread__kind="question")
        .values("author_id", "thread__author_id", "score", "thread_id")
        .first()
    )
    if row and row["author_id"] == row["thread__author_id"] and row["score"] >= SELF_LEARNER_SCORE:
        award(row["author_id"], "self-learner", thread_id=row["thread_id"], answer_id=answer_id)


def tag_records(author_id: int, tag_ids) -> dict[int, tuple[int, int]]:
    """Per tag: (total score, number of answers) of the member's visible answers (their ``TagScore`` rows)."""
    rows = TagScore.objects.filter(member_id=author_id, tag_id__in=list(tag_ids))
    return {tag_id: (score, answers) for tag_id, score, answers in rows.values_list("tag_id", "score", "answers")}


def _check_tag_badges(author_id: int, thread_id: int) -> None:
    for tag_id, (total, count) in tag_records(author_id, tag_scores.thread_tag_ids(thread_id)).items():
        for min_score, min_answers, slug, _name, _tier in TAG_BADGES:
            if total >= min_score and count >= min_answers:
                award(author_id, slug, tag_id=tag_id)


def record_visit(member_id: int, day) -> None:
    """Count a day of use; the Enthusiast badge comes with enough of them."""
    _, created = Visit.objects.get_or_create(member_id=member_id, day=day)
    if created and Visit.objects.filter(member_id=member_id).count() >= enthusiast_days():
        award(member_id, "enthusiast")


def unseen_awards(member_id: int) -> list[Award]:
    return list(Award.objects.filter(member_id=member_id, seen=False).select_related("badge", "tag")[:5])
