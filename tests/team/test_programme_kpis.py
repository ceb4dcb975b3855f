"""The recognition programme's KPIs (rewards/programme_kpis.py through rewards.api, community/team/kpis.py): points
earned and spent per month, redemptions by perk and status, median times to approve and to fulfil — exact figures
on crafted rows with known times, and the dashboard's section in constant queries."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.team import kpis
from rewards.actions import points, redemptions
from rewards.actions.redeem import redeem
from rewards.models import Perk, PointsEntry, Redemption

pytestmark = pytest.mark.django_db

P = PointsEntry.Reason
OCT = datetime(2025, 10, 15, 12, 0, tzinfo=UTC)
NOV = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
_n = itertools.count(1)


def entry(member, amount, reason, at):
    points.credit(member.pk, amount, reason=reason, origin="kpi", event_key=f"kpi:{next(_n)}", at=at)


def perk(title, **fields):
    return Perk.objects.create(title=title, slug=f"perk-{next(_n)}", description="…", cost=100, **fields)


def period(start="2025-10-01", end="2025-11-30"):
    return kpis.parse_period({"start": start, "end": end}, now=datetime(2025, 12, 1, tzinfo=UTC))


def redeemed(member, item, at, key=None):
    r = redeem(member, item, key=key or f"k{next(_n)}", details={})
    Redemption.objects.filter(pk=r.pk).update(created_at=at)
    r.refresh_from_db()
    return r


@pytest.fixture
def programme(make_member, moderator):
    """October: 500 earned, 50 clawed back, 100 spent. November: 300 earned (200 + a 100 recognition), 300 spent
    and 100 refunded. Hoodie redemptions decided after 2 h and 6 h, fulfilled after 1 d and 3 d."""
    alice, bob = make_member("kpi_alice"), make_member("kpi_bob")
    entry(alice, 500, P.EARNED, OCT)
    entry(alice, -50, P.CLAWED_BACK, OCT + timedelta(days=1))
    entry(bob, 200, P.EARNED, NOV)
    entry(bob, 100, P.RECOGNITION, NOV)
    entry(bob, 1000, P.ADJUSTMENT, NOV)  # the team's adjustments are in neither column
    hoodie, voucher = perk("Hoodie"), perk("Voucher", kind=Perk.Kind.DIGITAL)
    first = redeemed(alice, hoodie, OCT + timedelta(days=2))
    PointsEntry.objects.filter(redemption=first).update(created_at=OCT + timedelta(days=2))
    second, third, fourth = (redeemed(bob, hoodie, NOV), redeemed(bob, hoodie, NOV), redeemed(bob, voucher, NOV))
    PointsEntry.objects.filter(redemption__in=[second, third, fourth]).update(created_at=NOV)
    redemptions.approve(first, actor=moderator, at=first.created_at + timedelta(hours=2))
    redemptions.fulfil(first, actor=moderator, note="", at=first.created_at + timedelta(days=1))
    redemptions.fulfil(second, actor=moderator, note="", at=NOV + timedelta(hours=6))  # approved by fulfilling
    Redemption.objects.filter(pk=second.pk).update(fulfilled_at=NOV + timedelta(days=3))
    redemptions.reject(third, actor=moderator, reason="Duplicate", at=NOV + timedelta(hours=1))
    PointsEntry.objects.filter(redemption=third, reason=P.REFUNDED).update(created_at=NOV + timedelta(hours=1))
    return {"hoodie": hoodie, "voucher": voucher}


def test_points_per_month_net_of_clawbacks_and_refunds(programme):
    figures = kpis.programme(period())
    assert [(m["month"].isoformat(), m["earned"], m["spent"]) for m in figures.months] == [
        ("2025-10-01", 450, 100),
        ("2025-11-01", 300, 200),
    ]
    assert [m["label"] for m in figures.months] == ["October 2025", "November 2025"]
    assert (figures.earned, figures.spent) == (750, 300)


def test_redemptions_by_perk_and_status(programme):
    figures = kpis.programme(period())
    assert [
        (r["perk"], r["total"], r["pending"], r["approved"], r["fulfilled"], r["rejected"]) for r in figures.by_perk
    ] == [
        ("Hoodie", 3, 0, 0, 2, 1),
        ("Voucher", 1, 1, 0, 0, 0),
    ]
    november = kpis.programme(period("2025-11-01", "2025-11-30"))
    assert [(r["perk"], r["total"]) for r in november.by_perk] == [("Hoodie", 2), ("Voucher", 1)]


def test_median_times_to_approve_and_to_fulfil(programme):
    figures = kpis.programme(period())
    # Decisions after 2 h and 6 h (the rejection is no approval): median 4 h. Fulfilments after 1 d and 3 d: 2 d.
    assert (figures.approval, figures.approvals) == ("4 h", 2)
    assert (figures.fulfilment, figures.fulfilments) == ("2 d", 2)
    empty = kpis.programme(period("2025-01-01", "2025-01-31"))
    assert (empty.approval, empty.fulfilment, empty.months, empty.by_perk) == ("—", "—", [], [])


def test_a_code_perk_does_not_pull_the_medians_to_zero(programme, make_member, moderator):
    codes = perk("Code", kind=Perk.Kind.DIGITAL, uses_codes=True, stock=0)
    from rewards.actions.perks import upload_codes

    upload_codes(codes, ["C-1"], actor=moderator)
    member = make_member("coder")
    entry(member, 100, P.EARNED, NOV)
    r = redeem(member, codes, key="k", details={})
    Redemption.objects.filter(pk=r.pk).update(created_at=NOV, decided_at=NOV, fulfilled_at=NOV)
    figures = kpis.programme(period())
    assert (figures.approval, figures.fulfilment, figures.fulfilments) == ("4 h", "2 d", 2)


def test_the_dashboard_shows_the_programme_in_constant_queries(client_for, moderator, programme, make_member):
    client = client_for(moderator)
    url = "/cms/community-team/kpis/?start=2025-10-01&end=2025-11-30"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        html = client.get(url).content.decode()
    assert "Recognition programme" in html and "Redemptions by perk" in html
    for words in ("October 2025", "November 2025", "Hoodie", "Voucher", "4 h", "2 d"):
        assert words in html
    for i in range(3):  # more perks and redemptions: not one query more
        member = make_member(f"more{i}")
        entry(member, 100, P.EARNED, NOV)
        redeemed(member, perk(f"Extra perk {i}"), NOV)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) <= len(before)
