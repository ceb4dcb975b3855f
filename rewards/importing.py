"""Badges earned on an imported Stack Exchange site.

Called by community's Stack Exchange importer (through ``rewards.api.import_badges``) with the rows of
Badges.xml (attribute dicts) after the users exist, with the importer's map of the dump's users to members.
Rewards writes only rewards tables: the importer records which badge each row became (its ImportRecords). A badge whose name matches one of
ours (case-insensitive) is awarded as ours; any other keeps its Stack
Exchange name as a badge of its own, so the community's history stays
visible. Awards are once per member and badge (per tag for tag badges), as
everywhere in Guildhall; re-running adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import transaction
from django.utils.text import slugify

from community.models import Tag
from rewards.badges import TAG_BADGES, ensure_badges, recount_awards
from rewards.definitions import IMPORTED_PREFIX, IMPORTED_TEXT
from rewards.models import Award, Badge

SE_TIERS = {"1": Badge.Tier.GOLD, "2": Badge.Tier.SILVER, "3": Badge.Tier.BRONZE}
TAG_TIER_SLUG = {tier: slug for _score, _answers, slug, _name, tier in TAG_BADGES}


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@transaction.atomic
def import_badges(
    source: str, rows: Iterable[dict], *, members: dict[int, int], already: set[int]
) -> tuple[dict, list[tuple[int, int]]]:
    """Award the dump's badges. ``members``: the dump's user id → member id; ``already``: badge rows imported
    before. Returns a summary and ``(row id, badge id or 0)`` for every row handled, for the importer to keep."""
    ensure_badges()
    users, done = members, already
    by_name = {b.name.lower(): b for b in Badge.objects.all()}
    tags = {t.name: t.pk for t in Tag.objects.all()}
    have = set(Award.objects.values_list("member_id", "badge_id", "tag_id"))
    awards, records, created_badges = [], [], 0
    for row in rows:
        source_id = int(row["Id"])
        member_id = users.get(int(row.get("UserId", 0) or 0))
        if source_id in done or member_id is None:
            continue
        tier = SE_TIERS.get(row.get("Class", "3"), Badge.Tier.BRONZE)
        tag_id = None
        if row.get("TagBased") == "True":
            tag_id = tags.get(row["Name"].lower())
            badge = Badge.objects.get(slug=TAG_TIER_SLUG[tier]) if tag_id else None
        else:
            badge = by_name.get(row["Name"].lower())
            if badge is None:
                badge, made = Badge.objects.get_or_create(
                    slug=f"{IMPORTED_PREFIX}{slugify(row['Name'])}"[:60],
                    defaults={
                        "name": row["Name"][:60],
                        # English in the row, shown translated (Badge.localized_description)
                        "description": IMPORTED_TEXT % {"site": source},
                        "tier": tier,
                    },
                )
                created_badges += made
                by_name[badge.name.lower()] = badge
        records.append((source_id, badge.pk if badge else 0))
        if badge is None or (member_id, badge.pk, tag_id) in have:
            continue
        have.add((member_id, badge.pk, tag_id))
        awards.append(Award(member_id=member_id, badge=badge, tag_id=tag_id, awarded_at=_when(row["Date"]), seen=True))
    Award.objects.bulk_create(awards, batch_size=2000, ignore_conflicts=True)
    recount_awards()  # bulk inserts bypass badges.award(), which moves the stored counts one by one
    return {"awards": len(awards), "badges_created": created_badges}, records
