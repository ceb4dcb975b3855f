"""Knowledge, moderation, notification, privacy, team and reputation templates in the reader's language.

A small French catalogue written for the test (``french``) stands in for locale/fr, so these tests say what the
templates do with a translation (dates, plural rules, the e-mails' ``lang``), whatever the committed catalogue holds.
"""

import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

FRENCH = [
    polib.POEntry(msgctxt="date format", msgid="M j, Y", msgstr="j F Y"),
    polib.POEntry(msgid="Status: %(status)s", msgstr="Statut\u00a0: %(status)s"),
    polib.POEntry(msgid="The community team, %(day)s", msgstr="L’équipe communauté, le %(day)s"),
    polib.POEntry(
        msgid="%(counter)s answer",
        msgid_plural="%(counter)s answers",
        msgstr_plural={0: "%(counter)s réponse", 1: "%(counter)s réponses"},
    ),
    polib.POEntry(msgid="Here is your weekly Guildhall digest.", msgstr="Voici votre récapitulatif hebdomadaire."),
    polib.POEntry(msgid="Here is your daily Guildhall digest.", msgstr="Voici votre récapitulatif quotidien."),
]


@pytest.fixture
def french(tmp_path, settings):
    """A French catalogue of a few of these templates' strings, in place of locale/ for this test."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    po.extend(FRENCH)
    target = tmp_path / "fr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    po.save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path]  # Django forgets its loaded catalogues on this change (and after the test)


def _idea(**extra):
    return SimpleNamespace(
        pk=1,
        idea_status="planned",
        get_idea_status_display="Planned",
        idea_status_note="We will do it.",
        idea_status_at=datetime(2026, 3, 5, 10, 0, tzinfo=UTC),
        **extra,
    )


def test_dates_and_sentences_follow_the_readers_language(french):
    context = {"thread": _idea(), "idea_status_form": None}
    with translation.override("en"):
        english = render_to_string("community/team/_idea_panel.html", context)
    with translation.override("fr"):
        french_page = render_to_string("community/team/_idea_panel.html", context)
    assert "Status: Planned" in english and "The community team, Mar 5, 2026" in english
    assert "Statut\u00a0: Planned" in french_page
    assert "L’équipe communauté, le 5 mars 2026" in french_page  # month names from Django's French formats


def test_counts_use_the_languages_plural_rules(french):
    """French puts 0 in the singular: "0 réponse", where English says "0 answers"."""
    row = {
        "kind": "question",
        "score": 0,
        "answer_count": 0,
        "accepted": False,
        "url": "/t/1/",
        "title": "Sync?",
        "best_answer": None,
        "tags": [],
        "author_url": "/m/ana/",
        "author_name": "Ana",
        "last_activity": None,
    }
    with translation.override("en"):
        english = render_to_string("community/knowledge/_ranked_thread.html", {"r": row})
    with translation.override("fr"):
        french_page = render_to_string("community/knowledge/_ranked_thread.html", {"r": row})
    assert "0 answers" in english
    assert "0 réponse" in french_page and "0 réponses" not in french_page


@pytest.mark.parametrize("language", ["en", "fr"])
def test_emails_declare_the_language_they_are_written_in(language):
    context = {
        "member": SimpleNamespace(public_name="Ana"),
        "line": "Bo answered your question",
        "note": SimpleNamespace(kind="answer", detail="", thread=None),
        "url": "https://example.com/t/1/",
        "settings_url": "https://example.com/settings/",
        "unsubscribe_url": "https://example.com/u/x/",
    }
    with translation.override(language):
        html = render_to_string("community/notifications/email/notification.html", context)
        digest = render_to_string(
            "community/notifications/email/digest.html", {**context, "mode": "weekly", "lines": [], "badges": []}
        )
    assert f'<html lang="{language}">' in html
    assert f'<html lang="{language}">' in digest


def test_a_digest_names_its_period_in_a_whole_sentence(french):
    """ "daily"/"weekly" are not words spliced into an English sentence: each digest has its own."""
    context = {"member": SimpleNamespace(public_name="Ana"), "lines": [], "badges": []}
    with translation.override("fr"):
        weekly = render_to_string("community/notifications/email/digest.txt", {**context, "mode": "weekly"})
        daily = render_to_string("community/notifications/email/digest.txt", {**context, "mode": "daily"})
    assert "Voici votre récapitulatif hebdomadaire." in weekly
    assert "Voici votre récapitulatif quotidien." in daily


TEMPLATES = Path(settings.BASE_DIR) / "templates"
AREAS = [
    "community/knowledge",
    "community/moderation",
    "community/notifications",
    "community/privacy",
    "community/site",
    "community/team",
    "community/blocks",
    "rewards",
]
# Formats for machines, not people: the ``datetime`` attribute, a form's value, a comparison of days.
MACHINE_FORMATS = {"c", "Y-m-d", "Ymd"}
# Django's named formats come from the active language's format module ("F Y": "October 2026", "octobre 2026").
LOCALIZED_FORMATS = {"DATE_FORMAT", "SHORT_DATE_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT", "DATETIME_FORMAT"}


def _templates():
    for area in AREAS:
        yield from sorted(p for p in (TEMPLATES / area).rglob("*") if p.suffix in {".html", ".txt"})


def test_no_english_date_format_or_english_plural_is_hard_coded():
    """Dates are formatted with a translatable format (context "date format") and counts with plural forms."""
    problems = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for fmt in re.findall(r"""\|date:["']([^"']*)["']""", text):
            if fmt not in MACHINE_FORMATS | LOCALIZED_FORMATS:
                problems.append(f"{path.relative_to(TEMPLATES)}: date:{fmt!r}")
        if "|pluralize" in text:
            problems.append(f"{path.relative_to(TEMPLATES)}: pluralize (English only): use blocktranslate count")
        if re.search(r"\{% (translate|blocktranslate)\b", text) and "{% load i18n" not in text:
            problems.append(f"{path.relative_to(TEMPLATES)}: translates without loading i18n")
    assert not problems, "\n".join(problems)
