"""Privileges and levels: what reputation unlocks.

Thresholds come from the active rule profile, so moderators tune them in
the CMS. A level is simply the highest privilege a member has reached,
which makes "what do I get next" easy to explain on the privileges page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rewards.models import RuleProfile


@dataclass(frozen=True)
class Privilege:
    key: str
    field: str
    verb: str  # completes "you need N reputation to …" (lazy: translated when shown)
    level: str
    description: str
    # Using it spends the member's own reputation (a bounty): moderators hold it by their reputation, like anyone,
    # not through their role.
    spends_reputation: bool = False


# Translators: "verbs" complete "You need 125 reputation to …" and "125 reputation unlocks: …" (an infinitive:
# "pour …"); levels name a member's rank by reputation.
PRIVILEGES = [
    Privilege(
        "post_links",
        "privilege_post_links",
        pgettext_lazy("privilege action", "post more than a few links"),
        pgettext_lazy("reputation level", "Member"),
        _("Put any number of links in a post (new members are limited, which stops most spam)."),
    ),
    Privilege(
        "upvote",
        "privilege_upvote",
        pgettext_lazy("privilege action", "upvote"),
        pgettext_lazy("reputation level", "Contributor"),
        _("Vote up questions, answers and tips you found useful."),
    ),
    Privilege(
        "flag",
        "privilege_flag",
        pgettext_lazy("privilege action", "flag posts"),
        pgettext_lazy("reputation level", "Contributor"),
        _("Flag spam, rudeness or problems for moderators; enough spam or rude flags hide a post until reviewed."),
    ),
    Privilege(
        "comment_everywhere",
        "privilege_comment_everywhere",
        pgettext_lazy("privilege action", "comment on other members' posts"),
        pgettext_lazy("reputation level", "Regular"),
        _("Comment on any post (you can always comment on your own posts and on answers to your questions)."),
    ),
    Privilege(
        "offer_bounty",
        "bounty_min_reputation",
        pgettext_lazy("privilege action", "offer bounties"),
        pgettext_lazy("reputation level", "Regular"),
        _(
            "Put some of your own reputation on a question, yours or another member’s, to draw better answers; "
            "you award it to the answer that helped most."
        ),
        spends_reputation=True,
    ),
    Privilege(
        "downvote",
        "privilege_downvote",
        pgettext_lazy("privilege action", "downvote"),
        pgettext_lazy("reputation level", "Trusted"),
        _("Vote down posts that are wrong or unhelpful. Downvoting an answer costs you 1 point."),
    ),
    Privilege(
        "edit_others",
        "privilege_edit_others",
        pgettext_lazy("privilege action", "edit other members' posts"),
        pgettext_lazy("reputation level", "Steward"),
        _(
            "Edit any question, answer or tip to improve it; every edit is kept as a revision. "
            "Below this, you can suggest edits for moderators to approve."
        ),
    ),
    Privilege(
        "promote",
        "privilege_promote",
        pgettext_lazy("privilege action", "promote posts to knowledge articles"),
        pgettext_lazy("reputation level", "Curator"),
        _("Turn an accepted answer or a tip into a draft knowledge article for moderators to review and publish."),
    ),
]
BY_KEY = {p.key: p for p in PRIVILEGES}
NEWCOMER = pgettext_lazy("reputation level", "Newcomer")


def threshold(profile: RuleProfile, key: str) -> int:
    return getattr(profile, BY_KEY[key].field)


def ladder(profile: RuleProfile) -> list[tuple[int, Privilege]]:
    return sorted(((threshold(profile, p.key), p) for p in PRIVILEGES), key=lambda pair: pair[0])


def level_for(points: int, profile: RuleProfile) -> str:
    name = NEWCOMER
    for needed, privilege in ladder(profile):
        if points >= needed:
            name = privilege.level
    return name
