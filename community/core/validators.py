"""Validation rules for members' input, shared by forms and actions."""

import re
import unicodedata

from confusable_homoglyphs import confusables
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy

TAG_RE = re.compile(r"^[a-z0-9][a-z0-9.+#-]{0,34}$")

username_validators = [
    RegexValidator(
        r"^[A-Za-z0-9_.-]{3,30}$",
        gettext_lazy("Use 3 to 30 letters, digits, dots, dashes or underscores."),
    ),
    # Erased accounts become "deleted-N" (community/privacy): nobody may take one before its member is erased.
    RegexValidator(
        r"^deleted-\d+$",
        gettext_lazy("This username is kept for deleted accounts: choose another."),
        inverse_match=True,
        flags=re.IGNORECASE,
    ),
]


# --- names and titles people can trust ----------------------------------------------------------------------

# Letters and symbols that draw nothing (Hangul fillers, the blank Braille pattern): invisible "names".
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")
MAX_MARKS_PER_LETTER = 3  # enough for Vietnamese and Indic scripts after NFKC; "Zalgo" text stacks dozens


# What ``visible_text`` says about each field it checks: (too many accents, nothing visible).
_REFUSALS = {
    "title": (
        gettext_lazy("The title stacks too many accents on one letter: at most %(max)s."),
        gettext_lazy("The title has no visible characters: write it with letters or digits."),
    ),
    "display_name": (
        gettext_lazy("Your display name stacks too many accents on one letter: at most %(max)s."),
        gettext_lazy("Your display name has no visible characters: write it with letters or digits."),
    ),
    "username": (
        gettext_lazy("Your username stacks too many accents on one letter: at most %(max)s."),
        gettext_lazy("Your username has no visible characters: write it with letters or digits."),
    ),
}
_GENERIC_REFUSALS = (
    gettext_lazy("This text stacks too many accents on one letter: at most %(max)s."),
    gettext_lazy("This text has no visible characters: write it with letters or digits."),
)


def visible_text(value: str, *, field: str) -> str:
    """``value`` as people will see it: NFKC-normalised, without invisible and bidirectional control characters
    (zero-width spaces, right-to-left overrides: Unicode category Cf) or other controls, whitespace collapsed.

    Refused (``ValidationError`` on ``field``, with the sentence ``_REFUSALS`` has for it) when nothing visible
    is left, or when a letter carries more than ``MAX_MARKS_PER_LETTER`` combining marks."""
    too_many_marks, invisible = _REFUSALS.get(field, _GENERIC_REFUSALS)
    text = unicodedata.normalize("NFKC", value or "")
    kept, marks = [], 0
    for char in text:
        category = unicodedata.category(char)
        if char in _BLANK or (category in ("Cf", "Cc", "Cs") and not char.isspace()):
            continue
        marks = marks + 1 if category in ("Mn", "Me") else 0
        if marks > MAX_MARKS_PER_LETTER:
            raise ValidationError({field: too_many_marks % {"max": MAX_MARKS_PER_LETTER}})
        kept.append(char)
    cleaned = " ".join("".join(kept).split())
    if text.strip() and not any(unicodedata.category(c)[0] in "LNPS" for c in cleaned):
        raise ValidationError({field: str(invisible)})
    return cleaned


# After case folding, ASCII look-alikes the Unicode confusables table leaves distinct.
_ASCII_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l"})


def name_skeleton(name: str) -> str:
    """What a name looks like, for comparing names: each character replaced by the Latin one it can be
    mistaken for (Unicode's confusables data, via ``confusable_homoglyphs``), case, spacing and punctuation
    ignored. "Hannah Brooks", "hannah.brooks" and "Наnnаh Вrооks" (Cyrillic) share one skeleton."""
    letters = []
    for char in unicodedata.normalize("NFKC", name or ""):
        if not char.isalnum():
            continue
        if not char.isascii():
            found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True) or []
            latin = [g["c"] for hit in found for g in hit["homoglyphs"] if g["c"].isascii()]
            char = latin[0] if latin else char
        letters.append(char)
    return "".join(letters).casefold().translate(_ASCII_FOLD).replace("rn", "m").replace("vv", "w")
