"""Demo content for community care: ideas with votes and statuses, follows, and two unhappy posts.

Called by ``manage.py seed_demo`` after the main history is played, through
``community.forum.actions`` like everything else (backdated with ``at=``), so the
ideas board, the inbox, the tag pages' experts and the dissatisfaction watch
have something to show. English ideas come from English-speaking members, the
French ones (``content_fr.IDEAS``) from French-speaking members, and each is
answered by the staff member who speaks its language.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction

from community.demo import content, content_fr
from community.forum import actions
from community.forum.models import Member, Tag
from community.notifications import actions as notifications_actions
from community.team import actions as team_actions

IDEAS = [
    # (title, body, tags, status, explanation, votes)
    (
        "Dark mode for the web app",
        "The desktop apps have a dark theme; the web app is blinding at night. Could it follow the system setting?",
        ["web", "themes"],
        "planned",
        "Coming with the web app's new theme engine, planned for the next quarter.",
        14,
    ),
    (
        "Let us choose the default notebook for quick capture",
        "Quick capture always lands in Inbox. I'd like to pick a notebook per device.",
        ["mobile", "notebooks"],
        "in_progress",
        "We are building it now: a per-device setting under Settings → Capture.",
        11,
    ),
    (
        "Export a whole notebook to a single PDF",
        "Printing a notebook for a meeting means exporting notes one by one. One PDF with a table of contents would be great.",
        ["export"],
        "under_review",
        "We are looking at how to keep internal links working in the PDF.",
        9,
    ),
    (
        "Colour labels for tags",
        "With 40 tags the sidebar is a wall of grey. Letting us colour tags would make them easier to scan.",
        ["tags"],
        "new",
        "",
        7,
    ),
    (
        "Offline mode for the web app",
        "I work on trains. The web app could cache my recent notebooks like the desktop app does.",
        ["web", "sync"],
        "declined",
        "The web app cannot keep end-to-end encrypted notebooks offline safely; the desktop and mobile apps do, and they are free.",
        6,
    ),
    (
        "Show word count in the status bar",
        "Writers here would love a live word count for the current note and selection.",
        ["editor"],
        "done",
        "Shipped in 5.2: View → Status bar → Word count.",
        12,
    ),
]  # the French ones are content_fr.IDEAS

UNHAPPY = [
    # (title, body, tags, answered by the team, language)
    (
        "Sync broken again after the update",
        "This is ridiculous. Third time this month sync stops after an update and I lost my notes from this morning. "
        "Nobody from Lumen has answered my ticket. Fix it!",
        ["sync"],
        False,
        "en",
    ),
    (
        "Toujours pas de réponse pour la facturation",
        "J’en ai marre\u00a0: deux prélèvements ce mois-ci et toujours aucune réponse du support depuis une semaine. "
        "Je veux être remboursé.",
        ["billing"],
        True,
        "fr",
    ),
]


def _reads(member: Member, language: str) -> bool:
    return language in (member.reads_languages or [member.language or "en"])


def seed_care(now, *, seed: int = 7) -> None:
    rng = random.Random(seed)
    members = list(Member.objects.filter(is_active=True, is_superuser=False).order_by("pk"))
    team = list(Member.objects.filter(groups__name="Moderators", is_active=True).order_by("pk"))
    if not members or not team:
        return
    # Who writes in each language (the French-speaking members of the English list write in both), and the
    # staff member who answers in it.
    writes = {
        "en": {m[0] for m in content.MEMBERS},
        "fr": {m[0] for m in content_fr.MEMBERS} | content_fr.WRITES_BOTH,
    }
    writers = {lang: [m for m in members if m.username in names] or members for lang, names in writes.items()}
    staff = {
        "en": next((m for m in team if m.username in content.TEAM), team[0]),
        "fr": next((m for m in team if m.username in content_fr.TEAM), team[0]),
    }
    ideas = [(i, idea, "en", 0) for i, idea in enumerate(IDEAS)]
    ideas += [(i, idea, "fr", 2) for i, idea in enumerate(content_fr.IDEAS)]
    for i, (title, body, tags, status, explanation, votes), language, offset in ideas:
        asked = now - timedelta(days=40 - offset - i * 5, hours=rng.randint(0, 20))
        author = writers[language][(i * 7) % len(writers[language])]
        with transaction.atomic():
            idea = actions.create_thread(author, kind="idea", title=title, body=body, tags=tags, at=asked)
        readers = [m for m in members if _reads(m, language)]
        voters = [m for m in rng.sample(readers, min(len(readers), votes + 6)) if m.pk != author.pk]
        cast = 0
        for voter in voters:
            if cast >= votes:
                break
            try:
                with transaction.atomic():
                    actions.vote(voter, idea, 1, at=asked + timedelta(hours=1 + cast))
                cast += 1
            except PermissionDenied:
                continue  # not enough reputation to upvote yet
        if status != "new":
            with transaction.atomic():
                team_actions.set_idea_status(
                    staff[language], idea, status=status, explanation=explanation, at=asked + timedelta(days=3)
                )
    newcomers = [m for m in writers["fr"] if m not in members[:12]][:6]  # some French-speaking members follow too
    for i, member in enumerate(members[:12] + newcomers):
        tag = Tag.objects.filter(name=["sync", "mobile", "editor", "api"][i % 4]).first()
        if tag is not None:
            with transaction.atomic():
                notifications_actions.follow(member, tag=tag)
    for i, (title, body, tags, answered, language) in enumerate(UNHAPPY):
        asked = now - timedelta(hours=5 + i * 20)
        author = writers[language][-1]  # a recent member
        with transaction.atomic():
            thread = actions.create_thread(author, kind="question", title=title, body=body, tags=tags, at=asked)
        if answered:
            with transaction.atomic():
                actions.post_answer(
                    staff[language],
                    thread,
                    body="Toutes nos excuses pour l’attente. Je regarde votre dossier tout de suite et je reviens vers "
                    "vous aujourd’hui.",
                    at=asked + timedelta(hours=2),
                )
