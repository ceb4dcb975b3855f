"""What the code defines and the database copies: the badge catalogue and the seeded rule profiles' texts.

A leaf module (it imports no model), so ``rewards.models`` can translate a row through its definition and
``rewards.badges`` can award from it without an import cycle.

The rows keep their English source text (``Badge.name``, ``RuleProfile.description`` …) and a stable key
(``Badge.slug``, ``RuleProfile.name``). Texts here are marked with ``gettext_noop``: ``makemessages`` extracts
them, the values stay plain English (what migrations and ``ensure_badges()`` write), and the models'
``localized_*`` properties translate them at read time, in the reader's language. A row whose text differs
from its definition's (the community team edited it in the CMS, or it came from an import) shows its own text
(docs/i18n.md, "Rows defined in code").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_noop

# The tiers' values (``rewards.models.Badge.Tier`` uses the same numbers).
GOLD, SILVER, BRONZE = 1, 2, 3


@dataclass(frozen=True)
class BadgeDef:
    slug: str
    name: str  # English, marked with gettext_noop
    text: str  # English description, with %(name)s placeholders filled from ``params``
    tier: int
    tag_based: bool = False
    params: dict = field(default_factory=dict)
    # Descriptions earlier releases wrote to the rows, still "ours" (translated) when a row carries them.
    former: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """The English description, as the row stores it."""
        return self.text % self.params if self.params else self.text

    def localized_name(self) -> str:
        return gettext(self.name)

    def localized_description(self) -> str:
        return gettext(self.text) % self.params if self.params else gettext(self.text)

    def is_own(self, stored: str, *, of: str) -> bool:
        """Is ``stored`` (a row's name or description) this definition's English text?"""
        if of == "name":
            return stored == self.name
        return stored == self.description or stored in self.former


# (kind, threshold, slug, name, tier) — the name is English, marked for translation.
SCORE_BADGES = [
    ("answer", 10, "nice-answer", gettext_noop("Nice Answer"), BRONZE),
    ("answer", 25, "good-answer", gettext_noop("Good Answer"), SILVER),
    ("answer", 100, "great-answer", gettext_noop("Great Answer"), GOLD),
    ("question", 10, "nice-question", gettext_noop("Nice Question"), BRONZE),
    ("question", 25, "good-question", gettext_noop("Good Question"), SILVER),
    ("question", 100, "great-question", gettext_noop("Great Question"), GOLD),
    ("tip", 10, "popular-tip", gettext_noop("Popular Tip"), BRONZE),
    ("tip", 25, "valued-tip", gettext_noop("Valued Tip"), SILVER),
]
# (min score, min answers, slug, name, tier)
TAG_BADGES = [
    (100, 20, "tag-bronze", gettext_noop("Tag bronze"), BRONZE),
    (400, 80, "tag-silver", gettext_noop("Tag silver"), SILVER),
    (1000, 200, "tag-gold", gettext_noop("Tag gold"), GOLD),
]
SELF_LEARNER_SCORE = 3

# One sentence per kind of post: the kind is a word the translation must agree with, never a placeholder.
SCORE_TEXTS = {
    "answer": gettext_noop("An answer with a score of %(score)s or more."),
    "question": gettext_noop("A question with a score of %(score)s or more."),
    "tip": gettext_noop("A tip with a score of %(score)s or more."),
}
TAG_TEXT = gettext_noop("A score of %(score)s or more from at least %(answers)s answers in one tag.")
# What the first catalogue wrote for the answer badges ("A answer …"), before the sentence was per kind.
_FORMER_SCORE_TEXT = "A {kind} with a score of {threshold} or more."

DEFINITIONS = [
    BadgeDef("curious", gettext_noop("Curious"), gettext_noop("Asked a first question."), BRONZE),
    BadgeDef("tipster", gettext_noop("Tipster"), gettext_noop("Shared a first tip."), BRONZE),
    BadgeDef("visionary", gettext_noop("Visionary"), gettext_noop("Suggested a first idea for the product."), BRONZE),
    BadgeDef("helper", gettext_noop("Helper"), gettext_noop("Answered a first question."), BRONZE),
    BadgeDef("solver", gettext_noop("Solver"), gettext_noop("Had a first answer accepted."), BRONZE),
    BadgeDef("scholar", gettext_noop("Scholar"), gettext_noop("Accepted an answer to one of their questions."), BRONZE),
    BadgeDef(
        "self-learner",
        gettext_noop("Self-Learner"),
        gettext_noop("Answered their own question with a score of %(score)s or more."),
        BRONZE,
        params={"score": SELF_LEARNER_SCORE},
    ),
    BadgeDef("supporter", gettext_noop("Supporter"), gettext_noop("Cast a first upvote."), BRONZE),
    BadgeDef("critic", gettext_noop("Critic"), gettext_noop("Cast a first downvote."), BRONZE),
    BadgeDef("editor", gettext_noop("Editor"), gettext_noop("Made a first edit."), BRONZE),
    BadgeDef("autobiographer", gettext_noop("Autobiographer"), gettext_noop("Wrote a bio on their profile."), BRONZE),
    BadgeDef(
        "enthusiast", gettext_noop("Enthusiast"), gettext_noop("Visited the community on many different days."), SILVER
    ),
    BadgeDef(
        "published", gettext_noop("Published"), gettext_noop("Credited on a published knowledge article."), SILVER
    ),
    *[
        BadgeDef(
            slug,
            name,
            SCORE_TEXTS[kind],
            tier,
            params={"score": threshold},
            former=(_FORMER_SCORE_TEXT.format(kind=kind, threshold=threshold),),
        )
        for kind, threshold, slug, name, tier in SCORE_BADGES
    ],
    *[
        BadgeDef(slug, name, TAG_TEXT, tier, tag_based=True, params={"score": score, "answers": answers})
        for score, answers, slug, name, tier in TAG_BADGES
    ],
    # The team's monthly recognition (rewards.actions.spotlight): one award each, however many months a member
    # is named (per tag for champions); the months themselves are the ``Recognition`` rows.
    BadgeDef(
        "member-of-the-month",
        gettext_noop("Member of the month"),
        gettext_noop("Named member of the month by the community team."),
        GOLD,
    ),
    BadgeDef(
        "tag-champion",
        gettext_noop("Tag champion"),
        gettext_noop("Named the champion of a tag for a month by the community team."),
        SILVER,
        tag_based=True,
    ),
]
BY_SLUG = {d.slug: d for d in DEFINITIONS}
# The badges a recognition grants, by ``Recognition.Kind`` value.
RECOGNITION_BADGES = {"month": "member-of-the-month", "tag_champion": "tag-champion"}

# Badges kept from an imported Stack Exchange site (``rewards.importing``): their name is the site's, their
# description this sentence (``%(site)s``: the dump's name).
IMPORTED_PREFIX = "se-"
IMPORTED_TEXT = gettext_noop("Earned on %(site)s before the move to Guildhall.")


def badge_definition(slug: str) -> BadgeDef | None:
    return BY_SLUG.get(slug)


# --- rule profiles --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileDef:
    name: str  # the key: RuleProfile.name, unique
    description: str


# The profiles migration 0002 creates (its own copy of these texts: migrations are history).
RULE_PROFILES = {
    p.name: p
    for p in (
        ProfileDef(
            gettext_noop("Default"),
            gettext_noop("Stack Exchange's current values: every upvote on a question, tip or answer is worth 10."),
        ),
        ProfileDef(
            # Translators: the name of a set of reputation rules; keep the year.
            gettext_noop("Stack Exchange 2016"),
            gettext_noop(
                "The values Stack Exchange used until 2019: question upvotes are worth 5. "
                "Use it to replay a community imported from a dump of that time."
            ),
        ),
    )
}
