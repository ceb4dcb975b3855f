"""The periodic jobs in one process (``manage.py run_scheduled_jobs``): its schedule is the one docs/deploy.md
publishes, every job names a real command, and ``--once`` runs them all — closing an ended bounty, as the
embedded default (``make run``) does without cron."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.utils import timezone

from community.bounties import actions as bounties
from community.forum.models import Bounty
from community.management.commands.run_scheduled_jobs import DAY, MINUTE, SCHEDULE, due_jobs


def test_the_schedule_is_the_one_the_deployment_guide_publishes():
    commands = get_commands()
    assert all(job.command in commands for job in SCHEDULE), [j.command for j in SCHEDULE if j.command not in commands]
    guide = (Path(settings.BASE_DIR) / "docs" / "deploy.md").read_text(encoding="utf-8")
    table = guide.split("## Scheduled jobs", 1)[1].split("\n## ", 1)[0]
    rows = "\n".join(line for line in table.splitlines() if line.startswith("|"))
    published = set(re.findall(r"`django-admin (\w+)", rows))
    assert published == {job.command for job in SCHEDULE}


def test_frequent_jobs_start_at_once_and_daily_ones_wait_a_day():
    last_run: dict = {}
    first = {job.command for job in due_jobs(last_run, 0.0)}
    assert {"community_webhooks_due", "community_bounties_due"} <= first
    assert "community_send_digests" not in first and "erase_due_accounts" not in first
    for job in due_jobs({}, 0.0):
        last_run[job] = 0.0
    assert {job.command for job in due_jobs(last_run, MINUTE)} == {"community_webhooks_due"}
    assert "erase_due_accounts" in {job.command for job in due_jobs(last_run, DAY)}
    assert ("community_send_digests", ("weekly",)) not in {(j.command, j.args) for j in due_jobs(last_run, DAY)}


def test_once_runs_every_job_and_closes_an_ended_bounty(live, question, asker):
    bounty = live(bounties.offer_bounty, asker, question, 100)
    Bounty.objects.filter(pk=bounty.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    with live():
        call_command("run_scheduled_jobs", "--once", verbosity=0)
    assert Bounty.objects.get(pk=bounty.pk).closed_at is not None
