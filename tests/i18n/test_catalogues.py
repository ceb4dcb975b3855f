"""The French catalogues are complete, current and typographically French.

A new English string without its French twin fails here: ``makemessages`` runs on a temporary copy of the code
and must find nothing the committed catalogue lacks (docs/i18n.md)."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LANGUAGES = ["fr"]
DOMAINS = ["django", "djangojs"]
REPO = Path(settings.BASE_DIR)
# What makemessages reads: our packages, templates and scripts (tests and the virtualenvs are not the product).
SOURCES = ["community", "rewards", "search", "config", "templates", "static", "locale", "manage.py"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")


def catalogue(language: str, domain: str, root: Path = REPO) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))


def _label(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({where})"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the code with its French catalogues brought up to date by ``makemessages``."""
    copy = tmp_path_factory.mktemp("makemessages")
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=IGNORED)
        else:
            shutil.copy2(source, copy / name)
    for domain in DOMAINS:
        # Run from the copy: its settings' LOCALE_PATHS point into the copy, never at the real catalogues.
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-d", domain, "--no-obsolete", "--no-wrap"]
            + [f"-l{language}" for language in LANGUAGES],
            cwd=copy,
            check=True,
            capture_output=True,
            text=True,
        )
    return copy


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_in_the_code_is_in_the_catalogue(extracted, language, domain):
    current = catalogue(language, domain, root=extracted)
    missing = [_label(e) for e in current if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert not missing, f"{len(missing)} strings lack their {language} translation in {domain}.po:\n" + "\n".join(
        missing[:40]
    )
    committed = {(e.msgctxt, e.msgid) for e in catalogue(language, domain) if not e.obsolete}
    wanted = {(e.msgctxt, e.msgid) for e in current if not e.obsolete}
    stale = sorted(m for _c, m in committed - wanted)
    assert not stale, f"{domain}.po holds strings the code no longer has (run makemessages):\n" + "\n".join(stale[:40])


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_catalogue_is_complete_and_compiled(language, domain):
    po = catalogue(language, domain)
    assert len(po) >= (2 if domain == "djangojs" else 1000)  # not an empty catalogue
    assert not po.untranslated_entries(), [_label(e) for e in po.untranslated_entries()][:20]
    assert not po.fuzzy_entries(), [_label(e) for e in po.fuzzy_entries()][:20]
    # The compiled catalogue Django reads says what the .po says (compilemessages was run after the last edit).
    mo_path = REPO / "locale" / language / "LC_MESSAGES" / f"{domain}.mo"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            assert compiled.ngettext(key, entry.msgid_plural, 1) == entry.msgstr_plural[0], _label(entry)
        else:
            assert compiled.gettext(key) == entry.msgstr, f"{_label(entry)}: run compilemessages"


# French typography: a no-break space (U+00A0) before a colon, a narrow one (U+202F) or U+00A0 before ; ! ?, and
# inside guillemets. Placeholders, URLs and times ("%(time)s", "https://", "10:30") are not prose.
_PLAIN_SPACE_BEFORE = re.compile(r" (?P<mark>[;:!?»])|« ")
_STRAIGHT_QUOTES = re.compile(r'(?<![=\w])"(?=[^"<>]*"(?!\s*>))')


def _prose(text: str) -> str:
    """The sentence without markup, placeholders and URLs."""
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|https?://\S+|\b\d+:\d+\b", "X", text)
    return text


@pytest.mark.parametrize("domain", DOMAINS)
def test_french_typography(domain):
    problems = []
    for entry in catalogue("fr", domain).translated_entries():
        for text in [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values()):
            prose = _prose(text)
            if _PLAIN_SPACE_BEFORE.search(prose):
                problems.append(f"{text!r}: an ordinary space before « ; : ! ? » or inside guillemets")
            elif re.search(r"[^\s\u00a0\u202f«(][;:!?](?:\s|$|»|<)", prose):
                problems.append(f"{text!r}: « ; : ! ? » need a no-break space before them")
            if "'" in prose:
                problems.append(f"{text!r}: the French apostrophe is ’")
            if _STRAIGHT_QUOTES.search(prose):
                problems.append(f"{text!r}: quotes are « guillemets »")
    assert not problems, "\n".join(problems[:40])


def test_plurals_follow_french_rules():
    """French counts 0 and 1 in the singular (« 0 réponse », « 1 réponse », « 2 réponses »); every plural entry
    has both forms."""
    from django.utils.translation import ngettext

    with translation.override("fr"):
        forms = [ngettext("%(counter)s answer", "%(counter)s answers", n) % {"counter": n} for n in (0, 1, 2)]
    assert forms == ["0 réponse", "1 réponse", "2 réponses"]
    plurals = [e for e in catalogue("fr", "django") if e.msgid_plural]
    assert len(plurals) > 20
    assert all(len(e.msgstr_plural) == 2 and all(e.msgstr_plural.values()) for e in plurals)
