"""What the catalogue pages read, in a constant number of queries whatever the number of perks.

A card's state is decided by the same functions the action refuses with (``rewards.actions.redeem``), over the
member's standing read once for the page, so "You can redeem this" on a card and the confirmation never
disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from wagtail.images import get_image_model

from rewards.actions import redeem
from rewards.models import Perk, Redemption

# Renditions every catalogue page draws (cards are 16:10; the detail page shows a larger one).
CARD_IMAGE = "fill-640x400"
DETAIL_IMAGE = "fill-960x600"
PER_PAGE = 24
REDEMPTIONS_PER_PAGE = 20
KINDS = tuple(Perk.Kind.values)


@dataclass(frozen=True)
class Card:
    """One perk as a member (or a visitor: ``standing`` None) sees it on the catalogue or its own page."""

    perk: Perk
    # Why nobody can redeem it now (sold out, not yet, ended), for everyone.
    unavailable: str | None
    # Why this member may not (reputation, badge, account age, their limit): the card's few words.
    ineligible: str | None
    points_needed: int
    can_redeem: bool
    upcoming: bool
    sold_out: bool


def _with_images(queryset: QuerySet, *specs: str) -> QuerySet:
    """The perks with their image and its renditions prefetched: one query for all images, one for renditions."""
    images = get_image_model().objects.prefetch_renditions(*specs)
    return queryset.select_related("required_badge").prefetch_related(Prefetch("image", queryset=images))


def offered(now: datetime | None = None) -> QuerySet:
    """Perks on offer: live, and not past their window (upcoming ones show with their start date)."""
    now = now or timezone.now()
    return Perk.objects.filter(is_live=True).filter(Q(available_until__isnull=True) | Q(available_until__gt=now))


def catalogue_page(
    *, kind: str = "", affordable_with: int | None = None, page_number=None, now: datetime | None = None
) -> Page:
    """A page of the catalogue, optionally one kind, optionally only what ``affordable_with`` points pay for
    now (in stock and inside its window)."""
    now = now or timezone.now()
    perks = offered(now)
    if kind in KINDS:
        perks = perks.filter(kind=kind)
    if affordable_with is not None:
        perks = perks.filter(cost__lte=affordable_with).exclude(stock=0)
        perks = perks.filter(Q(available_from__isnull=True) | Q(available_from__lte=now))
    perks = _with_images(perks.order_by("sort_order", "cost", "pk"), CARD_IMAGE)
    return Paginator(perks, PER_PAGE).get_page(page_number)


def card(perk: Perk, standing: redeem.Standing | None, now: datetime) -> Card:
    unavailable = redeem.unavailable(perk, now)
    ineligible = None
    needed = 0
    if standing is not None:
        ineligible = redeem.ineligible(perk, standing, now, short=True) or redeem.over_limit(perk, standing, short=True)
        needed = max(0, perk.cost - standing.points)
    return Card(
        perk=perk,
        unavailable=unavailable,
        ineligible=ineligible,
        points_needed=needed,
        can_redeem=standing is not None and not (unavailable or ineligible or needed),
        upcoming=bool(perk.available_from and now < perk.available_from),
        sold_out=perk.stock is not None and perk.stock <= 0,
    )


def cards(perks, standing: redeem.Standing | None, now: datetime) -> list[Card]:
    return [card(perk, standing, now) for perk in perks]


def standing(member, perk_ids=None) -> redeem.Standing | None:
    """The reader's standing, or None for a visitor."""
    if member is None or not member.is_authenticated:
        return None
    return redeem.standing_of(member, perk_ids)


def perk_for_page(slug: str) -> Perk:
    """A perk a member may open: live, with its image; a withdrawn one is a 404 (its past redemptions stay on
    their owners' page)."""
    perks = _with_images(Perk.objects.filter(is_live=True), DETAIL_IMAGE, CARD_IMAGE)
    return get_object_or_404(perks, slug=slug)


def my_redemptions(member, page_number=None) -> Page:
    """The member's own redemptions, newest first, with their perk and code: two queries a page."""
    rows = Redemption.objects.filter(member_id=member.pk).select_related("perk", "code").order_by("-created_at", "-pk")
    return Paginator(rows, REDEMPTIONS_PER_PAGE).get_page(page_number)


def my_redemption(member, pk: int) -> Redemption:
    """One redemption of the member's own; anyone else's is a 404, never a 403 that says it exists."""
    return get_object_or_404(Redemption.objects.select_related("perk", "code"), pk=pk, member_id=member.pk)
