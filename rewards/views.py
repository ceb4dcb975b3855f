"""Thin views for the rewards pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from community.core import fragments
from community.forum import queries as community_queries
from community.models import Member
from config import page_cache
from rewards import actions, api, points_history, privileges, queries, standings
from rewards.models import Badge, LedgerEntry, PointsEntry
from rewards.rules import active_profile


@require_GET
def privileges_page(request):
    """The ladder, and where the reader stands on it: a member by their reputation; a moderator or administrator
    holds every privilege by their role, so they see their role, not a reputation figure that decides nothing."""
    profile = active_profile()
    member = request.user if request.user.is_authenticated else None
    by_role = bool(member and member.is_moderator)
    points = api.reputation(member) if member else None
    rows = [
        {
            "needed": needed,
            "privilege": p,
            "by_role": by_role and not p.spends_reputation,
            "have": (by_role and not p.spends_reputation) or (points is not None and points >= needed),
        }
        for needed, p in privileges.ladder(profile)
    ]
    return render(
        request,
        "rewards/privileges.html",
        {
            "rows": rows,
            "points": points,
            "role": _role(member) if by_role else None,
            "profile": profile,
            "level": privileges.level_for(points or 1, profile),
            "limits": settings.GUILDHALL,
        },
    )


def _role(member) -> str:
    return pgettext("member role", "Administrator") if member.is_superuser else pgettext("member role", "Moderator")


@require_GET
def leaderboard(request):
    period = request.GET.get("period", "week")
    if period not in queries.PERIODS:
        period = "week"
    # The tag box forgives case, "#" and spaces; a tag nobody uses yet gives the board of all tags, saying so and
    # offering the tags the member may have meant (never a 404 page for a typo).
    typed = request.GET.get("tag", "").strip()[:100]
    tag = queries.find_tag(typed) if typed else None
    picker_tags = queries.picker_tags()
    unknown_tag = typed if typed and tag is None else ""
    page = queries.leaderboard_page(period, tag, request.GET.get("page"))
    rows = queries.attach_members(page.object_list)
    page_cache.depends_on(standings.STANDINGS)  # a refresh in the worker lands after the event that bumped content
    return render(
        request,
        "rewards/leaderboard.html",
        {
            "page": page,
            "rows": rows,
            "period": period,
            "periods": queries.PERIODS,
            "tag": tag,
            "picker_tags": picker_tags,
            "unknown_tag": unknown_tag,
            "near_tags": queries.tags_like(unknown_tag, picker_tags) if unknown_tag else [],
            "offset": page.start_index(),
            "computed_at": queries.computed_at(page),
        },
    )


@require_GET
def badge_list(request):
    return render(request, "rewards/badge_list.html", {"badges": queries.badges_with_counts()})


@require_GET
def badge_detail(request, slug):
    badge = get_object_or_404(Badge, slug=slug)
    page = Paginator(queries.badge_awards(badge), 60).get_page(request.GET.get("page"))
    return render(request, "rewards/badge_detail.html", {"badge": badge, "page": page})


@require_GET
def reputation_profile(request, username):
    member = get_object_or_404(Member, username=username, is_active=True)
    profile = active_profile()
    points = api.reputation(member)
    own = request.user.is_authenticated and request.user.pk == member.pk
    if own:
        actions.mark_awards_seen(member.pk)

    def draw():
        """The chart, badges, top tags, top answers and a page of the ledger: the same for every reader."""
        history = queries.history(member)
        shown = {
            "member": member,
            "awards": queries.member_awards(member),
            "top_answers": community_queries.member_answers(member)[:5],
            "top_tags": queries.top_tags(member),
            "history": history,
            # What the chart shows, as its {% memo %} key: the last day and every day's points.
            "history_key": (history[-1][0].isoformat(), tuple(points for _day, points in history)),
            "ledger": Paginator(queries.ledger(member), 30).get_page(page),
            "Reason": LedgerEntry.Reason,
        }
        return render_to_string("rewards/_profile_body.html", shown), None

    # Drawn once for every reader of a language and ledger page while the member's ledger and badges (their
    # version: every ledger entry and award bumps it) and the posts it names (content) stand still.
    # One region per page number: "?page=abc", "?page=" and "?page=01" are page 1, not regions of their own.
    page = queries.page_number(request.GET.get("page", "")[:20])
    body, _ = fragments.shared_region(
        f"reputation-profile:{member.pk}:{page}", draw, tags=(page_cache.member_tag(member.pk),)
    )
    return render(
        request,
        "rewards/profile.html",
        {
            "member": member,
            "points": points,
            "level": privileges.level_for(points, profile),
            "progress": None if member.is_moderator else api.progress(points),
            "profile_body": body,
            # Reward points are the member's own business: shown, with a link to their history, only to them.
            "reward_points": points_history.balance(member) if own else None,
        },
    )


@never_cache
@login_required
@require_GET
def points_page(request):
    """The member's own reward points: the balance (and why nothing can be redeemed while it is below zero), how
    points are earned under the rules in force, and every change, newest first. Private: only they see it."""
    profile = active_profile()
    page, rows = points_history.history_page(request.user, request.GET.get("page"))
    balance = points_history.balance(request.user)
    return render(
        request,
        "rewards/points.html",
        {
            "balance": balance,
            "to_earn_back": 1 - balance if balance < 0 else 0,
            "balance_size": abs(balance),  # plurals count sizes: "-1 point" is singular in French as in English
            "percent": profile.points_percent,
            "examples": points_history.examples(profile),
            "page": page,
            "rows": rows,
            "Reason": PointsEntry.Reason,
        },
    )


@login_required
@require_POST
def awards_seen(request):
    """Dismiss the "you earned a badge" banner; back to the page it was on."""
    actions.mark_awards_seen(request.user.pk)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)  # a URL, never a view name (``redirect("2")`` would try to reverse it)
