"""An imported Stack Exchange site ends with reward points in line with its replayed reputation."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.db.models import Sum

from community.models import ImportRecord
from rewards.api import points_balances, reputations
from rewards.models import PointsBalance, PointsEntry
from rewards.points_recompute import balance_drift, check
from tests.importers.test_stackexchange_import import _beer_or_skip


@pytest.mark.django_db
def test_the_beer_import_keeps_reputation_parity_and_ends_with_points_in_line():
    folder = _beer_or_skip()
    call_command("import_stackexchange", str(folder), rules="Stack Exchange 2016", verbosity=0)
    dumped = {}
    for _, element in ET.iterparse(folder / "Users.xml"):
        if element.tag == "row" and int(element.get("Reputation")) > 1 and int(element.get("Id")) > 0:
            dumped[int(element.get("Id"))] = int(element.get("Reputation"))
    members = dict(ImportRecord.objects.filter(source=folder.name, kind="user").values_list("source_id", "object_id"))
    ours = reputations([members[uid] for uid in dumped])
    matched = sum(1 for uid, rep in dumped.items() if ours.get(members[uid]) in (rep, rep - 100))
    assert matched / len(dumped) >= 0.9  # the points change nothing of reputation's parity
    assert not check() and not balance_drift()
    # Every member with reputation from votes and accepts earned points: the rules' share of it, roughly half.
    balances = points_balances(members[uid] for uid in dumped)
    earned = PointsEntry.objects.aggregate(s=Sum("points"))["s"]
    assert earned == PointsBalance.objects.aggregate(s=Sum("points"))["s"] >= sum(balances.values()) > 0
    top = max(dumped, key=dumped.get)
    assert 0.4 * (ours[members[top]] - 1) <= balances[members[top]] <= 0.6 * (ours[members[top]] - 1)
