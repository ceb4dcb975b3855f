"""The rewards app's public door: what other apps may ask of it.

Community calls ``can``/``refusal``/``max_links`` inside its actions; search
calls ``reputations`` at index time. Nothing outside rewards imports its
models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import ngettext

from rewards import privileges, recognition
from rewards.models import Reputation
from rewards.rules import active_profile


def reputation(member) -> int:
    if member is None or not getattr(member, "pk", None):
        return 1
    return Reputation.objects.filter(pk=member.pk).values_list("points", flat=True).first() or 1


def reputations(member_ids: Iterable[int]) -> dict[int, int]:
    """Reputation (≥ 1) for each id, in one query."""
    ids = set(member_ids)
    found = dict(Reputation.objects.filter(pk__in=ids).values_list("pk", "points"))
    return {i: found.get(i, 1) for i in ids}


def _exempt(member) -> bool:
    """Moderators use every privilege: ``Member.is_moderator`` (a model attribute, no import of community code)."""
    return bool(getattr(member, "is_moderator", False))


def can(member, privilege: str) -> bool:
    """May ``member`` use ``privilege`` (a key of rewards.privileges.PRIVILEGES)? Moderators always may, except
    where it spends their own reputation (offering a bounty)."""
    if member is None or not member.is_authenticated or not member.is_active:
        return False
    if _exempt(member) and not privileges.BY_KEY[privilege].spends_reputation:
        return True
    return reputation(member) >= privileges.threshold(active_profile(), privilege)


def refusal(member, privilege: str, points: int | None = None) -> str:
    """What to tell a member who lacks a privilege, in the active language (the request's: call it per request)."""
    needed = privileges.threshold(active_profile(), privilege)
    points = reputation(member) if points is None else points
    # Translators: %(action)s is a privilege action, e.g. "downvote" (« voter contre »); plural by %(needed)s.
    return ngettext(
        "You need %(needed)s reputation to %(action)s; you have %(points)s.",
        "You need %(needed)s reputation to %(action)s; you have %(points)s.",
        needed,
    ) % {"needed": needed, "action": privileges.BY_KEY[privilege].verb, "points": points}


def refusals(member) -> dict[str, str]:
    """Every privilege ``member`` lacks, with what to tell them, from one reputation lookup (for pages).

    The texts are in the active language: whoever keeps them (the member's cached standing) keys them by it."""
    if member is None or not member.is_authenticated or _exempt(member):
        return {}
    points = reputation(member)
    profile = active_profile()
    return {
        p.key: refusal(member, p.key, points)
        for p in privileges.PRIVILEGES
        if points < privileges.threshold(profile, p.key)
    }


# --- recognition beside names and in a member's own header (rewards/recognition.py) --------------------------

Flair = recognition.Flair
Standing = recognition.Standing


def flair(member_ids: Iterable[int]) -> dict[int, Flair]:
    """Reputation and gold/silver/bronze badge counts of each member, in one query (for every name on a page)."""
    return recognition.flair(member_ids)


def top_contributors(period: str = "week", limit: int = 5) -> list[dict]:
    """The first ``limit`` rows of a stored period leaderboard ("week", "month", "year"): {member, points}, best
    first, in one query (the home page's "Top contributors this week"). A page showing them goes stale when the
    boards are refreshed (the ``standings`` page-cache tag)."""
    from config import page_cache
    from rewards.models import Standing as PeriodStanding
    from rewards.standings import STANDINGS

    page_cache.depends_on(STANDINGS)
    rows = (
        PeriodStanding.objects.filter(period=period, member__is_active=True)
        .select_related("member")
        .order_by("rank")[:limit]
    )
    return [{"member": row.member, "points": row.points} for row in rows]


def standing(member) -> Standing | None:
    """A member's own reputation, progress to their next privilege and unseen changes (their header), from the
    shared cache; None for a visitor."""
    if member is None or not member.is_authenticated:
        return None
    return recognition.standing(member)


def standing_key(member_id: int) -> str:
    """The shared-cache key of ``standing`` (read ahead with the member's other per-page values)."""
    return recognition.standing_key(member_id)


def progress(points: int):
    """The next privilege for ``points`` (``recognition.Progress``) or None."""
    return recognition.progress(points)


def changes_by_day(member, *, days: int = 30):
    """The member's reputation changes of the last ``days`` days, per day, newest first (``recognition.Day``)."""
    return recognition.changes_by_day(member, days=days)


def mark_changes_seen(member, *, unseen: int) -> bool:
    """The member saw their reputation changes: the header's indicator goes quiet."""
    from rewards.actions import mark_changes_seen as mark

    return mark(member.pk, unseen=unseen)


def mark_history_seen(until) -> int:
    """Every member's reputation changes up to ``until`` count as seen (an import or the demo: history is not
    news); returns how many members. Their headers then announce only what happens after."""
    from rewards.actions import mark_history_seen as mark

    return mark(until)


def max_links(member) -> int | None:
    """How many links ``member`` may put in one post (None: no limit)."""
    if can(member, "post_links"):
        return None
    return active_profile().new_member_max_links


def level(member, points: int | None = None) -> str:
    """The member's level name (lazy: shown in the reader's language)."""
    return privileges.level_for(reputation(member) if points is None else points, active_profile())


def adjust(member, points: int, *, note: str, actor=None):
    """Add (or remove) points by hand, as a visible ledger entry."""
    from rewards.actions import adjust as _adjust

    return _adjust(member, points, note=note, actor=actor)


def rule_profiles() -> list[str]:
    """Names of the rule profiles moderators defined (their keys, as ``recompute(profile=…)`` takes them)."""
    from rewards.models import RuleProfile

    return list(RuleProfile.objects.order_by("name").values_list("name", flat=True))


def active_rule_profile() -> str:
    """The key (name) of the rules in force; ``RuleProfile.localized_name`` is what to show a member."""
    return active_profile().name


def rule_value(field: str) -> int:
    """One value of the rules in force (e.g. ``spam_flags_to_hide``)."""
    return getattr(active_profile(), field)


# --- badges, for community's inbox and digests (read-only; rewards writes nothing of community's) ---------


def _award_data(award) -> dict:
    """One award as data, its texts in the active language (the inbox's reader, a digest's recipient)."""
    from django.urls import reverse

    return {
        "badge": award.badge.localized_name,
        "slug": award.badge.slug,
        "tier": award.badge.get_tier_display(),
        "tag": award.tag.name if award.tag_id else "",
        "awarded_at": award.awarded_at,
        "url": reverse("rewards:badge", args=[award.badge.slug]),
    }


def awards_between(member, *, after=None, until=None, limit: int | None = 50) -> list[dict]:
    """Badges ``member`` earned after ``after`` and up to ``until`` (either may be None), newest first, as data
    (``limit=None``: all of them)."""
    from rewards.models import Award

    awards = Award.objects.filter(member_id=member.pk).select_related("badge", "tag").order_by("-awarded_at", "-pk")
    if after is not None:
        awards = awards.filter(awarded_at__gt=after)
    if until is not None:
        awards = awards.filter(awarded_at__lte=until)
    return [_award_data(a) for a in (awards if limit is None else awards[:limit])]


def count_awards_since(member, since) -> int:
    from rewards.models import Award

    return Award.objects.filter(member_id=member.pk, awarded_at__gt=since).count()


def members_awarded_since(since) -> set[int]:
    """Ids of the members who earned a badge after ``since`` (for digests), in one query."""
    from rewards.models import Award

    return set(Award.objects.filter(awarded_at__gt=since).values_list("member_id", flat=True).distinct())


# --- for a member's own data archive (community/privacy/exports.py) ------------------------------


def ledger_of(member) -> list[dict]:
    """Every reputation ledger entry of ``member``, oldest first, as data (their "download my data" archive).

    Read-only; the rows themselves outlive the member's erasure so that reputation sums never move."""
    from rewards.models import LedgerEntry

    entries = LedgerEntry.objects.filter(member_id=member.pk).order_by("created_at", "pk")
    return [
        {
            "points": e.points,
            "reason": e.reason,
            "thread_id": e.thread_id,
            "answer_id": e.answer_id,
            "note": e.note,
            "created_at": e.created_at,
        }
        for e in entries.iterator()
    ]


# --- for the API's reads (community/api/reads): the site's boards and profile, as data -------------------------


def leaderboard_page(period: str, tag, number, per_page: int = 50):
    """(rows, page) of the site's leaderboard (``period``, ``tag`` or None, page ``number``): each row
    {"rank", "member", "points"}, best first, in the leaderboard page's queries plus one for the members. A page
    showing it goes stale when the stored boards are refreshed (the ``standings`` page-cache tag)."""
    from config import page_cache
    from rewards import queries
    from rewards.standings import STANDINGS

    page_cache.depends_on(STANDINGS)
    page = queries.leaderboard_page(period, tag, number, per_page=per_page)
    rows = queries.attach_members(page.object_list)
    start = page.start_index()
    return [{"rank": start + i, "member": row.member, "points": row.points} for i, row in enumerate(rows)], page


def top_tags(member, limit: int = 8) -> list[dict]:
    """The member's best tags by answer score ({name, slug, score, answers}), as their reputation page lists them."""
    from rewards import queries

    return queries.top_tags(member, limit)


def ledger_entries(member):
    """The member's reputation ledger, newest first (``-created_at, -pk``, on ``ledger_member_time_idx``), as
    their public reputation page lists it: a queryset of entries to paginate, each with ``get_reason_display()``
    and ``localized_note``, its ``thread``/``answer`` ids (the reader checks their visibility)."""
    from rewards.models import LedgerEntry

    return LedgerEntry.objects.filter(member_id=member.pk).order_by("-created_at", "-pk")


# --- for community's importers -------------------------------------------------------------------


def import_badges(
    source: str, rows, *, members: dict[int, int], already: set[int]
) -> tuple[dict, list[tuple[int, int]]]:
    """Award an imported site's badges (``rewards.importing``); returns a summary and (row id, badge id) pairs."""
    from rewards.importing import import_badges as run

    return run(source, rows, members=members, already=already)


def recompute(profile: str | None = None, *, progress: bool = False) -> dict:
    """Rebuild every ledger and total from community's rows under a rule profile (``rewards_recompute``).

    Raises ``RuleProfile.DoesNotExist`` for an unknown profile name.
    """
    from rewards.recompute import recompute_all

    return recompute_all(profile=profile, progress=progress)


def mark_awards_seen(member) -> int:
    """The member has seen their new badges (e.g. listed in their inbox): the banner stops announcing them."""
    from rewards.actions import mark_awards_seen as mark

    return mark(member.pk)


# --- for community's welcome page (community/onboarding) ------------------------------------------


def privilege_ladder(member) -> dict:
    """The privilege ladder under the active rules and where ``member`` stands on it, as data, in the active
    language: ``{"points", "level", "rungs": [{"needed", "level", "action", "description", "have"}…],
    "next": the first rung not reached (or None)}``. Moderators hold every rung. One reputation query."""
    profile = active_profile()
    points = reputation(member)
    exempt = _exempt(member)
    rungs = [
        {
            "key": p.key,
            "needed": needed,
            "level": p.level,
            "action": p.verb,
            "description": p.description,
            "have": exempt or points >= needed,
        }
        for needed, p in privileges.ladder(profile)
    ]
    return {
        "points": points,
        "level": privileges.level_for(points, profile),
        "rungs": rungs,
        "next": next((rung for rung in rungs if not rung["have"]), None),
    }


def badges_in_catalogue(member, slugs: Iterable[str]) -> dict[str, dict]:
    """Of the badges ``slugs`` names, those the catalogue holds, each with its name (in the active language),
    page and whether ``member`` earned it — one query. A slug the catalogue lacks is simply absent, so a page
    never announces a badge that does not exist."""
    from django.db.models import Exists, OuterRef
    from django.urls import reverse

    from rewards.models import Award, Badge

    earned = Award.objects.filter(badge=OuterRef("pk"), member_id=getattr(member, "pk", None) or 0)
    badges = Badge.objects.filter(slug__in=list(slugs)).annotate(earned=Exists(earned))
    return {
        badge.slug: {
            "name": badge.localized_name,
            "url": reverse("rewards:badge", args=[badge.slug]),
            "earned": badge.earned,
        }
        for badge in badges
    }


# --- bounties, for community.bounties (the rules in force; the ledger entries come from its events) ----------


@dataclass(frozen=True)
class BountyRules:
    """The bounty thresholds of the active rule profile, as community reads them (never the model itself)."""

    min_reputation: int
    min_amount: int
    max_amount: int
    min_question_age_days: int
    days: int
    auto_min_score: int

    @property
    def amounts(self) -> list[int]:
        """The amounts a member picks from, as on Stack Exchange: the smallest, then every 50 up to the largest."""
        steps = [self.min_amount, *range((self.min_amount // 50 + 1) * 50, self.max_amount, 50)]
        return sorted({*steps, self.max_amount}) if self.max_amount >= self.min_amount else []


def bounty_rules() -> BountyRules:
    profile = active_profile()
    return BountyRules(
        min_reputation=profile.bounty_min_reputation,
        min_amount=profile.bounty_min_amount,
        max_amount=profile.bounty_max_amount,
        min_question_age_days=profile.bounty_min_question_age_days,
        days=profile.bounty_days,
        auto_min_score=profile.bounty_auto_min_score,
    )


# --- the programme's actions, for community's demo (community/demo/rewards.py) ---------------------------------
# Community may not import rewards.actions or rewards.models (import-linter): these doors pass the demo's steps to
# the very functions the site and the CMS call, so the demo's perks, redemptions and recognition are real ones.


def ensure_perk(slug: str, **fields):
    """The perk with this slug, created with ``fields`` if there is none (perks are otherwise made in the CMS)."""
    from rewards.models import Perk

    perk, _ = Perk.objects.get_or_create(slug=slug, defaults=fields)
    return perk


def upload_perk_codes(perk, codes: list[str], *, actor) -> int:
    from rewards.actions.perks import upload_codes

    return upload_codes(perk, codes, actor=actor)


def redeem(member, perk, *, key: str, details: dict, at=None):
    from rewards.actions.redeem import redeem as redeem_perk

    return redeem_perk(member, perk, key=key, details=details, at=at)


def approve_redemption(redemption, *, actor, at=None):
    from rewards.actions.redemptions import approve

    return approve(redemption, actor=actor, at=at)


def reject_redemption(redemption, *, actor, reason: str, at=None):
    from rewards.actions.redemptions import reject

    return reject(redemption, actor=actor, reason=reason, at=at)


def fulfil_redemption(redemption, *, actor, note: str, at=None):
    from rewards.actions.redemptions import fulfil

    return fulfil(redemption, actor=actor, note=note, at=at)


def publish_recognition(actor, *, kind: str, member, month, citation: str, tag=None):
    from rewards.actions.spotlight import publish_recognition as publish

    return publish(actor, kind=kind, member=member, month=month, citation=citation, tag=tag)


def recognition_shortlist(month, *, tag=None, limit: int = 10) -> list:
    """The CMS's shortlist for ``month`` (a tag's, with ``tag``): ranked candidates, as the team sees them."""
    from rewards.spotlight.queries import shortlist

    return shortlist(month, tag=tag, limit=limit)


def points_balances(member_ids: Iterable[int]) -> dict[int, int]:
    """Reward points of these members (a member without a balance row has 0 and is left out)."""
    from rewards.models import PointsBalance

    return dict(PointsBalance.objects.filter(pk__in=list(member_ids)).values_list("pk", "points"))


def badge_id(slug: str) -> int | None:
    """The id of the badge with this slug, for a perk that requires it."""
    from rewards.models import Badge

    return Badge.objects.filter(slug=slug).values_list("pk", flat=True).first()


# --- the redemption queue and the programme's figures (queue: community's notifications, audit log, data
# export and KPI dashboard read these; rewards/actions/redemptions.py and rewards/programme_kpis.py) ----------


def redemption_facts(redemption_id: int) -> dict | None:
    """What community's notices and audit entries name of a redemption, in one query (None once it is gone)."""
    from rewards.models import Perk, Redemption

    row = (
        Redemption.objects.filter(pk=redemption_id)
        .values("member_id", "cost", "status", "perk_id", "perk__title", "perk__title_fr")
        .first()
    )
    if row is None:
        return None
    # The title in the active language (the caller speaks to the member: community.core.language.speaking_to).
    english, french = row.pop("perk__title"), row.pop("perk__title_fr")
    return {**row, "perk_title": Perk(title=english, title_fr=french).localized_title}


def perk_title(perk_id: int) -> str:
    from rewards.models import Perk

    return Perk.objects.filter(pk=perk_id).values_list("title", flat=True).first() or ""


def recognition_facts(recognition_id: int) -> dict | None:
    """The month (ISO date), kind and tag name of a published recognition, for its audit entry."""
    from rewards.models import Recognition

    row = Recognition.objects.filter(pk=recognition_id).values("kind", "month", "tag__name").first()
    if row is None:
        return None
    return {"kind": row["kind"], "month": row["month"].isoformat(), "tag": row["tag__name"] or ""}


def redemptions_of(member) -> list[dict]:
    """A member's redemptions for their data archive: perk, cost, status, dates, the team's reason or note, and
    their own fulfilment details while the retention period keeps them."""
    from rewards.models import Redemption

    rows = Redemption.objects.filter(member_id=member.pk).select_related("perk").order_by("created_at", "pk")
    return [
        {
            "perk": r.perk.title,
            "cost": r.cost,
            "status": r.status,
            "requested_at": r.created_at.isoformat(),
            "decided_at": r.decided_at.isoformat() if r.decided_at else None,
            "fulfilled_at": r.fulfilled_at.isoformat() if r.fulfilled_at else None,
            "reason": r.reason,
            "note": r.note,
            "details": dict(r.details or {}),
            "details_erased_at": r.details_erased_at.isoformat() if r.details_erased_at else None,
        }
        for r in rows
    ]


def points_per_month(start, end) -> list[dict]:
    """Reward points earned (net of clawbacks) and spent (net of refunds) in each calendar month of [start, end)."""
    from rewards import programme_kpis

    return programme_kpis.points_per_month(start, end)


def redemptions_by_perk(start, end, limit: int = 20) -> list[dict]:
    """The period's redemptions per perk, with how many are in each status, most redeemed first."""
    from rewards import programme_kpis

    return programme_kpis.redemptions_by_perk(start, end, limit)


def fulfilment_times(start, end) -> dict:
    """Median seconds from request to approval and to fulfilment, over the period's decisions and fulfilments."""
    from rewards import programme_kpis

    return programme_kpis.fulfilment_times(start, end)


# --- the team's recognition, for the home page and the profiles (spotlight: rewards/spotlight/) ---------------


def current_spotlight():
    """The latest recent month the team named someone for: ``.month``, ``.member_of_the_month`` (a
    ``Recognition`` with its member, or None) and ``.champions`` (with their members and tags); None when the
    team has named nobody lately. Kept in the shared cache until the next publication: no query once stored."""
    from rewards.spotlight import queries

    return queries.remembered_spotlight()


def recognitions_of(member) -> list:
    """A member's recognitions (member of the month, tag champion), newest month first, with their tags. Kept in
    the shared cache under the member's page-cache version: one query when it changed, none after."""
    from rewards.spotlight import queries

    return queries.recognitions_of(member)


# --- reward points, the spendable balance beside reputation (points: rewards/actions/points.py) ---------------


def points_balance(member) -> int:
    """The member's reward points now (0 for a visitor or a member who never earned any); may be below zero after
    a clawback. One query."""
    if member is None or not getattr(member, "pk", None):
        return 0
    from rewards.actions.points import balance

    return balance(member.pk)


def points_of(member) -> list[dict]:
    """Every reward points entry of ``member``, oldest first, as data (their "download my data" archive).

    Read-only; like the reputation ledger, the rows outlive the member's erasure so that no sum moves."""
    from rewards.models import PointsEntry

    entries = PointsEntry.objects.filter(member_id=member.pk).order_by("created_at", "pk")
    return [
        {
            "points": e.points,
            "reason": e.reason,
            "origin": e.origin,
            "redemption_id": e.redemption_id,
            "note": e.note,
            "created_at": e.created_at,
        }
        for e in entries.iterator()
    ]


def recompute_points(*, progress: bool = False):
    """Bring every member's reward points in line with the reputation ledger (``rewards_recompute_points``):
    correction entries appended, balances reset to their ledger sums; returns the report."""
    from rewards.points_recompute import bring_in_line

    return bring_in_line(progress=progress)
