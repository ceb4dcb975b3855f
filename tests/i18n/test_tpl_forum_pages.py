"""The forum's pages in the reader's language: ``<html lang>``, dates, counts and the cached parts of a thread page.

A small French catalogue written for the test (``french``) stands in for locale/fr, so these tests say what the
templates do with a translation, whatever the committed catalogue holds today.
"""

import re
import struct
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from community.forum import actions

FRENCH = {
    ("date format", "M j, Y"): "j F Y",
    ("date format", "M j, Y H:i"): "j F Y à G\u00a0\\h\u00a0i",
    (None, "%(delta)s ago"): "il y a %(delta)s",
    (None, "asked %(day)s"): "posée le %(day)s",
    (None, ("%(counter)s answer", "%(counter)s answers")): ("%(counter)s réponse", "%(counter)s réponses"),
    (None, ("<strong>%(counter)s</strong> answer", "<strong>%(counter)s</strong> answers")): (
        "<strong>%(counter)s</strong> réponse",
        "<strong>%(counter)s</strong> réponses",
    ),
}
FRENCH_JS = {(None, "Your vote was not recorded."): "Votre vote n’a pas été enregistré."}
HEADER = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n > 1);\n"


def _write_mo(path, messages: dict) -> None:
    """A GNU .mo catalogue (what compilemessages writes) of ``messages``: (context, msgid or (singular, plural))."""
    pairs = {"": HEADER}
    for (context, msgid), msgstr in messages.items():
        key = "\x00".join(msgid) if isinstance(msgid, tuple) else msgid
        pairs[f"{context}\x04{key}" if context else key] = "\x00".join(msgstr) if isinstance(msgstr, tuple) else msgstr
    keys = sorted(pairs, key=lambda k: k.encode())
    ids, strs = [k.encode() for k in keys], [pairs[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)
    data, id_table, str_table = b"", [], []
    for table, items in ((id_table, ids), (str_table, strs)):
        for item in items:
            table.append((len(item), start + len(data)))
            data += item + b"\x00"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    tables = b"".join(struct.pack("<2I", *entry) for entry in id_table + str_table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tables + data)


@pytest.fixture
def french(tmp_path, settings):
    """French catalogues of a few of the forum's strings, in place of locale/ for this test."""
    _write_mo(tmp_path / "fr" / "LC_MESSAGES" / "django.mo", FRENCH)
    _write_mo(tmp_path / "fr" / "LC_MESSAGES" / "djangojs.mo", FRENCH_JS)
    settings.LOCALE_PATHS = [tmp_path]  # Django forgets its loaded catalogues on this change (and after the test)


@pytest.mark.django_db
def test_pages_say_the_language_they_are_written_in():
    assert '<html lang="en">' in Client().get("/threads/").content.decode()
    assert '<html lang="fr">' in Client().get("/threads/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for name in ("400.html", "500.html"):  # drawn without the frame, and without a request for the 500
        for language in ("fr", "en"):
            with translation.override(language):
                assert f'<html lang="{language}">' in render_to_string(name)


@pytest.mark.django_db
def test_the_javascript_catalogue_comes_before_the_scripts_that_use_it(french):
    page = Client().get("/threads/").content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts[0] == "/jsi18n/" and any("guildhall/site" in src for src in scripts[1:])
    catalogue = Client().get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="fr")
    assert catalogue.status_code == 200 and "javascript" in catalogue["Content-Type"]
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), catalogue.content.decode())
    assert "Votre vote n’a pas été enregistré." in text


def test_dates_are_written_the_readers_way(french):
    template = Template("{% load dates %}{% on_day when %}|{% at_time when %}|{% time_ago when %}")
    context = Context({"when": datetime(2026, 2, 5, 14, 5, tzinfo=UTC)})
    with translation.override("en"):
        english = template.render(context)
    assert ">Feb 5, 2026</time>|" in english and ">Feb 5, 2026 14:05</time>|" in english
    assert 'title="Feb 5, 2026 14:05">' in english and " ago</time>" in english
    with translation.override("fr"):
        french_dates = template.render(context)
    assert ">5 février 2026</time>|" in french_dates
    assert ">5 février 2026 à 14\u00a0h\u00a005</time>|" in french_dates
    assert 'title="5 février 2026 à 14\u00a0h\u00a005">il y a ' in french_dates


def test_counts_use_the_languages_plural_rules(french):
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n trimmed %}{{ counter }} answer{% plural %}"
        "{{ counter }} answers{% endblocktranslate %}"
    )
    with translation.override("fr"):  # French counts 0 in the singular
        assert [template.render(Context({"n": n})) for n in (0, 1, 2)] == ["0 réponse", "1 réponse", "2 réponses"]
    with translation.override("en"):
        assert [template.render(Context({"n": n})) for n in (0, 1, 2)] == ["0 answers", "1 answer", "2 answers"]


@pytest.mark.django_db
def test_a_members_cached_thread_page_is_never_served_in_another_language(french, client_for, alice, bob):
    """The page body and each post come from shared caches: their keys name the language they were drawn in."""
    thread = actions.create_thread(
        alice, kind="question", title="Which grinder for espresso?", body="Burr or blade, and why.", tags=["coffee"]
    )
    actions.post_answer(bob, thread, body="A conical burr grinder: even grounds, little heat.")
    reader = client_for(alice)
    for _ in range(3):  # the first view after a flushed cache starts its clock, the next ones store and serve
        english = reader.get(thread.get_absolute_url()).content.decode()
    assert "asked <time" in english and ">1 answer</h2>" in english

    french_page = reader.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "posée le <time" in french_page and "asked <time" not in french_page  # the thread's own post (fragment)
    assert ">1 réponse</h2>" in french_page  # the page body (region)

    again = reader.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "asked <time" in again and "posée" not in again and ">1 answer</h2>" in again

    listing = reader.get("/threads/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<strong>1</strong> réponse" in listing
