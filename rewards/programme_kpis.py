"""The recognition programme's figures for the team's KPI dashboard, each a query over indexed columns.

- **Points earned / spent per month**: reward points entries by calendar month (UTC). Earned is what members
  got from reputation and from the team's recognition, net of clawbacks; spent is what redemptions took, net of
  the refunds of rejected ones. Adjustments and recompute corrections are in neither.
- **Redemptions by perk**: redemptions requested in the period, per perk and status.
- **Time to approve / to fulfil**: medians over the period, from the member's request to the team's decision
  (approved or fulfilled in one step; rejections aside) and to fulfilment. Code perks are fulfilled the moment
  they are redeemed and would only pull the medians to zero: they are left out. Interpolated between the two
  nearest values like PostgreSQL's ``percentile_cont``, with two ``ORDER BY … LIMIT 2 OFFSET k`` queries, the
  same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth

from rewards.models import PointsEntry, Redemption

P = PointsEntry.Reason
S = Redemption.Status
EARNED = (P.EARNED, P.CLAWED_BACK, P.RECOGNITION)
SPENT = (P.REDEEMED, P.REFUNDED)


def points_per_month(start, end) -> list[dict]:
    """[{"month": date, "earned": int, "spent": int}] for each month with entries, oldest first."""
    rows = points_per_month_query(start, end)
    return [{"month": _day(r["month"]), "earned": r["earned"], "spent": -r["spent"]} for r in rows]


def points_per_month_query(start, end):
    """The rows of ``points_per_month``: one range of ``points_reason_time_idx`` per reason counted."""
    return (
        PointsEntry.objects.filter(created_at__gte=start, created_at__lt=end, reason__in=EARNED + SPENT)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            earned=Sum("points", filter=Q(reason__in=EARNED), default=0),
            spent=Sum("points", filter=Q(reason__in=SPENT), default=0),
        )
        .order_by("month")
    )


def _day(value) -> date:
    return value.date() if hasattr(value, "date") else value


def redemptions_by_perk(start, end, limit: int = 20) -> list[dict]:
    """[{"perk": title, "total": n, "pending": n, "approved": n, "rejected": n, "fulfilled": n}], most first."""
    rows = (
        Redemption.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("perk_id", "perk__title")
        .annotate(total=Count("pk"), **{status: Count("pk", filter=Q(status=status)) for status in S.values})
        .order_by("-total", "perk__title")[:limit]
    )
    return [{"perk": r.pop("perk__title"), **r} for r in rows]


def _median(rows, n: int) -> float | None:
    if n <= 0:
        return None
    position = 0.5 * (n - 1)
    low = int(position)
    values = [v.total_seconds() for v in rows.order_by("wait").values_list("wait", flat=True)[low : low + 2]]
    if len(values) == 1 or position == low:
        return values[0]
    return values[0] + (values[1] - values[0]) * (position - low)


def fulfilment_times(start, end) -> dict:
    """{"approval_seconds", "approvals", "fulfilment_seconds", "fulfilments"}: the medians (None without any)."""
    by_hand = Redemption.objects.filter(perk__uses_codes=False)
    decided = by_hand.filter(decided_at__gte=start, decided_at__lt=end, status__in=(S.APPROVED, S.FULFILLED)).annotate(
        wait=ExpressionWrapper(F("decided_at") - F("created_at"), output_field=DurationField())
    )
    fulfilled = by_hand.filter(fulfilled_at__gte=start, fulfilled_at__lt=end, status=S.FULFILLED).annotate(
        wait=ExpressionWrapper(F("fulfilled_at") - F("created_at"), output_field=DurationField())
    )
    approvals, fulfilments = decided.count(), fulfilled.count()
    return {
        "approval_seconds": _median(decided, approvals),
        "approvals": approvals,
        "fulfilment_seconds": _median(fulfilled, fulfilments),
        "fulfilments": fulfilments,
    }
