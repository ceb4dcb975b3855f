"""The programme's points per month at scale (issue "Flat as it grows"): the KPI reads, for each reason it counts,
the period's range of ``points_reason_time_idx``, so a recompute's corrections, written all at once inside the
period, are never read. EXPLAIN (no timings) on PostgreSQL over generated rows, ANALYZEd."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from rewards import programme_kpis
from rewards.models import PointsEntry
from tests.explain import generated_once_per_module, plan_nodes

GENERATE = """
INSERT INTO community_member (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                              date_joined, display_name, bio, suspension_reason)
SELECT '!', false, 'generated' || i, '', '', 'generated' || i || '@example.com', false, true, now(), '', '', ''
FROM generate_series(1, %(members)s) i;

-- Three years of points earned with reputation (a tenth taken back), some spent and refunded...
INSERT INTO rewards_pointsentry (member_id, points, reason, origin, event_key, note, created_at)
SELECT m.m0 + i %% 200, CASE WHEN i %% 10 = 0 THEN -2 WHEN i %% 50 = 1 THEN -100 ELSE 10 END,
       CASE WHEN i %% 10 = 0 THEN 'clawed_back' WHEN i %% 50 = 1 THEN 'redeemed' WHEN i %% 500 = 3 THEN 'refunded'
            ELSE 'earned' END,
       'vote:' || i, 'generated:' || i, '', now() - interval '1 day' * (3 * 365 * (i / 150000.0))
FROM generate_series(1, 150000) i
CROSS JOIN (SELECT min(id) AS m0 FROM community_member WHERE username LIKE 'generated%%') m;

-- ...and yesterday's recompute: a correction for most of the history at once, inside the period.
INSERT INTO rewards_pointsentry (member_id, points, reason, origin, event_key, note, created_at)
SELECT m.m0 + i %% 200, 1, 'recomputed', 'recompute:' || i, 'recompute:' || i, '', now() - interval '1 day'
FROM generate_series(1, 120000) i
CROSS JOIN (SELECT min(id) AS m0 FROM community_member WHERE username LIKE 'generated%%') m;

ANALYZE community_member;
ANALYZE rewards_pointsentry;
"""


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    yield from generated_once_per_module(django_db_blocker, GENERATE, {"members": 200})


def test_the_months_points_read_the_counted_reasons_range_and_never_the_recompute(db, history):
    end = timezone.now()
    start = end - timedelta(days=30)
    tree = json.loads(programme_kpis.points_per_month_query(start, end).explain(format="json"))[0]["Plan"]
    nodes = list(plan_nodes(tree))
    assert "points_reason_time_idx" in json.dumps(tree), json.dumps(tree)
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan"], json.dumps(tree)


def test_the_months_figures_equal_a_direct_computation(db, history):
    end = timezone.now()
    start = end - timedelta(days=90)
    months = programme_kpis.points_per_month(start, end)
    earned = spent = 0
    for points, reason in PointsEntry.objects.filter(created_at__gte=start, created_at__lt=end).values_list(
        "points", "reason"
    ):
        if reason in programme_kpis.EARNED:
            earned += points
        elif reason in programme_kpis.SPENT:
            spent -= points
    assert sum(m["earned"] for m in months) == earned > 0
    assert sum(m["spent"] for m in months) == spent > 0
