"""Demo content for search: tag synonyms and search synonyms, as Lumen's moderators would have set them.

Called by ``manage.py seed_demo`` after the history is played, through the moderators' own actions, so the CMS's
"Tag synonyms" and "Search synonyms" screens have rows, ``/tags/md/`` leads to markdown, and a search for
"hotkey" finds the threads about keyboard shortcuts.
"""

from __future__ import annotations

from community.forum.models import Member
from community.moderation import actions as moderation
from search import api as search_api

# (synonym, main tag): the other names members type for Lumen's tags.
TAG_SYNONYMS = [
    ("md", "markdown"),
    ("commonmark", "markdown"),
    ("osx", "macos"),
    ("hotkeys", "shortcuts"),
    ("keyboard-shortcuts", "shortcuts"),
    ("offline-mode", "offline"),
    ("backups", "backup"),
]

# Words members use for the same thing, in English and in French.
SEARCH_SYNONYMS = [
    "shortcut, hotkey, keybinding, raccourci",
    "sync, synchronisation, synchronization, synchro",
    "dark mode, dark theme, night mode, mode sombre",
    "pdf, portable document format",
]


def seed_synonyms() -> None:
    moderator = Member.objects.get(username="admin")
    for synonym, main in TAG_SYNONYMS:
        moderation.add_tag_synonym(moderator, synonym, main, reason="Demo: the names members type")
    for terms in SEARCH_SYNONYMS:
        search_api.add_synonyms(moderator, terms)
