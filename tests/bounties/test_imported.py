"""Imported Stack Exchange bounties arrive closed with the dump's outcome: the sweep never touches them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.bounties import actions as bounties
from community.models import Bounty
from rewards.models import LedgerEntry
from tests.importers.test_stackexchange_import import dump, run_import  # noqa: F401 — the crafted dump fixture


@pytest.mark.django_db
def test_the_sweep_leaves_imported_bounties_as_the_dump_ended_them(dump, django_capture_on_commit_callbacks):  # noqa: F811
    run_import(dump)
    before = list(Bounty.objects.values())
    assert before and all(row["closed_at"] is not None for row in before)
    entries = LedgerEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert bounties.close_ended_bounties(now=timezone.now() + timedelta(days=3650)) == 0
    assert list(Bounty.objects.values()) == before
    assert LedgerEntry.objects.count() == entries
