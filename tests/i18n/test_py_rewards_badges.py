"""Badges and rule profiles are rows whose texts the code defines: the rows keep the English and a key, pages show
the catalogue's translation of the definition, and a text the team changed shows as written (docs/i18n.md).

French catalogues are built later: a stand-in translator marks what went through the catalogue."""

from __future__ import annotations

import pytest
from django.utils import translation

from rewards import api, badges, definitions, privileges
from rewards.models import Badge, LedgerEntry, RuleProfile
from rewards.rules import active_profile


@pytest.fixture
def catalogue(monkeypatch):
    """gettext as a French catalogue would answer: every text it knows comes back marked."""
    monkeypatch.setattr(definitions, "gettext", lambda message: f"«{message}»")
    from rewards import models

    monkeypatch.setattr(models, "gettext", lambda message: f"«{message}»")


def test_a_catalogue_badge_is_shown_through_its_definition(catalogue):
    nice = Badge(slug="nice-answer", name="Nice Answer", description="An answer with a score of 10 or more.")
    assert nice.localized_name == "«Nice Answer»"
    # The placeholder is filled after translation: the catalogue sees the sentence, not the number.
    assert nice.localized_description == "«An answer with a score of %(score)s or more.»".replace("%(score)s", "10")
    # Rows written by the first catalogue ("A answer …") are still the definition's text.
    old = Badge(slug="nice-answer", name="Nice Answer", description="A answer with a score of 10 or more.")
    assert old.localized_description == nice.localized_description


def test_a_text_the_team_changed_shows_as_written(catalogue):
    renamed = Badge(slug="nice-answer", name="Bien vu", description="Une réponse à 10 points.")
    assert (renamed.localized_name, renamed.localized_description) == ("Bien vu", "Une réponse à 10 points.")
    custom = Badge(slug="our-own", name="Launch day", description="Was there on launch day.")
    assert (custom.localized_name, custom.localized_description) == ("Launch day", "Was there on launch day.")


def test_an_imported_badge_keeps_its_name_and_translates_its_sentence(catalogue):
    imported = Badge(
        slug="se-necromancer",
        name="Necromancer",
        description="Earned on beer.stackexchange.com before the move to Guildhall.",
    )
    assert imported.localized_name == "Necromancer"  # the site's name, as the members knew it
    assert imported.localized_description == "«Earned on beer.stackexchange.com before the move to Guildhall.»"


@pytest.mark.django_db
def test_rows_keep_the_english_source_text():
    badges.ensure_badges()
    row = Badge.objects.get(slug="self-learner")
    assert row.description == "Answered their own question with a score of 3 or more."
    assert row.name == "Self-Learner"
    with translation.override("fr"):
        badges.ensure_badges()  # whatever language the seeding runs in
    assert Badge.objects.get(slug="self-learner").name == "Self-Learner"


@pytest.mark.django_db
def test_seeded_rule_profiles_are_translated_and_custom_ones_are_not(catalogue):
    default = RuleProfile.objects.get(name="Default")  # migration 0002
    assert default.localized_name == "«Default»"
    assert default.localized_description.startswith("«Stack Exchange's current values")
    default.description = "Our own values."
    assert default.localized_description == "Our own values."
    assert RuleProfile(name="Launch week").localized_name == "Launch week"


def test_every_definition_is_marked_for_the_catalogue():
    """The code's texts are plain English (what rows store), each one extractable: no f-string made them."""
    for definition in definitions.DEFINITIONS:
        assert isinstance(definition.name, str) and isinstance(definition.text, str)
        assert "{" not in definition.text and (definition.params or "%(" not in definition.text)


@pytest.mark.django_db
def test_privileges_and_reasons_are_lazy_and_refusals_are_worded_per_request(make_member):
    assert all(type(p.verb) is not str and type(p.level) is not str for p in privileges.PRIVILEGES)
    assert type(LedgerEntry.Reason.ADJUSTMENT.label) is not str
    member = make_member("newbie", reputation=1)
    with translation.override("en"):
        assert api.refusal(member, "downvote") == "You need 125 reputation to downvote; you have 1."
        assert str(privileges.level_for(1, active_profile())) == "Newcomer"
